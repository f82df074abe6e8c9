// export: trades leave as fills that `import csv` turns back into the same trades, P&L, tags and notes in an empty
// journal; JSON carries everything with its links; journal entries also leave as Markdown files with front matter.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseExportOptions } from "../../src/commands/export.js";
import type { Database } from "../../src/db/schema.js";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { initJournal } from "../support/journal.js";
import { expectJsonShape, JOURNAL_ENTRY_JSON, versioned } from "../support/json-shape.js";
import { fillJournal, ok } from "../support/snapshot.js";

describe("export options", () => {
  it.each([
    ["trades", { format: "csv" }, { kind: "trades", format: "csv" }],
    ["all", {}, { kind: "all", format: "json" }],
    ["journal", { format: "markdown", output: "/n" }, { kind: "journal", format: "markdown", output: "/n" }],
    [
      "trades",
      { symbol: "AAPL", from: "2024-01-01" },
      { kind: "trades", format: "json", symbol: "AAPL", from: "2024-01-01" },
    ],
  ])("export %s %j parses to %j", (kind, raw, expected) => {
    expect(parseExportOptions(kind, raw)).toEqual(expected);
  });
  it.each([
    ["fills", {}, "export what? one of trades, journal, strategies, all, not 'fills'"],
    ["trades", { format: "xml" }, "--format must be csv, json or markdown, not 'xml'"],
    ["trades", { format: "markdown", output: "/n" }, "--format markdown is for the journal"],
    [
      "journal",
      { format: "markdown" },
      "--format markdown writes one file per entry: give the directory with --output",
    ],
    ["all", { format: "csv" }, "export all is JSON: a CSV file holds one kind"],
  ])("export %s %j is refused: %s", (kind, raw, message) => {
    expect(() => parseExportOptions(kind, raw)).toThrow(message);
  });
});

/** The trade fields an export must carry back, in a fixed order. */
async function tradeFacts(db: Kysely<Database>) {
  const result = await sql<Record<string, unknown>>`
    select symbol, side, status, quantity, entry_price, exit_price, entry_date, exit_date, commission, asset_type,
           multiplier, pnl, tags, notes
    from trades order by entry_date, symbol, quantity`.execute(db);
  return result.rows;
}

describeEachBackend("export", (backend) => {
  let source: TestDatabase;
  let cli: CliRunner;
  let target: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(backend), createTestDatabase(backend)]);
    cli = cliFor(source);
    await initJournal(cli, source);
    await fillJournal(cli);
    await ok(cli, ["trade", "tag", "4", "--add", "review"]);
    dir = mkdtempSync(join(inject("scratchDir"), "export-"));
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it("trades as fills import back into an empty journal to the same trades, P&L, tags and notes", async () => {
    const file = join(dir, "fills.csv");
    await ok(cli, ["export", "trades", "--format", "csv", "--output", file]);
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines[0]).toBe(
      "Date,Symbol,Side,Quantity,Price,Commission,Account,Execution ID,Asset Type,Multiplier,Tags,Notes,Strategy",
    );
    expect(lines[1]).toBe(
      "2024-03-01T14:31:00.000Z,ACME,buy,100.0000000000,10.0000000000,2.00,U1,T3-open,stock,1.0000,,,",
    );

    const importer = cliFor(target);
    await initJournal(importer, target);
    const imported = await importer(["import", "csv", file]);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(await tradeFacts(target.db)).toEqual(await tradeFacts(source.db));
    const total = await sql<{ total: string }>`select sum(pnl)::text as total from trades`.execute(target.db);
    expect(total.rows[0]?.total).toBe("813.55");
    const aapl = await target.db.selectFrom("trades").select(["tags", "notes"]).where("symbol", "=", "AAPL").execute();
    expect(aapl).toEqual([{ tags: ["gap", "a\\b"], notes: "line one\nline\ttwo" }]);
    // Importing the same export again adds nothing: each fill's id names its trade.
    const again = await importer(["import", "csv", file, "--json"]);
    expect(JSON.parse(again.stdout).imports[0]).toMatchObject({ newFills: 0, knownFills: 16, tradesCreated: 0 });
  });

  it("JSON carries trades with tags, notes, strategy and journal links, entries with their trades, rules", async () => {
    const result = await ok(cli, ["export", "all"]);
    const exported = JSON.parse(result.stdout);
    expect(exported.version).toBe(1);
    // The declared document (README "Backup, restore and export"), written by hand.
    expectJsonShape(
      exported,
      versioned({ exportedAt: "time", trades: "array", journal: "array", strategies: "array" }),
      "export all",
    );
    for (const trade of exported.trades) {
      expectJsonShape(
        trade,
        {
          id: "integer",
          symbol: "string",
          side: "string",
          status: "string",
          quantity: "decimal",
          entryPrice: "decimal",
          exitPrice: "decimal?",
          entryDate: "time",
          exitDate: "time?",
          commission: "decimal",
          assetType: "string",
          multiplier: "decimal",
          stopPrice: "decimal?",
          initialRisk: "decimal?",
          pnl: "decimal?",
          pnlPercent: "decimal?",
          strategy: "string?",
          tags: "string[]",
          notes: "string?",
          broker: "string?",
          accountId: "string?",
          orderId: "string?",
          journalEntryIds: "array",
        },
        "an exported trade",
      );
    }
    for (const entry of exported.journal) {
      // The journal verbs' entry (declared in json-shape.ts), with the ids of its linked trades.
      expectJsonShape(entry, { ...JOURNAL_ENTRY_JSON, tradeIds: "array" }, "an exported journal entry");
    }
    for (const strategy of exported.strategies) {
      expectJsonShape(
        strategy,
        {
          id: "integer",
          name: "string",
          description: "string?",
          rules: "object?",
          active: "boolean",
          performanceMetrics: "object?",
          createdAt: "time",
        },
        "an exported strategy",
      );
    }
    expect(exported.trades).toHaveLength(9);
    const aapl = exported.trades.find((t: { symbol: string }) => t.symbol === "AAPL");
    expect(aapl).toMatchObject({
      id: 1,
      side: "long",
      entryPrice: "187.2000000000",
      exitPrice: "190.4500000000",
      pnl: "325.00",
      strategy: "Breakout",
      tags: ["gap", "a\\b"],
      notes: "line one\nline\ttwo",
      journalEntryIds: [1],
      entryDate: "2024-03-01T15:00:00.000Z",
    });
    expect(exported.journal).toEqual([
      expect.objectContaining({ id: 1, title: "Plan", content: "wait for the open", mood: "calm", tradeIds: [1, 3] }),
    ]);
    expect(exported.strategies).toEqual([
      expect.objectContaining({
        name: "Breakout",
        active: true,
        rules: { entry: ["range high"], exit: [], checklist: [], risk: { stopDistance: "0.5" } },
      }),
    ]);
  });

  it("journal entries as Markdown files with front matter", async () => {
    const notes = join(dir, "notes");
    const result = await cli(["export", "journal", "--format", "markdown", "--output", notes]);
    expect(result.stderr).toBe(`Wrote 1 journal entry to ${notes}\n`);
    const [name, ...rest] = readdirSync(notes);
    expect(rest).toEqual([]);
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-plan-1\.md$/);
    const text = readFileSync(join(notes, name as string), "utf8");
    expect(text.replace(/^date: .*$/m, "date: D")).toBe(
      '---\nid: 1\ntitle: "Plan"\ndate: D\nmood: "calm"\nconfidence: null\ntags: []\ntrades: [1,3]\narchived: false\n---\n\nwait for the open\n',
    );
  });

  it("strategies as CSV with their rules", async () => {
    const result = await ok(cli, ["export", "strategies", "--format", "csv"]);
    expect(result.stdout).toBe(
      'Name,Description,Active,Rules\nBreakout,,true,"{""exit"":[],""risk"":{""stopDistance"":""0.5""},""entry"":[""range high""],""checklist"":[]}"\n',
    );
  });
});
