// Every query about imports: the import_history lifecycle, fills (executions), and the trades built from them.

import { Decimal } from "decimal.js";
import { type Kysely, sql, type Transaction } from "kysely";
import { type CopySource, copyInto, copyLayout, copyTimestamp, copyValue } from "./bulk.js";
import { type AssetType, type Database, type JsonObject, type JsonValue, tables } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface PositionKey {
  accountId: string;
  symbol: string;
}

export const positionKeyId = (key: PositionKey) => JSON.stringify([key.accountId, key.symbol]);

export async function createImport(db: Db, input: NewImport) {
  const row = await db
    .insertInto("import_history")
    .values(pendingImport(input))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The import row a dry run's fills belong to until its transaction rolls back. Its id is not drawn from the sequence
 * (a sequence value is never given back), so a dry run leaves no gap and the next real import is not "import 2";
 * minus the backend's pid keeps two sessions' dry runs apart.
 */
export async function createDryRunImport(db: Db, input: NewImport) {
  const row = await db
    .insertInto("import_history")
    .values({ ...pendingImport(input), id: sql<number>`-pg_backend_pid()` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

type NewImport = { userId: number; filename: string; broker: string; accountId: string | null };

const pendingImport = (input: NewImport) => ({
  user_id: input.userId,
  filename: input.filename.slice(-255),
  broker: input.broker,
  account_id: input.accountId,
  status: "pending" as const,
});

/** Advisory lock key space of a running import: (RUNNING_IMPORT, import id), held by the run's session. */
const RUNNING_IMPORT = 7_310_002;

/**
 * Creates a run's import_history row ('pending') and, in the same statement, takes a session-level lock on its id
 * that the run holds until it ends or its session does. The row is never visible without its lock held, so "is the
 * lock free?" tells a dead run from a live one (one waiting for the user's import lock, say). `db` must be a single
 * connection (Kysely#connection), which releaseImportLock then uses.
 */
export async function startImport(db: Db, input: NewImport) {
  const row = await db
    .insertInto("import_history")
    .values(pendingImport(input))
    .returning(["id", sql<boolean>`pg_try_advisory_lock(${RUNNING_IMPORT}, id)`.as("locked")])
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Moves the run's lock into its transaction, before that waits for the user's import lock: if the process dies, the
 * transaction's end frees this lock together with the user's, so the import that gets the user's lock next finds the
 * run dead. (A session lock is freed only later in a dying backend's shutdown.)
 */
export async function holdImportLockInTransaction(trx: Transaction<Database>, importId: number) {
  await sql`select pg_advisory_xact_lock(${RUNNING_IMPORT}, ${importId})`.execute(trx);
  await sql`select pg_advisory_unlock(${RUNNING_IMPORT}, ${importId})`.execute(trx);
}

/** Frees the run's session lock if it still holds one (the run ended before its transaction took it over). */
export async function releaseImportLock(db: Db, importId: number) {
  await sql`
    select pg_advisory_unlock(${RUNNING_IMPORT}, ${importId}) from pg_locks
    where locktype = 'advisory' and pid = pg_backend_pid() and classid = ${RUNNING_IMPORT} and objid = ${importId}
      and objsubid = 2 and granted`.execute(db);
}

export async function markProcessing(db: Db, importId: number, now: Date) {
  await db
    .updateTable("import_history")
    .set({ status: "processing", started_at: now })
    .where("id", "=", importId)
    .execute();
}

export interface ImportCounts {
  totalRows: number;
  importedRows: number;
  failedRows: number;
}

export async function finishImport(
  db: Db,
  importId: number,
  outcome: {
    status: "completed" | "failed";
    counts: ImportCounts;
    errors: JsonValue[];
    summary: JsonObject;
    now: Date;
  },
) {
  await db
    .updateTable("import_history")
    .set({
      status: outcome.status,
      total_rows: outcome.counts.totalRows,
      imported_rows: outcome.counts.importedRows,
      failed_rows: outcome.counts.failedRows,
      errors: JSON.stringify(outcome.errors),
      summary: JSON.stringify(outcome.summary),
      completed_at: outcome.now,
    })
    .where("id", "=", importId)
    .execute();
}

/** Serialises imports of one user: a second import waits for the first to commit or roll back. */
export async function lockUserImports(trx: Transaction<Database>, userId: number) {
  await sql`select pg_advisory_xact_lock(${7_310_001}, ${userId})`.execute(trx);
}

/**
 * A run still 'pending' or 'processing' while we hold the user's import lock, whose run lock is free, was killed: its
 * transaction rolled back.
 */
export async function failInterruptedImports(trx: Db, userId: number, exceptId: number | null, now: Date) {
  let query = trx
    .updateTable("import_history")
    .set({
      status: "failed",
      completed_at: now,
      errors: JSON.stringify([
        { line: null, column: null, value: null, reason: "interrupted: nothing from this file was saved" },
      ]),
    })
    .where("user_id", "=", userId)
    .where("status", "in", ["pending", "processing"]);
  if (exceptId !== null) query = query.where("id", "!=", exceptId);
  // Only a run whose session is gone: a live one (waiting for the user's import lock) holds its lock (startImport).
  query = query.where(sql<boolean>`pg_try_advisory_xact_lock(${RUNNING_IMPORT}, id)`);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

// Fills arrive through a staging table: the file is streamed into it with COPY, then one INSERT ... SELECT moves the
// rows into executions, skipping every fill the user already has (same fingerprint). Set-based dedup is a database
// guarantee and costs one statement however large the file.

/** A staged fill: one row of the file, as executions will hold it. */
export interface StagedFill {
  /** Position in the file, oldest row first as written: numbers repeated fills. */
  ordinal: number;
  broker: string;
  accountId: string;
  symbol: string;
  assetType: AssetType;
  multiplier: string;
  action: "buy" | "sell";
  quantity: string;
  price: string;
  commission: string;
  executedAt: Date;
  fileSequence: number;
  executionId: string | null;
  orderId: string | null;
  currency: string | null;
  details: Record<string, string>;
  sourceLine: number;
  positionEffect?: "open" | "close" | "balance" | "split" | null;
}

/**
 * The executions columns a staged fill carries, each with its COPY text: the one list the staging table, its COPY
 * and the move into executions are all made from, typed against schema.ts (the import sets user_id, import_id and
 * fingerprint itself; id and created_at are defaults).
 */
const STAGED: { [C in keyof (typeof tables)["executions"]]?: (f: StagedFill) => string } = {
  broker: (f) => copyValue(f.broker),
  account_id: (f) => copyValue(f.accountId),
  symbol: (f) => copyValue(f.symbol),
  asset_type: (f) => f.assetType,
  multiplier: (f) => f.multiplier,
  action: (f) => f.action,
  quantity: (f) => f.quantity,
  price: (f) => f.price,
  commission: (f) => f.commission,
  executed_at: (f) => copyTimestamp(f.executedAt),
  file_sequence: (f) => String(f.fileSequence),
  execution_id: (f) => copyValue(f.executionId),
  order_id: (f) => copyValue(f.orderId),
  currency: (f) => copyValue(f.currency),
  details: (f) => copyValue(Object.keys(f.details).length === 0 ? "{}" : JSON.stringify(f.details)),
  source_line: (f) => String(f.sourceLine),
  position_effect: (f) => f.positionEffect ?? "\\N",
};
const stagedColumns = Object.keys(STAGED) as (keyof (typeof tables)["executions"])[];
const stagedEncoders = Object.values(STAGED) as ((f: StagedFill) => string)[];
/** The staged columns, comma-separated, for the statements below. */
const stagedList = sql.raw(stagedColumns.join(", "));

export async function createStagingTable(trx: Transaction<Database>) {
  // Each column with its executions type, so a staged value is what executions will hold (and the fingerprint,
  // computed from staged values, is the one a stored fill has): a widened column widens here too.
  const columns = stagedColumns.map((c) => {
    const spec = tables.executions[c];
    return `${c} ${spec.sqlType}${spec.nullable ? "" : " not null"}`;
  });
  await sql`create temp table import_staging (ordinal integer not null, ${sql.raw(columns.join(", "))}) on commit drop`.execute(
    trx,
  );
}

/** A staged fill as one line of COPY text, in the staging table's column order. */
export function stagingLine(f: StagedFill): string {
  let line = String(f.ordinal);
  for (const encode of stagedEncoders) line += `\t${encode(f)}`;
  return `${line}\n`;
}

/** Streams staging lines (see stagingLine) into the staging table; returns how many rows arrived. */
export async function stageFills(trx: Transaction<Database>, lines: CopySource) {
  return copyInto(trx, "import_staging", ["ordinal", ...stagedColumns], lines);
}

/**
 * Moves the staged fills into executions, in file order, skipping those the user already has; returns how many were
 * new. The fingerprint (32 bytes, sha256) is made here from the values as the database holds them, never from the
 * file's spelling nor the reader: the account and the broker's execution id, or, without one, the fill's fields (see
 * stagedWithFields) plus how many identical fills came before it in the file. migrations/067_fill_identity.sql
 * computes the same expression for fills stored before it.
 */
export async function insertStagedFills(
  trx: Transaction<Database>,
  userId: number,
  importId: number,
  withFieldIdentities: boolean,
) {
  const fingerprint = stagedFingerprint(withFieldIdentities);
  const result = await sql`
    insert into executions (user_id, import_id, fingerprint, ${stagedList})
    select ${userId}::int, ${importId}::int, ${fingerprint}, ${stagedList}
    from ${stagedWithFields} staged
    order by ordinal
    on conflict (user_id, fingerprint) do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The staged rows with `fields`: a fill's identity from the values the database holds (the account, the instant, the
 * symbol, the side, the quantity and price as decimal values: 10.00 and 10 are one price), never the file's spelling
 * of them nor the format that read them, so a change of reader can never make a known fill look new. The commission
 * is left out on purpose: a reader that missed a fee column reads the same fill with commission 0, which is the same
 * fill read differently (import/known-fills.ts reports it), not a second fill.
 */
export const stagedWithFields = sql`(
  select *, 'fields|' || account_id || '|' || to_char(executed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')
    || '|' || symbol || '|' || action || '|' || trim_scale(quantity)::text || '|' || trim_scale(price)::text
    as fields
  from import_staging
)`;

/**
 * A staged fill's fingerprint (over stagedWithFields, see insertStagedFills): its account's and the broker's
 * execution id's, or its fields' and occurrence's.
 */
export function stagedFingerprint(withFieldIdentities: boolean) {
  const byExecutionId = sql`sha256(convert_to('id|' || account_id || '|' || execution_id, 'UTF8'))`;
  return withFieldIdentities
    ? sql`case when coalesce(execution_id, '') <> '' then ${byExecutionId} else sha256(convert_to(fields || '#' ||
        (row_number() over (partition by fields order by ordinal) - 1)::text, 'UTF8')) end`
    : byExecutionId;
}

/**
 * Records that this import also vouches for the staged fills the user already had (another import brought them in
 * first), so undoing that other import keeps them. Run only when some staged fills were known.
 */
export async function vouchForKnownFills(
  trx: Transaction<Database>,
  userId: number,
  importId: number,
  withFieldIdentities: boolean,
) {
  await sql`
    insert into execution_vouchers (execution_id, import_id)
    select distinct e.id, ${importId}::int
    from (select ${stagedFingerprint(withFieldIdentities)} as fingerprint from ${stagedWithFields} staged) s
    join executions e on e.user_id = ${userId} and e.fingerprint = s.fingerprint
    where e.import_id is distinct from ${importId}
    on conflict do nothing`.execute(trx);
}

/** The positions (account, symbol) that an import's fills belong to. */
export async function positionsOfImport(
  db: Db,
  userId: number,
  importId: number,
): Promise<(PositionKey & { firstNewAt: Date })[]> {
  const rows = await db
    .selectFrom("executions")
    .select(["account_id", "symbol", (eb) => eb.fn.min("executed_at").as("first_new_at")])
    .where("user_id", "=", userId)
    .where("import_id", "=", importId)
    .groupBy(["account_id", "symbol"])
    .orderBy("account_id")
    .orderBy("symbol")
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, symbol: r.symbol, firstNewAt: r.first_new_at as Date }));
}

/**
 * A position this import touched whose fills name more than one currency (fills without one are left out): FIFO would
 * subtract one currency's price from another's. Undefined when there is none; only files that name a currency pay for
 * the look.
 */
export async function positionInTwoCurrencies(
  db: Db,
  userId: number,
  importId: number,
): Promise<{ accountId: string; symbol: string; currencies: string[] } | undefined> {
  const result = await sql<{ account_id: string; symbol: string; currencies: string[] }>`
    select e.account_id, e.symbol, array_agg(distinct e.currency order by e.currency) as currencies
    from executions e
    where e.user_id = ${userId} and e.currency is not null
      and exists (select 1 from executions n where n.import_id = ${importId} and n.currency is not null)
      and (e.account_id, e.symbol) in (select account_id, symbol from executions where import_id = ${importId})
    group by e.account_id, e.symbol
    having count(distinct e.currency) > 1
    order by e.account_id, e.symbol
    limit 1`.execute(db);
  const row = result.rows[0];
  return row && { accountId: row.account_id, symbol: row.symbol, currencies: row.currencies };
}

export type PositionFill = Awaited<ReturnType<typeof positionFills>>[number];

const FILL_COLUMNS = sql`id, executed_at, action, quantity, price, commission, multiplier, asset_type, order_id, broker,
  import_id, position_effect, source_line, currency`;
/** FIFO order: by time, then at one instant as the files placed the fills (migration 068, import/same-instant.ts). */
const FILL_ORDER = sql`executed_at, same_instant_order, file_sequence, id`;

/** A page of one position's fills; `last` marks the position's final page (which may be empty). */
export interface PositionFillPage {
  key: PositionKey;
  fills: PositionFill[];
  last: boolean;
}

/**
 * The fills of several positions, one position after another, each in FIFO order, a page at a time through a cursor:
 * one ordered index scan per position however many fills, and only a page in memory. The cursors live in the
 * caller's transaction.
 */
export async function* positionFillPages(
  trx: Transaction<Database>,
  userId: number,
  keys: PositionKey[],
  pageSize: number,
): AsyncGenerator<PositionFillPage> {
  for (const key of keys) {
    const cursor = sql.raw(`position_fills_${++cursorCount}`);
    await sql`declare ${cursor} no scroll cursor for
      select ${FILL_COLUMNS} from executions
      where user_id = ${userId} and account_id = ${key.accountId} and symbol = ${key.symbol}
      order by ${FILL_ORDER}`.execute(trx);
    for (;;) {
      const page = await sql<PositionFill>`fetch ${sql.raw(String(pageSize))} from ${cursor}`.execute(trx);
      const last = page.rows.length < pageSize;
      yield { key, fills: page.rows, last };
      if (last) break;
    }
    await sql`close ${cursor}`.execute(trx);
  }
}
let cursorCount = 0;

/** All fills of one position in the order FIFO must see them. */
export async function positionFills(db: Db, userId: number, key: PositionKey) {
  const result = await sql<{
    id: number;
    executed_at: Date;
    action: "buy" | "sell";
    quantity: string;
    price: string;
    commission: string;
    multiplier: string;
    asset_type: AssetType;
    order_id: string | null;
    broker: string;
    import_id: number | null;
    position_effect: "open" | "close" | "balance" | "split" | null;
    source_line: number | null;
    currency: string | null;
  }>`select ${FILL_COLUMNS} from executions
     where user_id = ${userId} and account_id = ${key.accountId} and symbol = ${key.symbol}
     order by ${FILL_ORDER}`.execute(db);
  return result.rows;
}

export async function importedTradesOf(db: Db, userId: number, key: PositionKey) {
  return db
    .selectFrom("trades")
    .select([
      "id",
      "import_key",
      "quantity",
      "entry_price",
      "exit_price",
      "entry_date",
      "exit_date",
      "commission",
      "status",
      "round_trip_id",
    ])
    .where("user_id", "=", userId)
    .where(sql<string>`coalesce(account_id, '')`, "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .where("import_key", "is not", null)
    .execute();
}

/**
 * Whether every fill this import added to a position (the first at `firstNewAt`) comes after all the position's other
 * fills in FIFO order (the usual nightly case): then FIFO can continue from the open lots instead of starting over. At
 * an equal time the new fills may be placed before older ones (import/same-instant.ts), so none may share it either.
 */
export async function importAppendsToPosition(
  db: Db,
  userId: number,
  key: PositionKey,
  importId: number,
  firstNewAt: Date,
) {
  // Only the index entries after the import's first fill are read (the import's own, and any older fill out of order).
  const result = await sql<{ appends: boolean }>`
    select not exists (
      select 1 from executions
      where user_id = ${userId} and account_id = ${key.accountId} and symbol = ${key.symbol}
        and executed_at >= ${firstNewAt} and import_id is distinct from ${importId}
    ) as appends`.execute(db);
  return result.rows[0]?.appends === true;
}

/** A position's open imported trades (its open lots), in the FIFO order of their opening fills. */
export async function openImportedTrades(db: Db, userId: number, key: PositionKey) {
  const result = await sql<{
    id: number;
    import_key: string;
    side: "long" | "short";
    quantity: string;
    entry_price: string;
    exit_price: string | null;
    entry_date: Date;
    exit_date: Date | null;
    commission: string | null;
    multiplier: string;
    asset_type: AssetType;
    order_id: string | null;
    broker: string | null;
    open_execution_id: number;
    round_trip_id: number | null;
    currency: string | null;
  }>`
    select t.id, t.import_key, t.side, t.quantity, t.entry_price, t.exit_price, t.entry_date, t.exit_date, t.commission,
           t.multiplier, t.asset_type, t.order_id, t.broker, t.open_execution_id, t.round_trip_id, t.currency
    from trades t join executions e on e.id = t.open_execution_id
    where t.user_id = ${userId} and coalesce(t.account_id, '') = ${key.accountId} and t.symbol = ${key.symbol}
      and t.import_key is not null and t.status = 'open'
    order by e.executed_at, e.same_instant_order, e.file_sequence, e.id`.execute(db);
  return result.rows;
}

/** The position's round trip still open, if any. */
export async function openRoundTripOf(db: Db, userId: number, key: PositionKey) {
  return db
    .selectFrom("round_trips")
    .select(["id", "side", "opened_at"])
    .where("user_id", "=", userId)
    .where("account_id", "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .where("closed_at", "is", null)
    .orderBy("opened_at", "desc")
    .executeTakeFirst();
}

/** The fills one import added to a position, in FIFO order. */
export async function importFillsOf(db: Db, userId: number, key: PositionKey, importId: number) {
  const result = await sql<PositionFill>`select ${FILL_COLUMNS} from executions
     where user_id = ${userId} and account_id = ${key.accountId} and symbol = ${key.symbol} and import_id = ${importId}
     order by ${FILL_ORDER}`.execute(db);
  return result.rows;
}

/**
 * Makes the position's round trips match `spans`, keeping the id of every round trip that still opens at the same
 * time on the same side (so trades that stay in it need no update). Returns the ids in span order.
 */
export async function syncRoundTrips(db: Db, userId: number, key: PositionKey, spans: RoundTripSpan[]) {
  const existing = await db
    .selectFrom("round_trips")
    .select(["id", "side", "opened_at", "closed_at"])
    .where("user_id", "=", userId)
    .where("account_id", "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .execute();
  const byOpening = new Map(existing.map((r) => [`${r.side}|${r.opened_at.getTime()}`, r]));
  const ids: (number | undefined)[] = [];
  const toInsert: { index: number; span: RoundTripSpan }[] = [];
  for (const [index, span] of spans.entries()) {
    const match = byOpening.get(`${span.side}|${span.openedAt.getTime()}`);
    if (!match) {
      toInsert.push({ index, span });
      continue;
    }
    byOpening.delete(`${span.side}|${span.openedAt.getTime()}`);
    ids[index] = match.id;
    if ((match.closed_at?.getTime() ?? null) !== (span.closedAt?.getTime() ?? null)) {
      await db.updateTable("round_trips").set({ closed_at: span.closedAt }).where("id", "=", match.id).execute();
    }
  }
  const obsolete = [...byOpening.values()].map((r) => r.id);
  if (obsolete.length > 0) await db.deleteFrom("round_trips").where("id", "in", obsolete).execute();
  const inserted = await insertRoundTrips(
    db,
    userId,
    toInsert.map((t) => ({ key, span: t.span })),
  );
  toInsert.forEach(({ index }, j) => {
    ids[index] = inserted[j];
  });
  return ids as number[];
}

export async function deleteTrades(db: Db, ids: number[]) {
  for (let i = 0; i < ids.length; i += 5000) {
    await db
      .deleteFrom("trades")
      .where("id", "in", ids.slice(i, i + 5000))
      .execute();
  }
}

/**
 * A trade built from fills, as the trades table takes it (domain/fifo.ts#FifoTrade is one): declared here so the
 * repository knows table-shaped values only.
 */
export interface ImportedTradeFields {
  /** "<opening fill id>:<closing fill id>" or "<opening fill id>:open": stable across rebuilds. */
  importKey: string;
  side: "long" | "short";
  quantity: string;
  entryPrice: string;
  exitPrice: string | null;
  entryDate: Date;
  exitDate: Date | null;
  commission: string;
  multiplier: string;
  assetType: AssetType;
  orderId: string | null;
  currency?: string | null;
  openFillId: number;
  closeFillId: number | null;
}

/** A round trip (flat to flat) of an imported position, in order of opening (domain/fifo.ts builds them). */
export interface RoundTripSpan {
  index: number;
  side: "long" | "short";
  openedAt: Date;
  closedAt: Date | null;
}

export interface TradeWrite {
  trade: ImportedTradeFields;
  broker: string;
  roundTripId: number | null;
}

function tradeValues(userId: number, key: PositionKey, w: TradeWrite) {
  const t = w.trade;
  return {
    user_id: userId,
    symbol: key.symbol,
    side: t.side,
    quantity: t.quantity,
    entry_price: t.entryPrice,
    exit_price: t.exitPrice,
    entry_date: t.entryDate,
    exit_date: t.exitDate,
    commission: t.commission,
    status: t.exitPrice === null ? ("open" as const) : ("closed" as const),
    broker: w.broker,
    account_id: key.accountId === "" ? null : key.accountId,
    order_id: t.orderId,
    import_key: t.importKey,
    open_execution_id: t.openFillId,
    close_execution_id: t.closeFillId,
    round_trip_id: w.roundTripId,
    asset_type: t.assetType,
    multiplier: t.multiplier,
    currency: t.currency ?? null,
  };
}

/**
 * Takes `count` ids from a table's id sequence, for rows written by COPY that other rows point at. Ids are taken ahead
 * in growing blocks per transaction (the first block is exactly what was asked, later ones double up to
 * MAX_ID_BLOCK), so a large import asks the server for ids a few dozen times rather than once per page, and a small
 * one leaves no gap in the sequence.
 */
export async function reserveIds(db: Db, table: "trades" | "round_trips", count: number): Promise<number[]> {
  if (count === 0) return [];
  let pools = idPools.get(db);
  if (!pools) {
    pools = new Map();
    idPools.set(db, pools);
  }
  const pool = pools.get(table) ?? { ids: [], block: 0 };
  pools.set(table, pool);
  if (pool.ids.length < count) {
    pool.block = Math.min(Math.max(pool.block * 2, count - pool.ids.length), Math.max(MAX_ID_BLOCK, count));
    const result = await sql<{ id: number }>`
      select nextval(s.sequence)::int as id
      from (select pg_get_serial_sequence(${table}, 'id')::regclass as sequence) s, generate_series(1, ${pool.block})`.execute(
      db,
    );
    for (const row of result.rows) pool.ids.push(row.id);
  }
  return pool.ids.splice(0, count);
}
const MAX_ID_BLOCK = 50_000;
const idPools = new WeakMap<Db, Map<string, { ids: number[]; block: number }>>();

interface RoundTripLine {
  id: number;
  userId: number;
  key: PositionKey;
  span: RoundTripSpan;
}

const roundTripCopy = copyLayout<"round_trips", RoundTripLine>("round_trips", {
  id: (r) => String(r.id),
  user_id: (r) => String(r.userId),
  account_id: (r) => copyValue(r.key.accountId),
  symbol: (r) => copyValue(r.key.symbol),
  side: (r) => r.span.side,
  opened_at: (r) => copyTimestamp(r.span.openedAt),
  closed_at: (r) => copyTimestamp(r.span.closedAt),
});

/** Writes round trips (of one position or several) with COPY; returns their ids in order. */
export async function insertRoundTrips(db: Db, userId: number, rows: { key: PositionKey; span: RoundTripSpan }[]) {
  const ids = await reserveIds(db, "round_trips", rows.length);
  if (ids.length === 0) return ids;
  const lines = rows.map((row, i) => roundTripCopy.line({ id: ids[i] as number, userId, ...row }));
  await copyInto(db, roundTripCopy.table, roundTripCopy.columns, [lines.join("")]);
  return ids;
}

export async function closeRoundTrip(db: Db, roundTripId: number, closedAt: Date | null) {
  await db.updateTable("round_trips").set({ closed_at: closedAt }).where("id", "=", roundTripId).execute();
}

interface TradeLine {
  id: number;
  userId: number;
  /** The position's symbol and account as COPY text, escaped once for all its trades. */
  symbol: string;
  account: string;
  write: TradeWrite;
}

export const tradeCopy = copyLayout<"trades", TradeLine>("trades", {
  id: (r) => String(r.id),
  user_id: (r) => String(r.userId),
  symbol: (r) => r.symbol,
  side: (r) => r.write.trade.side,
  quantity: (r) => r.write.trade.quantity,
  entry_price: (r) => r.write.trade.entryPrice,
  exit_price: (r) => r.write.trade.exitPrice ?? "\\N",
  entry_date: (r) => copyTimestamp(r.write.trade.entryDate),
  exit_date: (r) => copyTimestamp(r.write.trade.exitDate),
  commission: (r) => r.write.trade.commission,
  status: (r) => (r.write.trade.exitPrice === null ? "open" : "closed"),
  broker: (r) => copyValue(r.write.broker),
  account_id: (r) => r.account,
  order_id: (r) => copyValue(r.write.trade.orderId),
  import_key: (r) => r.write.trade.importKey,
  open_execution_id: (r) => String(r.write.trade.openFillId),
  close_execution_id: (r) => copyValue(r.write.trade.closeFillId),
  round_trip_id: (r) => copyValue(r.write.roundTripId),
  asset_type: (r) => r.write.trade.assetType,
  multiplier: (r) => r.write.trade.multiplier,
  currency: (r) => copyValue(r.write.trade.currency ?? null),
});

export async function updateImportedTrade(
  db: Db,
  tradeId: number,
  userId: number,
  key: PositionKey,
  write: TradeWrite,
) {
  // The key changes too when an open lot's row becomes the closed trade of the same opening fill.
  const { user_id: _user, symbol: _symbol, ...changes } = tradeValues(userId, key, write);
  await db.updateTable("trades").set(changes).where("id", "=", tradeId).execute();
}

/** What the user attached to a trade: kept through rebuilds, moved or reported when its row must go. */
export interface TradeAnnotations {
  tradeId: number;
  symbol: string;
  tags: string[] | null;
  notes: string | null;
  strategyId: number | null;
  journalEntryIds: number[];
}

/** The annotations of those of `tradeIds` that carry any (tags, notes, a strategy, a risk, or journal links). */
export async function annotationsOf(db: Db, tradeIds: number[]): Promise<TradeAnnotations[]> {
  if (tradeIds.length === 0) return [];
  const result = await sql<{
    id: number;
    symbol: string;
    tags: string[] | null;
    notes: string | null;
    strategy_id: number | null;
    journal: number[] | null;
  }>`
    select t.id, t.symbol, t.tags, t.notes, t.strategy_id,
           (select array_agg(l.journal_entry_id order by l.journal_entry_id) from trade_journal_links l
            where l.trade_id = t.id) as journal
    from trades t
    where t.id in (${sql.join(tradeIds)})
      and (cardinality(t.tags) > 0 or t.notes is not null or t.strategy_id is not null or t.stop_price is not null
           or t.initial_risk is not null or exists (select 1 from trade_journal_links l where l.trade_id = t.id))
    order by t.id`.execute(db);
  return result.rows.map((r) => ({
    tradeId: r.id,
    symbol: r.symbol,
    tags: r.tags,
    notes: r.notes,
    strategyId: r.strategy_id,
    journalEntryIds: r.journal ?? [],
  }));
}

/**
 * Moves what the user attached to trade `from` onto trade `to` (the row that now holds the same opening fill): tags
 * are merged, notes appended, journal links re-pointed; a strategy or risk is taken only where `to` has none.
 */
export async function moveAnnotations(db: Db, from: number, to: number) {
  await sql`
    update trades t set
      tags = (select array_agg(distinct tag order by tag) from unnest(coalesce(t.tags, '{}') || coalesce(f.tags, '{}')) tag),
      notes = case when t.notes is null then f.notes when f.notes is null then t.notes
                   else t.notes || E'\n\n' || f.notes end,
      strategy_id = coalesce(t.strategy_id, f.strategy_id),
      stop_price = coalesce(t.stop_price, f.stop_price),
      initial_risk = coalesce(t.initial_risk, f.initial_risk)
    from trades f
    where t.id = ${to} and f.id = ${from}`.execute(db);
  await sql`
    insert into trade_journal_links (trade_id, journal_entry_id, created_at)
    select ${to}::int, journal_entry_id, created_at from trade_journal_links where trade_id = ${from}
    on conflict do nothing`.execute(db);
}

export async function setRoundTrip(db: Db, tradeIds: number[], roundTripId: number | null) {
  for (let i = 0; i < tradeIds.length; i += 5000) {
    await db
      .updateTable("trades")
      .set({ round_trip_id: roundTripId })
      .where("id", "in", tradeIds.slice(i, i + 5000))
      .execute();
  }
}

export async function listImports(db: Db, userId: number, limit: number) {
  return db
    .selectFrom("import_history")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function findImport(db: Db, userId: number, importId: number) {
  return db
    .selectFrom("import_history")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", importId)
    .executeTakeFirst();
}

/** Replaces an import's summary (undo marks it with undoneAt). */
export async function updateImportSummary(db: Db, importId: number, summary: JsonObject) {
  await db
    .updateTable("import_history")
    .set({ summary: JSON.stringify(summary) })
    .where("id", "=", importId)
    .execute();
}

/**
 * Removes an import's fills, except those another import also contained: each of those passes to the earliest such
 * import. The import's own vouchers for other imports' fills go too. Returns the positions whose fills were removed
 * (their trades must be rebuilt), and how many fills were kept, by which imports.
 */
export async function deleteImportFills(
  db: Db,
  userId: number,
  importId: number,
): Promise<{ positions: PositionKey[]; kept: { importId: number; fills: number }[] }> {
  await db.deleteFrom("execution_vouchers").where("import_id", "=", importId).execute();
  const passed = await sql<{ import_id: number; fills: number }>`
    with heirs as (
      select v.execution_id, min(v.import_id) as import_id
      from execution_vouchers v join executions e on e.id = v.execution_id
      where e.user_id = ${userId} and e.import_id = ${importId}
      group by v.execution_id
    ), moved as (
      update executions e set import_id = h.import_id from heirs h where e.id = h.execution_id
      returning h.import_id, h.execution_id
    ), released as (
      delete from execution_vouchers v using moved m
      where v.execution_id = m.execution_id and v.import_id = m.import_id
    )
    select import_id, count(*)::int as fills from moved group by import_id order by import_id`.execute(db);
  const rows = await db
    .deleteFrom("executions")
    .where("user_id", "=", userId)
    .where("import_id", "=", importId)
    .returning(["account_id", "symbol"])
    .execute();
  const keys = new Map<string, PositionKey>();
  for (const r of rows) {
    const key = { accountId: r.account_id, symbol: r.symbol };
    keys.set(positionKeyId(key), key);
  }
  return {
    positions: [...keys.values()],
    kept: passed.rows.map((r) => ({ importId: r.import_id, fills: Number(r.fills) })),
  };
}

/**
 * The sum of the P&L of the closed imported trades of these positions, exact, as the trades table holds it: an
 * import's realized P&L is this sum after it minus this sum before it.
 */
/** The closed imported trades' P&L of these positions, per currency ('' where the trades have none). */
export async function closedPnlOf(db: Db, userId: number, keys: PositionKey[]): Promise<Map<string, string>> {
  const totals = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const values = keys.slice(i, i + 1000).map((k) => sql`(${k.accountId}::text, ${k.symbol}::text)`);
    const result = await sql<{ currency: string; pnl: string }>`
      select coalesce(t.currency, '') as currency, sum(t.pnl)::text as pnl
      from trades t join (values ${sql.join(values)}) as p(account_id, symbol)
        on t.symbol = p.symbol and coalesce(t.account_id, '') = p.account_id
      where t.user_id = ${userId} and t.import_key is not null and t.pnl is not null
      group by 1`.execute(db);
    for (const row of result.rows)
      totals.set(row.currency, new Decimal(totals.get(row.currency) ?? "0").plus(row.pnl).toFixed(2));
  }
  return totals;
}

export async function insertNotification(
  db: Db,
  input: { userId: number; type: string; title: string; message: string; data: JsonObject },
) {
  await db
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      type: input.type,
      title: input.title.slice(0, 255),
      message: input.message,
      data: JSON.stringify(input.data),
    })
    .execute();
}

export async function findMapping(db: Db, userId: number, name: string) {
  return db
    .selectFrom("import_mappings")
    .select(["id", "mapping"])
    .where("user_id", "=", userId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export async function saveMapping(db: Db, userId: number, name: string, mapping: Record<string, string>) {
  await db
    .insertInto("import_mappings")
    .values({ user_id: userId, name, mapping: JSON.stringify(mapping) })
    .onConflict((oc) => oc.columns(["user_id", "name"]).doUpdateSet({ mapping: JSON.stringify(mapping) }))
    .execute();
}
