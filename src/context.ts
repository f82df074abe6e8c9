// Context: what every command receives. It resolves where the journal lives and opens the database lazily, once per
// process, so --help, --version and completion never start PGlite or a connection pool. The database modules (and
// Kysely with them) are imported only when a command opens the database: they cost more to load than --version.
import type { Kysely } from "kysely";
import { type Config, readConfig, writeConfig } from "./config/config.js";
import { credentialsFile, readCredentials, type SavedLogin, saveLogin } from "./config/credentials.js";
import { type Paths, resolvePaths } from "./config/paths.js";
import { appendSpooledUsage } from "./config/usage-spool.js";
import type { OpenedDatabase, OpenOptions } from "./db/connect.js";
import { type DatabaseLocation, DEFAULT_WAIT_SECONDS, describeLocation } from "./db/location.js";
import type { Database } from "./db/schema.js";
import { DatabaseError, UsageError } from "./errors.js";
import { type Prompter, terminalPrompter } from "./io/prompter.js";
import { printNote } from "./io/render.js";
import type { IOStreams } from "./io/streams.js";

export interface GlobalOptions {
  databaseUrl?: string;
  debug?: boolean;
  /** The command being run, e.g. "trade add" (set before its action; recorded in api_usage). */
  commandPath?: string;
  /** --wait SECONDS: how long to wait for another process that has the embedded journal open. */
  waitSeconds?: number;
}

export interface CurrentUser {
  id: number;
  username: string;
  timezone: string;
  isSuperuser: boolean;
}

export interface OpenDatabaseOptions {
  /** Create the embedded database when it does not exist yet (init, demo). */
  create?: boolean;
  /** Leave pending migrations alone (db status, db migrate, init decide themselves). */
  skipMigrationCheck?: boolean;
  /**
   * "read": the command changes nothing of the user's. It never migrates (pending migrations are an error naming
   * `tradesense db migrate`), it may read a journal found damaged, and on a server its statements time out.
   */
  access?: "read" | "write";
}

export interface Context {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  paths: Paths;
  globals: GlobalOptions;
  prompter: Prompter;
  /** A command that succeeds with a qualified outcome (an import with bad rows) sets its documented exit code here. */
  exitCode: number;
  now(): Date;
  config(): Config;
  saveConfig(config: Config): void;
  location(): DatabaseLocation;
  database(options?: OpenDatabaseOptions): Promise<Kysely<Database>>;
  currentUser(): Promise<CurrentUser>;
  setCurrentUser(username: string): void;
  /** The database if this command has opened it, without opening it (api_usage must not open one of its own). */
  openedDatabase(): Kysely<Database> | undefined;
  /** The open embedded database's own dump of its data directory (backup); refuses on a server. */
  dumpDataDir(): Promise<Blob>;
  /** The acting user if it can be told without opening the database or applying migrations; never throws. */
  quietUser(): Promise<CurrentUser | undefined>;
  /** Keeps the usage record of a run that never opened a database in the spool file, for a later run to write. */
  spoolUsage(usage: { endpoint: string; responseCode: number; responseTimeMs: number }): void;
  /**
   * Writes the spooled usage records into the open database, once per process (when it is opened, and again at the
   * end if that failed); never throws: usage never changes a command's outcome (failures are noted with --debug).
   */
  flushSpooledUsage(): Promise<void>;
  /** The login token saved for this location (server mode), or undefined. */
  savedLogin(): SavedLogin | undefined;
  /** Saves, or with undefined forgets, the login token for this location. */
  saveLogin(login: SavedLogin | undefined): void;
  close(): Promise<void>;
}

export interface ContextOptions {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  paths?: Paths;
  prompter?: Prompter;
  now?: () => Date;
  /** Tests hand in an already-open database instead of a location to open. */
  openDatabase?: (location: DatabaseLocation, options: OpenRequest) => Promise<OpenedDatabase>;
}

interface OpenRequest {
  create: boolean;
  readOnly: boolean;
}

const SERVER_URL = /^postgres(ql)?:\/\//;

/**
 * The commands that only read the user's data (their usage row aside): they open the database with access "read".
 * Every other command is taken to write, so a command missing here still migrates and is never cut short.
 */
export const READING_COMMANDS: ReadonlySet<string> = new Set([
  "trade list",
  "trade show",
  "positions",
  "journal list",
  "journal show",
  "journal search",
  "strategy list",
  "strategy show",
  "import history",
  "import show",
  "futures list",
  "audit",
  "usage",
  "config list",
  "config get",
  "user list",
  "user whoami",
  "db status",
  "export",
]);

/** A reading command: one of READING_COMMANDS, or any report (every `report` verb only reads). */
export function isReadingCommand(path: string): boolean {
  return READING_COMMANDS.has(path) || path === "report" || path.startsWith("report ");
}

export function resolveLocation(
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv,
  config: Config,
  paths: Paths,
): DatabaseLocation {
  const url = globals.databaseUrl ?? env.TRADESENSE_DATABASE_URL ?? env.DATABASE_URL ?? config.database?.url;
  if (url) {
    if (!SERVER_URL.test(url)) {
      throw new UsageError("database URL must start with postgres:// or postgresql://");
    }
    return { kind: "server", url };
  }
  return { kind: "embedded", path: config.database?.embeddedPath ?? paths.embeddedDataDir };
}

/** The key under which the config remembers the current user of a database: never includes a password. */
export function locationKey(location: DatabaseLocation): string {
  return location.kind === "embedded" ? `embedded:${location.path}` : `server:${describeLocation(location)}`;
}

export function createContext(options: ContextOptions): Context {
  const paths = options.paths ?? resolvePaths(options.env);
  const globals: GlobalOptions = {};
  let config: Config | undefined;
  let opened: OpenedDatabase | undefined;
  let opening: Promise<OpenedDatabase> | undefined;
  let migrationsChecked = false;
  let user: CurrentUser | undefined;
  let spoolFlush: "not tried" | "failed" | "done" = "not tried";
  const debugNote = (text: string) => {
    if (globals.debug) printNote(options.io, `note: ${text}`);
  };
  const open =
    options.openDatabase ??
    ((location: DatabaseLocation, o: OpenRequest) =>
      openLocation(
        location,
        location.kind === "embedded" ? { ...o, owner: ownerClaim(ctx), ownerProcess: ownerProcess(ctx) } : o,
        options.env,
        options.io,
      ));

  const ctx: Context = {
    io: options.io,
    env: options.env,
    paths,
    globals,
    exitCode: 0,
    prompter: options.prompter ?? terminalPrompter(options.io),
    now: options.now ?? (() => new Date()),
    config() {
      config ??= readConfig(paths.configFile);
      return config;
    },
    saveConfig(next) {
      writeConfig(paths.configFile, next);
      config = next;
    },
    location() {
      return resolveLocation(globals, options.env, ctx.config(), paths);
    },
    async database(openOptions = {}) {
      const access = openOptions.access ?? (isReadingCommand(ctx.globals.commandPath ?? "") ? "read" : "write");
      if (!opened) {
        opening ??= open(ctx.location(), { create: openOptions.create ?? false, readOnly: access === "read" });
        opened = await opening;
        await testPauseWhileOpen(ctx);
      }
      if (!openOptions.skipMigrationCheck && !migrationsChecked) {
        await applyOrRefusePending(ctx, opened, access);
        migrationsChecked = true;
      }
      // Before the command reads anything, so that `tradesense usage` right after a --version counts it.
      if (migrationsChecked && spoolFlush === "not tried") await ctx.flushSpooledUsage();
      return opened.db;
    },
    async currentUser() {
      user ??= await resolveCurrentUser(ctx, await ctx.database());
      return user;
    },
    async quietUser() {
      if (user || !opened) return user;
      return resolveCurrentUser(ctx, opened.db).catch(() => undefined);
    },
    openedDatabase() {
      return opened?.db;
    },
    async dumpDataDir() {
      await ctx.database();
      if (!opened?.dumpDataDir) throw new DatabaseError("only the embedded journal has a data directory to dump");
      return opened.dumpDataDir();
    },
    spoolUsage(usage) {
      appendSpooledUsage(paths.usageSpoolFile, [
        {
          endpoint: usage.endpoint,
          method: "CLI",
          response_code: usage.responseCode,
          response_time_ms: Math.max(Math.round(usage.responseTimeMs), 0),
          created_at: ctx.now().toISOString(),
          ...usageIdentity(ctx),
        },
      ]);
    },
    async flushSpooledUsage() {
      const current = opened;
      if (!current || spoolFlush === "done") return;
      try {
        const { flushSpooledUsage } = await import("./domain/spooled-usage.js");
        const result = await flushSpooledUsage(current.db, paths.usageSpoolFile, locationKey(current.location), () =>
          ctx.quietUser(),
        );
        spoolFlush = "done";
        if (result?.dropped) debugNote(`dropped ${result.dropped} unreadable line(s) of ${paths.usageSpoolFile}`);
      } catch (error) {
        spoolFlush = "failed";
        debugNote(`spooled usage not written yet: ${error instanceof Error ? error.message : error}`);
      }
    },
    savedLogin() {
      return readCredentials(credentialsFile(paths.configFile))[locationKey(ctx.location())];
    },
    saveLogin(login) {
      saveLogin(credentialsFile(paths.configFile), locationKey(ctx.location()), login);
      user = undefined;
    },
    setCurrentUser(username) {
      user = undefined;
      const current = ctx.config();
      ctx.saveConfig({
        ...current,
        currentUser: { ...current.currentUser, [locationKey(ctx.location())]: username },
      });
    },
    async close() {
      const toClose = opened ?? (opening ? await opening.catch(() => undefined) : undefined);
      opened = undefined;
      opening = undefined;
      await toClose?.close();
    },
  };
  return ctx;
}

/** Opens a location; a server's password comes from the URL, the keychain, PGPASSWORD or ~/.pgpass (noted). */
export async function openLocation(
  location: DatabaseLocation,
  o: OpenOptions,
  env: NodeJS.ProcessEnv,
  io: IOStreams,
): Promise<OpenedDatabase> {
  const { openDatabase } = await import("./db/connect.js");
  if (location.kind === "embedded") return openDatabase(location, o);
  const { resolveServerPassword } = await import("./config/server-password.js");
  const found = await resolveServerPassword(location.url, env);
  if (found.note) printNote(io, found.note);
  return openDatabase(location, {
    ...o,
    ...(found.password !== undefined ? { password: found.password } : {}),
    ...(found.missing !== undefined ? { passwordMissing: found.missing } : {}),
  });
}

/**
 * Where a run that never opened a database would have gone and as whom, from the config and the saved logins only
 * (the same precedence as resolveCurrentUser); nulls when they cannot be read.
 */
function usageIdentity(ctx: Context): { location: string | null; username: string | null } {
  let location: DatabaseLocation;
  try {
    location = ctx.location();
  } catch {
    return { location: null, username: null };
  }
  const key = locationKey(location);
  try {
    const named =
      ctx.savedLogin()?.username ?? (location.kind === "embedded" ? ctx.config().currentUser?.[key] : undefined);
    return { location: key, username: named ?? null };
  } catch {
    return { location: key, username: null };
  }
}

/**
 * Who is acting: the user behind this location's saved login token (revocable, checked on every command), else on
 * the embedded journal the local user named in the config. A server needs a login: anyone can edit a config file.
 */
async function resolveCurrentUser(ctx: Context, db: Kysely<Database>): Promise<CurrentUser> {
  const location = ctx.location();
  const where = location.kind === "embedded" ? "this journal" : describeLocation(location);
  const { findSessionUser, findUserByUsername, findUserSettings } = await import("./db/users.js");
  const saved = ctx.savedLogin();
  let found: { id: number; username: string; is_superuser: boolean | null } | undefined;
  if (saved) {
    const { hashToken } = await import("./domain/tokens.js");
    found = await findSessionUser(db, hashToken(saved.token), ctx.now());
    if (!found) {
      throw new UsageError(
        `your login to ${where} has expired or was revoked: run \`tradesense user login --username ${saved.username}\``,
      );
    }
  } else if (location.kind === "embedded") {
    const username = ctx.config().currentUser?.[locationKey(location)];
    const row = username ? await findUserByUsername(db, username) : undefined;
    if (row && row.is_active !== true) throw new UsageError(`user '${row.username}' is deactivated`);
    found = row;
    // A journal without its user is a half-made journal (exit 5 as the README's table says), which init finishes.
    if (!found) throw new DatabaseError("no current user for this journal: run `tradesense init`");
  } else {
    throw new UsageError(`not logged in to ${where}: run \`tradesense user login\` (or \`tradesense init\`)`);
  }
  const settings = await findUserSettings(db, found.id);
  return {
    id: found.id,
    username: found.username,
    timezone: settings?.timezone ?? "UTC",
    isSuperuser: found.is_superuser === true,
  };
}

/**
 * A newer tradesense may bring migrations. A command that writes to the embedded journal (the user's own) applies
 * them at once; a reading command never changes the schema, and a shared server is migrated deliberately with
 * `tradesense db migrate`. A database without a single migration was never finished by `init` (interrupted before its
 * one migration transaction committed): only `init` completes it (it also creates the user).
 */
async function applyOrRefusePending(ctx: Context, opened: OpenedDatabase, access: "read" | "write"): Promise<void> {
  const { defaultMigrationsDir, listMigrationFiles, migrateToLatest, pendingMigrations } = await import(
    "./db/migrate.js"
  );
  const pending = await pendingMigrations(opened.db);
  if (pending.length === 0) return;
  const where = describeLocation(opened.location);
  if (pending.length === listMigrationFiles(defaultMigrationsDir).length) {
    throw new DatabaseError(
      `the journal at ${where} was never fully created (init was interrupted): run \`tradesense init\``,
    );
  }
  if (opened.location.kind === "embedded" && access === "write") {
    const { applied } = await migrateToLatest(opened.db);
    printNote(ctx.io, `Applied ${applied.length} pending migration(s) to the embedded journal.`);
    return;
  }
  throw new DatabaseError(`${where} has ${pending.length} pending migration(s): run \`tradesense db migrate\``);
}

/**
 * Commands that need the embedded data directory itself (they create it, copy its files, replace it or migrate it
 * deliberately): they never go through an owner process, and ask a running one to finish and exit first.
 */
export const OWNERLESS_COMMANDS: ReadonlySet<string> = new Set([
  "init",
  "demo",
  "db migrate",
  "db copy",
  "backup create",
  "restore",
]);

/** How long an owner process stays after its last command, unless the config says otherwise. */
export const DEFAULT_OWNER_IDLE_SECONDS = 300;

/** Whether this command goes through the embedded journal's owner process, from TRADESENSE_OWNER or the config. */
function ownerProcess(ctx: Context): NonNullable<OpenOptions["ownerProcess"]> {
  const database = ctx.config().database;
  const setting = ctx.env.TRADESENSE_OWNER ?? database?.owner ?? "auto";
  if (setting !== "auto" && setting !== "off") {
    const where = ctx.env.TRADESENSE_OWNER !== undefined ? "TRADESENSE_OWNER" : "config database.owner";
    throw new UsageError(`${where} must be auto or off, not '${setting}'`);
  }
  const idle = database?.ownerIdle;
  if (idle !== undefined && !(typeof idle === "number" && idle > 0)) {
    throw new UsageError("config database.ownerIdle must be a number of seconds above 0");
  }
  // Windows has no Unix socket directory of the user's own to put it in: commands there open the journal themselves.
  const use =
    setting === "auto" && process.platform !== "win32" && !OWNERLESS_COMMANDS.has(ctx.globals.commandPath ?? "");
  return { mode: use ? "use" : "stop", idleSeconds: idle ?? DEFAULT_OWNER_IDLE_SECONDS, env: ctx.env };
}

/** Who claims the embedded journal, for how long it waits for another process, and what it says meanwhile. */
function ownerClaim(ctx: Context): NonNullable<OpenOptions["owner"]> {
  const identity = { pid: process.pid, command: ctx.globals.commandPath || "tradesense" };
  const configured = ctx.config().database?.wait;
  const waitSeconds =
    ctx.globals.waitSeconds ?? (typeof configured === "number" && configured >= 0 ? configured : DEFAULT_WAIT_SECONDS);
  const announce = ctx.env.TRADESENSE_TEST_HOOK !== undefined;
  return {
    identity,
    waitSeconds,
    onWait(holder) {
      if (announce) printNote(ctx.io, "test-hook: waiting for the journal");
      // A person at a terminal is told once what the pause is; cron and scripts wait silently.
      if (!ctx.io.stderrIsTTY) return;
      const who = holder ? `tradesense ${holder.command} (pid ${holder.pid})` : "another tradesense process";
      printNote(ctx.io, `waiting for ${who} to finish...`);
    },
  };
}

/**
 * Test-only (TRADESENSE_TEST_HOOK, documented in docs/INTERNALS.md): says on stderr that this process has the journal
 * open, and with "pause" holds it until SIGUSR2, so concurrency tests synchronise on events instead of sleeps.
 */
async function testPauseWhileOpen(ctx: Context): Promise<void> {
  const hook = ctx.env.TRADESENSE_TEST_HOOK;
  if (hook === undefined || ctx.location().kind !== "embedded") return;
  // A signal listener does not keep Node's event loop alive (the claim's socket is unref'd): a timer does.
  const keepAlive = hook === "pause" ? setInterval(() => {}, 60_000) : undefined;
  const resumed = hook === "pause" ? new Promise((resolve) => process.once("SIGUSR2", resolve)) : undefined;
  printNote(ctx.io, `test-hook: holding the journal (pid ${process.pid})`);
  await resumed;
  clearInterval(keepAlive);
}
