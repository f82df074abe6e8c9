// Webull orders records. Desktop app: Account > Orders > Orders Records > Export (stocks and options are exported
// separately, with the same columns):
//   Name,Symbol,Side,Status,Filled,Total Qty,Price,Avg Price,Time-in-Force,Placed Time,Filled Time
// - One row per ORDER, cancelled and rejected ones too: only rows with `Filled` above 0 are fills (a partly filled
//   order that was then cancelled is its filled part); the others are skipped, counted by status.
// - `Avg Price` is the fill price; `Price` is the order's limit (`@182.50`), `Total Qty` what was ordered, `Placed Time`
//   when: none of them is the fill's.
// - `Filled Time` is `03/03/2025 09:31:00 EST` (or `EDT`): the abbreviation is the offset, read as written. A time
//   without one is read in --timezone, else New York time.
// - `Side` Buy, Sell, Short: Short opens a short; a cover shows as a plain Buy, and a plain Sell only closes.
// - Options: `Symbol` is the unpadded OCC symbol (`SPY250321C00560000`), `Name` the contract in words; multiplier 100.
// - No fees, commissions, order or execution ids in the export: commissions are 0, and a fill's identity is its fields.

import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseOccSymbol } from "./option-symbols.js";
import {
  checkedFill,
  columnIndex,
  columnUseIn,
  isBlankRecord,
  type Layout,
  matchLayouts,
  RowReading,
} from "./row-reading.js";

const LAYOUT: Layout = {
  name: "orders",
  columns: [
    "Name",
    "Symbol",
    "Side",
    "Status",
    "Filled",
    "Total Qty",
    "Price",
    "Avg Price",
    "Time-in-Force",
    "Placed Time",
    "Filled Time",
  ],
  required: ["Symbol", "Side", "Status", "Filled", "Avg Price", "Filled Time"],
};

const USE = {
  Name: "description",
  Symbol: "symbol",
  Side: "side",
  Status: "order status",
  Filled: "quantity",
  "Total Qty": "not a fill quantity (ordered)",
  Price: "not a fill price (the order's limit)",
  "Avg Price": "price",
  "Time-in-Force": "order detail",
  "Placed Time": "not a fill time (order placed)",
  "Filled Time": "date",
};

/** US zone abbreviations Webull prints, as UTC offsets. */
const ZONES: Record<string, string> = {
  EST: "UTC-5",
  EDT: "UTC-4",
  CST: "UTC-6",
  CDT: "UTC-5",
  MST: "UTC-7",
  MDT: "UTC-6",
  PST: "UTC-8",
  PDT: "UTC-7",
};

const SIDES: Record<string, { action: "buy" | "sell"; effect: "open" | null }> = {
  buy: { action: "buy", effect: null },
  sell: { action: "sell", effect: null },
  short: { action: "sell", effect: "open" },
};

export const webullFormat: ImportFormat = {
  name: "webull",
  description: "Webull orders records (stocks or options), filled orders only",
  recognises: LAYOUT.columns.join(", "),
  layouts: [{ name: LAYOUT.name, recognises: LAYOUT.columns.join(", ") }],
  defaultTimeZone: "America/New_York",
  hasExecutionIds: false,
  matchHeader: (header, _mapping, preamble) => matchLayouts(header, [LAYOUT], preamble),
  columnUse: (header) => columnUseIn(header, USE),
  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header, names: columns });
      const filled = row.cell("Filled");
      if (!row.has("Filled") || /^0+(\.0*)?$/.test(filled))
        return { kind: "skip", reason: `order not filled (${row.cell("Status") || "no status"})` };
      const sideText = row.cell("Side");
      const side = SIDES[sideText.toLowerCase()];
      if (!side) row.fail("Side", sideText, "not Buy, Sell or Short");
      const timeText = row.cell("Filled Time");
      const zoned = /^(.*\d)\s+([A-Z]{3})$/.exec(timeText);
      const zone = zoned ? ZONES[zoned[2] as string] : options.timeZone;
      if (zoned && !zone) row.fail("Filled Time", timeText, `unknown time zone '${zoned[2]}'`);
      const date = zone ? row.date("Filled Time", zone, now, zoned ? (zoned[1] as string) : timeText) : undefined;
      const quantity = row.magnitude("Filled", "quantity");
      const price = row.magnitude("Avg Price", "price", row.cell("Avg Price").replace(/^@/, ""));
      const symbolText = row.cell("Symbol").toUpperCase();
      const contract = parseOccSymbol(symbolText);
      const symbol = contract ? row.option("Symbol", symbolText, contract, "format") : symbolText;
      return checkedFill(row, options, { side, date, symbol, quantity, price }, (v) => ({
        action: v.side.action,
        positionEffect: v.side.effect,
        commission: "0",
        assetType: contract ? "option" : "stock",
      }));
    };
  },
};
