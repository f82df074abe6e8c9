// Charles Schwab transactions, CSV (schwab.com: Accounts > History > Transactions, choose a date range, Export).
//   "Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"
// Older exports open with a title line (`"Transactions  for account Individual ...123 as of 05/03/2023 02:21:05 PM
// ET"`, repeated with its header for each account of a multi-account file) and close with a `"Transactions Total"`
// line; some end every line with a comma. Newer ones have the header alone, sometimes unquoted.
// What it holds and lacks: a date per row and no time of day (US/Eastern days; the file is newest first, so within a
// day the file's order is reversed to the order of execution), no execution or order ids, `Fees & Comm` as one cost.
// Traps handled:
// - `MM/DD/YYYY as of MM/DD/YYYY`: the `as of` date is the trade's, the first the day it was booked.
// - Money as `$1,259.59`, `-$3320.05`; quantities unsigned (a `Cash Merger`'s may be negative).
// - Actions are read from an allowlist: Buy, Sell, Sell Short, Buy to Cover, Buy/Sell to Open/Close, Reinvest Shares
//   (a buy), Cash Merger (the shares sold for the cash in `Amount`), Expired / Assigned / Exchange or Exercise (the
//   option closed at 0: its stock leg is its own Buy or Sell row and is never counted twice). Everything else
//   (dividends, interest, transfers, journals...) is skipped by name.
// - An expiry, assignment or exercise row does not say whether the option was long or short: the opening in the same
//   file decides (Buy to Open: it was long; Sell to Open: short); without one the row is refused, never guessed.
// - `Stock Split` and `Reverse Split` rows change a position's quantity and its cost per share: the journal's lots are
//   not rescaled by an import yet, so these rows are refused with a reason, never imported as trades at a made-up price.
// - Options `AAPL 04/17/2025 230.00 C`: stored as the OCC symbol, multiplier 100, quantity in contracts.
import type { AssetType } from "../db/schema.js";
import { Decimal } from "../domain/decimal.js";
import { brokerFill, columnIndex, headerScore, RowReading } from "./broker-rows.js";
import type { FileScan, ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseWrittenOption } from "./option-symbols.js";
import { type Action, type PositionEffect, PRICE_SCALE } from "./values.js";

const REQUIRED = ["Date", "Action", "Symbol", "Description", "Quantity", "Price", "Fees & Comm", "Amount"];

const TRADES: Record<string, { action: Action; effect: PositionEffect | null }> = {
  Buy: { action: "buy", effect: null },
  Sell: { action: "sell", effect: null },
  "Sell Short": { action: "sell", effect: "open" },
  "Buy to Cover": { action: "buy", effect: "close" },
  "Buy to Open": { action: "buy", effect: "open" },
  "Sell to Open": { action: "sell", effect: "open" },
  "Buy to Close": { action: "buy", effect: "close" },
  "Sell to Close": { action: "sell", effect: "close" },
  "Reinvest Shares": { action: "buy", effect: null },
  "Cash Merger": { action: "sell", effect: "close" },
};
const OPTION_ENDS = new Set(["Expired", "Assigned", "Exchange or Exercise"]);
const SPLITS = new Set(["Stock Split", "Reverse Split", "Stock Split Adj"]);

/** The first pass: which side each option was opened on in this file (Buy to Open / Sell to Open). */
class SchwabScan implements FileScan {
  readonly opened = new Map<string, Set<"long" | "short">>();
  /** The account named by the title line above the first header (the reader starts after that header). */
  firstAccount: string | undefined;
  private columns: Map<string, number> | undefined;

  record(record: string[]): void {
    const title = TITLE.exec((record[0] ?? "").replace(/^\uFEFF/, "").trim());
    if (title && !this.columns) this.firstAccount = title[1];
    if (headerScore(record, REQUIRED).score === 1) {
      this.columns = columnIndex(record);
      return;
    }
    if (!this.columns) return;
    const cell = (name: string) => (record[this.columns?.get(name) ?? -1] ?? "").trim();
    const action = cell("Action");
    const side = action === "Buy to Open" ? "long" : action === "Sell to Open" ? "short" : undefined;
    if (!side) return;
    const symbol = cell("Symbol");
    this.opened.set(symbol, (this.opened.get(symbol) ?? new Set()).add(side));
  }
}

const TITLE = /^Transactions\s+for account\s+(.*?)\s+as of\s/i;

export const schwabFormat: ImportFormat = {
  name: "schwab",
  description: "Charles Schwab transactions CSV (old layout with title and total lines, and the newer plain one)",
  recognises: 'header "Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"',
  defaultTimeZone: "America/New_York",
  newestFirst: true,
  hasExecutionIds: false,

  matchHeader: (header) => headerScore(header, REQUIRED),

  columnUse: () => ({
    Date: "date",
    Action: "side",
    Symbol: "symbol",
    Description: "not needed (the symbol says it)",
    Quantity: "quantity",
    Price: "price",
    "Fees & Comm": "commission",
    Amount: "cash of a Cash Merger (else not needed: quantity x price less costs)",
  }),

  scanFile: () => new SchwabScan(),

  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const scan = options.scan instanceof SchwabScan ? options.scan : new SchwabScan();
    const now = options.now ?? new Date();
    let account = options.accountId ?? scan.firstAccount ?? "";
    return (record: string[], line: number): RowResult => {
      const first = (record[0] ?? "").trim();
      const title = TITLE.exec(first);
      if (title) {
        account = options.accountId ?? (title[1] as string);
        return { kind: "skip", reason: "title line" };
      }
      if (/^Transactions Total$/i.test(first)) return { kind: "skip", reason: "total line" };
      if (headerScore(record, REQUIRED).score === 1) return { kind: "skip", reason: "section header" };
      const row = new RowReading(line, columns, record);
      const actionText = row.cell("Action");
      if (record.every((c) => c.trim() === "")) return { kind: "skip", reason: "blank row" };
      if (SPLITS.has(actionText)) {
        row.fail(
          "Action",
          actionText,
          "a split changes the quantity and the cost per share of the lots held: not imported (the journal does not rescale lots yet); record it by hand",
        );
        return { kind: "error", errors: row.errors };
      }
      const trade = TRADES[actionText];
      const ending = OPTION_ENDS.has(actionText);
      if (!trade && !ending) return { kind: "skip", reason: `non-trade row (${actionText || "no action"})` };

      const raw = row.cell("Symbol");
      const contract = parseWrittenOption(raw);
      const assetType: AssetType = contract ? "option" : "stock";
      const symbol = contract ? row.option("Symbol", raw, contract) : row.symbol("Symbol", raw);
      const dateText = row.cell("Date");
      const asOf = /\bas of\s+(\S+)$/.exec(dateText);
      const when = row.date("Date", asOf ? (asOf[1] as string) : dateText, options.timeZone, now);
      const quantity = row.quantity("Quantity");
      const commission = row.costs(["Fees & Comm"], 0);
      let action = trade?.action;
      let effect = trade?.effect ?? null;
      let price: string | undefined;
      if (ending) {
        // Closed at 0: an expiry is worthless; an assignment's or exercise's value is in its stock row.
        price = "0";
        effect = "close";
        if (assetType !== "option") row.fail("Symbol", raw, `${actionText} of something that is not an option`);
        const sides = scan.opened.get(raw);
        if (sides?.size === 1) action = sides.has("long") ? "sell" : "buy";
        else
          row.fail(
            "Action",
            actionText,
            sides
              ? "the option was opened both long and short in this file: cannot tell which this closes"
              : "the option's opening is not in this file, so whether it closed a long or a short is unknown: import the export that holds the opening with it",
          );
      } else if (actionText === "Cash Merger") {
        const amount = row.money("Amount");
        if (amount && quantity) {
          const exact = amount.abs().dividedBy(quantity.abs());
          price = exact.toDecimalPlaces(PRICE_SCALE, Decimal.ROUND_HALF_UP).toFixed();
          if (!exact.eq(price)) row.rounded.push("price");
        }
      } else price = row.price("Price");
      return row.result(() =>
        brokerFill({
          executedAt: (when as { instant: Date }).instant,
          dateOnly: true,
          symbol: symbol as string,
          action: action as Action,
          positionEffect: effect,
          quantity: (quantity as Decimal).abs().toFixed(),
          price: price as string,
          commission: commission as string,
          accountId: account,
          assetType,
          details: actionText === "Buy" || actionText === "Sell" ? {} : { action: actionText },
        }),
      );
    };
  },
};
