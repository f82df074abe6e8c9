import { readDateTime, readDecimal } from "./cell-readers.js";
import type { FileScan, ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseWrittenOption } from "./option-symbols.js";
import { asDecimal, columnIndex, type FillRest, headerScore, RowReading } from "./row-reading.js";

const REQUIRED = [
  "Exec Time",
  "Spread",
  "Side",
  "Qty",
  "Pos Effect",
  "Symbol",
  "Exp",
  "Strike",
  "Type",
  "Price",
  "Net Price",
];
const CASH_HEADER = ["DATE", "TIME", "TYPE", "DESCRIPTION", "Commissions & Fees"];

/** A section title: one cell of text, the rest empty. */
function titleOf(record: string[]): string | undefined {
  const first = (record[0] ?? "").replace(/^\uFEFF/, "").trim();
  if (first === "" || record.slice(1).some((c) => c.trim() !== "")) return undefined;
  return first;
}

interface CashTrade {
  when: string;
  description: string;
  fees: string;
  instant?: number;
  used?: boolean;
}

/** The first pass: the Cash Balance section's trade rows and their fees. */
class TosScan implements FileScan {
  readonly trades: CashTrade[] = [];
  /** The account the first line names (`Account Statement for 12345678SCHW ...`). */
  account: string | undefined;
  private section = "";
  private columns: Map<string, number> | undefined;

  record(record: string[]): void {
    const title = titleOf(record);
    if (title !== undefined) {
      this.section = title;
      this.columns = undefined;
      this.account ??= /^Account Statement for (\S+)/.exec(title)?.[1];
      return;
    }
    if (this.section !== "Cash Balance") return;
    if (headerScore(record, CASH_HEADER).score === 1) {
      this.columns = columnIndex(record);
      return;
    }
    const columns = this.columns;
    if (!columns) return;
    const cell = (name: string) => (record[columns.get(name) ?? -1] ?? "").trim();
    if (cell("TYPE") !== "TRD") return;
    // A fee that cannot be read leaves the row's fees unknown (""): the fill it belongs to is refused.
    let fees = "0";
    for (const column of ["Misc Fees", "Commissions & Fees"]) {
      const text = cell(column);
      if (text === "" || fees === "") continue;
      const read = readDecimal(text, { scale: 2, allowNegative: true, precision: 10 });
      fees = read.ok ? addFees(fees, read.value.replace(/^-/, "")) : "";
    }
    this.trades.push({ when: `${cell("DATE")} ${cell("TIME")}`, description: cell("DESCRIPTION"), fees });
  }
}

function addFees(a: string, b: string): string {
  const [ai = "0", af = ""] = a.split(".");
  const [bi = "0", bf = ""] = b.split(".");
  const cents = BigInt(ai + af.padEnd(2, "0").slice(0, 2)) + BigInt(bi + bf.padEnd(2, "0").slice(0, 2));
  const text = cents.toString().padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** `3/3/25 09:41:07` as `2025-03-03 09:41:07`. */
function isoOf(text: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}:\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return text;
  const [, mo = "", d = "", y = "", time = ""] = m;
  return `20${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")} ${time.padStart(8, "0")}`;
}

export const thinkorswimFormat: ImportFormat = {
  name: "thinkorswim",
  description: "thinkorswim Account Statement CSV: the Account Trade History section, fees from Cash Balance",
  recognises:
    "an `Account Trade History` header ,Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type",
  hasExecutionIds: false,

  matchHeader: (header) => headerScore(header, REQUIRED),

  columnUse: () => ({
    "Exec Time": "date",
    Spread: "not needed (each leg is a fill)",
    Side: "side",
    Qty: "quantity",
    "Pos Effect": "position effect",
    Symbol: "symbol",
    Exp: "option expiry",
    Strike: "option strike",
    Type: "asset type (STOCK, ETF, CALL, PUT)",
    Price: "price",
    "Net Price": "not needed (the spread's net)",
    "Order Type": "not needed",
  }),

  scanFile: () => new TosScan(),

  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const scan = options.scan instanceof TosScan ? options.scan : new TosScan();
    const now = options.now ?? new Date();
    let section = "Account Trade History";
    let lastTime = "";
    const instantOf = (text: string) => {
      const read = readDateTime(isoOf(text), options.timeZone);
      return read.ok ? read.value.instant.getTime() : undefined;
    };
    /** The Cash Balance trade row of an order: same time (within 2 s), naming its symbol, not used yet. */
    const feesOf = (instant: number, symbol: string): CashTrade | undefined => {
      const named = new RegExp(`(^|\\s)${symbol.replace(/[^A-Z0-9]/g, "")}(\\s|$)`);
      let best: CashTrade | undefined;
      for (const trade of scan.trades) {
        trade.instant ??= instantOf(trade.when) ?? Number.NaN;
        if (trade.used || !(Math.abs(trade.instant - instant) <= 2000) || !named.test(trade.description)) continue;
        if (!best || Math.abs(trade.instant - instant) < Math.abs((best.instant as number) - instant)) best = trade;
      }
      return best;
    };
    return (record: string[], line: number): RowResult => {
      const title = titleOf(record);
      if (title !== undefined) {
        section = title;
        return { kind: "skip", reason: `section title (${title})` };
      }
      if (section !== "Account Trade History") return { kind: "skip", reason: `not a trade (section ${section})` };
      if (record.every((c) => c.trim() === "")) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { names: columns });
      const execTime = row.cell("Exec Time");
      const firstLeg = execTime !== "";
      if (firstLeg) lastTime = execTime;
      const when = row.date("Exec Time", options.timeZone, now, isoOf(lastTime));
      const type = row.cell("Type").toUpperCase();
      const underlying = row.cell("Symbol");
      const isOption = type === "CALL" || type === "PUT";
      if (!isOption && type !== "STOCK" && type !== "ETF") {
        row.fail("Type", type, "not a stock or an option (futures and forex are not read by this format)");
        return { kind: "error", errors: row.errors };
      }
      const symbol = isOption
        ? row.option(
            "Symbol",
            `${underlying} ${row.cell("Exp")} ${row.cell("Strike")} ${type}`,
            parseWrittenOption(`${underlying} ${row.cell("Exp")} ${row.cell("Strike")} ${type}`),
          )
        : row.symbol("Symbol", underlying);
      const quantity = asDecimal(row.quantity("Qty"));
      const side = row.cell("Side").toUpperCase();
      const action = side === "BUY" ? "buy" : side === "SELL" ? "sell" : undefined;
      if (!action) row.fail("Side", side, "not BUY or SELL");
      else if (quantity && quantity.isNegative() !== (action === "sell"))
        row.fail("Qty", row.cell("Qty"), `its sign disagrees with Side ${side}`);
      const effectText = row.cell("Pos Effect").toUpperCase();
      const effect = effectText === "TO OPEN" ? "open" : effectText === "TO CLOSE" ? "close" : null;
      const price = row.price("Price");
      let commission = "0.00";
      if (firstLeg && when) {
        const cash = feesOf(when.instant.getTime(), underlying.toUpperCase());
        if (cash?.fees === "")
          row.fail("Exec Time", execTime, `the fees of its Cash Balance row '${cash.description}' are not numbers`);
        else if (cash) {
          cash.used = true;
          commission = cash.fees;
        } else
          row.fail(
            "Exec Time",
            execTime,
            "no Cash Balance TRD row at this time names the symbol: its fees cannot be read (export the statement with the Cash Balance section)",
          );
      }
      const spread = row.cell("Spread");
      return row.fill(
        { date: when, symbol, action, quantity, price, commission },
        (): FillRest => ({
          dateOnly: false,
          positionEffect: effect,
          accountId: options.accountId ?? scan.account ?? "",
          assetType: isOption ? "option" : "stock",
          details: spread && spread !== "STOCK" && spread !== "SINGLE" ? { spread } : {},
        }),
      );
    };
  },
};
