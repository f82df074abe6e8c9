// The journal's realized P&L of the trades an import's fills closed, per position: what a broker's own figure
// (IBKR's `Realized P/L`) is compared with.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Sum of trades.pnl per (account, symbol) over the trades closed by a fill this import read (new or already known). */
export async function closedPnlByPositionOfImport(
  db: Db,
  userId: number,
  importId: number,
): Promise<{ accountId: string; symbol: string; pnl: string }[]> {
  const result = await sql<{ account_id: string; symbol: string; pnl: string }>`
    select coalesce(t.account_id, '') as account_id, t.symbol, sum(t.pnl)::text as pnl
    from trades t join executions e on e.id = t.close_execution_id
    where t.user_id = ${userId} and e.user_id = ${userId} and t.pnl is not null
      and (e.import_id = ${importId}
        or exists (select 1 from execution_vouchers v where v.execution_id = e.id and v.import_id = ${importId}))
    group by coalesce(t.account_id, ''), t.symbol`.execute(db);
  return result.rows.map((r) => ({ accountId: r.account_id, symbol: r.symbol, pnl: r.pnl }));
}
