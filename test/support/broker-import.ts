// Importing a broker fixture into a fresh journal and reading back what a trader checks: the summary the CLI printed
// as JSON, and the trades as rows (symbol, side, quantity, prices, commission, P&L, status).
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { type CliResult, cliFor } from "./cli.js";
import { type Backend, useDatabase } from "./databases.js";
import { initJournal } from "./journal.js";

export const importFixtures = join(import.meta.dirname, "../../fixtures/imports");

export interface BrokerImport {
  result: CliResult;
  // biome-ignore lint/suspicious/noExplicitAny: the --json summary as printed
  summary: any;
  trades: TradeRow[];
}

export interface TradeRow {
  symbol: string;
  side: string;
  status: string;
  quantity: string;
  entry: string;
  exit: string | null;
  commission: string;
  pnl: string | null;
  assetType: string;
  multiplier: string;
  account: string | null;
}

/** A fresh journal per test; `run` imports a fixture (path under fixtures/imports), with --json unless told, and reads the trades. */
export function useBrokerImport(backend: Backend) {
  const own = useDatabase(backend, "test");
  return async (fixture: string, args: string[] = [], json = true): Promise<BrokerImport> => {
    const cli = cliFor(own.database);
    await initJournal(cli, own.database);
    const result = await cli(["import", "csv", join(importFixtures, fixture), ...(json ? ["--json"] : []), ...args]);
    const summary = json && result.stdout ? JSON.parse(result.stdout).imports[0] : undefined;
    const rows = await own.database.db
      .selectFrom("trades")
      .select([
        "symbol",
        "side",
        "status",
        "quantity",
        "entry_price",
        "exit_price",
        "commission",
        "pnl",
        "asset_type",
        "multiplier",
        "account_id",
      ])
      .orderBy("symbol")
      .orderBy("entry_date")
      .orderBy("id")
      .execute();
    const plain = (value: string | null) => (value === null ? null : new Decimal(value).toFixed());
    const trades = rows.map((r) => ({
      symbol: r.symbol,
      side: r.side,
      status: r.status as string,
      quantity: plain(r.quantity) as string,
      entry: plain(r.entry_price) as string,
      exit: plain(r.exit_price),
      commission: r.commission as string,
      pnl: r.pnl,
      assetType: r.asset_type,
      multiplier: plain(r.multiplier) as string,
      account: r.account_id,
    }));
    return { result, summary, trades };
  };
}

/** A trade row as `useBrokerImport` reads it back (stock, multiplier 1 and no account unless said). */
export function trade(
  symbol: string,
  side: string,
  status: string,
  quantity: string,
  entry: string,
  exit: string | null,
  commission: string,
  pnl: string | null,
  assetType = "stock",
  multiplier = "1",
  account: string | null = null,
): TradeRow {
  return { symbol, side, status, quantity, entry, exit, commission, pnl, assetType, multiplier, account };
}
