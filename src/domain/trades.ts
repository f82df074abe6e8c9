// Rules for a trade: what a valid one is, and what its P&L comes to. No SQL, no printing. The P&L here mirrors the
// generated columns of migration 008 exactly, so a value that would overflow them is refused before anything is
// written, and previews match what the database stores.
import { ValidationError } from "../errors.js";
import { parseUserDate } from "./dates.js";
import { Decimal, parseDecimal } from "./decimal.js";

export type Side = "long" | "short";

const SIDE_ALIASES: Record<string, Side> = {
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

export function parseSide(text: string): Side {
  const side = SIDE_ALIASES[text.trim().toLowerCase()];
  if (!side) throw new ValidationError(`--side must be long or short (or buy/sell), got '${text}'`);
  return side;
}

export function parseSymbol(text: string): string {
  const symbol = text.trim().toUpperCase();
  if (symbol === "") throw new ValidationError("--symbol must not be empty");
  if (symbol.length > 20) throw new ValidationError(`--symbol is longer than 20 characters, got '${text}'`);
  if (/\s/.test(symbol)) throw new ValidationError(`--symbol must not contain spaces, got '${text}'`);
  return symbol;
}

export const quantityRule = { field: "--qty", precision: 15, scale: 4, sign: "positive" } as const;
export const priceRule = { field: "--price", precision: 15, scale: 4, sign: "positive" } as const;
export const exitPriceRule = { field: "--exit-price", precision: 15, scale: 4, sign: "positive" } as const;
export const commissionRule = { field: "--commission", precision: 10, scale: 2, sign: "nonNegative" } as const;

export interface PnlInput {
  side: Side;
  quantity: string;
  entryPrice: string;
  exitPrice: string | null;
  commission: string;
}

export interface Pnl {
  pnl: string | null;
  pnlPercent: string | null;
}

/** The same arithmetic as trades.pnl and trades.pnl_percent, rounded as NUMERIC(15,2) and NUMERIC(8,2) round. */
export function computePnl(input: PnlInput): Pnl {
  if (input.exitPrice === null) return { pnl: null, pnlPercent: null };
  const quantity = new Decimal(input.quantity);
  const entry = new Decimal(input.entryPrice);
  const exit = new Decimal(input.exitPrice);
  const move = input.side === "long" ? exit.minus(entry) : entry.minus(exit);
  const pnl = move.times(quantity).minus(input.commission).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const pnlPercent = entry.gt(0)
    ? pnl.div(entry.times(quantity)).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    : null;
  return { pnl: pnl.toFixed(2), pnlPercent: pnlPercent?.toFixed(2) ?? null };
}

export interface TradeFields {
  symbol: string;
  side: Side;
  quantity: string;
  entryPrice: string;
  entryDate: Date;
  exitPrice: string | null;
  exitDate: Date | null;
  commission: string;
  tags: string[] | null;
  notes: string | null;
  broker: string | null;
  accountId: string | null;
  orderId: string | null;
}

export interface RawTradeInput {
  symbol: string;
  side: string;
  qty: string;
  price: string;
  date?: string | undefined;
  exitPrice?: string | undefined;
  exitDate?: string | undefined;
  commission?: string | undefined;
  tags?: string | undefined;
  notes?: string | undefined;
  broker?: string | undefined;
  account?: string | undefined;
  orderId?: string | undefined;
}

function limitText(value: string | undefined, field: string, max: number): string | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === "") return null;
  if (text.length > max) throw new ValidationError(`${field} is longer than ${max} characters`);
  return text;
}

export function parseTags(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const tags = [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  return tags.length > 0 ? tags : null;
}

/** Checks every field of a new trade; throws a ValidationError naming the flag of the first bad one. */
export function validateTrade(raw: RawTradeInput, timeZone: string, now: Date): TradeFields {
  const symbol = parseSymbol(raw.symbol);
  const side = parseSide(raw.side);
  const quantity = parseDecimal(raw.qty, quantityRule);
  const entryPrice = parseDecimal(raw.price, priceRule);
  const entryDate = raw.date ? parseUserDate(raw.date, timeZone, "--date", now) : now;
  const exitPrice = raw.exitPrice !== undefined ? parseDecimal(raw.exitPrice, exitPriceRule) : null;
  let exitDate = raw.exitDate ? parseUserDate(raw.exitDate, timeZone, "--exit-date", now) : null;
  if (exitDate && exitPrice === null) throw new ValidationError("--exit-date needs --exit-price");
  if (exitPrice !== null && exitDate === null) exitDate = raw.date ? entryDate : now;
  if (exitDate && exitDate < entryDate) throw new ValidationError("--exit-date is before the entry date");
  const commission = raw.commission !== undefined ? parseDecimal(raw.commission, commissionRule) : "0";
  const { pnl, pnlPercent } = computePnl({ side, quantity, entryPrice, exitPrice, commission });
  if (pnl !== null && new Decimal(pnl).abs().gte("1e13")) {
    throw new ValidationError("the P&L of this trade is too large to store (over 13 digits)");
  }
  if (pnlPercent !== null && new Decimal(pnlPercent).abs().gte("1e6")) {
    throw new ValidationError(`the P&L percentage of this trade (${pnlPercent}%) is too large to store`);
  }
  return {
    symbol,
    side,
    quantity,
    entryPrice,
    entryDate,
    exitPrice,
    exitDate,
    commission,
    tags: parseTags(raw.tags),
    notes: limitText(raw.notes, "--notes", 100_000),
    broker: limitText(raw.broker, "--broker", 50),
    accountId: limitText(raw.account, "--account", 50),
    orderId: limitText(raw.orderId, "--order-id", 100),
  };
}
