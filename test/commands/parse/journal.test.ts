// `journal` verbs: what each command line parses into, or the one error line it gets; no database (fast tier).
import { describe } from "vitest";
import { journalArchiveCommand, journalUnarchiveCommand } from "../../../src/commands/journal/archive.js";
import { journalDeleteCommand } from "../../../src/commands/journal/delete.js";
import { journalEditCommand } from "../../../src/commands/journal/edit.js";
import { journalLinkCommand, journalUnlinkCommand } from "../../../src/commands/journal/link.js";
import { journalListCommand } from "../../../src/commands/journal/list.js";
import { journalSearchCommand } from "../../../src/commands/journal/search.js";
import { journalShowCommand } from "../../../src/commands/journal/show.js";
import { journalWriteCommand } from "../../../src/commands/journal/write.js";
import { parseTable } from "../../support/parse-table.js";

const BAD_ID = "error: journal entry id must be a whole number, got 'x'";

describe("journal write", () => {
  parseTable(journalWriteCommand, [
    { argv: "", opts: { confidence: null, tags: null, tradeIds: [], daily: false, json: false } },
    {
      argv: ["--title", "Gap", "--content", "body", "--mood", "Calm", "--confidence", "7", "--tags", "A,b"].concat([
        "--trade",
        "12",
        "--trade",
        "13",
        "--trade",
        "12",
        "--daily",
        "--json",
      ]),
      opts: {
        title: "Gap",
        content: "body",
        mood: "calm",
        confidence: 7,
        tags: ["a", "b"],
        tradeIds: [12, 13],
        daily: true,
        json: true,
      },
    },
    {
      argv: "--file - --title T",
      opts: { title: "T", file: "-", confidence: null, tags: null, tradeIds: [], daily: false, json: false },
    },
    { argv: "--content a --file b", error: "error: --content and --file cannot be used together" },
    { argv: "--confidence 11", error: /^error: --confidence must be/ },
    { argv: "--trade x", error: "error: --trade must be a whole number, got 'x'" },
  ]);
});

describe("journal list", () => {
  parseTable(journalListCommand, [
    { argv: "", opts: { archived: false, json: false } },
    {
      argv: "--from 2024-03-01 --to 2024-04-01 --mood FOMO --tag Gap --trade 12 --archived --limit 3 --json",
      opts: {
        from: "2024-03-01",
        to: "2024-04-01",
        mood: "fomo",
        tag: "gap",
        tradeId: 12,
        archived: true,
        limit: 3,
        json: true,
      },
    },
    { argv: ["--mood", ""], opts: { mood: "", archived: false, json: false } },
    { argv: "--trade 0", error: "error: --trade must be a whole number, got '0'" },
    { argv: "--limit x", error: /^error: option '--limit <n>' argument 'x' is invalid/ },
  ]);
});

describe("journal show", () => {
  parseTable(journalShowCommand, [
    { argv: "4 --json", opts: { id: 4, json: true } },
    { argv: "x", error: BAD_ID },
  ]);
});

describe("journal edit", () => {
  parseTable(journalEditCommand, [
    { argv: "4", opts: { id: 4, patch: {}, json: false } },
    {
      argv: ["4", "--title", "New", "--mood", "", "--confidence", "3", "--tags", "", "--content", "text", "--json"],
      opts: { id: 4, patch: { title: "New", mood: null, confidence: 3, tags: null }, content: "text", json: true },
    },
    { argv: "4 --content a --file b", error: "error: --content and --file cannot be used together" },
    { argv: "x --title T", error: BAD_ID },
  ]);
});

describe("journal search", () => {
  parseTable(journalSearchCommand, [
    { argv: "stop loss -fomo", opts: { query: "stop loss -fomo", archived: false, json: false } },
    { argv: "breakout --archived --limit 2 --json", opts: { query: "breakout", archived: true, limit: 2, json: true } },
    { argv: [" "], error: "error: the search query is empty" },
  ]);
});

describe("journal link and unlink", () => {
  parseTable(journalLinkCommand, [
    { argv: "4 --trade 12 --trade 13 --trade 12", opts: { id: 4, tradeIds: [12, 13] } },
    { argv: "4", error: "error: --trade is required" },
    { argv: "x --trade 1", error: BAD_ID },
  ]);
  parseTable(journalUnlinkCommand, [{ argv: "4 --trade 12", opts: { id: 4, tradeIds: [12] } }]);
});

describe("journal archive, unarchive and delete", () => {
  parseTable(journalArchiveCommand, [
    { argv: "4", opts: { id: 4 } },
    { argv: "x", error: BAD_ID },
  ]);
  parseTable(journalUnarchiveCommand, [{ argv: "4", opts: { id: 4 } }]);
  parseTable(journalDeleteCommand, [
    { argv: "4", opts: { id: 4, yes: false } },
    { argv: "4 -y", opts: { id: 4, yes: true } },
    { argv: "x --yes", error: BAD_ID },
  ]);
});
