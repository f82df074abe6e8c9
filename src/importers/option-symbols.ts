// One name for one option contract, whichever broker wrote it. Brokers spell the same contract as a padded OCC
// symbol (`SPY   250825P00643000`), an unpadded one (`SPY250825P00643000`), with a leading dash (Fidelity's
// `-MU250117P100`), or in words (`AAPL 04/17/2025 230.00 C`, `AAPL 28MAR25 222.5 C`, `TSLA 3/21/2025 Put $240.00`).
// The journal stores the unpadded OCC form (root, yymmdd, C or P, the strike in thousandths on eight digits): it is
// what the exchanges' clearing house prints, it sorts by expiry, and it fits the symbol column (20 characters) for
// every root of up to five characters. A six-character root (some adjusted contracts) would make 21: `optionSymbol`
// reports that as an error instead of cutting the symbol.
import { Decimal } from "../domain/decimal.js";

export interface OptionContract {
  /** The underlying's root, upper-cased: `AAPL`, `BRK.B` is written `BRKB` by OCC. */
  root: string;
  /** The expiry day, as YYYY-MM-DD. */
  expiry: string;
  right: "C" | "P";
  /** The strike as a decimal string, as written (`222.5`, `100`). */
  strike: string;
}

/** The longest symbol the journal stores (trades.symbol, executions.symbol). */
const SYMBOL_LIMIT = 20;

/** The unpadded OCC symbol of a contract, or a reason it cannot be written exactly. */
export function optionSymbol(contract: OptionContract): { symbol: string } | { error: string } {
  const root = contract.root.replace(/[\s.]/g, "").toUpperCase();
  if (!/^[A-Z0-9]{1,6}$/.test(root)) return { error: `'${contract.root}' is not an option root` };
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(contract.expiry);
  if (!day || !validDay(Number(day[1]), Number(day[2]), Number(day[3])))
    return { error: `'${contract.expiry}' is not an expiry date` };
  const strike = new Decimal(contract.strike);
  const thousandths = strike.times(1000);
  if (!thousandths.isInteger() || thousandths.lte(0) || thousandths.gte(1e8))
    return { error: `strike '${contract.strike}' cannot be written in an OCC symbol (0.001 to 99999.999)` };
  const [, year = "", month = "", date = ""] = day;
  const symbol = `${root}${year.slice(2)}${month}${date}${contract.right}${thousandths.toFixed(0).padStart(8, "0")}`;
  if (symbol.length > SYMBOL_LIMIT)
    return { error: `the option symbol ${symbol} is longer than ${SYMBOL_LIMIT} characters (root '${root}')` };
  return { symbol };
}

/** The contract an OCC symbol names, padded (`SPY   250825P00643000`), unpadded, or with a leading `-` or `.`. */
export function parseOccSymbol(text: string): OptionContract | null {
  const match = /^[-.]?([A-Z0-9.]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/.exec(text.trim().toUpperCase());
  if (!match) return null;
  const [, root = "", yy = "", mm = "", dd = "", right = "", strike = ""] = match;
  const expiry = `20${yy}-${mm}-${dd}`;
  if (!validDay(Number(`20${yy}`), Number(mm), Number(dd))) return null;
  return { root, expiry, right: right as "C" | "P", strike: new Decimal(strike).dividedBy(1000).toFixed() };
}

/**
 * Fidelity's short form: `-MU250117P100` (root, yymmdd, C or P, the strike as written: `-SPY250117C450.5`).
 * The leading dash is Fidelity's mark of an option; without it the text is not taken for one.
 */
export function parseFidelityOption(text: string): OptionContract | null {
  const match = /^-([A-Z0-9.]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d+(?:\.\d+)?)$/.exec(text.trim().toUpperCase());
  if (!match) return null;
  const [, root = "", yy = "", mm = "", dd = "", right = "", strike = ""] = match;
  if (!validDay(Number(`20${yy}`), Number(mm), Number(dd))) return null;
  return { root, expiry: `20${yy}-${mm}-${dd}`, right: right as "C" | "P", strike: new Decimal(strike).toFixed() };
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/**
 * A contract in words: `ROOT EXPIRY STRIKE RIGHT` or `ROOT EXPIRY RIGHT STRIKE`, where EXPIRY is `04/17/2025`,
 * `4/17/25`, `28MAR25`, `28 MAR 25`, `MAR 28 2025` or `2025-04-17`, RIGHT is `C`, `P`, `CALL`, `PUT` (any case), and
 * the strike may carry a `$`. Schwab, IBKR statements, E*TRADE, Robinhood and Webull descriptions use these.
 */
export function parseWrittenOption(text: string): OptionContract | null {
  const words = text.trim().toUpperCase().replace(/\$/g, "").split(/\s+/);
  if (words.length < 4) return null;
  const root = words[0] ?? "";
  if (!/^[A-Z0-9.]{1,6}$/.test(root)) return null;
  const rest = words.slice(1);
  const right = rest.findIndex((w) => w === "C" || w === "P" || w === "CALL" || w === "PUT");
  if (right < 0) return null;
  const rightLetter = rest[right]?.startsWith("C") ? "C" : "P";
  const others = rest.filter((_, i) => i !== right);
  const strikeIndex = others.length - 1;
  const strike = others[strikeIndex] ?? "";
  if (!/^\d+(\.\d+)?$/.test(strike)) return null;
  const expiry = readExpiry(others.slice(0, strikeIndex));
  if (!expiry) return null;
  return { root, expiry, right: rightLetter, strike: new Decimal(strike).toFixed() };
}

/**
 * A contract given as its parts in separate columns (the generic reader's Underlying, Expiry, Strike, Right): the
 * expiry in any spelling readExpiry knows or as `20240315`, the right as `C`/`P`/`Call`/`Put`, the strike with an
 * optional `$`. The stored symbol is then the same unpadded OCC symbol a broker's module writes for the contract.
 */
export function optionFromParts(parts: {
  underlying: string;
  expiry: string;
  strike: string;
  right: string;
}): { symbol: string } | { error: string } {
  const right = parts.right.trim().toUpperCase();
  if (!/^(C|P|CALL|PUT)$/.test(right)) return { error: `'${parts.right}' is not an option right (C, P, Call, Put)` };
  const expiryText = parts.expiry.trim().toUpperCase();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(expiryText);
  const expiry = readExpiry((compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : expiryText).split(/\s+/));
  if (!expiry) return { error: `'${parts.expiry}' is not an expiry date` };
  const strike = parts.strike.trim().replace(/^\$/, "");
  if (!/^\d+(\.\d+)?$/.test(strike)) return { error: `'${parts.strike}' is not a strike price` };
  return optionSymbol({ root: parts.underlying, expiry, right: right.startsWith("C") ? "C" : "P", strike });
}

/** The spellings of an expiry, each turned into year, month and day. */
const EXPIRY_SPELLINGS: { pattern: RegExp; ymd: (m: string[]) => (string | undefined)[] }[] = [
  { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/, ymd: (m) => [m[3], m[1], m[2]] },
  { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, ymd: (m) => [m[1], m[2], m[3]] },
  { pattern: /^(\d{1,2}) ?([A-Z]{3}) ?(\d{2}|\d{4})$/, ymd: (m) => [m[3], m[2], m[1]] },
  { pattern: /^([A-Z]{3}) (\d{1,2}),? (\d{4})$/, ymd: (m) => [m[3], m[1], m[2]] },
];

/** An expiry written as one to three words; null when it is not one of the known spellings. */
function readExpiry(words: string[]): string | null {
  const text = words.join(" ");
  for (const spelling of EXPIRY_SPELLINGS) {
    const match = spelling.pattern.exec(text);
    if (!match) continue;
    const [year = "", month = "", day = ""] = spelling.ymd(match);
    const y = Number(year.length === 2 ? `20${year}` : year);
    const m = /^\d+$/.test(month) ? Number(month) : MONTHS.indexOf(month) + 1;
    const d = Number(day);
    if (!validDay(y, m, d)) return null;
    return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  return null;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
