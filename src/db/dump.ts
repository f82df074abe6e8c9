// A journal's rows as COPY text, table by table, and back: the one engine under `backup` (server), `restore`,
// `backup verify` and `db copy`.
//
// Every value is read as PostgreSQL's own text (`col::text`), so numbers, arrays, JSON and timestamps go out and come
// back exactly as the database printed them, without passing through a JavaScript value. Rows are read through a
// cursor a page at a time, so a million trades never sit in memory at once.
//
// Two ways in:
// - whole: every table is emptied and refilled with the same ids (a restore of a whole journal);
// - one user: the rows land in staging tables, each id gets a new one from the target's sequence, and every link
//   (a trade's strategy, round trip and fills, a journal link, an audit row's resource) follows through the maps,
//   all in SQL. Used where other users' rows share the sequences (a server) or the target already has a user.
import { type Kysely, sql, type Transaction } from "kysely";
import { ConflictError } from "../errors.js";
import { copyInto, copyValue } from "./bulk.js";
import { migrationTable } from "./migrate.js";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** A table's worth of rows: its column names and its rows as COPY text, in chunks of whole lines. */
export interface TableSection {
  table: string;
  columns: string[];
  lines: AsyncIterable<string>;
}

export interface TableColumns {
  table: string;
  columns: string[];
}

/**
 * How each table hangs off a user, in an order where every table comes after the tables it points at. `links` are
 * the columns holding another table's id; `scope` says which rows are one user's.
 */
interface TableRule {
  table: string;
  scope: "user_id" | "id" | "trade" | "execution" | "none" | "derived";
  links?: Record<string, string>;
  /** Rows a user wrote or imported: a target with any of these is not empty for that user. */
  content?: boolean;
}

const RULES: TableRule[] = [
  { table: "users", scope: "id" },
  { table: "user_settings", scope: "user_id" },
  { table: "strategies", scope: "user_id", content: true },
  { table: "import_history", scope: "user_id", content: true },
  { table: "executions", scope: "user_id", links: { import_id: "import_history" }, content: true },
  {
    table: "execution_vouchers",
    scope: "execution",
    links: { execution_id: "executions", import_id: "import_history" },
  },
  { table: "round_trips", scope: "user_id", content: true },
  {
    table: "trades",
    scope: "user_id",
    links: {
      strategy_id: "strategies",
      round_trip_id: "round_trips",
      open_execution_id: "executions",
      close_execution_id: "executions",
    },
    content: true,
  },
  { table: "journal_entries", scope: "user_id", content: true },
  { table: "trade_journal_links", scope: "trade", links: { trade_id: "trades", journal_entry_id: "journal_entries" } },
  { table: "subscriptions", scope: "user_id", content: true },
  { table: "notifications", scope: "user_id" },
  { table: "import_mappings", scope: "user_id", content: true },
  { table: "user_futures_contracts", scope: "user_id", content: true },
  { table: "audit_logs", scope: "user_id" },
  { table: "api_usage", scope: "user_id" },
  // Logins belong to the database they were made on: a whole restore keeps them, a user's copy does not.
  { table: "user_sessions", scope: "none" },
  { table: "login_throttle", scope: "none" },
  // The report rollups are derived: the trades' triggers (migration 030) rebuild them as a load writes the trades, so
  // they are never copied (a copied row would collide with the one the trigger writes).
  { table: "report_round_trips", scope: "derived" },
  { table: "report_days", scope: "derived" },
];

/** audit_logs.resource_id points at the table its resource_type names. */
const AUDIT_RESOURCES: Record<string, string> = {
  trade: "trades",
  strategy: "strategies",
  journal_entry: "journal_entries",
  import: "import_history",
  user_settings: "user_settings",
  futures_contract: "user_futures_contracts",
};

const PAGE_ROWS = 5_000; // rows per FETCH

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The tables a user's copy carries, in load order. */
export const userTables: string[] = RULES.filter((r) => r.scope !== "none" && r.scope !== "derived").map(
  (r) => r.table,
);

const derivedTables = new Set(RULES.filter((r) => r.scope === "derived").map((r) => r.table));

/** The rules every base table must have (a test checks the live schema against this list). */
export const knownTables: string[] = RULES.map((r) => r.table);

/**
 * Every base table of the journal with its stored (not generated) columns, parents before children; tables this
 * list does not know come last, so a whole copy never leaves one behind.
 */
export async function listTables(db: Db): Promise<TableColumns[]> {
  const result = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      and c.table_name not like ${`${migrationTable}%`}
    order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const row of result.rows) {
    const columns = byTable.get(row.table_name) ?? [];
    columns.push(row.column_name);
    byTable.set(row.table_name, columns);
  }
  const rank = (table: string) => {
    const index = knownTables.indexOf(table);
    return index === -1 ? knownTables.length : index;
  };
  return [...byTable.entries()]
    .map(([table, columns]) => ({ table, columns }))
    .sort((a, b) => rank(a.table) - rank(b.table) || a.table.localeCompare(b.table));
}

/** The WHERE condition selecting one user's rows of a table (true for every row when userId is undefined). */
function scopeCondition(table: string, userId: number | undefined): string {
  if (userId === undefined) return "true";
  const rule = RULES.find((r) => r.table === table);
  switch (rule?.scope) {
    case "id":
      return `id = ${userId}`;
    case "user_id":
      return `user_id = ${userId}`;
    case "trade":
      return `trade_id in (select id from trades where user_id = ${userId})`;
    case "execution":
      return `execution_id in (select id from executions where user_id = ${userId})`;
    default:
      return "false";
  }
}

/**
 * The rows of the journal, table by table, as COPY text. With a user id, only that user's rows of the tables a
 * user's copy carries. Each table is read through a cursor of the transaction: one scan per table whatever its size,
 * and every table from the transaction's one snapshot.
 */
export async function readSections(trx: Transaction<Database>, userId?: number): Promise<TableSection[]> {
  const tables = await listTables(trx);
  return tables
    .filter((t) => !derivedTables.has(t.table) && (userId === undefined || userTables.includes(t.table)))
    .map((t) => ({ ...t, lines: readTableLines(trx, t, scopeCondition(t.table, userId)) }));
}

async function* readTableLines(
  trx: Transaction<Database>,
  table: TableColumns,
  condition: string,
): AsyncGenerator<string> {
  const select = table.columns.map((c) => `${ident(c)}::text`).join(", ");
  const cursor = ident(`dump_${table.table}`);
  await sql
    .raw(`declare ${cursor} no scroll cursor for select ${select} from ${ident(table.table)} where ${condition}`)
    .execute(trx);
  for (;;) {
    const result = await sql.raw<Record<string, string | null>>(`fetch ${PAGE_ROWS} from ${cursor}`).execute(trx);
    if (result.rows.length > 0) {
      yield result.rows.map((row) => `${table.columns.map((c) => copyValue(row[c])).join("\t")}\n`).join("");
    }
    if (result.rows.length < PAGE_ROWS) break;
  }
  await sql.raw(`close ${cursor}`).execute(trx);
}

/** Rows per table (one user's when userId is given). */
export async function countRows(db: Db, userId?: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await listTables(db)) {
    if (derivedTables.has(t.table) || (userId !== undefined && !userTables.includes(t.table))) continue;
    const result = await sql
      .raw<{ n: number }>(`select count(*)::int as n from ${ident(t.table)} where ${scopeCondition(t.table, userId)}`)
      .execute(db);
    counts[t.table] = result.rows[0]?.n ?? 0;
  }
  return counts;
}

/** The sum of trades.pnl as an exact decimal string ("0" for none). */
export async function sumPnl(db: Db, userId?: number): Promise<string> {
  const result = await sql
    .raw<{ total: string }>(
      `select coalesce(sum(pnl), 0)::text as total from trades where ${scopeCondition("trades", userId)}`,
    )
    .execute(db);
  return result.rows[0]?.total ?? "0";
}

/** Whether the journal holds anything a user wrote or imported (any user's when userId is undefined). */
export async function hasContent(db: Db, userId?: number): Promise<boolean> {
  for (const rule of RULES.filter((r) => r.content)) {
    const result = await sql
      .raw<{ found: boolean }>(
        `select exists (select 1 from ${ident(rule.table)} where ${scopeCondition(rule.table, userId)}) as found`,
      )
      .execute(db);
    if (result.rows[0]?.found) return true;
  }
  return false;
}

/** Empties every table and loads the sections with their own ids; sequences continue after the largest id. */
export async function loadWhole(trx: Transaction<Database>, sections: AsyncIterable<TableSection>): Promise<void> {
  const tables = await listTables(trx);
  await sql.raw(`truncate ${tables.map((t) => ident(t.table)).join(", ")} restart identity cascade`).execute(trx);
  for await (const section of sections) {
    const target = tables.find((t) => t.table === section.table);
    if (!target) throw new ConflictError(`the backup has a table this journal does not: ${section.table}`);
    await copyInto(trx, section.table, section.columns, section.lines);
  }
  for (const t of tables.filter((t) => t.columns.includes("id"))) {
    await sql
      .raw(
        `select setval(pg_get_serial_sequence('${t.table}', 'id'), coalesce(max(id), 0) + 1, false) from ${ident(t.table)}`,
      )
      .execute(trx);
  }
}

export interface LoadForUserOptions {
  /** The user the rows are about, by name: the target's user of that name, else a new one. */
  username: string;
  /**
   * replace: the target user's rows are deleted first (a restore); into-empty: the target user must have no content
   * (a copy), and keeps its own audit trail and usage records.
   */
  mode: "replace" | "into-empty";
}

/** Loads one user's sections into the target with new ids, every link following; returns the target user's id. */
export async function loadForUser(
  trx: Transaction<Database>,
  sections: AsyncIterable<TableSection>,
  options: LoadForUserOptions,
): Promise<number> {
  const existing = await trx
    .selectFrom("users")
    .select("id")
    .where("username", "=", options.username)
    .executeTakeFirst();
  let userId = existing?.id;
  if (userId !== undefined) {
    if (options.mode === "into-empty" && (await hasContent(trx, userId))) {
      throw new ConflictError(`user '${options.username}' already has trades, journal entries or strategies there`);
    }
    const clear = options.mode === "replace" ? [...userTables].reverse() : ["user_settings"];
    for (const table of clear.filter((t) => t !== "users")) {
      await sql.raw(`delete from ${ident(table)} where ${scopeCondition(table, userId)}`).execute(trx);
    }
  }
  // The first user of a database is its superuser (the bootstrap rule); anyone joining one that has users is not.
  const firstUser = (await trx.selectFrom("users").select("id").limit(1).executeTakeFirst()) === undefined;
  const mapped = new Set<string>();
  for await (const section of sections) {
    const rule = RULES.find((r) => r.table === section.table);
    if (!rule || rule.scope === "none") {
      throw new ConflictError(`a user's copy cannot hold table ${section.table}`);
    }
    const staging = `restore_${section.table}`;
    await sql
      .raw(`create temporary table ${ident(staging)} (like ${ident(section.table)} including defaults) on commit drop`)
      .execute(trx);
    await copyInto(trx, staging, section.columns, section.lines);
    if (section.table === "users") {
      if (userId === undefined) userId = await insertUser(trx, section.columns, firstUser);
      continue;
    }
    if (userId === undefined) throw new ConflictError("the copy has no user row");
    await insertMapped(trx, section, rule, userId, mapped);
  }
  if (userId === undefined) throw new ConflictError("the copy has no user row");
  return userId;
}

async function insertUser(trx: Transaction<Database>, columns: string[], superuser: boolean): Promise<number> {
  const kept = columns.filter((c) => c !== "id" && c !== "is_superuser");
  const result = await sql
    .raw<{ id: number }>(
      `insert into users (${kept.map(ident).join(", ")}, is_superuser)
       select ${kept.map(ident).join(", ")}, ${superuser} from restore_users limit 1 returning id`,
    )
    .execute(trx);
  const id = result.rows[0]?.id;
  if (id === undefined) throw new ConflictError("the copy has no user row");
  return id;
}

async function insertMapped(
  trx: Transaction<Database>,
  section: TableSection,
  rule: TableRule,
  userId: number,
  mapped: Set<string>,
): Promise<void> {
  const staging = ident(`restore_${section.table}`);
  const hasId = section.columns.includes("id");
  if (hasId) {
    const map = ident(`map_${section.table}`);
    // The subquery's order hands out new ids in the old ids' order.
    await sql
      .raw(
        `create temporary table ${map} on commit drop as
         select old_id, nextval(pg_get_serial_sequence('${section.table}', 'id'))::int as new_id
         from (select id as old_id from ${staging} order by id) ordered`,
      )
      .execute(trx);
    await sql.raw(`create unique index on ${map} (old_id)`).execute(trx);
    mapped.add(section.table);
  }
  const mapOf = (column: string, table: string) =>
    mapped.has(table) ? `(select new_id from ${ident(`map_${table}`)} where old_id = s.${ident(column)})` : "null";
  const value = (column: string): string => {
    if (column === "id") return "m.new_id";
    if (column === "user_id") return String(userId);
    const linked = rule.links?.[column];
    if (linked) return mapOf(column, linked);
    if (section.table === "audit_logs" && column === "resource_id") {
      const cases = Object.entries(AUDIT_RESOURCES)
        .filter(([, table]) => mapped.has(table))
        .map(([type, table]) => `when '${type}' then ${mapOf("resource_id", table)}`);
      return `case s.resource_type when 'user' then ${userId} ${cases.join(" ")} else s.resource_id end`;
    }
    return `s.${ident(column)}`;
  };
  await sql
    .raw(
      `insert into ${ident(section.table)} (${section.columns.map(ident).join(", ")})
       select ${section.columns.map(value).join(", ")} from ${staging} s
       ${hasId ? `join ${ident(`map_${section.table}`)} m on m.old_id = s.id order by m.new_id` : ""}`,
    )
    .execute(trx);
}

/** For a sections stream that is already a list. */
export async function* eachSection(sections: TableSection[]): AsyncGenerator<TableSection> {
  yield* sections;
}
