// Futures contracts: a platform's contract notation read into one canonical symbol, and the contract's point value
// from the table (built-in rows, then the user's own). Pure: no SQL, no printing.
//
// Canonical form: ROOT + month code + two-digit year, `ESZ25` (the CME month codes F G H J K M N Q U V X Z). Every
// notation below becomes it, so one contract is one symbol whichever platform's file it came from:
//   ESZ5 / ESZ25 / ESZ2025   Tradovate, TradeStation, IBKR (one-, two- or four-digit year)
//   /ESZ25, /ESZ5, /ESZ25:XCME   thinkorswim, tastytrade
//   ES 12-25                 NinjaTrader 8 (month-year)
//   ES DEC25, ES DEC 25      NinjaTrader 8 (other locales), IBKR descriptions
// A one-digit year is the year nearest the fill date with that last digit (a tie goes to the later year: contracts
// are traded before they expire). A continuous symbol (`@ES`, `ES1!`) names no contract: it keeps the root alone.
import { DateTime } from "luxon";
import { BUILT_IN_CONTRACTS, type ContractSpec } from "./futures-contracts.js";

export type { ContractSpec } from "./futures-contracts.js";

/** Root -> contract: the built-in rows with the user's overrides and additions laid over them. */
export type FuturesTable = ReadonlyMap<string, ContractSpec>;

export const MONTH_CODES = "FGHJKMNQUVXZ";
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

export interface FutureContract {
  root: string;
  /** 1-12, or null for a continuous symbol. */
  month: number | null;
  year: number | null;
  /** `ESZ25`, or the root for a continuous symbol. */
  symbol: string;
}

const ROOT = "[A-Z0-9]{1,4}?";
const CODED = new RegExp(`^(${ROOT})([${MONTH_CODES}])(\\d|\\d{2}|\\d{4})$`);
const NUMERIC_MONTH = /^([A-Z0-9]{1,4}) (\d{1,2})-(\d{2}|\d{4})$/;
const NAMED_MONTH = /^([A-Z0-9]{1,4}) ([A-Z]{3}) ?(\d{2}|\d{4})$/;
const CONTINUOUS = /^@([A-Z0-9]{1,4})$|^([A-Z0-9]{1,4})1!$/;
const ROOT_ONLY = /^[A-Z][A-Z0-9]{0,3}$|^[0-9][A-Z][A-Z0-9]{0,2}$/;

/**
 * A contract from any platform's notation; undefined when the text is not one. `known` (the table's roots) settles
 * a root that could end in a month letter: the longest known root that leaves a month and year wins.
 */
export function parseFutureSymbol(text: string, fillDate: Date, known?: FuturesTable): FutureContract | undefined {
  let raw = text.trim().toUpperCase().replace(/\s+/g, " ");
  if (raw.startsWith("/")) raw = raw.slice(1);
  raw = raw.replace(/:[A-Z]+$/, "");
  const continuous = CONTINUOUS.exec(raw);
  if (continuous) {
    const root = (continuous[1] ?? continuous[2]) as string;
    return { root, month: null, year: null, symbol: root };
  }
  const numeric = NUMERIC_MONTH.exec(raw);
  if (numeric) return contract(numeric[1] as string, Number(numeric[2]), numeric[3] as string, fillDate);
  const named = NAMED_MONTH.exec(raw);
  if (named) {
    const month = MONTH_NAMES.indexOf(named[2] as string) + 1;
    if (month > 0) return contract(named[1] as string, month, named[3] as string, fillDate);
  }
  if (known) {
    for (let length = Math.min(raw.length - 2, 4); length >= 1; length--) {
      const root = raw.slice(0, length);
      if (!known.has(root)) continue;
      const rest = /^([A-Z])(\d|\d{2}|\d{4})$/.exec(raw.slice(length));
      if (rest) {
        const month = MONTH_CODES.indexOf(rest[1] as string) + 1;
        if (month > 0) return contract(root, month, rest[2] as string, fillDate);
      }
    }
  }
  const coded = CODED.exec(raw);
  if (coded) {
    return contract(coded[1] as string, MONTH_CODES.indexOf(coded[2] as string) + 1, coded[3] as string, fillDate);
  }
  return undefined;
}

function contract(root: string, month: number, yearText: string, fillDate: Date): FutureContract | undefined {
  if (month < 1 || month > 12) return undefined;
  const year = resolveYear(yearText, fillDate);
  return { root, month, year, symbol: `${root}${MONTH_CODES[month - 1]}${String(year % 100).padStart(2, "0")}` };
}

/** A one-digit year is the nearest year ending in it (ties: the later); two digits are 20xx; four are themselves. */
export function resolveYear(text: string, fillDate: Date): number {
  if (text.length === 4) return Number(text);
  if (text.length === 2) return 2000 + Number(text);
  const fillYear = DateTime.fromJSDate(fillDate, { zone: "UTC" }).year;
  const digit = Number(text);
  const base = fillYear - (fillYear % 10) + digit;
  const candidates = [base - 10, base, base + 10];
  let best = base;
  for (const year of candidates) {
    const distance = Math.abs(year - fillYear);
    const bestDistance = Math.abs(best - fillYear);
    if (distance < bestDistance || (distance === bestDistance && year > best)) best = year;
  }
  return best;
}

/** The built-in table with the user's rows laid over it. */
export function futuresTable(userRows: Iterable<[string, ContractSpec]> = []): FuturesTable {
  const table = new Map(BUILT_IN_CONTRACTS);
  for (const [root, spec] of userRows) table.set(root, spec);
  return table;
}

export type ResolvedFuture =
  | { ok: true; symbol: string; root: string; spec: ContractSpec }
  | { ok: false; reason: string };

/** The command that adds a root, named by every "unknown root" error. */
export const addRootHint = (root: string) => `tradesense futures set ${root} --point-value V`;

/**
 * A future's canonical symbol and contract. A bare root (`ES`) is accepted as itself; text that is no contract
 * notation, or a root the table does not have, is a reason (never multiplier 1).
 */
export function resolveFuture(text: string, fillDate: Date, table: FuturesTable): ResolvedFuture {
  const raw = text.trim().toUpperCase();
  const parsed =
    parseFutureSymbol(raw, fillDate, table) ??
    (ROOT_ONLY.test(raw) ? { root: raw, month: null, year: null, symbol: raw } : undefined);
  if (!parsed) {
    return { ok: false, reason: "not a futures contract symbol (e.g. ESZ25, ES 12-25, /ESZ5, MES DEC25)" };
  }
  const spec = table.get(parsed.root);
  if (!spec) {
    return {
      ok: false,
      reason: `unknown futures root '${parsed.root}': add its point value with \`${addRootHint(parsed.root)}\``,
    };
  }
  return { ok: true, symbol: parsed.symbol, root: parsed.root, spec };
}

/** A root as `futures set` accepts it: 1-4 letters and digits, starting with a letter or a digit then a letter. */
export function isFuturesRoot(text: string): boolean {
  return ROOT_ONLY.test(text);
}
