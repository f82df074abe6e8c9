// Fidelity account history, CSV (fidelity.com: Accounts & Trade > Activity & Orders > History, choose a range,
// Download). Four header variants, all read by name:
//   A  Run Date,[Account,]Action,Symbol,Security Description,Security Type,Quantity,Price ($),Commission ($),Fees ($),
//      Accrued Interest ($),Amount ($),Settlement Date            (the all-accounts download adds `Account`)
//   B  Run Date,Action,Symbol,Description,Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),
//      Amount ($),Cash Balance ($),Settlement Date
//   C  Run Date,Account,Account Number,Action,Symbol,Description,Type,Price ($),Quantity,Commission ($),Fees ($),...
//   D  Run Date,Account,Account Number,Action,Symbol,Description,Type,Exchange Quantity,Exchange Currency,Currency,
//      Price,Quantity,Exchange Rate,Commission,Fees,Accrued Interest,Amount,Settlement Date      (late 2025)
// What it holds and lacks: a date per row, no time of day (US/Eastern days, newest first: the file's order is
// reversed within a day), no execution or order ids, commission and fees as two columns (summed).
// Traps handled:
// - 0-5 blank lines before the header; a footer of a blank line, quoted disclaimer lines and `Date downloaded ...`
//   (rows with text in one cell only, skipped as footer text). Values may have leading spaces.
// - `Action` is a sentence: `YOU BOUGHT <NAME> (TICKER) (Cash)`, `YOU SOLD ...`, `YOU BOUGHT OPENING TRANSACTION CALL
//   ...`, `YOU SOLD CLOSING TRANSACTION ...`; `REINVESTMENT ...` is a buy. OPENING / CLOSING say the position effect;
//   a stock sold short has `Type` (or `Security Type`) Short (its sale opens, its buy covers). `EXPIRED ...` / `ASSIGNED ...` close the
//   option at 0 on the side the signed quantity gives (negative: a long closed by a sale); the stock of an assignment
//   is its own YOU BOUGHT / YOU SOLD row and is not counted twice. Every other action is skipped by its first words.
// - Quantities are signed (sales negative): the sentence gives the side, the sign only has to agree.
// - Options `-MU250117P100` (a leading dash, the strike as written): stored as the OCC symbol, multiplier 100.
// - Core money-market positions (SPAXX, FDRXX, FZFXX, SPRXX, FCASH) and rows without a symbol are cash, not trades.
import type { AssetType } from "../db/schema.js";
import type { Action, PositionEffect } from "./cell-readers.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseFidelityOption } from "./option-symbols.js";
import { asDecimal, columnIndex, RowReading } from "./row-reading.js";

const MONEY_MARKET = new Set(["SPAXX", "FDRXX", "FZFXX", "SPRXX", "FCASH", "CORE"]);

/** The first of the names the header has (`Price ($)` in the older layouts, `Price` in the newest). */
const pick = (columns: Map<string, number>, ...names: string[]) => names.find((n) => columns.has(n));

function match(header: string[]) {
  const columns = columnIndex(header);
  const needs: [string, string | undefined][] = [
    ["Run Date", pick(columns, "Run Date")],
    ["Action", pick(columns, "Action")],
    ["Symbol", pick(columns, "Symbol")],
    ["Quantity", pick(columns, "Quantity")],
    ["Price ($) or Price", pick(columns, "Price ($)", "Price")],
  ];
  const missing = needs.filter(([, found]) => !found).map(([name]) => name);
  return { score: (needs.length - missing.length) / needs.length, missing };
}

const USE: [string, string][] = [
  ["Run Date", "date"],
  ["Account Number", "account"],
  ["Action", "side"],
  ["Symbol", "symbol"],
  ["Quantity", "quantity"],
  ["Price ($)", "price"],
  ["Price", "price"],
  ["Commission ($)", "commission"],
  ["Commission", "commission"],
  ["Fees ($)", "fees"],
  ["Fees", "fees"],
  ["Type", "short sale when 'Short'"],
  ["Security Type", "short sale when 'Short'"],
  ["Amount ($)", "not needed (quantity x price less costs)"],
  ["Amount", "not needed (quantity x price less costs)"],
  ["Cash Balance ($)", "not needed"],
  ["Accrued Interest ($)", "not needed (bonds)"],
  ["Accrued Interest", "not needed (bonds)"],
  ["Settlement Date", "not needed (the trade date is Run Date)"],
  ["Exchange Quantity", "not needed"],
  ["Exchange Rate", "not needed"],
];

export const fidelityFormat: ImportFormat = {
  name: "fidelity",
  description: "Fidelity account history CSV (four header variants, single account or all accounts)",
  recognises: "header Run Date, Action, Symbol, Quantity, Price ($) or Price (Account, Commission, Fees...)",
  defaultTimeZone: "America/New_York",
  newestFirst: true,
  hasExecutionIds: false,

  matchHeader: (header) => match(header),

  columnUse(header) {
    const columns = columnIndex(header);
    const use: Record<string, string> = {};
    for (const [name, field] of USE) if (columns.has(name)) use[name] = field;
    if (columns.has("Account") && !columns.has("Account Number")) use.Account = "account";
    return use;
  },

  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const now = options.now ?? new Date();
    const priceColumn = pick(columns, "Price ($)", "Price") as string;
    const costColumns = ["Commission ($)", "Fees ($)", "Commission", "Fees"].filter((c) => columns.has(c));
    return (record: string[], line: number): RowResult => {
      const filled = record.filter((c) => c.trim() !== "").length;
      if (filled === 0) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { names: columns });
      const actionText = row.cell("Action").replace(/\s+/g, " ");
      if (filled === 1 && actionText === "") return { kind: "skip", reason: "footer text" };
      const raw = row.cell("Symbol");
      const read = readAction(actionText);
      if (!read) return { kind: "skip", reason: `non-trade row (${actionText.split(" ").slice(0, 2).join(" ")})` };
      if (raw === "" || MONEY_MARKET.has(raw.toUpperCase()))
        return { kind: "skip", reason: "money market or cash (core position)" };
      const contract = raw.startsWith("-") ? parseFidelityOption(raw) : null;
      const assetType: AssetType = raw.startsWith("-") ? "option" : "stock";
      const symbol = assetType === "option" ? row.option("Symbol", raw, contract) : row.symbol("Symbol", raw);
      const when = row.date("Run Date", options.timeZone, now, row.cell("Run Date"));
      const quantity = asDecimal(row.quantity("Quantity"));
      let action = read.action;
      if (action === undefined && quantity) action = quantity.isNegative() ? "sell" : "buy";
      else if (quantity && quantity.isNegative() !== (action === "sell"))
        row.fail("Quantity", row.cell("Quantity"), `its sign disagrees with '${actionText}'`);
      let effect = read.effect;
      const short = [row.cell("Type"), row.cell("Security Type")].some((t) => t.toLowerCase() === "short");
      if (effect === null && short) effect = action === "sell" ? "open" : "close";
      const price = read.atZero ? "0" : row.price(priceColumn);
      const commission = row.costs(costColumns, 0);
      const account = row.cell("Account Number") || row.cell("Account") || (options.accountId ?? "");
      const details = { action: actionText };
      const fill = { date: when, symbol, action, quantity, price, commission };
      return row.fill(fill, () => ({ dateOnly: true, positionEffect: effect, accountId: account, assetType, details }));
    };
  },
};

/** The trade an Action sentence states, or null for a non-trade row. */
function readAction(
  text: string,
): { action: Action | undefined; effect: PositionEffect | null; atZero: boolean } | null {
  const upper = text.toUpperCase();
  const effect = /\bOPENING TRANSACTION\b/.test(upper)
    ? "open"
    : /\bCLOSING TRANSACTION\b/.test(upper)
      ? "close"
      : null;
  if (upper.startsWith("YOU BOUGHT") || upper.startsWith("REINVESTMENT"))
    return { action: "buy", effect, atZero: false };
  if (upper.startsWith("YOU SOLD")) return { action: "sell", effect, atZero: false };
  // The side of an expiry or assignment is the quantity's sign.
  if (upper.startsWith("EXPIRED") || upper.startsWith("ASSIGNED"))
    return { action: undefined, effect: "close", atZero: true };
  return null;
}
