// Lightspeed: the trade blotter export (Lightspeed Trader / the web statements' "Trade Blotter", CSV), one row per
// execution, the clearing firm's column names:
//   Account Number,Account Type,Side,Symbol,CUSIP,Currency Code,Security Type,Buy/Sell,Trade Date,Settlement Date,
//   Process Date,Price,Qty,Trade Number,Principal Amount,NET Amount,Commission Amount,Execution Time,Raw Exec. Time,
//   Market Code,Trailer,FeeSEC,FeeMF,Fee1,Fee2,Fee3,FeeStamp,FeeTAF,Fee4,Sequence Number,...,Transtype
// Traps:
// - `Side` is B/S and `Qty` is signed (negative for sells); `Buy/Sell` says what the fill did to the position:
//   Long Buy, Long Sell, Short Sell (opens a short), Short Buy (covers one). The three must agree, or the row is an
//   error: a blotter that contradicts itself is never guessed at.
// - Only `Transtype = Trade` rows are fills (cancels, corrections and journal rows are skipped and counted).
// - Costs: `Commission Amount` and every `Fee...` column (SEC, TAF, stamp, the numbered venue fees), all summed; the
//   blotter prints them as positive or negative numbers, both read as a cost.
// - `Execution Time` is the time of day (HH:MM:SS, New York time) joined to `Trade Date` (MM/DD/YYYY); when it holds
//   a whole date and time it is read alone. `Raw Exec. Time`, `Settlement Date`, `Process Date`, `Principal Amount`
//   and `NET Amount` are not needed. `Trade Number` is the execution id.
// - Stocks only: a `Security Type` other than equity is the row's error.

import type { Action, PositionEffect } from "./cell-readers.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import {
  type ColumnNames,
  columnsNamed,
  findColumns,
  isBlankRecord,
  matchRequired,
  RowReading,
  unsigned,
  useOf,
} from "./row-reading.js";

type Field =
  | "account"
  | "side"
  | "symbol"
  | "currency"
  | "securityType"
  | "buySell"
  | "tradeDate"
  | "price"
  | "quantity"
  | "tradeNumber"
  | "executionTime"
  | "transtype";
const NAMES: ColumnNames<Field> = {
  account: ["Account Number"],
  side: ["Side"],
  symbol: ["Symbol"],
  currency: ["Currency Code"],
  securityType: ["Security Type"],
  buySell: ["Buy/Sell"],
  tradeDate: ["Trade Date"],
  price: ["Price"],
  quantity: ["Qty"],
  tradeNumber: ["Trade Number"],
  executionTime: ["Execution Time"],
  transtype: ["Transtype"],
};
const LABELS: Partial<Record<Field, string>> = {
  tradeDate: "date",
  executionTime: "time",
  tradeNumber: "execution id",
  buySell: "side and position effect",
  side: "check of the side",
  securityType: "asset type",
  transtype: "row type",
};
const REQUIRED: Field[] = ["symbol", "buySell", "tradeDate", "price", "quantity", "executionTime", "tradeNumber"];
const NOT_NEEDED = ["settlement date", "process date", "principal amount", "net amount", "raw exec. time"];
const COST = /^(commission amount|fee.*)$/;

const EFFECTS: Record<string, [Action, PositionEffect | null]> = {
  "long buy": ["buy", null],
  "long sell": ["sell", null],
  "short sell": ["sell", "open"],
  "short buy": ["buy", "close"],
};
const STOCK_TYPES = new Set(["", "equity", "eq", "stock", "cs", "common stock", "etf"]);

function layoutOf(header: string[]) {
  const columns = findColumns(header, NAMES);
  const costs = columnsNamed(header, (name) => COST.test(name));
  const notNeeded = columnsNamed(header, (name) => NOT_NEEDED.includes(name));
  return { columns, costs, notNeeded };
}

export const lightspeedFormat: ImportFormat = {
  name: "lightspeed",
  description:
    "Lightspeed trade blotter (Buy/Sell Long Buy/Short Sell..., signed Qty, Commission Amount + Fee columns)",
  recognises:
    "headers Symbol, Buy/Sell, Trade Date, Price, Qty, Trade Number, Execution Time (with Commission Amount, FeeSEC, FeeTAF...)",
  defaultTimeZone: "America/New_York",
  hasExecutionIds: true,

  matchHeader(header) {
    return matchRequired(findColumns(header, NAMES), REQUIRED, NAMES);
  },

  columnUse(header) {
    const { columns, costs, notNeeded } = layoutOf(header);
    return useOf(header, columns, { fees: costs, "not needed": notNeeded }, LABELS);
  },

  reader(header: string[], options: ReaderOptions) {
    const { columns: c, costs } = layoutOf(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header });
      const transtype = row.cell(c.transtype).trim();
      if (c.transtype !== undefined && transtype.toLowerCase() !== "trade")
        return { kind: "skip", reason: `non-trade row (${transtype || "no Transtype"})` };
      const securityType = row.cell(c.securityType).trim().toLowerCase();
      if (!STOCK_TYPES.has(securityType))
        row.fail(
          c.securityType,
          row.cell(c.securityType),
          "only stocks are read from a Lightspeed blotter",
          "security type",
        );

      const effect = EFFECTS[row.cell(c.buySell).trim().toLowerCase().replace(/\s+/g, " ")];
      if (effect === undefined)
        row.fail(c.buySell, row.cell(c.buySell), "not Long Buy, Long Sell, Short Sell or Short Buy", "buy/sell");
      const quantity = row.quantity(c.quantity);
      const sideCode = row.cell(c.side).trim().toUpperCase();
      if (effect && quantity) {
        const sign = unsigned(quantity).negative ? "sell" : "buy";
        if (sign !== effect[0])
          row.fail(
            c.quantity,
            row.cell(c.quantity),
            `a ${sign} quantity on a ${row.cell(c.buySell).trim()} row`,
            "quantity",
          );
        else if (c.side !== undefined && sideCode !== (effect[0] === "buy" ? "B" : "S"))
          row.fail(
            c.side,
            row.cell(c.side),
            `says ${sideCode || "nothing"} on a ${row.cell(c.buySell).trim()} row`,
            "side",
          );
      }
      const symbol = row.ticker(c.symbol);
      const price = row.price(c.price);
      const time = row.cell(c.executionTime).trim();
      const when = /[/-]/.test(time) ? time : `${row.cell(c.tradeDate).trim()} ${time}`;
      const executedAt = row.instant(c.executionTime, when, { timeZone: options.timeZone, now });
      const commission = row.commission(row.sumCosts(costs, false));
      const account = row.optionalText(c.account, "account", 50) ?? options.accountId ?? "";
      const executionId = row.optionalText(c.tradeNumber, "trade number", 100);
      const currency = row.optionalText(c.currency, "currency", 3)?.toUpperCase() ?? null;
      return row.fill({ effect, symbol, quantity, price, executedAt, commission }, (v) => ({
        action: v.effect[0],
        positionEffect: v.effect[1],
        accountId: account,
        executionId,
        currency,
      }));
    };
  },
};
