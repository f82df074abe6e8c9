// TradeZero: the trade history export (ZeroPro / the web portal: Account -> Trades -> Export, "TradeZero.csv"), one row
// per execution. The layout, as open-source journals read it (TradeNote's template is this file):
//   Account,T/D,S/D,Currency,Type,Side,Symbol,Qty,Price,Exec Time,Comm,SEC,TAF,NSCC,Nasdaq,ECN Remove,ECN Add,
//   Gross Proceeds,Net Proceeds,Clr Broker,Liq,Note
// Traps:
// - The date and the time are two columns: `T/D` (trade date, MM/DD/YYYY) and `Exec Time` (HH:MM:SS, a time only, in
//   New York time: the generic reader would take `Exec Time` for the date). `S/D` is the settlement date: not read.
// - `Side` is a code: B buy, S sell (closes a long; with nothing open it is unmatched, never a short), SS sell short
//   (opens a short), BC buy to cover (closes one).
// - `Type` is a numeric account-type code (margin/cash), never an asset type: not read. Stocks only.
// - Costs are spread over per-venue columns: Comm, SEC, TAF, NSCC, Nasdaq, ECN Remove, ECN Add, all summed into the
//   fill's commission. They are costs as positive numbers; a negative value (an ECN add-liquidity rebate) is a credit
//   and lowers the total.
// - `Gross Proceeds`/`Net Proceeds` are quantity x price and that less the costs: not needed.

import { sideCodes } from "../domain/trade-vocabulary.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import {
  type ColumnNames,
  columnsNamed,
  findColumns,
  isBlankRecord,
  matchRequired,
  RowReading,
  useOf,
} from "./row-reading.js";

type Field = "account" | "tradeDate" | "currency" | "side" | "symbol" | "quantity" | "price" | "execTime";
const NAMES: ColumnNames<Field> = {
  account: ["Account"],
  tradeDate: ["T/D"],
  currency: ["Currency"],
  side: ["Side"],
  symbol: ["Symbol"],
  quantity: ["Qty"],
  price: ["Price"],
  execTime: ["Exec Time"],
};
const REQUIRED: Field[] = ["tradeDate", "side", "symbol", "quantity", "price", "execTime"];
const COSTS = ["comm", "sec", "taf", "nscc", "nasdaq", "ecn remove", "ecn add"];
const NOT_NEEDED = ["s/d", "gross proceeds", "net proceeds"];

const SIDES = sideCodes(["B", "S", "SS", "BC"]);

function layoutOf(header: string[]) {
  const columns = findColumns(header, NAMES);
  const costs = columnsNamed(header, (name) => COSTS.includes(name));
  const notNeeded = columnsNamed(header, (name) => NOT_NEEDED.includes(name));
  return { columns, costs, notNeeded };
}

export const tradezeroFormat: ImportFormat = {
  name: "tradezero",
  description: "TradeZero trade history (T/D, Exec Time, side codes B/S/SS/BC, per-venue fees)",
  recognises:
    "headers T/D, Side, Symbol, Qty, Price, Exec Time (with Comm, SEC, TAF, NSCC, Nasdaq, ECN Remove, ECN Add)",
  defaultTimeZone: "America/New_York",
  hasExecutionIds: false,

  matchHeader(header) {
    return matchRequired(findColumns(header, NAMES), REQUIRED, NAMES);
  },

  columnUse(header) {
    const { columns, costs, notNeeded } = layoutOf(header);
    return useOf(header, columns, { fees: costs, "not needed": notNeeded }, { tradeDate: "date", execTime: "time" });
  },

  reader(header: string[], options: ReaderOptions) {
    const { columns: c, costs } = layoutOf(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header });
      const read = row.sideCoded(c, SIDES, "not a TradeZero side code (B, S, SS, BC)");
      const executedAt = row.instant(c.execTime, `${row.cell(c.tradeDate).trim()} ${row.cell(c.execTime).trim()}`, {
        timeZone: options.timeZone,
        now,
      });
      const commission = row.commission(row.sumCosts(costs, true));
      const account = row.optionalText(c.account, "account", 50) ?? options.accountId ?? "";
      const currency = row.optionalText(c.currency, "currency", 3)?.toUpperCase() ?? null;
      return row.fill({ ...read, executedAt, commission }, (v) => ({
        action: v.side[0],
        positionEffect: v.side[1],
        accountId: account,
        currency,
      }));
    };
  },
};
