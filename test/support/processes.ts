// Real tradesense processes started side by side, as cron and a person at a terminal would: exit codes, streams, and
// the test hook's events (TRADESENSE_TEST_HOOK) to synchronise on instead of sleeping.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { claimDataDir } from "../../src/db/owner.js";
import { stopOwner } from "../../src/db/owner-client.js";
import { ownerPlace } from "../../src/db/owner-socket.js";

export const bin = join(import.meta.dirname, "../../bin/tradesense");

export interface Finished {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  /** Resolves once stderr contains the text (rejects if the process ends first). */
  stderrShows(text: string): Promise<void>;
  finished: Promise<Finished>;
}

export function startTradesense(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(bin, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRADESENSE_OWNER: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    for (const watcher of [...watchers]) {
      if (stderr.includes(watcher.text)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on("close", (code, signal) => {
      for (const watcher of watchers.splice(0)) {
        watcher.reject(
          new Error(`${args.join(" ")} ended (${code ?? signal}) before showing "${watcher.text}": ${stderr}`),
        );
      }
      resolve({ args, code, signal, stdout, stderr });
    });
  });
  return {
    child,
    pid: child.pid as number,
    finished,
    stderrShows(text) {
      if (stderr.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => watchers.push({ text, resolve, reject }));
    },
  };
}

/** A long trade of 5 SYMBOL @ 50, as a user would log it. */
export function addTrade(symbol: string): string[] {
  return ["trade", "add", "--symbol", symbol, "--side", "long", "--qty", "5", "--price", "50"];
}

export function runTradesense(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return startTradesense(args, env).finished;
}

/**
 * A scratch TRADESENSE_HOME whose embedded journal is a copy of the run's migrated template (no initdb), with the
 * user "trader" in UTC created by a real `init`.
 */
export async function journalHome(
  prefix: string,
  database: { ownerIdle?: number } = {},
): Promise<{ home: string; dataDir: string }> {
  const home = join(inject("scratchDir"), `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const dataDir = join(home, "data", "pglite");
  mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(inject("embeddedTemplate"))]) });
  await lite.close();
  const init = await runTradesense(["init", "--yes", "--username", "trader", "--timezone", "UTC"], {
    TRADESENSE_HOME: home,
  });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  // Commands that queue for the journal wait as long as they must: on a busy machine twenty of them in turn can take
  // minutes, and a test of "nothing lost" must not turn into a test of how fast the machine is. (The --wait refusal
  // is tested with its own flag.)
  const config = join(home, "config.json");
  const existing = existsSync(config) ? JSON.parse(readFileSync(config, "utf8")) : {};
  // An owner process that a test turns on (TRADESENSE_OWNER=auto) leaves soon after the test's last command.
  writeFileSync(
    config,
    JSON.stringify({ ...existing, database: { ...existing.database, wait: 3600, ownerIdle: 20, ...database } }),
  );
  return { home, dataDir };
}

/** The owner socket of a test journal (spawned commands get no XDG_RUNTIME_DIR: the temporary directory). */
export function ownerSocket(dataDir: string): string {
  return ownerPlace(dataDir, {}).socket;
}

/**
 * Has the journal to itself, as a command that needs the directory does: asks an owner process to finish and exit,
 * then takes the claim (waiting for it), so that a test may open the directory with PGlite.
 */
export async function takeJournal(dataDir: string): Promise<{ release(): Promise<void> }> {
  const identity = { pid: process.pid, command: "test inspection" };
  await stopOwner(dataDir, {}, identity);
  return claimDataDir(dataDir, { identity, waitSeconds: 600 });
}
