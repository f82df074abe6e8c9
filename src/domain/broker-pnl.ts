// The broker's realized P&L against the journal's. IBKR prints its own `Realized P/L` on every closing row; where
// its lots were matched differently (a lot chosen by hand, a wash sale, an opening fill before the export began), the
// journal's FIFO figure differs. The import says so per position, from a cent up, instead of leaving it unnoticed.
import type { Transaction } from "kysely";
import { closedPnlByPositionOfImport } from "../db/broker-pnl.js";
import type { Database } from "../db/schema.js";
import type { ReportedPnl } from "../importers/format.js";
import { Decimal } from "./decimal.js";

export interface BrokerPnlDifference {
  account: string;
  symbol: string;
  /** What the broker's file says was realized, to the cent. */
  broker: string;
  /** What the journal's trades closed by this file's fills realized. */
  journal: string;
  /** broker - journal. */
  difference: string;
  message: string;
}

export async function compareBrokerPnl(
  trx: Transaction<Database>,
  userId: number,
  importId: number,
  reported: ReportedPnl[],
): Promise<BrokerPnlDifference[]> {
  const journal = new Map<string, string>();
  for (const row of await closedPnlByPositionOfImport(trx, userId, importId))
    journal.set(`${row.accountId}\u0000${row.symbol}`, row.pnl);
  return brokerPnlDifferences(reported, journal);
}

/** The positions whose broker and journal figures differ by a cent or more (journal keyed by "account\0symbol"). */
export function brokerPnlDifferences(reported: ReportedPnl[], journal: Map<string, string>): BrokerPnlDifference[] {
  const differences: BrokerPnlDifference[] = [];
  for (const r of reported) {
    const broker = new Decimal(r.pnl).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const ours = new Decimal(journal.get(`${r.accountId}\u0000${r.symbol}`) ?? "0");
    const difference = broker.minus(ours);
    if (difference.abs().lt("0.01")) continue;
    differences.push({
      account: r.accountId,
      symbol: r.symbol,
      broker: broker.toFixed(2),
      journal: ours.toFixed(2),
      difference: difference.toFixed(2),
      message: `${r.symbol}${r.accountId ? ` (${r.accountId})` : ""}: the broker reports realized P&L ${broker.toFixed(2)}, the journal ${ours.toFixed(2)} (difference ${difference.toFixed(2)}): lots matched otherwise than FIFO, or fills outside this file`,
    });
  }
  return differences;
}
