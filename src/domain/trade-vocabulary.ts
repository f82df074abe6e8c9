// The words of trading, once: how a fill's side is spelt in exports and what each spelling says of the position, how
// a trade's side may be typed, and the contract size a row has when nothing else says. The import readers
// (importers/cell-readers.ts), the broker modules and `trade add` all take them from here. (The other shared limit, the
// range of dates a journal takes, is domain/dates.ts#isPlausibleDate.)
import type { AssetType } from "../db/schema.js";

/** A trade's side. */
export type Side = "long" | "short";
/** What a fill did. */
export type Action = "buy" | "sell";
/**
 * What a fill does to its position, when its spelling says so; a plain buy or sell says nothing (null). 'split': a
 * stock split's change of the quantity held (buy adds shares, sell removes them), never a trade (domain/fifo.ts).
 */
export type PositionEffect = "open" | "close" | "split";

// Each spelling lower-case, with single spaces: readers fold case and whitespace before they look one up.
const PLAIN_BUYS = ["buy", "b", "bot", "bought", "long"];
const OPENING_BUYS = ["buy to open", "bto", "buytoopen"];
const CLOSING_BUYS = ["cover", "buy to cover", "btc", "bc", "buy to close", "buytocover", "buytoclose"];
const PLAIN_SELLS = ["sell", "s", "sld", "sold"];
const OPENING_SELLS = ["short", "sell short", "ss", "sellshort", "short sell", "sell to open", "sto", "selltoopen"];
const CLOSING_SELLS = ["sell to close", "stc", "selltoclose"];

export const BUY_SPELLINGS: ReadonlySet<string> = new Set([...PLAIN_BUYS, ...OPENING_BUYS, ...CLOSING_BUYS]);
export const SELL_SPELLINGS: ReadonlySet<string> = new Set([...PLAIN_SELLS, ...OPENING_SELLS, ...CLOSING_SELLS]);
export const OPENING_SPELLINGS: ReadonlySet<string> = new Set([...OPENING_SELLS, ...OPENING_BUYS]);
export const CLOSING_SPELLINGS: ReadonlySet<string> = new Set([...CLOSING_BUYS, ...CLOSING_SELLS]);

/**
 * A broker's own side codes (`B`, `S`, `SS`, `BC`...) read through the spellings above: the module lists the codes
 * its export uses (any other is refused), their meaning comes from here.
 */
export function sideCodes(codes: readonly string[]): Record<string, [Action, PositionEffect | null]> {
  const table: Record<string, [Action, PositionEffect | null]> = {};
  for (const code of codes) {
    const key = code.trim().toLowerCase().replace(/\s+/g, " ");
    const action = BUY_SPELLINGS.has(key) ? "buy" : SELL_SPELLINGS.has(key) ? "sell" : undefined;
    if (!action) throw new Error(`'${code}' is not a buy or sell spelling`);
    table[code] = [action, OPENING_SPELLINGS.has(key) ? "open" : CLOSING_SPELLINGS.has(key) ? "close" : null];
  }
  return table;
}

/** `trade add --side`: long or short, or the plain words for buying and selling (a sell short is short). */
export const SIDE_SPELLINGS: Readonly<Record<string, Side>> = {
  long: "long",
  l: "long",
  buy: "long",
  b: "long",
  short: "short",
  s: "short",
  sell: "short",
  "sell short": "short",
  sellshort: "short",
};

/** Shares per US equity option contract, the multiplier an option row has when its file names none. */
export const OPTION_MULTIPLIER = "100";

/** The contract size when neither the user nor the file gives one: 100 per US equity option, else 1. */
export function defaultMultiplier(assetType: AssetType): string {
  return assetType === "option" ? OPTION_MULTIPLIER : "1";
}
