// `import` verbs: what each command line parses into, or the one error line it gets; no database (fast tier).
import { describe } from "vitest";
import { importCsvCommand } from "../../../src/commands/import/csv.js";
import { importFormatsCommand } from "../../../src/commands/import/formats.js";
import { importHistoryCommand, importShowCommand } from "../../../src/commands/import/history.js";
import { importUndoCommand } from "../../../src/commands/import/undo.js";
import { parseTable } from "../../support/parse-table.js";

const CSV_DEFAULTS = { dryRun: false, strict: false, json: false, opening: [] };
const BAD_ID = (value: string) =>
  `error: command-argument value '${value}' is invalid for argument 'id'. must be a positive whole number.`;

describe("import csv", () => {
  parseTable(importCsvCommand, [
    { argv: "fills.csv", opts: { files: ["fills.csv"], ...CSV_DEFAULTS } },
    {
      argv: "a.csv b.csv --broker ibkr --account U1234567 --timezone America/New_York --dry-run --strict --json",
      opts: {
        files: ["a.csv", "b.csv"],
        broker: "ibkr",
        account: "U1234567",
        timezone: "America/New_York",
        dryRun: true,
        strict: true,
        json: true,
        opening: [],
      },
    },
    {
      argv: ["odd.csv", "--map", "date=Trade Date,symbol=Ticker", "--save-map", "odd", "--trade-date", "2024-02-29"],
      opts: {
        files: ["odd.csv"],
        map: "date=Trade Date,symbol=Ticker",
        saveMap: "odd",
        tradeDate: "2024-02-29",
        ...CSV_DEFAULTS,
      },
    },
    { argv: "next.csv --map-name odd", opts: { files: ["next.csv"], mapName: "odd", ...CSV_DEFAULTS } },
    {
      // Each --opening is read when typed: the account, the symbol upper-cased, a signed quantity, the price as a decimal.
      argv: "rh.csv --opening BND=100@23.10 --opening U1:tsla=-50@250",
      opts: {
        files: ["rh.csv"],
        ...CSV_DEFAULTS,
        opening: [
          { text: "BND=100@23.10", account: null, symbol: "BND", quantity: "100", price: "23.1" },
          { text: "U1:tsla=-50@250", account: "U1", symbol: "TSLA", quantity: "-50", price: "250" },
        ],
      },
    },
    { argv: "", error: "error: missing required argument 'file'" },
    {
      argv: "a.csv b.csv --opening BND=100@23.10",
      error: "error: --opening applies to one file: import the file that starts after the position was opened alone",
    },
    { argv: "a.csv --opening BND", error: /^error: --opening/ },
    {
      argv: "a.csv --timezone Mars/Olympus",
      error: "error: unknown time zone 'Mars/Olympus': use an IANA name such as America/New_York or UTC",
    },
    {
      argv: "a.csv --trade-date 2024-02-30",
      error: "error: --trade-date must be a date as YYYY-MM-DD, got '2024-02-30'",
    },
    { argv: "a.csv --trade-date 3/1/2024", error: "error: --trade-date must be a date as YYYY-MM-DD, got '3/1/2024'" },
    {
      argv: ["a.csv", "--account", "A".repeat(51)],
      error: `error: --account must be at most 50 characters, got '${"A".repeat(51)}'`,
    },
    { argv: "a.csv --replace", error: "error: unknown option '--replace'" },
  ]);
});

describe("import formats", () => {
  parseTable(importFormatsCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
});

describe("import history", () => {
  parseTable(importHistoryCommand, [
    { argv: "", opts: { limit: 50, json: false } },
    { argv: "--limit 5 --json", opts: { limit: 5, json: true } },
    {
      argv: "--limit 0",
      error: "error: option '--limit <n>' argument '0' is invalid. must be a positive whole number.",
    },
    {
      argv: "--limit 2147483648",
      error: "error: option '--limit <n>' argument '2147483648' is invalid. must be a positive whole number.",
    },
  ]);
});

describe("import show", () => {
  parseTable(importShowCommand, [
    { argv: "12", opts: { id: 12, json: false } },
    { argv: "12 --json", opts: { id: 12, json: true } },
    { argv: "x", error: BAD_ID("x") },
    { argv: "-1", error: BAD_ID("-1") },
    { argv: "", error: "error: missing required argument 'id'" },
  ]);
});

describe("import undo", () => {
  parseTable(importUndoCommand, [
    { argv: "12", opts: { id: 12, yes: false, json: false } },
    { argv: "12 -y --json", opts: { id: 12, yes: true, json: true } },
    { argv: "12 --yes", opts: { id: 12, yes: true, json: false } },
    { argv: "0 --yes", error: BAD_ID("0") },
    { argv: "", error: "error: missing required argument 'id'" },
  ]);
});
