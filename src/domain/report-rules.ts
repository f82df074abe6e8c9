// The definitions every report figure shares: what a scratch is, how scratches count, which trades a report covers,
// and the groups a breakdown can cut by. No SQL here; src/db/reports.ts turns these into queries.
import { BREAKDOWN_SORT_KEYS, type BreakdownKind, type BreakdownSort, type ScratchRule } from "../db/reports.js";
import { FieldError } from "../errors.js";
import { parseDecimal } from "./decimal.js";

export {
  BREAKDOWN_SORT_KEYS,
  type BreakdownKind,
  type BreakdownSort,
  type BreakdownSortKey,
  DURATION_BUCKETS,
  hasFilters,
  R_BUCKETS,
  type ReportFilters,
  type ScratchRule,
} from "../db/reports.js";

export const DEFAULT_SCRATCH: ScratchRule = { unit: "money", tolerance: "0", countAs: "apart" };

/** Reads `--scratch 5` (money) or `--scratch 0.1R` (in R), also the `report.scratch` setting. */
export function parseScratch(text: string, field = "scratch"): Pick<ScratchRule, "unit" | "tolerance"> {
  const value = text.trim();
  const inR = /r$/i.test(value);
  const number = inR ? value.slice(0, -1).trim() : value;
  const tolerance = parseDecimal(number, { field, precision: 15, scale: inR ? 4 : 2, sign: "nonNegative" });
  return { unit: inR ? "r" : "money", tolerance };
}

export function parseScratchAs(text: string): ScratchRule["countAs"] {
  const value = text.trim().toLowerCase();
  if (value === "apart" || value === "win" || value === "loss") return value;
  throw new FieldError("scratchAs", (name) => `${name} must be apart, win or loss, got '${text}'`);
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
} as const satisfies Record<BreakdownKind, string>;

export function parseBreakdownSort(text: string): BreakdownSort {
  const [key, direction, ...rest] = text.trim().toLowerCase().split(":");
  const known = BREAKDOWN_SORT_KEYS.find((k) => k === key);
  if (!known || rest.length > 0 || (direction !== undefined && direction !== "asc" && direction !== "desc")) {
    throw new FieldError(
      "sort",
      (name) => `${name} must be one of ${BREAKDOWN_SORT_KEYS.join(", ")}, optionally :asc or :desc, got '${text}'`,
    );
  }
  return { key: known, direction: (direction as "asc" | "desc" | undefined) ?? (known === "group" ? "asc" : "desc") };
}

export const WEEKDAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
