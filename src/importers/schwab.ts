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
// - Splits [inferred from public parsers and Schwab's help; no layout detail confirmed]: `Stock Split` / `Forward Split`
//   with Quantity = the shares received (forward), `Reverse Split` with a negative Quantity = the shares taken away. Each
//   is stored as a split fill (price 0, no commission) that rescales the open lots at its date (domain/fifo.ts): the
//   ratio comes from the position held, never from the Description. Refused with a reason: a forward split that takes
//   shares away or a reverse split that adds them (the two-row form of a reverse split, old shares out and new ones
//   in, often under a CUSIP, is not read), a split of an option, and `Stock Split Adj`.
// - Options `AAPL 04/17/2025 230.00 C`: stored as the OCC symbol, multiplier 100, quantity in contracts.
import type { AssetType } from "../db/schema.js";
import { Decimal } from "../domain/decimal.js";
import { type Action, type PositionEffect, PRICE_SCALE } from "./cell-readers.js";
import type { FileScan, ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseWrittenOption } from "./option-symbols.js";
import { asDecimal, columnIndex, headerScore, RowReading } from "./row-reading.js";

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
/** Split actions and the sign their Quantity must have: + shares received, - shares taken away. */
const SPLITS: Record<string, 1 | -1> = { "Stock Split": 1, "Forward Split": 1, "Reverse Split": -1 };

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
      const row = new RowReading(line, record, { names: columns });
      const actionText = row.cell("Action");
      if (record.every((c) => c.trim() === "")) return { kind: "skip", reason: "blank row" };
      if (actionText === "Stock Split Adj") {
        row.fail("Action", actionText, "a split adjustment row is not read: record the change by hand");
        return { kind: "error", errors: row.errors };
      }
      const splitSign = SPLITS[actionText];
      if (splitSign !== undefined) return splitRow(row, splitSign, account, options.timeZone, now);
      const trade = TRADES[actionText];
      const ending = OPTION_ENDS.has(actionText);
      if (!trade && !ending) return { kind: "skip", reason: `non-trade row (${actionText || "no action"})` };

      const raw = row.cell("Symbol");
      const contract = parseWrittenOption(raw);
      const assetType: AssetType = contract ? "option" : "stock";
      const symbol = contract ? row.option("Symbol", raw, contract) : row.symbol("Symbol", raw);
      const dateText = row.cell("Date");
      const asOf = /\bas of\s+(\S+)$/.exec(dateText);
      const when = row.date("Date", options.timeZone, now, asOf ? (asOf[1] as string) : dateText);
      const quantity = asDecimal(row.quantity("Quantity"));
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
        const amount = asDecimal(row.decimal("Amount", "money"));
        if (amount && quantity) {
          const exact = amount.abs().dividedBy(quantity.abs());
          price = exact.toDecimalPlaces(PRICE_SCALE, Decimal.ROUND_HALF_UP).toFixed();
          if (!exact.eq(price)) row.rounded.push("price");
        }
      } else price = row.price("Price");
      const details: Record<string, string> =
        actionText === "Buy" || actionText === "Sell" ? {} : { action: actionText };
      const fill = { date: when, symbol, action, quantity, price, commission };
      return row.fill(fill, () => ({ dateOnly: true, positionEffect: effect, accountId: account, assetType, details }));
    };
  },
};

/** A split row: the shares it adds (buy) or takes away (sell) as a split fill, or the row's errors. */
function splitRow(row: RowReading, sign: 1 | -1, account: string, timeZone: string, now: Date): RowResult {
  const actionText = row.cell("Action");
  const raw = row.cell("Symbol");
  if (parseWrittenOption(raw))
    row.fail("Symbol", raw, "a split of an option contract is not applied: record it by hand");
  const symbol = row.symbol("Symbol", raw);
  const dateText = row.cell("Date");
  const asOf = /\bas of\s+(\S+)$/.exec(dateText);
  const when = row.date("Date", timeZone, now, asOf ? (asOf[1] as string) : dateText);
  const quantity = asDecimal(row.quantity("Quantity"));
  if (quantity && quantity.s !== sign)
    row.fail(
      "Quantity",
      row.cell("Quantity"),
      sign === 1
        ? "a forward split that takes shares away: not applied"
        : "a reverse split that adds shares (the row of new shares of a two-row reverse split is not read): not applied",
    );
  const split = {
    action: sign === 1 ? "buy" : "sell",
    positionEffect: "split",
    price: "0",
    commission: "0.00",
  } as const;
  return row.fill({ date: when, symbol, quantity }, () => ({
    ...split,
    dateOnly: true,
    accountId: account,
    details: { action: actionText },
  }));
}
