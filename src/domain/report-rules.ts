// The definitions every report figure shares: what a scratch is, how scratches count, which trades a report covers,
// and the groups a breakdown can cut by. No SQL here; src/db/reports.ts turns these into queries.
import { ValidationError } from "../errors.js";
import { parseDecimal } from "./decimal.js";

/** A round trip is a scratch when |net| (money) or |R| (r) is at most `tolerance`; default: net exactly 0. */
export interface ScratchRule {
  unit: "money" | "r";
  /** A non-negative decimal string. */
  tolerance: string;
  /** How scratches count: apart (neither win nor loss), or as a win or a loss. */
  countAs: "apart" | "win" | "loss";
}

export const DEFAULT_SCRATCH: ScratchRule = { unit: "money", tolerance: "0", countAs: "apart" };

/** Reads `--scratch 5` (money) or `--scratch 0.1R` (in R), also the `report.scratch` setting. */
export function parseScratch(text: string, field = "--scratch"): Pick<ScratchRule, "unit" | "tolerance"> {
  const value = text.trim();
  const inR = /r$/i.test(value);
  const number = inR ? value.slice(0, -1).trim() : value;
  const tolerance = parseDecimal(number, { field, precision: 15, scale: inR ? 4 : 2, sign: "nonNegative" });
  return { unit: inR ? "r" : "money", tolerance };
}

export function parseScratchAs(text: string): ScratchRule["countAs"] {
  const value = text.trim().toLowerCase();
  if (value === "apart" || value === "win" || value === "loss") return value;
  throw new ValidationError(`--scratch-as must be apart, win or loss, got '${text}'`);
}

/** Which trades a report covers; every field optional. */
export interface ReportFilters {
  accountId?: string;
  symbol?: string;
  strategyId?: number;
  tag?: string;
  side?: "long" | "short";
  assetType?: string;
  /**
   * Only trades in this currency ("" for trades whose file gave none). Reports never add two currencies: a journal
   * holding more than one reports each apart. The rollups are kept per currency, so this filter keeps them in use.
   */
  currency?: string;
}

export function hasFilters(filters: ReportFilters): boolean {
  return Object.entries(filters).some(([key, v]) => v !== undefined && key !== "currency");
}

/** How a currency is named in reports: trades whose file gave none are "unspecified". */
export const UNSPECIFIED_CURRENCY = "unspecified";
export const currencyLabel = (currency: string) => (currency === "" ? UNSPECIFIED_CURRENCY : currency);

/** Breakdowns: the group each row of `report <verb>` stands for. */
export const BREAKDOWNS = {
  daily: "day the P&L was booked (exit) and the round trip went flat",
  weekly: "week (Monday to Sunday)",
  monthly: "month",
  yearly: "year",
  symbols: "symbol",
  strategies: "strategy (of the round trip's first row)",
  tags: "tag (a round trip counts under each of its tags)",
  sides: "side (long or short)",
  accounts: "broker account",
  "asset-types": "asset type",
  weekdays: "weekday of entry",
  hours: "hour of entry",
  durations: "holding-time bucket",
  r: "R-multiple bucket",
} as const;

export type BreakdownKind = keyof typeof BREAKDOWNS;

export const BREAKDOWN_SORT_KEYS = ["group", "net", "round-trips", "win-rate", "expectancy", "profit-factor"] as const;
export type BreakdownSortKey = (typeof BREAKDOWN_SORT_KEYS)[number];

export interface BreakdownSort {
  key: BreakdownSortKey;
  direction: "asc" | "desc";
}

export function parseBreakdownSort(text: string): BreakdownSort {
  const [key, direction, ...rest] = text.trim().toLowerCase().split(":");
  const known = BREAKDOWN_SORT_KEYS.find((k) => k === key);
  if (!known || rest.length > 0 || (direction !== undefined && direction !== "asc" && direction !== "desc")) {
    throw new ValidationError(
      `--sort must be one of ${BREAKDOWN_SORT_KEYS.join(", ")}, optionally :asc or :desc, got '${text}'`,
    );
  }
  return { key: known, direction: (direction as "asc" | "desc" | undefined) ?? (known === "group" ? "asc" : "desc") };
}

/** Holding-time buckets of `report durations`: [label, upper bound in seconds (exclusive), null = no bound]. */
export const DURATION_BUCKETS: [string, number | null][] = [
  ["< 1m", 60],
  ["1-5m", 300],
  ["5-15m", 900],
  ["15-60m", 3600],
  ["1-4h", 14400],
  ["4h-1d", 86400],
  ["1-7d", 604800],
  ["1-4w", 2419200],
  [">= 4w", null],
];

/** R buckets of `report r`: [label, upper bound (exclusive), null = no bound]; round trips without R go under "no R". */
export const R_BUCKETS: [string, string | null][] = [
  ["< -2R", "-2"],
  ["-2R to -1R", "-1"],
  ["-1R to 0R", "0"],
  ["0R to 1R", "1"],
  ["1R to 2R", "2"],
  ["2R to 3R", "3"],
  [">= 3R", null],
];

export const WEEKDAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
