// Real tradesense processes started side by side, as cron and a person at a terminal would: exit codes, streams, and
// the test hook's events (TRADESENSE_TEST_HOOK) to synchronise on instead of sleeping.
//
// Every spawned command runs as users run it: with the embedded journal's owner process on (the product's default,
// TRADESENSE_OWNER unset), so the first command of a journal starts an owner and later ones go through it (about 3x
// faster than each opening PGlite). A test that needs the owner off says so (TRADESENSE_OWNER: "off") and why. No
// owner outlives its test: the journals spawned commands used are noted, and their owners are stopped (and waited
// for) after the test that first used them, or after the file for journals set up in beforeAll.
import { type ChildProcess, type SpawnSyncOptions, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, beforeEach, inject } from "vitest";
import type { Config } from "../../src/config/config.js";
import { locationKey } from "../../src/context.js";
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

/** Journals (data directories) whose owner a spawned command may have started: this test's, and the file's. */
const journalsUsed = { test: new Set<string>(), file: new Set<string>() };
let inTest = false;

beforeEach(() => {
  inTest = true;
});
afterEach(async () => {
  inTest = false;
  await stopOwners(journalsUsed.test);
});
afterAll(async () => {
  await stopOwners(journalsUsed.file);
});

async function stopOwners(dataDirs: Set<string>): Promise<void> {
  for (const dataDir of dataDirs) {
    // Asks the owner to leave and waits until it has closed the journal (its claim is free).
    if (existsSync(dataDir)) await (await takeJournal(dataDir)).release();
  }
  dataDirs.clear();
}

/**
 * The environment of a spawned tradesense: the user's PATH and HOME, then the test's variables. Notes the journal
 * when the command may start an owner process for it, so that the owner is stopped after the test.
 */
export function processEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.TRADESENSE_HOME && env.TRADESENSE_OWNER !== "off" && !env.DATABASE_URL) {
    const dataDir = join(env.TRADESENSE_HOME, "data", "pglite");
    if (!journalsUsed.file.has(dataDir)) (inTest ? journalsUsed.test : journalsUsed.file).add(dataDir);
  }
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

export interface SyncResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs tradesense to its end (stdin empty unless `input` is given), as a script or cron would. */
export function tradesenseSync(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: Omit<SpawnSyncOptions, "env" | "encoding"> = {},
): SyncResult {
  const result = spawnSync(bin, args, { input: "", ...options, env: processEnv(env), encoding: "utf8" });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts tradesense; its stdin is empty, or `input` when given. */
export function startTradesense(args: string[], env: NodeJS.ProcessEnv, input?: string): Running {
  const stdin = input === undefined ? "ignore" : "pipe";
  const child = spawn(bin, args, { env: processEnv(env), stdio: [stdin, "pipe", "pipe"] });
  child.stdin?.end(input);
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

export function runTradesense(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Finished> {
  return startTradesense(args, env, input).finished;
}

/** The journals made by a real init in this file, one for each init (arguments and stdin): journalHome copies them. */
const initialised = new Map<string, Promise<{ dataDir: string; config: Config }>>();

/** A journal made as journalHome documents it, kept closed as the source of copies (no command runs on it). */
async function initialisedJournal(initArgs: string[], initStdin: string | undefined) {
  const home = join(inject("scratchDir"), `initialised-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const dataDir = join(home, "data", "pglite");
  mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(inject("embeddedTemplate"))]) });
  await lite.close();
  const init = await runTradesense(["init", "--yes", ...initArgs], { TRADESENSE_HOME: home }, initStdin);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { dataDir, config: JSON.parse(readFileSync(join(home, "config.json"), "utf8")) as Config };
}

/**
 * A scratch TRADESENSE_HOME whose embedded journal is a copy of the run's migrated template (no initdb: seconds per
 * journal), with its user created by a real `init` (`init --yes` and initArgs: "trader" in UTC unless they say;
 * initStdin is init's standard input, the password with `--password-stdin`). The first call with those arguments in
 * a file runs that init; later ones copy its closed data directory (a spawned init costs about a second of CPU), and
 * init's config with its current user keyed by the copy's location, as init would have written it there.
 */
export async function journalHome(
  prefix: string,
  database: { ownerIdle?: number } = {},
  initArgs = ["--username", "trader", "--timezone", "UTC"],
  initStdin?: string,
): Promise<{ home: string; dataDir: string }> {
  const key = JSON.stringify([initArgs, initStdin]);
  if (!initialised.has(key)) initialised.set(key, initialisedJournal(initArgs, initStdin));
  const source = await (initialised.get(key) as ReturnType<typeof initialisedJournal>);
  const home = join(inject("scratchDir"), `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const dataDir = join(home, "data", "pglite");
  cpSync(source.dataDir, dataDir, { recursive: true });
  const [username] = Object.values(source.config.currentUser ?? {});
  // Commands that queue for the journal wait as long as they must: on a busy machine twenty of them in turn can take
  // minutes, and a test of "nothing lost" must not turn into a test of how fast the machine is. (The --wait refusal
  // is tested with its own flag.)
  // An owner process that a test turns on (TRADESENSE_OWNER=auto) leaves soon after the test's last command.
  const config: Config = {
    ...source.config,
    currentUser: { [locationKey({ kind: "embedded", path: dataDir })]: username as string },
    database: { ...source.config.database, wait: 3600, ownerIdle: 20, ...database },
  };
  writeFileSync(join(home, "config.json"), JSON.stringify(config));
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
