// Rules for a trade: what a valid one is, and what its P&L comes to. No SQL, no printing. The P&L here mirrors the
// generated columns of migration 012 (008's formulas times the contract multiplier) exactly, so a value that would overflow them is refused before anything is
// written, and previews match what the database stores.
import { ASSET_TYPES, type AssetType } from "../db/schema.js";
import type { TradeFields } from "../db/trades.js";
import { FieldError, ValidationError } from "../errors.js";
import { parseUserDate, refuseFuture } from "./dates.js";
import { Decimal, parseDecimal } from "./decimal.js";
import { defaultMultiplier, SIDE_SPELLINGS, type Side } from "./trade-vocabulary.js";

export type { Side };

export function parseSide(text: string): Side {
  const key = text.trim().toLowerCase();
  // Own keys only: "constructor" is no side.
  const side = Object.hasOwn(SIDE_SPELLINGS, key) ? SIDE_SPELLINGS[key] : undefined;
  if (!side) throw new FieldError("side", (name) => `${name} must be long or short (or buy/sell), got '${text}'`);
  return side;
}

/** What a ticker is made of; a space only inside an option symbol (OCC pads the root with spaces). */
const SYMBOL = /^[A-Z0-9./^-]+$/;
const OPTION_SYMBOL = /^[A-Z0-9./^ -]+$/;

/** A symbol upper-cased; anything but ticker characters (an emoji, a quote, SQL) is refused, naming those allowed. */
export function parseSymbol(text: string, assetType?: AssetType): string {
  const symbol = text.trim().toUpperCase();
  const refuse = (say: (name: string) => string) => new FieldError("symbol", say);
  if (symbol === "") throw refuse((name) => `${name} must not be empty`);
  if (symbol.length > 20) throw refuse((name) => `${name} is longer than 20 characters, got '${text}'`);
  const option = assetType === "option";
  if (!(option ? OPTION_SYMBOL : SYMBOL).test(symbol)) {
    throw refuse(
      (name) =>
        `${name} may hold only letters, digits, '.', '/', '-' and '^'${option ? " and spaces" : " (spaces only in an option symbol)"}, got '${text}'`,
    );
  }
  return symbol;
}

/** NUMERIC(21, 10) since migration 047: fractional shares to 10 places. */
// Each rule's field is the key of RawTradeInput it reads: a command names it by its option of that name (errors.ts).
export const quantityRule = { field: "qty", label: "quantity", precision: 21, scale: 10, sign: "positive" } as const;
/** Prices are NUMERIC(21, 10) since migration 070: 6J at 0.0067055, Treasury 32nds (110.515625). */
export const priceRule = { field: "price", precision: 21, scale: 10, sign: "positive" } as const;
export const exitPriceRule = {
  field: "exitPrice",
  label: "exit price",
  precision: 21,
  scale: 10,
  sign: "positive",
} as const;
export const commissionRule = { field: "commission", precision: 10, scale: 2, sign: "nonNegative" } as const;
export const multiplierRule = { field: "multiplier", precision: 15, scale: 4, sign: "positive" } as const;
export const stopRule = { field: "stop", label: "stop price", precision: 21, scale: 10, sign: "positive" } as const;
export const riskRule = { field: "risk", precision: 15, scale: 2, sign: "positive" } as const;

export { defaultMultiplier };

export function parseAssetType(text: string): AssetType {
  const value = text.trim().toLowerCase();
  const found = ASSET_TYPES.find((t) => t === value || `${t}s` === value);
  if (!found) {
    throw new FieldError(
      "assetType",
      (name) => `${name} must be one of ${ASSET_TYPES.join(", ")}, got '${text}'`,
      "asset type",
    );
  }
  return found;
}

export interface PnlInput {
  side: Side;
  quantity: string;
  entryPrice: string;
  exitPrice: string | null;
  commission: string;
  /** Contract multiplier; 1 (the default) for stocks. */
  multiplier?: string;
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
  const multiplier = new Decimal(input.multiplier ?? "1");
  const move = input.side === "long" ? exit.minus(entry) : entry.minus(exit);
  const pnl = move.times(quantity).times(multiplier).minus(input.commission).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const percent = entry.gt(0)
    ? pnl.div(entry.times(quantity).times(multiplier)).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    : null;
  // NUMERIC(8, 2) holds less than a million: beyond it (a sub-penny entry) the column is NULL (migration 046).
  const pnlPercent = percent?.abs().lt("1e6") ? percent : null;
  return { pnl: pnl.toFixed(2), pnlPercent: pnlPercent?.toFixed(2) ?? null };
}

export type { TradeFields };

export interface RawTradeInput {
  symbol: string;
  side: string;
  qty: string;
  price: string;
  date?: string | undefined;
  exitPrice?: string | undefined;
  exitDate?: string | undefined;
  commission?: string | undefined;
  assetType?: string | undefined;
  multiplier?: string | undefined;
  stop?: string | undefined;
  risk?: string | undefined;
  tags?: string | undefined;
  notes?: string | undefined;
  broker?: string | undefined;
  account?: string | undefined;
  orderId?: string | undefined;
  currency?: string | undefined;
  /** Takes entry and exit times after today (a trade logged ahead). */
  allowFuture?: boolean | undefined;
}

function limitText(value: string | undefined, field: string, max: number): string | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === "") return null;
  if (text.length > max) throw new FieldError(field, (name) => `${name} is longer than ${max} characters`);
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

/**
 * Checks the values of a new trade that need no time zone (all but the dates), each that is given; throws a
 * ValidationError naming the flag of the first bad one. Commands call it before they open the journal, so that a bad
 * value is named even where there is no journal yet.
 */
export function checkTradeValues(raw: Partial<RawTradeInput>): void {
  const assetType = raw.assetType !== undefined ? parseAssetType(raw.assetType) : "stock";
  if (raw.symbol !== undefined) parseSymbol(raw.symbol, assetType);
  if (raw.side !== undefined) parseSide(raw.side);
  if (raw.qty !== undefined) parseDecimal(raw.qty, quantityRule);
  if (raw.price !== undefined) parseDecimal(raw.price, priceRule);
  zoneFreeFields(raw, assetType);
}

/** The optional fields that need no time zone, read and checked. */
function zoneFreeFields(raw: Partial<RawTradeInput>, assetType: AssetType) {
  return {
    exitPrice: raw.exitPrice !== undefined ? parseDecimal(raw.exitPrice, exitPriceRule) : null,
    commission: raw.commission !== undefined ? parseDecimal(raw.commission, commissionRule) : "0",
    multiplier:
      raw.multiplier !== undefined ? parseDecimal(raw.multiplier, multiplierRule) : defaultMultiplier(assetType),
    stopPrice: raw.stop !== undefined ? parseDecimal(raw.stop, stopRule) : null,
    initialRisk: raw.risk !== undefined ? parseDecimal(raw.risk, riskRule) : null,
    tags: parseTags(raw.tags),
    notes: limitText(raw.notes, "notes", 100_000),
    broker: limitText(raw.broker, "broker", 50),
    accountId: limitText(raw.account, "account", 50),
    orderId: limitText(raw.orderId, "orderId", 100),
    currency: raw.currency !== undefined ? parseCurrencyCode(raw.currency) : null,
  };
}

/**
 * --currency: an ISO 4217 code (USD, EUR, JPY...), any case. Checked against the codes the runtime's ICU knows, so a
 * typo (EUD, US$) is refused rather than reported as a currency of its own.
 */
export function parseCurrencyCode(text: string): string {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !Intl.supportedValuesOf("currency").includes(code)) {
    throw new FieldError(
      "currency",
      (name) => `${name} must be an ISO 4217 currency code such as USD or EUR, got '${text}'`,
    );
  }
  return code;
}

/** Checks every field of a new trade; throws a ValidationError (a FieldError naming the field) of the first bad one. */
export function validateTrade(raw: RawTradeInput, timeZone: string, now: Date): TradeFields {
  const assetType = raw.assetType !== undefined ? parseAssetType(raw.assetType) : "stock";
  const symbol = parseSymbol(raw.symbol, assetType);
  const side = parseSide(raw.side);
  const quantity = parseDecimal(raw.qty, quantityRule);
  const entryPrice = parseDecimal(raw.price, priceRule);
  const entryDate = raw.date ? parseTradeDate(raw.date, "date", raw, timeZone, now) : now;
  const { exitPrice, ...rest } = zoneFreeFields(raw, assetType);
  let exitDate = raw.exitDate ? parseTradeDate(raw.exitDate, "exitDate", raw, timeZone, now) : null;
  if (exitDate && exitPrice === null) {
    throw new FieldError(
      ["exitDate", "exitPrice"],
      (exitDateName, exitPriceName) => `${exitDateName} needs ${exitPriceName}`,
    );
  }
  if (exitPrice !== null && exitDate === null) exitDate = raw.date ? entryDate : now;
  return checkTrade({ symbol, side, quantity, entryPrice, entryDate, exitPrice, exitDate, assetType, ...rest });
}

/** A trade's entry or exit time: a real local time, and not after today unless --allow-future says so. */
export function parseTradeDate(
  text: string,
  field: string,
  raw: { allowFuture?: boolean | undefined },
  timeZone: string,
  now: Date,
): Date {
  const instant = parseUserDate(text, timeZone, field, now);
  if (!raw.allowFuture) refuseFuture(instant, field, timeZone, now);
  return instant;
}

/**
 * The rules between fields, for a new trade and for an edited one alike: exit after entry, a stop on the losing side,
 * and a P&L that fits its columns. A stop without --risk sets the initial risk to what the stop would lose.
 */
export function checkTrade(fields: TradeFields): TradeFields {
  if (fields.exitDate && fields.exitDate < fields.entryDate) {
    throw new FieldError("exitDate", (name) => `${name} is before the entry date`);
  }
  let initialRisk = fields.initialRisk;
  if (fields.stopPrice !== null) {
    const stop = new Decimal(fields.stopPrice);
    const entry = new Decimal(fields.entryPrice);
    const wrongSide = fields.side === "long" ? stop.gte(entry) : stop.lte(entry);
    if (wrongSide) {
      throw new FieldError(
        "stop",
        (name) =>
          `${name} must be ${fields.side === "long" ? "below" : "above"} the entry price for a ${fields.side} trade, got '${fields.stopPrice}'`,
        "stop price",
      );
    }
    initialRisk ??= stopRisk(fields);
  }
  if (initialRisk !== null && new Decimal(initialRisk).abs().gte("1e13")) {
    throw new ValidationError("the initial risk of this trade is too large to store (over 13 digits)");
  }
  checkPnlFits(fields);
  return { ...fields, initialRisk };
}

/** What the trade loses if the stop is hit: |entry - stop| x quantity x multiplier, to the cent. */
function stopRisk(fields: TradeFields): string {
  return new Decimal(fields.entryPrice)
    .minus(fields.stopPrice as string)
    .abs()
    .times(fields.quantity)
    .times(fields.multiplier)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    .toFixed(2);
}

/**
 * Refuses a trade whose generated pnl (NUMERIC(15,2)) would overflow. A pnl_percent beyond NUMERIC(8,2) is stored
 * as NULL instead (migration 046).
 */
export function checkPnlFits(input: PnlInput): void {
  const { pnl } = computePnl(input);
  if (pnl !== null && new Decimal(pnl).abs().gte("1e13")) {
    throw new ValidationError("the P&L of this trade is too large to store (over 13 digits)");
  }
}

/** P&L in units of the initial risk (the R-multiple), to 2 places; null while open or when no risk was set. */
export function rMultiple(trade: { pnl: string | null; initial_risk: string | null }): string | null {
  if (trade.pnl === null || trade.initial_risk === null) return null;
  const risk = new Decimal(trade.initial_risk);
  if (risk.isZero()) return null;
  return new Decimal(trade.pnl).div(risk).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}
