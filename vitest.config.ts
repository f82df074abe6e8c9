import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { LongestFirstSequencer } from "./test/support/longest-first.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Each test file runs in its own process: PGlite instances and pools never share a worker's state.
    pool: "forks",
    // One file per core. vitest's default is one fewer than the cores: on a 2-core machine one file at a time, and a
    // core sits idle while that file waits on a child process, the server or PGlite's start.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongestFirstSequencer },
    // A safety net against a hang, never a timing: a test of five commands, each starting a process, took over 60 s
    // at a load average of 30 on this 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/totals-reporter.ts"],
  },
});
