// Asserts a command's --json against its declared shape, written by hand here (never taken from the code under
// test): the exact key set, and each value's type. Money, prices and quantities are decimal strings; times are
// ISO-8601 UTC strings; counts and ids are integers.
import { expect } from "vitest";

/** A field's type; "?" at the end also allows null ("decimal?"). */
export type FieldType =
  | "integer"
  | "number"
  | "string"
  | "decimal"
  | "time"
  | "boolean"
  | "string[]"
  | "object"
  | "array"
  | `${"integer" | "number" | "string" | "decimal" | "time" | "boolean" | "string[]" | "object" | "array"}?`;

export type JsonShape = Record<string, FieldType>;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function matches(value: unknown, type: FieldType): boolean {
  if (type.endsWith("?")) return value === null || matches(value, type.slice(0, -1) as FieldType);
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "decimal":
      return typeof value === "string" && DECIMAL.test(value);
    case "time":
      return typeof value === "string" && UTC_TIME.test(value);
    case "boolean":
      return typeof value === "boolean";
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    default:
      return false;
  }
}

/** The value has exactly the shape's keys, each of its type (a failure names every key that differs). */
export function expectJsonShape(value: unknown, shape: JsonShape, where = "value"): void {
  expect(typeof value === "object" && value !== null, `${where} is an object`).toBe(true);
  const record = value as Record<string, unknown>;
  expect(Object.keys(record).sort(), `${where}: its keys`).toEqual(Object.keys(shape).sort());
  const wrong = Object.entries(shape)
    .filter(([key, type]) => !matches(record[key], type))
    .map(([key, type]) => `${key}: ${type} expected, got ${JSON.stringify(record[key])}`);
  expect(wrong, `${where}: fields of the wrong type`).toEqual([]);
}

/** A trade in every `trade` verb's --json (README "JSON output"). */
export const TRADE_JSON: JsonShape = {
  id: "integer",
  symbol: "string",
  side: "string",
  assetType: "string",
  quantity: "decimal",
  entryPrice: "decimal",
  entryDate: "time",
  exitPrice: "decimal?",
  exitDate: "time?",
  status: "string",
  commission: "decimal",
  multiplier: "decimal",
  currency: "string?",
  pnl: "decimal?",
  pnlPercent: "decimal?",
  stopPrice: "decimal?",
  initialRisk: "decimal?",
  strategyId: "integer?",
  tags: "string[]",
  notes: "string?",
  broker: "string?",
  accountId: "string?",
  orderId: "string?",
  roundTripId: "integer?",
  createdAt: "time",
  updatedAt: "time",
};

/** A trade in `trade list --json`: a trade and its strategy's name. */
export const LISTED_TRADE_JSON: JsonShape = { ...TRADE_JSON, strategyName: "string?" };

/** A journal entry in every `journal` verb's --json. */
export const JOURNAL_ENTRY_JSON: JsonShape = {
  id: "integer",
  title: "string",
  content: "string?",
  mood: "string?",
  confidence: "integer?",
  tags: "string[]",
  archived: "boolean",
  createdAt: "time",
  updatedAt: "time",
};

/** A hit of `journal search --json`: an entry with its rank (a number) and the matches between **. */
export const SEARCH_HIT_JSON: JsonShape = {
  ...JOURNAL_ENTRY_JSON,
  rank: "number",
  titleHighlight: "string",
  snippet: "string",
};

/** A strategy in every `strategy` verb's --json. */
export const STRATEGY_JSON: JsonShape = {
  id: "integer",
  name: "string",
  description: "string?",
  active: "boolean",
  rules: "object",
  performanceMetrics: "object",
  createdAt: "time",
  updatedAt: "time",
};

/** A declared document: the fields beside `version` (an integer, 1 today). */
export function versioned(shape: JsonShape): JsonShape {
  return { version: "integer", ...shape };
}
