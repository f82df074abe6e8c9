// The fills of one position that share an instant with fills of other imports: read with where this file put each
// (import/same-instant.ts decides their order), and their order written back (executions.same_instant_order, 068).
import { sql, type Transaction } from "kysely";
import { stagedFingerprint, stagedWithFields } from "./import-staging.js";
import type { Database } from "./schema.js";

export interface SameInstantFill {
  id: number;
  accountId: string;
  symbol: string;
  executedAt: Date;
  importId: number | null;
  /** Where the file being imported has this fill (its staged file_sequence); null when the file does not hold it. */
  filePosition: number | null;
}

/**
 * Every fill at an instant where this import added a fill beside fills of other imports, in the order FIFO reads
 * them today (the new fills last among their instant's, since they carry order 0 until placed). The staged rows are
 * read only for those instants, so an import that adds nothing beside older fills costs one probe per new fill.
 */
export async function sharedInstantFills(
  trx: Transaction<Database>,
  userId: number,
  importId: number,
  withFieldIdentities: boolean,
): Promise<SameInstantFill[]> {
  const result = await sql<{
    id: number;
    account_id: string;
    symbol: string;
    executed_at: Date;
    import_id: number | null;
    file_position: number | null;
  }>`
    with instants as (
      select distinct n.account_id, n.symbol, n.executed_at from executions n
      where n.user_id = ${userId} and n.import_id = ${importId}
        and exists (
          select 1 from executions o
          where o.user_id = ${userId} and o.account_id = n.account_id and o.symbol = n.symbol
            and o.executed_at = n.executed_at and o.import_id is distinct from ${importId})
    ), shared as (
      select e.id, e.account_id, e.symbol, e.executed_at, e.import_id, e.fingerprint, e.file_sequence,
        e.same_instant_order
      from executions e
      join instants i on i.account_id = e.account_id and i.symbol = e.symbol and i.executed_at = e.executed_at
      where e.user_id = ${userId}
    ), staged as (
      -- Filtered outside the fingerprint's own query: its occurrence count is taken over the whole file.
      select f.fingerprint, f.file_sequence
      from (select ${stagedFingerprint(withFieldIdentities)} as fingerprint, file_sequence, account_id, symbol,
              executed_at
            from ${stagedWithFields} staged) f
      where exists (select 1 from instants i
        where i.account_id = f.account_id and i.symbol = f.symbol and i.executed_at = f.executed_at)
    )
    select s.id, s.account_id, s.symbol, s.executed_at, s.import_id,
      (select min(f.file_sequence) from staged f where f.fingerprint = s.fingerprint) as file_position
    from shared s
    order by s.account_id, s.symbol, s.executed_at, (s.import_id is not distinct from ${importId}), s.same_instant_order,
      s.file_sequence, s.id`.execute(trx);
  return result.rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    symbol: r.symbol,
    executedAt: r.executed_at,
    importId: r.import_id,
    filePosition: r.file_position,
  }));
}

/** Writes the fills' places at their instants (`orders[i]` for `ids[i]`). */
export async function setSameInstantOrder(trx: Transaction<Database>, ids: number[], orders: number[]) {
  if (ids.length === 0) return;
  await sql`
    update executions e set same_instant_order = o.place
    from unnest(${ids}::int[], ${orders}::int[]) as o(id, place)
    where e.id = o.id`.execute(trx);
}
