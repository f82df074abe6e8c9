// The executions table: an import's fills by position (account, symbol), read in FIFO order (whole, or a page at a
// time through a cursor), and removed when their import is undone.
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface PositionKey {
  accountId: string;
  symbol: string;
}

export const positionKeyId = (key: PositionKey) => JSON.stringify([key.accountId, key.symbol]);

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

/** The columns of a fill that FIFO reads: the one list the select and the row type are made from. */
const FILL_COLUMNS = [
  "id",
  "executed_at",
  "action",
  "quantity",
  "price",
  "commission",
  "multiplier",
  "asset_type",
  "order_id",
  "broker",
  "import_id",
  "position_effect",
  "source_line",
  "currency",
] as const satisfies readonly (keyof Database["executions"])[];

export type PositionFill = Pick<Selectable<Database["executions"]>, (typeof FILL_COLUMNS)[number]>;

/** FIFO order: by time, then at one instant as the files placed the fills (migration 068, import/same-instant.ts). */
const FILL_ORDER = sql`executed_at, same_instant_order, file_sequence, id`;

/** A position's fills in FIFO order: all of them, or one import's (`importId`). */
function positionFillsQuery(userId: number, key: PositionKey, importId?: number) {
  return sql<PositionFill>`select ${sql.raw(FILL_COLUMNS.join(", "))} from executions
     where user_id = ${userId} and account_id = ${key.accountId} and symbol = ${key.symbol}
       ${importId === undefined ? sql`` : sql`and import_id = ${importId}`}
     order by ${FILL_ORDER}`;
}

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
    await sql`declare ${cursor} no scroll cursor for ${positionFillsQuery(userId, key)}`.execute(trx);
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
  const result = await positionFillsQuery(userId, key).execute(db);
  return result.rows;
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

/** The fills one import added to a position, in FIFO order. */
export async function importFillsOf(db: Db, userId: number, key: PositionKey, importId: number) {
  const result = await positionFillsQuery(userId, key, importId).execute(db);
  return result.rows;
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
