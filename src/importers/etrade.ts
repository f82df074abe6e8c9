// E*TRADE transaction history. Web: Accounts > Transactions > (filter) > Download, CSV. Two layouts:
// - "transactions" (2025 on, DownloadTxnHistory.csv): a preamble (`All Transactions Activity Types`, blank,
//   `Account Activity for <name> -1234 from Current Year`, blank, `Total:,-18247.05`, blank), then
//   Activity/Trade Date,Transaction Date,Settlement Date,Activity Type,Description,Symbol,Cusip,Quantity #,Price $,
//   Amount $,Commission,Category,Note
//   and a quoted disclaimer footer. `--` means not applicable.
// - "legacy": `For Account:,####3525`, blank, then
//   TransactionDate,TransactionType,SecurityType,Symbol,Quantity,Amount,Price,Commission,Description
//   (SecurityType EQ, OPTN, MF).
// Both: dates `MM/DD/YY`, no time of day (the file's order is kept within a day; days in New York time); a signed
// quantity (negative for a sale); `Amount` is the signed net cash, so a fill's cost (commission and the SEC/TAF fees
// E*TRADE shows only in it) is Amount against quantity x price x multiplier; `Commission` is used where Amount is `--`.
// Activity types read as fills: Bought, Sold (closes only), Sold Short, Bought To Cover, Bought To Open, Sold To Close,
// Sold To Open, Bought To Close; for an option E*TRADE writes a sell to open as `Sold Short` and a buy to close as
// `Bought To Cover`, which read the same way. Option Expired / Option Assigned / Option Exercised close the option at
// price 0, the side from the quantity's sign; the shares an assignment or exercise delivers are E*TRADE's own
// Bought/Sold row at the strike, read like any other, so nothing is counted twice. Dividends, interest, transfers,
// adjustments... are skipped, counted by type.
// Options: the description is fixed-width words `PUT  TSLA   02/28/25   370.000` (right, root, expiry, strike); stored
// as the OCC symbol with multiplier 100, quantity in contracts, price per share. The account number is in the
// preamble only: give --account.
import { Decimal } from "../domain/decimal.js";
import { defaultMultiplier } from "../domain/trade-vocabulary.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseOccSymbol, parseWrittenOption } from "./option-symbols.js";
import {
  checkedFill,
  columnIndex,
  columnUseIn,
  costFromNet,
  isBlankRecord,
  isNoteRecord,
  type Layout,
  matchLayouts,
  RowReading,
} from "./row-reading.js";

interface Columns {
  date: string;
  type: string;
  description: string;
  symbol: string;
  quantity: string;
  price: string;
  amount: string;
  commission: string;
  securityType?: string;
}

const TRANSACTIONS: Layout & { fields: Columns } = {
  name: "transactions",
  columns: [
    "Activity/Trade Date",
    "Transaction Date",
    "Settlement Date",
    "Activity Type",
    "Description",
    "Symbol",
    "Cusip",
    "Quantity #",
    "Price $",
    "Amount $",
    "Commission",
    "Category",
    "Note",
  ],
  required: ["Activity/Trade Date", "Activity Type", "Description", "Symbol", "Quantity #", "Price $", "Amount $"],
  preamble: /^(All Transactions Activity Types|Account Activity for )/i,
  fields: {
    date: "Activity/Trade Date",
    type: "Activity Type",
    description: "Description",
    symbol: "Symbol",
    quantity: "Quantity #",
    price: "Price $",
    amount: "Amount $",
    commission: "Commission",
  },
};

const LEGACY: Layout & { fields: Columns } = {
  name: "legacy",
  columns: [
    "TransactionDate",
    "TransactionType",
    "SecurityType",
    "Symbol",
    "Quantity",
    "Amount",
    "Price",
    "Commission",
    "Description",
  ],
  required: ["TransactionDate", "TransactionType", "SecurityType", "Symbol", "Quantity", "Amount", "Price"],
  preamble: /^For Account:/i,
  fields: {
    date: "TransactionDate",
    type: "TransactionType",
    description: "Description",
    symbol: "Symbol",
    quantity: "Quantity",
    price: "Price",
    amount: "Amount",
    commission: "Commission",
    securityType: "SecurityType",
  },
};

const LAYOUTS = [TRANSACTIONS, LEGACY];

const USE_TRANSACTIONS = {
  "Activity/Trade Date": "date",
  "Transaction Date": "not a fill time (posting date)",
  "Settlement Date": "not a fill time (settlement date)",
  "Activity Type": "side",
  Description: "option contract",
  Symbol: "symbol",
  Cusip: "security id",
  "Quantity #": "quantity",
  "Price $": "price",
  "Amount $": "commission and fees (net amount less quantity x price)",
  Commission: "commission (where Amount $ is --)",
  Category: "note",
  Note: "note",
};
const USE_LEGACY = {
  TransactionDate: "date",
  TransactionType: "side",
  SecurityType: "asset type",
  Symbol: "symbol",
  Quantity: "quantity",
  Amount: "commission and fees (net amount less quantity x price)",
  Price: "price",
  Commission: "commission (where Amount is --)",
  Description: "option contract",
};

type Kind = { action?: "buy" | "sell"; effect: "open" | "close" | null; removal?: boolean };
const TYPES: Record<string, Kind> = {
  bought: { action: "buy", effect: null },
  sold: { action: "sell", effect: null },
  "sold short": { action: "sell", effect: "open" },
  "bought to cover": { action: "buy", effect: "close" },
  "bought to open": { action: "buy", effect: "open" },
  "sold to close": { action: "sell", effect: "close" },
  "sold to open": { action: "sell", effect: "open" },
  "bought to close": { action: "buy", effect: "close" },
  "option expired": { effect: "close", removal: true },
  "option assigned": { effect: "close", removal: true },
  "option exercised": { effect: "close", removal: true },
};

/** `PUT  TSLA   02/28/25   370.000`: right, root, expiry, strike. */
function contractOf(description: string) {
  const words = description.trim().split(/\s+/);
  const [right = "", root = "", expiry = "", strike = ""] = words;
  if (/^(CALL|PUT)$/i.test(right) && words.length >= 4)
    return parseWrittenOption(`${root} ${expiry} ${strike} ${right}`);
  return parseOccSymbol(description) ?? parseWrittenOption(description);
}

export const etradeFormat: ImportFormat = {
  name: "etrade",
  description: "E*TRADE transaction history (2025 layout and the legacy one)",
  recognises:
    "headers Activity/Trade Date, Activity Type, Quantity #, Price $, Amount $ (or legacy TransactionDate, TransactionType, SecurityType); preamble `All Transactions Activity Types` / `For Account:`",
  layouts: LAYOUTS.map((l) => ({ name: l.name, recognises: l.columns.join(", ") })),
  defaultTimeZone: "America/New_York",
  hasExecutionIds: false,
  matchHeader: (header, _mapping, preamble) => matchLayouts(header, LAYOUTS, preamble),
  columnUse: (header) =>
    columnUseIn(header, matchLayouts(header, LAYOUTS).chosen === LEGACY ? USE_LEGACY : USE_TRANSACTIONS),
  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const f = (matchLayouts(header, LAYOUTS).chosen as typeof TRANSACTIONS).fields;
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      if (isNoteRecord(record)) return { kind: "skip", reason: "footer or note row" };
      const row = new RowReading(line, record, { header, names: columns });
      const typeText = row.cell(f.type);
      const kind = TYPES[typeText.toLowerCase().replace(/\s+/g, " ")];
      if (!kind) return { kind: "skip", reason: `non-trade row (${typeText || "no type"})` };

      const date = row.date(f.date, options.timeZone, now);
      const signed = row.decimal(f.quantity, "quantity");
      const quantity = signed?.replace(/^-/, "");
      // An expiry, assignment or exercise says its side by its sign: +1 buys a short back, -1 sells a long.
      const action = kind.action ?? (signed?.startsWith("-") ? "sell" : "buy");
      const description = row.cell(f.description);
      const securityType = f.securityType ? row.cell(f.securityType).toUpperCase() : "";
      const isOption = securityType === "OPTN" || /^(CALL|PUT)\s/i.test(description);
      const symbol = isOption
        ? row.option(f.description, description, contractOf(description) ?? contractOf(row.cell(f.symbol)), "format")
        : row.cell(f.symbol).toUpperCase();
      const multiplier = defaultMultiplier(isOption ? "option" : "stock");
      const price = kind.removal ? "0" : row.magnitude(f.price, "price");
      let commission: string | undefined = "0";
      if (!kind.removal && quantity !== undefined && price !== undefined) {
        commission = row.has(f.amount)
          ? costFromNet(row, f.amount, action, new Decimal(quantity).times(price).times(multiplier), row.cell(f.amount))
          : row.has(f.commission)
            ? row.magnitude(f.commission, "cost")
            : "0";
      }
      return checkedFill(row, options, { date, symbol, action, quantity, price, commission }, () => ({
        positionEffect: kind.effect,
        assetType: isOption ? "option" : "stock",
        details: { activityType: typeText },
      }));
    };
  },
};
