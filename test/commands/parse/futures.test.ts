// `futures` verbs (and `positions`, a noun of one verb): what each command line parses into, or the one error line it
// gets; no database (fast tier).
import { describe } from "vitest";
import { futuresListCommand } from "../../../src/commands/futures/list.js";
import { futuresSetCommand } from "../../../src/commands/futures/set.js";
import { futuresUnsetCommand } from "../../../src/commands/futures/unset.js";
import { positionsCommand } from "../../../src/commands/positions.js";
import { parseTable } from "../../support/parse-table.js";

describe("positions", () => {
  parseTable(positionsCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
    { argv: "--open", error: "error: unknown option '--open'" },
    { argv: "AAPL", error: "error: too many arguments. Expected 0 arguments but got 1." },
  ]);
});

describe("futures list", () => {
  parseTable(futuresListCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
});

describe("futures set", () => {
  parseTable(futuresSetCommand, [
    { argv: "mes --point-value 5", opts: { root: "MES", pointValue: "5", json: false } },
    {
      argv: "fdax --point-value 25 --tick-size 0.5 --exchange eurex --currency eur --json",
      opts: { root: "FDAX", pointValue: "25", tickSize: "0.5", exchange: "EUREX", currency: "EUR", json: true },
    },
    { argv: "ES", error: "error: required option '--point-value <value>' not specified" },
    { argv: "--point-value 5", error: "error: missing required argument 'root'" },
    { argv: "ES --point-value 0", error: "error: --point-value must be greater than 0, got '0'" },
    { argv: "ES --point-value abc", error: "error: --point-value must be a number, got 'abc'" },
    { argv: "ES --point-value 5 --tick-size -1", error: /^error: --tick-size must be greater than 0/ },
    {
      argv: "ESZ25X --point-value 5",
      error: "error: 'ESZ25X' is not a futures root: 1-4 letters and digits, e.g. ES, MNQ, 6E, SR3",
    },
    {
      argv: "ES --point-value 5 --currency dollars",
      error: "error: --currency must be a 3-letter currency code, got 'dollars'",
    },
    {
      argv: ["ES", "--point-value", "5", "--exchange", "X".repeat(21)],
      error: `error: --exchange must be 1-20 characters, got '${"X".repeat(21)}'`,
    },
  ]);
});

describe("futures unset", () => {
  parseTable(futuresUnsetCommand, [
    { argv: "fdax", opts: { root: "FDAX", json: false } },
    { argv: "NQ --json", opts: { root: "NQ", json: true } },
    { argv: "", error: "error: missing required argument 'root'" },
    { argv: "/ESZ5", error: "error: '/ESZ5' is not a futures root: 1-4 letters and digits, e.g. ES, MNQ, 6E, SR3" },
  ]);
});
