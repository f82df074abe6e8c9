// `trade` verbs: what each command line parses into, or the one error line it gets; no database (fast tier).
import { describe } from "vitest";
import { tradeAddCommand } from "../../../src/commands/trade/add.js";
import { tradeCloseCommand } from "../../../src/commands/trade/close.js";
import { tradeDeleteCommand } from "../../../src/commands/trade/delete.js";
import { tradeEditCommand } from "../../../src/commands/trade/edit.js";
import { tradeListCommand } from "../../../src/commands/trade/list.js";
import { tradeShowCommand } from "../../../src/commands/trade/show.js";
import { tradeTagCommand } from "../../../src/commands/trade/tag.js";
import { parseTable } from "../../support/parse-table.js";

const BAD_ID =
  "error: command-argument value 'x' is invalid for argument 'id'. trade id must be a whole number, see `tradesense trade list`.";

describe("trade add", () => {
  parseTable(tradeAddCommand, [
    { argv: "", opts: {} },
    {
      argv: "--symbol aapl --side long --qty 100 --price 187.20 --json",
      opts: { symbol: "aapl", side: "long", qty: "100", price: "187.20", json: true },
    },
    {
      argv: ["--symbol", "TSLA", "--side", "short", "--qty", "10", "--price", "250", "--exit-price", "240"]
        .concat(["--date", "2024-03-01 09:45", "--allow-future", "--tags", "a,b", "--asset-type", "future"])
        .concat(["--multiplier", "50", "--stop", "260", "--risk", "100", "--commission", "1.30"]),
      opts: {
        symbol: "TSLA",
        side: "short",
        qty: "10",
        price: "250",
        exitPrice: "240",
        date: "2024-03-01 09:45",
        allowFuture: true,
        tags: "a,b",
        assetType: "future",
        multiplier: "50",
        stop: "260",
        risk: "100",
        commission: "1.30",
      },
    },
    { argv: "--qty -5", error: "error: --qty must be greater than 0, got '-5'" },
    { argv: "--price abc", error: /^error: --price must be a number/ },
    { argv: "--side sideways", error: /^error: --side/ },
    { argv: "--asset-type bond", error: /^error: --asset-type/ },
    { argv: "--commission 1.234", error: /^error: --commission/ },
    { argv: "--symbol", error: "error: option '--symbol <symbol>' argument missing" },
    { argv: "--bogus", error: "error: unknown option '--bogus'" },
  ]);
});

describe("trade close", () => {
  parseTable(tradeCloseCommand, [
    { argv: "42 --price 191.30", opts: { id: 42, price: "191.30", allowFuture: false, json: false } },
    {
      argv: ["7", "--price", "10", "--qty", "40", "--commission", "1", "--date", "2024-03-04 15:55", "--json"],
      opts: {
        id: 7,
        price: "10",
        qty: "40",
        commission: "1",
        date: "2024-03-04 15:55",
        allowFuture: false,
        json: true,
      },
    },
    { argv: "42", error: "error: required option '--price <price>' not specified" },
    { argv: "x --price 1", error: BAD_ID },
    { argv: "0 --price 1", error: BAD_ID.replace("'x'", "'0'") },
    { argv: "42 --price 0", error: /^error: --price must be greater than 0/ },
    { argv: "42 --price 1 --qty 0", error: /^error: --qty must be greater than 0/ },
    { argv: "42 --price 1 --commission -1", error: /^error: --commission/ },
  ]);
});

describe("trade list", () => {
  parseTable(tradeListCommand, [
    { argv: "", opts: { json: false } },
    {
      argv: "--open --symbol aapl --tag Gap --account U1 --from 2024-01-01 --to 2024-02-01 --limit 5 --json",
      opts: {
        status: "open",
        symbol: "AAPL",
        tag: "gap",
        account: "U1",
        from: "2024-01-01",
        to: "2024-02-01",
        limit: 5,
        json: true,
      },
    },
    { argv: "--closed --strategy 3", opts: { status: "closed", strategy: "3", json: false } },
    { argv: "--sort pnl", opts: { sort: { key: "pnl", direction: "desc" }, json: false } },
    { argv: "--sort SYMBOL:desc", opts: { sort: { key: "symbol", direction: "desc" }, json: false } },
    { argv: "--open --closed", error: "error: --open and --closed cannot be used together" },
    { argv: "--limit 0", error: /^error: option '--limit <n>' argument '0' is invalid\. must be a whole number/ },
    { argv: "--sort size", error: /^error: option '--sort <key>' argument 'size' is invalid\. use one of date/ },
  ]);
});

describe("trade show", () => {
  parseTable(tradeShowCommand, [
    { argv: "42", opts: { id: 42, json: false } },
    { argv: "42 --json", opts: { id: 42, json: true } },
    { argv: "x", error: BAD_ID },
    { argv: "", error: "error: missing required argument 'id'" },
  ]);
});

describe("trade edit", () => {
  parseTable(tradeEditCommand, [
    { argv: "42", opts: { id: 42, edit: {}, json: false } },
    {
      argv: "42 --exit-price 191.30 --no-stop --no-strategy --reopen --json",
      opts: { id: 42, edit: { exitPrice: "191.30", clearStop: true, strategy: null, reopen: true }, json: true },
    },
    { argv: "42 --stop 185 --strategy ORB", opts: { id: 42, edit: { stop: "185", strategy: "ORB" }, json: false } },
    { argv: "x --qty 1", error: BAD_ID },
  ]);
});

describe("trade tag", () => {
  parseTable(tradeTagCommand, [
    { argv: "42 --add a,b", opts: { id: 42, add: "a,b", json: false } },
    { argv: "42 --remove a --json", opts: { id: 42, remove: "a", json: true } },
    { argv: "42", error: "error: give --add or --remove" },
    { argv: "x --add a", error: BAD_ID },
  ]);
});

describe("trade delete", () => {
  parseTable(tradeDeleteCommand, [
    { argv: "42", opts: { id: 42, yes: false, json: false } },
    { argv: "42 -y --json", opts: { id: 42, yes: true, json: true } },
    { argv: "42 --yes", opts: { id: 42, yes: true, json: false } },
    { argv: "x", error: BAD_ID },
  ]);
});
