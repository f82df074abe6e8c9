// IBKR Flex Query, CSV (Portal: Performance & Reports > Flex Queries > an Activity Flex Query with the Trades section,
// or a Trade Confirmation Flex Query; Format CSV). Every field double-quoted; users may drop or reorder columns, so
// columns are found by name:
//   Activity: ClientAccountID,...,CurrencyPrimary,AssetClass,Symbol,...,Multiplier,...,DateTime,...,Quantity,
//             TradePrice,...,Taxes,IBCommission,...,Open/CloseIndicator,...,FifoPnlRealized,...,Buy/Sell,...,
//             IBOrderID,...,IBExecID,...,LevelOfDetail,...
//   Trade Confirmation: ...,Symbol,...,Multiplier,...,OrderID,ExecID,...,Date/Time,...,Buy/Sell,Quantity,Price,
//             ...,Commission,...,Tax,Code,...,LevelOfDetail
// Traps handled:
// - Three framings, chosen in the query's delivery settings: header and trailer records (`"BOF"`, `"BOA"`,
//   `"BOS","TRNT",...`, `"EOS"`, `"EOA"`, `"EOF"`), section code and line descriptor prefixes (`"HEADER","TRNT",...` /
//   `"DATA","TRNT",...`), or plain sections one after the other, each with its own header row. Only the trades section
//   (TRNT) is read; cash transactions (CTRN), positions (POST) and the rest are skipped. A `"MSG"` line may come first.
// - `LevelOfDetail`: EXECUTION rows are fills; ORDER, CLOSED_LOT, SYMBOL_SUMMARY and ASSET_SUMMARY rows are not.
// - `IBExecID` (or `ExecID`) is each fill's identity, so the same fill in two overlapping queries is stored once.
// - Options: `Symbol` is the padded OCC symbol (`SPY   250825P00643000`), stored unpadded; `Multiplier` is read.
//   `AssetClass=CASH` rows are currency conversions, not trades.
// - `DateTime` `20250303;094107`, sometimes with a zone (`20261231;233000 EST`); otherwise US/Eastern unless
//   --timezone. `IBCommission` and `Taxes` negative are costs. `Open/CloseIndicator` O / C / `C;O`.
// - `TradeCancel` rows (Trade Confirmation) cancel a trade: the two net to nothing (trade-cancels.ts); a cancel whose
//   trade is not in the file is the row's error.
// - `FifoPnlRealized` is summed per position and compared with the journal's.
import type { AssetType } from "../../db/schema.js";
import type { Decimal } from "../../domain/decimal.js";
import { defaultMultiplier } from "../../domain/trade-vocabulary.js";
import type { FileScan, ReaderOptions, RowReader, RowResult } from "../format.js";
import { parseOccSymbol, parseWrittenOption } from "../option-symbols.js";
import { addReported, asDecimal, columnIndex, RowReading, reportedOf } from "../row-reading.js";
import { positionEffectOf } from "./activity-statement.js";
import { isCancel, TradeCancels, tradeKeys } from "./trade-cancels.js";

const FRAMING = new Set(["BOF", "BOA", "BOS", "EOS", "EOA", "EOF", "MSG"]);

/** A record without its framing: the section it belongs to (when the framing says) and its cells. */
function unframe(record: string[]): { tag: string; section: string | null; cells: string[] } {
  const first = (record[0] ?? "").replace(/^\uFEFF/, "").trim();
  if (first === "HEADER" || first === "DATA") return { tag: first, section: record[1] ?? null, cells: record.slice(2) };
  if (FRAMING.has(first)) return { tag: first, section: first === "BOS" ? (record[1] ?? null) : null, cells: [] };
  return { tag: "", section: null, cells: record };
}

const has = (cells: string[], ...names: string[]) => names.some((n) => cells.includes(n));

/** A header row of any Flex section (the trades' or another): data rows never hold these names. */
const isFlexHeader = (cells: string[]) => has(cells, "Symbol", "ClientAccountID", "CurrencyPrimary", "AssetClass");

export function matchFlexHeader(record: string[]) {
  const { tag, cells } = unframe(record);
  if (tag !== "" && tag !== "HEADER") return { score: 0, missing: ["a Flex header row"] };
  const needs: [string, boolean][] = [
    ["Symbol", has(cells, "Symbol")],
    ["AssetClass", has(cells, "AssetClass")],
    ["Buy/Sell", has(cells, "Buy/Sell")],
    ["Quantity", has(cells, "Quantity")],
    ["TradePrice or Price", has(cells, "TradePrice", "Price")],
    ["DateTime, Date/Time or TradeDate", has(cells, "DateTime", "Date/Time", "TradeDate")],
    ["IBCommission or Commission", has(cells, "IBCommission", "Commission")],
  ];
  const missing = needs.filter(([, found]) => !found).map(([name]) => name);
  return { score: (needs.length - missing.length) / needs.length, missing };
}

export function flexColumnUse(header: string[]): Record<string, string> {
  const cells = unframe(header).cells.map((c) => c.trim());
  const use: Record<string, string> = {};
  const fields: [string, string][] = [
    ["ClientAccountID", "account"],
    ["CurrencyPrimary", "currency"],
    ["Currency", "currency"],
    ["AssetClass", "assetType"],
    ["Symbol", "symbol"],
    ["Multiplier", "multiplier"],
    ["DateTime", "date"],
    ["Date/Time", "date"],
    ["Buy/Sell", "side"],
    ["Quantity", "quantity"],
    ["TradePrice", "price"],
    ["Price", "price"],
    ["IBCommission", "commission"],
    ["Commission", "commission"],
    ["Taxes", "fees"],
    ["Tax", "fees"],
    ["IBExecID", "executionId"],
    ["ExecID", "executionId"],
    ["IBOrderID", "orderId"],
    ["OrderID", "orderId"],
    ["Open/CloseIndicator", "position effect"],
    ["LevelOfDetail", "row kind"],
    ["FifoPnlRealized", "broker's realized P&L (compared)"],
  ];
  for (const [name, field] of fields) if (cells.includes(name)) use[name] = field;
  // What the journal recomputes or does not keep: read by nothing, on purpose.
  for (const name of ["TradeMoney", "Proceeds", "NetCash", "NetCashInBase", "CostBasis", "Amount"])
    if (cells.includes(name)) use[name] = "not needed (recomputed from quantity and price)";
  return use;
}

const ASSET_CLASSES: Record<string, AssetType> = { STK: "stock", OPT: "option", FUT: "future", FOP: "option" };
/** US zone abbreviations a Flex time may carry, as fixed offsets. */
const ZONES: Record<string, string> = {
  EST: "UTC-5",
  EDT: "UTC-4",
  CST: "UTC-6",
  CDT: "UTC-5",
  MST: "UTC-7",
  MDT: "UTC-6",
  PST: "UTC-8",
  PDT: "UTC-7",
  GMT: "UTC",
  UTC: "UTC",
};

/**
 * The pass over a Flex file before its rows are read: its trades and TradeCancel rows, paired (a trade comes before
 * the cancel that nets it).
 */
export class FlexScan implements FileScan {
  readonly cancels = new TradeCancels();
  private columns: Map<string, number> | undefined;
  private inTrades = true;

  record(record: string[]): void {
    const { tag, section, cells } = unframe(record);
    if (tag === "BOS") this.inTrades = section === "TRNT";
    if ((tag !== "" && tag !== "HEADER" && tag !== "DATA") || (section !== null && section !== "TRNT")) return;
    if (isFlexHeader(cells)) {
      this.inTrades = matchFlexHeader(tag === "HEADER" ? record : cells).score === 1;
      this.columns = this.inTrades ? columnIndex(cells) : undefined;
      return;
    }
    const columns = this.columns;
    if (!this.inTrades || !columns) return;
    const cell = (name: string) => (cells[columns.get(name) ?? -1] ?? "").trim();
    const level = cell("LevelOfDetail").toUpperCase();
    if (level !== "" && level !== "EXECUTION") return;
    if (isCancel(cell("TransactionType"))) this.cancels.noteCancel(tradeKeys(cell));
    else this.cancels.noteTrade(tradeKeys(cell));
  }
}

export function flexReader(header: string[], options: ReaderOptions): RowReader {
  let columns = columnIndex(unframe(header).cells);
  const cancels = options.scan instanceof FlexScan ? options.scan.cancels : new TradeCancels();
  let inTrades = true;
  const reported = new Map<string, Decimal>();
  const now = options.now ?? new Date();

  const read = (record: string[], line: number): RowResult => {
    const { tag, section, cells } = unframe(record);
    if (tag === "BOS") {
      inTrades = section === "TRNT";
      return { kind: "skip", reason: "Flex framing record" };
    }
    if (tag !== "" && tag !== "HEADER" && tag !== "DATA") return { kind: "skip", reason: "Flex framing record" };
    if (section !== null && section !== "TRNT")
      return { kind: "skip", reason: `not a trade (Flex section ${section})` };
    if (isFlexHeader(cells)) {
      inTrades = matchFlexHeader(tag === "HEADER" ? record : cells).score === 1;
      if (inTrades) columns = columnIndex(cells);
      return { kind: "skip", reason: "section header" };
    }
    if (!inTrades) return { kind: "skip", reason: "not a trade (another Flex section)" };
    const row = new RowReading(line, cells, { names: columns });
    if (cells.every((c) => c.trim() === "")) return { kind: "skip", reason: "blank row" };
    const level = row.cell("LevelOfDetail").toUpperCase();
    if (level !== "" && level !== "EXECUTION") return { kind: "skip", reason: `${level} row (not a fill)` };
    const type = row.cell("TransactionType");
    if (isCancel(type)) {
      if (cancels.takeCancel(tradeKeys((c) => row.cell(c))))
        return { kind: "skip", reason: "trade cancel (netted with its trade)" };
      row.fail(
        "TransactionType",
        type,
        "cancels a trade this file does not hold (the same symbol, quantity and price): import the query that holds both, after undoing an import that brought the trade",
      );
      return { kind: "error", errors: row.errors };
    }
    if (cancels.any && cancels.takeTrade(tradeKeys((c) => row.cell(c))))
      return { kind: "skip", reason: "cancelled trade (netted with its TradeCancel row)" };
    const assetClass = row.cell("AssetClass").toUpperCase();
    if (assetClass === "CASH") return { kind: "skip", reason: "forex conversion" };
    const assetType = ASSET_CLASSES[assetClass];
    if (!assetType) {
      row.fail("AssetClass", assetClass, "not an asset class this importer reads (STK, OPT, FUT, FOP)");
      return { kind: "error", errors: row.errors };
    }
    const rawSymbol = row.cell("Symbol");
    const symbol =
      assetType === "option"
        ? row.option("Symbol", rawSymbol, parseOccSymbol(rawSymbol) ?? parseWrittenOption(rawSymbol))
        : row.symbol("Symbol", rawSymbol);
    const dateColumn = ["DateTime", "Date/Time", "TradeDate"].find((c) => row.has(c)) ?? "DateTime";
    const when = readFlexTime(row, dateColumn, options.timeZone, now);
    const quantity = asDecimal(row.quantity("Quantity"));
    const side = row.cell("Buy/Sell").toUpperCase();
    const action = side.startsWith("BUY") ? "buy" : side.startsWith("SELL") ? "sell" : undefined;
    if (!action) row.fail("Buy/Sell", side, "not BUY or SELL");
    else if (quantity && quantity.isNegative() !== (action === "sell"))
      row.fail("Quantity", row.cell("Quantity"), `its sign disagrees with Buy/Sell ${side}`);
    const priceColumn = columns.has("TradePrice") ? "TradePrice" : "Price";
    const price = row.price(priceColumn);
    const commission = row.costs(
      ["IBCommission", "Commission", "Taxes", "Tax"].filter((c) => columns.has(c)),
      -1,
    );
    let multiplier = defaultMultiplier(assetType);
    if (row.has("Multiplier")) {
      const read = asDecimal(row.decimal("Multiplier", "money"));
      if (read?.gt(0)) multiplier = read.toFixed();
      else if (read) row.fail("Multiplier", row.cell("Multiplier"), "must be greater than 0");
    } else if (assetType === "future") row.fail("Multiplier", "", "missing: a future needs its multiplier");
    const account = row.cell("ClientAccountID") || row.cell("AccountAlias") || (options.accountId ?? "");
    const executionId = row.cell("IBExecID") || row.cell("ExecID") || row.cell("TradeID") || null;
    const orderId = row.cell("IBOrderID") || row.cell("OrderID") || null;
    if (row.has("FifoPnlRealized")) {
      const pnl = asDecimal(row.decimal("FifoPnlRealized", "money"));
      if (pnl && symbol) addReported(reported, account, symbol, pnl);
    }
    const currency = (row.cell("CurrencyPrimary") || row.cell("Currency")).toUpperCase() || null;
    const positionEffect = positionEffectOf(row.cell("Open/CloseIndicator") || row.cell("Code"));
    return row.fill({ date: when, symbol, action, quantity, price, commission }, () => ({
      positionEffect,
      accountId: account,
      executionId,
      orderId,
      assetType,
      multiplier,
      currency,
    }));
  };
  return Object.assign(read, { reportedPnl: () => reportedOf(reported) });
}

/** `20250303;094107`, `20250303;094107 EST`, `2025-03-03 09:41:07` or a date alone (TradeDate). */
function readFlexTime(row: RowReading, column: string, timeZone: string, now: Date) {
  const text = row.cell(column);
  const zoned = /^(.*\d)\s+([A-Z]{3})$/.exec(text);
  const zone = zoned ? ZONES[zoned[2] as string] : undefined;
  if (zoned && !zone) return row.fail(column, text, `unknown time zone '${zoned[2]}'`);
  const bare = (zoned ? (zoned[1] as string) : text).replace(
    /^(\d{4})(\d{2})(\d{2})[;, ]?(\d{2})(\d{2})(\d{2})$/,
    "$1-$2-$3 $4:$5:$6",
  );
  const dateOnly = bare.replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3");
  return row.date(column, zone ?? timeZone, now, dateOnly);
}
