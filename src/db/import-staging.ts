// The import's temporary staging table (import_staging): a file's fills streamed in with COPY, their fingerprints,
// and the one statement that moves the new ones into executions.
import { sql, type Transaction } from "kysely";
import { type CopySource, copyInto, copyLayout } from "./bulk.js";
import { type AssetType, type Database, tables } from "./schema.js";

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
 * The executions columns a staged fill carries, each with its value: the one list the staging table, its COPY and the
 * move into executions are all made from, typed against schema.ts (the import sets user_id, import_id and fingerprint
 * itself; id and created_at are defaults). The staging table puts `ordinal` before them.
 */
const stagedCopy = copyLayout<"executions", StagedFill>("executions", {
  broker: (f) => f.broker,
  account_id: (f) => f.accountId,
  symbol: (f) => f.symbol,
  asset_type: (f) => f.assetType,
  multiplier: (f) => f.multiplier,
  action: (f) => f.action,
  quantity: (f) => f.quantity,
  price: (f) => f.price,
  commission: (f) => f.commission,
  executed_at: (f) => f.executedAt,
  file_sequence: (f) => f.fileSequence,
  execution_id: (f) => f.executionId,
  order_id: (f) => f.orderId,
  currency: (f) => f.currency,
  details: (f) => (Object.keys(f.details).length === 0 ? "{}" : JSON.stringify(f.details)),
  source_line: (f) => f.sourceLine,
  position_effect: (f) => f.positionEffect ?? null,
});
const stagedColumns = stagedCopy.columns as (keyof (typeof tables)["executions"])[];
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
  return `${f.ordinal}\t${stagedCopy.line(f)}`;
}

/** Streams staging lines (see stagingLine) into the staging table; returns how many rows arrived. */
export async function stageFills(trx: Transaction<Database>, lines: CopySource) {
  return copyInto(trx, "import_staging", ["ordinal", ...stagedColumns], lines);
}

/**
 * Whether the user holds any fill in an account the staged fills are in. Every check of staged fills against stored
 * ones (known, read differently, stored rounded, sharing an instant) compares fills of one account, so when this is
 * false (a first import into its accounts) none of them can find anything.
 */
export async function stagedAccountsHoldFills(trx: Transaction<Database>, userId: number): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    select exists (
      select 1 from (select distinct account_id from import_staging) s
      where exists (select 1 from executions e where e.user_id = ${userId} and e.account_id = s.account_id)
    ) as found`.execute(trx);
  return result.rows[0]?.found === true;
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
