// Runs the CLI in-process against a test database, capturing exactly what it printed and its exit code.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { Prompter } from "../../src/io/prompter.js";
import { bufferedStreams } from "../../src/io/streams.js";
import { main } from "../../src/main.js";
import type { TestDatabase } from "./databases.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function scratchHome(): string {
  return mkdtempSync(join(inject("scratchDir"), "home-"));
}

export interface CliRunner {
  (args: string[], options?: RunOptions): Promise<CliResult>;
  home: string;
}

export interface RunOptions {
  stdin?: string;
  tty?: boolean;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  prompter?: Prompter;
}

/** A CLI bound to one test database and one scratch TRADESENSE_HOME, as a user's shell would be. */
export function cliFor(database: TestDatabase, home = scratchHome()): CliRunner {
  const run = async (args: string[], options: RunOptions = {}): Promise<CliResult> => {
    const io = bufferedStreams({
      ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      tty: options.tty ?? false,
      color: options.color ?? false,
    });
    const env: NodeJS.ProcessEnv = {
      TRADESENSE_HOME: home,
      ...(database.backend === "server" ? { DATABASE_URL: database.url } : {}),
      ...options.env,
    };
    const code = await main(args, {
      io,
      env,
      ...(options.now ? { now: () => options.now as Date } : {}),
      ...(options.prompter ? { prompter: options.prompter } : {}),
      // The test owns the database: the CLI uses it and must not close it.
      openDatabase: async (location) => ({
        db: database.db,
        location,
        close: async () => {},
        ...(database.dumpDataDir ? { dumpDataDir: database.dumpDataDir } : {}),
      }),
    });
    return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
  };
  return Object.assign(run, { home });
}

/** Creates the journal's user non-interactively, with a password so that it works on the server too. */
export async function initUser(cli: CliRunner, timezone: string, username = "trader"): Promise<void> {
  const result = await cli(
    [
      "init",
      "--yes",
      "--username",
      username,
      "--email",
      `${username}@example.com`,
      "--timezone",
      timezone,
      "--password-stdin",
    ],
    { stdin: "a long enough password" },
  );
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`);
}
