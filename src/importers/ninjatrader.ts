// NinjaTrader 8: two exports, both from grids that export with right-click > Export (CSV).
// - Executions (Control Center > Executions tab, or Account Performance > Executions): `Instrument,Action,Quantity,
//   Price,Time,ID,E/X,Position,Order ID,Name,Commission,Rate,Account display name,Connection` (older versions:
//   `Account`), often with a trailing delimiter. Action Buy / Sell / Sell short / Buy to cover; E/X Entry/Exit;
//   Commission `$1.04`; ID is the execution id.
// - Trades (Account Performance or Strategy Analyzer > Trades grid): `Trade number,Instrument,Account,Strategy,
//   Market pos.,Qty,Entry price,Exit price,Entry time,Exit time,Entry name,Exit name,Profit,Cum. net profit,
//   Commission,...,MAE,MFE,ETD,Bars,`: one round trip a row, read as its entry fill and its exit fill; the round
//   trip's commission is split between them to the cent; `Profit` (net) is not read (the journal computes it).
// Locale: NinjaTrader writes numbers and dates as Windows' regional settings say. US files: `,` separators, `.`
// decimals, `12/3/2025 9:31:05 AM`. European files: `;` separators, decimal commas (`21000,25`, `1,04 $`) and
// day-first dates (`03.12.2025 09:31:05`, `03/12/2025 09:31:05`). A file with `;` separators is read as the European
// layout. English files come in both date orders: en-US `12/3/2025 9:31:05 AM`, en-GB `03/12/2025 09:31:05`. The
// order is found from the whole file first (NinjaDateScan): a day above 12 in either position decides; else the
// locale's signs (`;` and decimal commas: day-first; AM/PM: month-first); else the file is refused asking for
// `--date-format`, which also overrides all of this. Instruments `MES 09-26` (or `MNQ SEP26`, `MNQZ6`);
// no point value in the file: the futures table gives it. No time zone in the file: times are NinjaTrader's display
// zone (Tools > Options > General > Time zone, default the computer's): yours, or `--timezone`.
import { FieldWording, ImportRefusedError } from "../errors.js";
import { type Read, type ReadDate, readDateTime, readPositionEffect } from "./cell-readers.js";
import type { DateOrder, FileScan, ImportFormat, ReaderOptions, RowResult } from "./format.js";
import {
  BLANK_ROW,
  bestLayout,
  type Columns,
  fillsResult,
  futuresFill,
  halves,
  type Layout,
  layoutColumns,
  layoutUse,
  readCosts,
  rowCells,
  sideOf,
} from "./futures-fill.js";

type Field =
  | "instrument"
  | "action"
  | "quantity"
  | "price"
  | "time"
  | "id"
  | "orderId"
  | "commission"
  | "account"
  | "position"
  | "entryPrice"
  | "exitPrice"
  | "entryTime"
  | "exitTime";

const EXECUTIONS: Layout<Field> = {
  name: "executions",
  required: {
    instrument: ["instrument"],
    action: ["action"],
    quantity: ["quantity"],
    price: ["price"],
    time: ["time"],
    id: ["id"],
  },
  optional: { orderId: ["order id"], commission: ["commission"], account: ["account display name", "account"] },
};
const TRADES: Layout<Field> = {
  name: "trades",
  required: {
    instrument: ["instrument"],
    position: ["market pos."],
    quantity: ["qty"],
    entryPrice: ["entry price"],
    exitPrice: ["exit price"],
    entryTime: ["entry time"],
    exitTime: ["exit time"],
  },
  optional: { commission: ["commission"], account: ["account"] },
  ignored: {
    profit: "the platform's net P&L (the journal computes it)",
    "cum. net profit": "a running total",
  },
};
const LAYOUTS = [EXECUTIONS, TRADES] as const;

/** A `;`-separated line, as the comma reader split it (at decimal commas too): the cells between the semicolons. */
function semicolonCells(record: string[]): string[] {
  return record
    .join(",")
    .split(";")
    .map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

const isSemicolonHeader = (record: string[]) => record.join(",").split(";").length >= 5;

const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** What the whole file says of its date order: dates whose first or second number can only be a day, and AM/PM. */
class NinjaDateScan implements FileScan {
  dates = 0;
  dayFirst = 0;
  monthFirst = 0;
  twelveHour = false;

  record(record: string[]): void {
    // A `;` file's cells come split at commas only: its dates are found between the semicolons.
    for (const cell of record.flatMap((c) => c.split(";"))) {
      const match = /^\s*(\d{1,2})[./-](\d{1,2})[./-]\d{4}\s/.exec(cell);
      if (!match) continue;
      this.dates++;
      if (Number(match[1]) > 12) this.dayFirst++;
      if (Number(match[2]) > 12) this.monthFirst++;
      if (/\d\s*[AP]M\s*$/i.test(cell)) this.twelveHour = true;
    }
  }
}

/** The file's date order: --date-format, else a day above 12, else the locale's signs; refused when none decides. */
function dateOrderOf(scan: FileScan | undefined, european: boolean, given: DateOrder | undefined): DateOrder {
  if (given) return given;
  if (!(scan instanceof NinjaDateScan) || scan.dates === 0) return european ? "day-first" : "month-first";
  if (scan.dayFirst > 0 && scan.monthFirst > 0)
    throw new ImportRefusedError(
      new FieldWording(
        "dateFormat",
        (flag) =>
          `this file's dates are written both day-first and month-first (days above 12 in both places): give ${flag} dd/MM/yyyy or ${flag} MM/dd/yyyy`,
      ),
    );
  if (scan.dayFirst > 0) return "day-first";
  if (scan.monthFirst > 0) return "month-first";
  if (european) return "day-first";
  if (scan.twelveHour) return "month-first";
  throw new ImportRefusedError(
    new FieldWording(
      "dateFormat",
      (flag) =>
        `cannot tell whether this file's dates are day-first or month-first (no day above 12, no AM/PM): give ${flag} dd/MM/yyyy or ${flag} MM/dd/yyyy`,
    ),
  );
}

/** A European file's day-first time (`03.12.2025 09:31:05`) read in `zone`. */
function readDayFirst(text: string, zone: string): Read<ReadDate> {
  const match = DAY_FIRST.exec(text.trim().replace(/\s+/g, " "));
  if (!match) return { ok: false, reason: "not a day-first date and time (e.g. 03.12.2025 09:31:05)" };
  const [, d, mo, y, h, mi, se] = match as unknown as string[];
  const two = (v: string | undefined) => (v ?? "0").padStart(2, "0");
  return readDateTime(`${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(se)}`, zone);
}

export const ninjaTraderFormat: ImportFormat = {
  name: "ninjatrader",
  description: "NinjaTrader 8 Executions or Trades grid export (futures; US and European locales)",
  recognises:
    "Executions: Instrument, Action, Quantity, Price, Time, ID (+ E/X, Order ID, Commission, Account display name); Trades: Instrument, Market pos., Qty, Entry price, Exit price, Entry time, Exit time (+ Commission, Account); `,` or `;` separated",
  hasExecutionIds: true,
  scanFile: () => new NinjaDateScan(),

  matchHeader(header) {
    const cells = isSemicolonHeader(header) ? semicolonCells(header) : header;
    const { score, missing } = bestLayout(cells, LAYOUTS);
    return { score, missing };
  },

  columnUse(header) {
    if (isSemicolonHeader(header)) {
      // The comma reader's cells of a `;` header are read as a whole.
      const use = Object.fromEntries(
        header.map((h) => [h.replace(/^\uFEFF/, "").trim(), "semicolon-separated header"]),
      );
      return use;
    }
    return layoutUse(header, bestLayout(header, LAYOUTS).layout);
  },

  reader(rawHeader, options) {
    const european = isSemicolonHeader(rawHeader);
    const header = european ? semicolonCells(rawHeader) : rawHeader;
    const layout = bestLayout(header, LAYOUTS).layout;
    const columns = layoutColumns(header, layout);
    const row = layout === TRADES ? tradeRow : executionRow;
    const dayFirst = dateOrderOf(options.scan, european, options.dateOrder) === "day-first";
    return (record, line) =>
      row(header, columns, european ? semicolonCells(record) : record, line, options, european, dayFirst);
  },
};

function readTime(text: string, options: ReaderOptions, dayFirst: boolean): Read<ReadDate> {
  return dayFirst ? readDayFirst(text, options.timeZone) : readDateTime(text, options.timeZone);
}

function executionRow(
  header: string[],
  columns: Columns<Field>,
  record: string[],
  line: number,
  options: ReaderOptions,
  european: boolean,
  dayFirst: boolean,
): RowResult {
  const cell = rowCells(header, columns, record);
  if (!cell) return BLANK_ROW;
  const action = cell("action");
  const side = sideOf(action, line);
  if (typeof side === "object") return side;
  const time = cell("time");
  const id = cell("id").text;
  return futuresFill(
    {
      line,
      time,
      date: readTime(time.text, options, dayFirst),
      symbol: cell("instrument"),
      action: side,
      positionEffect: readPositionEffect(action.text),
      quantity: cell("quantity"),
      price: cell("price"),
      costs: [cell("commission")],
      accountId: cell("account").text || (options.accountId ?? ""),
      executionId: id === "" ? null : id,
      orderId: cell("orderId").text || null,
      decimalComma: european,
    },
    options,
  );
}

function tradeRow(
  header: string[],
  columns: Columns<Field>,
  record: string[],
  line: number,
  options: ReaderOptions,
  european: boolean,
  dayFirst: boolean,
): RowResult {
  const cell = rowCells(header, columns, record);
  if (!cell) return BLANK_ROW;
  const position = cell("position");
  const side = position.text.toLowerCase();
  if (side !== "long" && side !== "short") {
    return {
      kind: "error",
      errors: [{ line, column: position.column, value: position.text, reason: "not Long or Short" }],
    };
  }
  const commission = cell("commission");
  const total = readCosts([commission], european);
  if (!total.ok) return { kind: "error", errors: total.errors.map((e) => ({ line, ...e })) };
  const split = halves(total.value);
  const leg = (entry: boolean) => {
    const time = cell(entry ? "entryTime" : "exitTime");
    const buys = (side === "long") === entry;
    const half = split[entry ? 0 : 1];
    return futuresFill(
      {
        line,
        time,
        date: readTime(time.text, options, dayFirst),
        symbol: cell("instrument"),
        action: buys ? "buy" : "sell",
        positionEffect: entry ? "open" : "close",
        quantity: cell("quantity"),
        price: cell(entry ? "entryPrice" : "exitPrice"),
        // The halves are written in the file's own decimal notation, as its prices are.
        costs: [{ column: commission.column, text: european ? half.replace(".", ",") : half }],
        accountId: cell("account").text || (options.accountId ?? ""),
        executionId: null,
        orderId: null,
        decimalComma: european,
      },
      options,
    );
  };
  return fillsResult([leg(true), leg(false)]);
}
