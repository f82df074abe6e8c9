// The Kysely drivers connect.ts opens the journal with: one over PGlite, one over a pg pool. Their connections run
// queries as any Kysely connection does and can also COPY rows in (bulk.ts#copyInto reaches a transaction's own
// connection and calls copyFrom on it), each the way its engine can: PGlite reads a Blob at '/dev/blob', a server
// reads the COPY protocol's stream from pg-copy-streams on the connection's own client.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import {
  AbortedTransactionError,
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type pg from "pg";
import type { CopyCapable, CopySource } from "./bulk.js";

// PGlite reads COPY data from a Blob: the rows go in pieces of about a megabyte, one COPY each. Measured on 100,000
// fills: 8 MB pieces peaked at 744 MB of memory, 1 MB pieces at 481 MB (PGlite's WebAssembly memory never shrinks).
export const EMBEDDED_COPY_BYTES = 1024 * 1024;

/**
 * kysely-pglite-dialect over `client` (it queues the single connection), its connections able to COPY, and, for a
 * journal's data directory, a statement that meets damage there failing as that (`named`, see damage.ts).
 */
export function embeddedDialect(
  client: PGlite,
  Dialect: typeof import("kysely-pglite-dialect").PGliteDialect,
  named: <T>(running: Promise<T>) => Promise<T>,
): Dialect {
  const inner = new Dialect(client);
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: () => new EmbeddedDriver(inner.createDriver(), client, named),
  };
}

class EmbeddedConnection implements DatabaseConnection, CopyCapable {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly client: PGlite,
    private readonly named: <T>(running: Promise<T>) => Promise<T>,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.named(this.inner.executeQuery<R>(query));
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** The rows in pieces of about EMBEDDED_COPY_BYTES, each one COPY from a Blob, on this (the only) session. */
  async copyFrom(statement: string, source: CopySource): Promise<number> {
    const fromBlob = `${statement} from '/dev/blob'`;
    let pieces: (string | Uint8Array)[] = [];
    let bytes = 0;
    let rows = 0;
    const send = async () => {
      if (pieces.length === 0) return;
      const result = await this.named(this.client.query(fromBlob, [], { blob: new Blob(pieces) }));
      rows += result.affectedRows ?? 0;
      pieces = [];
      bytes = 0;
    };
    for await (const chunk of source) {
      pieces.push(chunk);
      bytes += chunk.length;
      if (bytes >= EMBEDDED_COPY_BYTES) await send();
    }
    await send();
    return rows;
  }
}

/** kysely-pglite-dialect's driver, handing out its connections wrapped (the same wrapper for the same connection). */
class EmbeddedDriver implements Driver {
  readonly #wrappers = new WeakMap<DatabaseConnection, EmbeddedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly client: PGlite,
    private readonly named: <T>(running: Promise<T>) => Promise<T>,
  ) {}

  init() {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.#wrappers.get(connection);
    if (!wrapper) {
      wrapper = new EmbeddedConnection(connection, this.client, this.named);
      this.#wrappers.set(connection, wrapper);
    }
    return wrapper;
  }

  // The inner driver only runs statements on the connection it is given: the wrapper's, so damage is named.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }

  // The inner driver's queue knows its own connection objects.
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection((connection as EmbeddedConnection).inner);
  }

  destroy() {
    return this.inner.destroy();
  }
}

/** Kysely over a pg pool whose connections can COPY (Kysely's PostgresDriver hides each connection's client). */
export function serverDialect(pool: pg.Pool): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createDriver: () => new ServerDriver(pool),
  };
}

const AFFECTING = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

class ServerConnection implements DatabaseConnection, CopyCapable {
  /** Set when a rollback failed: the client goes back to the pool to be destroyed, not reused. */
  discarded = false;

  constructor(readonly client: pg.PoolClient) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { command, rowCount, rows } = await this.client.query(query.sql, query.parameters.map(utcParameter));
    // Kysely's transaction reads COMMIT's tag: PostgreSQL answers ROLLBACK when the transaction had already failed.
    if (command === "ROLLBACK" || command === "COMMIT") return { rows: [{ command }] as R[] };
    return {
      numAffectedRows: AFFECTING.has(command) ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  // Nothing here streams through Kysely (listings page with DECLARE ... CURSOR and FETCH): no cursor package needed.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported: page with DECLARE ... CURSOR and FETCH");
  }

  /** The rows through pg-copy-streams on this connection's client: part of its transaction like any statement. */
  async copyFrom(statement: string, source: CopySource): Promise<number> {
    const { from } = await import("pg-copy-streams");
    const stream = this.client.query(from(`${statement} from stdin`));
    await pipeline(Readable.from(source), stream);
    return stream.rowCount;
  }
}

class ServerDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, ServerConnection>();
  #pool: pg.Pool | undefined;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#pool) throw new Error("the database has been closed");
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new ServerConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    let statement = "start transaction";
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) statement += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection) {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw("commit"));
    if (rows[0]?.command === "ROLLBACK") throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    try {
      await connection.executeQuery(CompiledQuery.raw("rollback"));
    } catch (error) {
      (connection as ServerConnection).discarded = true;
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection) {
    const server = connection as ServerConnection;
    server.client.release(server.discarded);
    if (server.discarded) this.#connections.delete(server.client);
  }

  async destroy() {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }
}

/**
 * Dates sent as parameters are written in UTC, matching how TIMESTAMP columns are read back. pg would write them in
 * the process's local time unless `pg.defaults.parseInputDatesAsUTC` were set, a global that would change every other
 * pg user in the process (a test's own pool, an embedding application): this pool's parameters are converted instead.
 */
function utcParameter(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : value.toISOString();
  if (Array.isArray(value)) return value.map(utcParameter);
  return value;
}
