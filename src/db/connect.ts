// The one place that knows whether the journal lives in an embedded PostgreSQL (PGlite) or on a PostgreSQL server.
// Everything else receives a Kysely<Database> and cannot tell which. Both drivers are set up so values cross them the
// same way: NUMERIC as exact strings, INT8 as numbers, TIMESTAMP (without time zone) read and written as UTC.
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, sql } from "kysely";
import type pg from "pg";
import { DatabaseError } from "../errors.js";
import { damagedJournal, isDamage, refuseWritesIfDamaged } from "./damage.js";
import { embeddedDialect, serverDialect } from "./drivers.js";
import { embeddedStartParams } from "./embedded-settings.js";
import { type DatabaseLocation, DEFAULT_WAIT_SECONDS, redactUrl } from "./location.js";
import { type ClaimOptions, claimDataDir } from "./owner.js";
import { connectThroughOwner, stopOwner } from "./owner-client.js";
import type { Database } from "./schema.js";

export { type DatabaseLocation, DEFAULT_WAIT_SECONDS, describeLocation, redactUrl } from "./location.js";

export interface OpenedDatabase {
  db: Kysely<Database>;
  location: DatabaseLocation;
  close(): Promise<void>;
  /** Embedded only: PGlite's own dump of the data directory (a gzipped tar), taken between two statements. */
  dumpDataDir?(): Promise<Blob>;
}

const OID = { int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184, date: 1082 } as const;

/** TIMESTAMP values are stored as UTC wall-clock time: read them as UTC whatever the process's TZ is. */
export function parseUtcTimestamp(text: string): Date | string {
  if (text === "infinity" || text === "-infinity") return text;
  return new Date(`${text.replace(" ", "T")}Z`);
}

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new DatabaseError(`integer ${text} is too large to read exactly`);
  return value;
}

const identity = (text: string) => text;

/** Text parsers by type oid, shared by both drivers. */
export const typeParsers: Record<number, (text: string) => unknown> = {
  [OID.int8]: parseInt8,
  [OID.numeric]: identity,
  [OID.timestamp]: parseUtcTimestamp,
  [OID.date]: identity,
};

export function isEmbeddedInitialised(path: string): boolean {
  return existsSync(`${path}/PG_VERSION`);
}

export interface OpenOptions {
  /** Create the embedded data directory when it does not exist (init, demo). */
  create?: boolean;
  /** Start the embedded database from a dump (dumpDataDir), as the test suite does. */
  loadDataDir?: Blob;
  /** A password found outside the URL (keychain, PGPASSWORD, .pgpass). */
  password?: string;
  /** Why no password was found, to explain a server that then asks for one. */
  passwordMissing?: string;
  /** The command only reads: a server session gets a statement timeout. */
  readOnly?: boolean;
  /** Who claims the embedded data directory and how long to wait for another holder (default: 60 s, silently). */
  owner?: Omit<ClaimOptions, "platform">;
  /**
   * The embedded journal's owner process (owner-process.ts): "use" serves this command through it (started if none
   * runs; the directory is opened here when it cannot be used); "stop" asks a running one to finish and exit first,
   * for a command that needs the directory itself. Without it the directory is opened here.
   */
  ownerProcess?: { mode: "use" | "stop"; idleSeconds: number; env: NodeJS.ProcessEnv };
}

/** A read-only command's statements end after this on a server, so a client that gave up leaves no query running. */
export const READ_STATEMENT_TIMEOUT_MS = 120_000;

/**
 * How often a server checks, during a long statement, that its client is still there (PostgreSQL 14+): a client
 * killed mid-import must not leave its session running and holding the user's import lock.
 */
export const CLIENT_CHECK_INTERVAL_MS = 1000;

export async function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): Promise<OpenedDatabase> {
  return location.kind === "embedded" ? openEmbedded(location, options) : openServer(location, options);
}

async function openEmbedded(location: { kind: "embedded"; path: string }, options: OpenOptions) {
  if (!options.create && !options.loadDataDir && !isEmbeddedInitialised(location.path)) {
    throw new DatabaseError(`no journal at ${location.path}: run \`tradesense init\` first`);
  }
  const via = options.ownerProcess;
  const claimOptions = options.owner ?? {
    identity: { pid: process.pid, command: "tradesense" },
    waitSeconds: DEFAULT_WAIT_SECONDS,
  };
  if (via?.mode === "use" && !options.create && !options.loadDataDir) {
    const served = await openThroughOwner(location, options, { ...via, claim: claimOptions });
    if (served) return served;
  }
  if (via) await stopOwner(location.path, via.env, claimOptions.identity);
  // Before anything is created or opened: another process with the directory open would corrupt it (issue 11).
  const claim = await claimDataDir(location.path, claimOptions);
  try {
    const { db, dumpDataDir } = await startEmbedded(location, options);
    return {
      db,
      location,
      dumpDataDir,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          await claim.release();
        }
      },
    };
  } catch (error) {
    await claim.release();
    throw error;
  }
}

async function startEmbedded(location: { kind: "embedded"; path: string }, options: OpenOptions) {
  const creating = !isEmbeddedInitialised(location.path);
  if (!creating) {
    checkWritable(location.path);
    if (!options.readOnly) refuseWritesIfDamaged(location.path);
  }
  mkdirSync(location.path, { recursive: true });
  // Imported here, not at the top: --help, --version and server users never pay for loading the WebAssembly build.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
  ]);
  let client: PGlite;
  try {
    client = await PGlite.create(location.path, {
      parsers: typeParsers,
      // A new journal gets page checksums: a damaged table file then fails loudly instead of reading short.
      ...(creating && !options.loadDataDir ? { initDbStartParams: ["--data-checksums"] } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      startParams: embeddedStartParams(PGlite),
    });
    await client.exec("SET TimeZone = 'UTC'");
  } catch (error) {
    if (!creating && isDamage(error)) throw damagedJournal(location.path, error);
    throw new DatabaseError(`cannot open the embedded database at ${location.path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const db = embeddedKysely(client, PGliteDialect, location.path);
  return { db, dumpDataDir: () => dumpEmbedded(db, client) };
}

/**
 * PGlite's dump of its data directory, made through the Kysely instance's single connection so that no statement of
 * this process runs during it; the checkpoint first writes every change into the data files the dump copies.
 */
export async function dumpEmbedded(db: Kysely<Database>, client: PGlite): Promise<Blob> {
  return db.connection().execute(async (connection) => {
    await sql`checkpoint`.execute(connection);
    return client.dumpDataDir("gzip");
  });
}

/**
 * A throwaway embedded database in memory (verifying a backup, reading an embedded backup's rows): from a dump of a
 * data directory, or new and empty.
 */
export async function openScratchEmbedded(
  loadDataDir?: Blob,
): Promise<OpenedDatabase & Required<Pick<OpenedDatabase, "dumpDataDir">>> {
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
  ]);
  let client: PGlite;
  try {
    client = await PGlite.create({
      parsers: typeParsers,
      startParams: embeddedStartParams(PGlite),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    await client.exec("SET TimeZone = 'UTC'");
  } catch (error) {
    throw new DatabaseError(`cannot open the backup's database: ${messageOf(error)}`, { cause: error });
  }
  const db = embeddedKysely(client, PGliteDialect);
  return {
    db,
    location: { kind: "embedded", path: "memory://" },
    close: () => db.destroy(),
    dumpDataDir: () => dumpEmbedded(db, client),
  };
}

/**
 * PGlite opens its files for writing even to read, and says only "failed to initialize properly" when it cannot:
 * a directory the user may not write is named as such first.
 */
function checkWritable(path: string): void {
  for (const target of [path, `${path}/global/pg_control`]) {
    try {
      accessSync(target, constants.R_OK | constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS") continue;
      throw new DatabaseError(
        `cannot write to the journal at ${path} (${code === "EROFS" ? "read-only file system" : "permission denied"}): even reading needs write access to it; give your user write permission on it (for example \`chmod -R u+w ${path}\`) or run as the user who owns it`,
        { cause: error },
      );
    }
  }
}

/** Kysely over an open PGlite instance (also used by the test suite, which opens PGlite from a template). */
export function embeddedKysely(
  client: PGlite,
  Dialect: typeof import("kysely-pglite-dialect").PGliteDialect,
  dataDir?: string,
): Kysely<Database> {
  // A statement that meets damage in a journal's data directory fails as that (see damage.ts).
  const named = <T>(running: Promise<T>): Promise<T> =>
    dataDir === undefined
      ? running
      : running.catch((error: unknown) => {
          throw isDamage(error) ? damagedJournal(dataDir, error) : error;
        });
  return new Kysely<Database>({ dialect: embeddedDialect(client, Dialect, named) });
}

async function openServer(location: { kind: "server"; url: string }, options: OpenOptions) {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({
    // pg lets the connection string override a separate password option, so the password rides in this in-memory
    // copy of the URL; messages only ever show location.url, redacted.
    connectionString: withPassword(location.url, options.password),
    max: 4,
    // The session time zone decides what CURRENT_TIMESTAMP and ::timestamp casts mean: keep it UTC.
    options: [
      "-c TimeZone=UTC",
      `-c client_connection_check_interval=${CLIENT_CHECK_INTERVAL_MS}`,
      ...(options.readOnly ? [`-c statement_timeout=${READ_STATEMENT_TIMEOUT_MS}`] : []),
    ].join(" "),
    // The kernel probes an idle connection, so a server whose client vanished (power loss, a cut network) hears of it.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: pgTypes(pg),
  });
  // A pool emits errors from idle clients (a server restart); without a listener Node would crash the process.
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const message = messageOf(error);
    // pg's words when the server wants a password and none was given.
    if (options.passwordMissing && /client password must be a string|password authentication failed/.test(message)) {
      throw new DatabaseError(
        `cannot connect to ${redactUrl(location.url)}: the server asks for a password and none was found (${options.passwordMissing}): run \`tradesense db connect <url>\` or set PGPASSWORD`,
        { cause: error },
      );
    }
    throw new DatabaseError(`cannot connect to ${redactUrl(location.url)}: ${message}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: serverDialect(pool) });
  return { db, location, close: () => db.destroy() };
}

/** pg's type parsers with ours (typeParsers) in front, for a server and for the embedded journal's owner alike. */
function pgTypes(pg: typeof import("pg").default): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      const parser = typeParsers[oid];
      if (parser && format !== "binary") return parser;
      return pg.types.getTypeParser(oid, format as "text");
    }) as typeof pg.types.getTypeParser,
  };
}

/**
 * The embedded journal served by its owner process: the pg path over the owner's Unix socket, with COPY through
 * pg-copy-streams as on a server. Undefined when the owner cannot be used (the caller opens the directory itself).
 */
async function openThroughOwner(
  location: { kind: "embedded"; path: string },
  options: OpenOptions,
  via: { idleSeconds: number; env: NodeJS.ProcessEnv; claim: Omit<ClaimOptions, "platform"> },
): Promise<OpenedDatabase | undefined> {
  if (!options.readOnly) refuseWritesIfDamaged(location.path);
  const pg = (await import("pg")).default;
  const client = await connectThroughOwner({
    dataDir: location.path,
    env: via.env,
    identity: via.claim.identity,
    waitSeconds: via.claim.waitSeconds,
    ...(via.claim.onWait ? { onWait: via.claim.onWait } : {}),
    idleSeconds: via.idleSeconds,
    clientConfig: { types: pgTypes(pg) },
  });
  if (!client) return undefined;
  const db = new Kysely<Database>({
    dialect: serverDialect(ownerSessionPool(client, location.path) as unknown as pg.Pool),
  });
  return { db, location, close: () => db.destroy() };
}

/**
 * One session for the whole command, as PGlite in-process is: the owner serves one connection at a time, so a second
 * connection would wait behind this one forever. Kysely's connections take turns on it (COPY goes through
 * pg-copy-streams on it, as on a server: drivers.ts). Errors are named: damage as damage, and a session cut because the
 * owner died as that (exit 5; its open transaction was rolled back).
 */
function ownerSessionPool(client: pg.Client, dataDir: string) {
  let lost = false;
  client.on("end", () => {
    lost = true;
  });
  const named = (error: unknown): unknown => {
    if (isDamage(error)) return damagedJournal(dataDir, error);
    if (lost || /Connection terminated|not queryable|ECONNRESET|EPIPE/.test(messageOf(error))) {
      return new DatabaseError(
        "the embedded journal's owner process ended during this command: nothing it had not committed was saved; run it again",
        { cause: error },
      );
    }
    return error;
  };
  let turn = Promise.resolve();
  let free = () => {};
  // pg's methods keep their state on `this`: calls go to the client itself, never to an object derived from it.
  const session = Object.assign(Object.create(client) as pg.PoolClient, {
    query: (...args: unknown[]) => {
      const result = (client.query as (...a: unknown[]) => unknown).apply(client, args);
      // A submittable (COPY's stream) comes back as it is; a query's promise has its error named.
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            throw named(error);
          })
        : result;
    },
    release: () => free(),
  });
  return {
    async connect() {
      const previous = turn;
      let next = () => {};
      turn = new Promise<void>((resolve) => {
        next = resolve;
      });
      await previous;
      free = next;
      return session;
    },
    end: () => client.end(),
  };
}

function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
