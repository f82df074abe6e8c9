// DAS Trader Pro: the Trades window export (right-click the Trades window -> Export, a CSV of the day's executions).
// The layout, as open-source journals read it [inferred: no broker documentation]:
//   Time,Symb,Side,Price,Qty,Route,Account,Type   (some versions write Symbol for Symb; optional Commission/ECN Fee)
// Traps:
// - The window holds the current trading day only and `Time` is a time of day (HH:MM:SS, New York time) with no date:
//   give the day with `import csv --trade-date YYYY-MM-DD`. A file without it is refused row by row, never dated by
//   guess. A `Time` that carries its own date (`MM/DD/YY HH:MM:SS`) is read as written.
// - `Side` is B, S or SS. SS opens a short. DAS writes a cover as a plain B: the FIFO engine closes the open short
//   with it. A plain S with nothing open is unmatched (the export starts after the buy), never a short.
// - `Route`, `Type` (order type) and `Liq` are order details, not read. Stocks only.

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

type Field = "time" | "symbol" | "side" | "price" | "quantity" | "route" | "account";
const NAMES: ColumnNames<Field> = {
  time: ["Time"],
  symbol: ["Symb", "Symbol"],
  side: ["Side"],
  price: ["Price"],
  quantity: ["Qty"],
  route: ["Route"],
  account: ["Account"],
};
const REQUIRED: Field[] = ["time", "symbol", "side", "price", "quantity", "route"];
const COST = /^(comm|commission|ecn fee|fee|fees)$/;

const SIDES = sideCodes(["B", "S", "SS"]);
const TIME_ONLY = /^\d{1,2}:\d{2}(:\d{2})?$/;

function layoutOf(header: string[]) {
  const columns = findColumns(header, NAMES);
  const costs = columnsNamed(header, (name) => COST.test(name));
  return { columns, costs };
}

export const dasTraderFormat: ImportFormat = {
  name: "das-trader",
  description: "DAS Trader Pro Trades window export (times of one day: give --trade-date)",
  recognises: "headers Time, Symb (or Symbol), Side (B/S/SS), Price, Qty, Route",
  defaultTimeZone: "America/New_York",
  hasExecutionIds: false,

  matchHeader(header) {
    return matchRequired(findColumns(header, NAMES), REQUIRED, NAMES);
  },

  columnUse(header) {
    const { columns, costs } = layoutOf(header);
    const { route: _route, ...read } = columns;
    return useOf(header, read, { fees: costs });
  },

  reader(header: string[], options: ReaderOptions) {
    const { columns: c, costs } = layoutOf(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header });
      const read = row.sideCoded(c, SIDES, "not a DAS side (B, S, SS)");
      const time = row.cell(c.time).trim();
      let executedAt: Date | undefined;
      if (TIME_ONLY.test(time)) {
        if (options.tradeDate === undefined)
          row.fail(
            c.time,
            row.cell(c.time),
            "a time without a date: give the trading day with --trade-date YYYY-MM-DD",
            "time",
          );
        else executedAt = row.instant(c.time, `${options.tradeDate} ${time}`, { timeZone: options.timeZone, now });
      } else executedAt = row.instant(c.time, time, { timeZone: options.timeZone, now });
      const commission = row.commission(row.sumCosts(costs, false));
      const account = row.optionalText(c.account, "account", 50) ?? options.accountId ?? "";
      return row.fill({ ...read, executedAt, commission }, (v) => ({
        action: v.side[0],
        positionEffect: v.side[1],
        accountId: account,
      }));
    };
  },
};
