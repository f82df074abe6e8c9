import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { importFile } from "../../src/import/engine.js";
import type { CliRunner } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { checkingImports } from "../support/imports.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape, type JsonShape, versioned } from "../support/json-shape.js";

/** One file's entry in `import csv --json` (README "Importing"), of a file in one currency with no broker P&L. */
const IMPORT_CSV_ENTRY_JSON: JsonShape = {
  importId: "integer?",
  file: "string",
  format: "string",
  columns: "object",
  unreadColumns: "string[]",
  rounded: "object",
  status: "string",
  totalRows: "integer",
  importedRows: "integer",
  failedRows: "integer",
  skippedRows: "integer",
  skipped: "object",
  newFills: "integer",
  knownFills: "integer",
  pricesMadeExact: "integer",
  tradesCreated: "integer",
  tradesUpdated: "integer",
  tradesRemoved: "integer",
  realizedPnl: "decimal",
  openPositions: "array",
  detached: "array",
  unmatched: "array",
  openings: "array",
  orderConflicts: "array",
  storedCopies: "array",
  detected: "object?",
  errors: "array",
  interruptedRunsFailed: "integer",
  exitCode: "integer",
};

/** An import in `import history --json`, and the head of `import show --json` (README "JSON output"). */
const IMPORT_JSON: JsonShape = {
  id: "integer",
  file: "string",
  format: "string?",
  accountId: "string?",
  status: "string?",
  undoneAt: "time?",
  totalRows: "integer?",
  importedRows: "integer?",
  failedRows: "integer?",
  newFills: "integer?",
  knownFills: "integer?",
  skippedRows: "integer?",
  startedAt: "time?",
  completedAt: "time?",
  createdAt: "time?",
};

const fixtures = join(import.meta.dirname, "../../fixtures/imports");
let dir: string;
function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describeEachBackend("tradesense import csv", (backend) => {
  const journal = useJournal(backend, "importer");
  let cli: CliRunner;
  const now = new Date("2024-04-01T12:00:00Z");
  beforeAll(() => {
    dir = journal.dir;
    cli = checkingImports(journal.cli, journal.database);
  });
  beforeEach(async () => {
    for (const table of [
      "trades",
      "round_trips",
      "executions",
      "notifications",
      "import_history",
      "import_mappings",
    ] as const) {
      await journal.database.db.deleteFrom(table).execute();
    }
  });

  const trades = () =>
    journal.database.db
      .selectFrom("trades")
      .select([
        "id",
        "symbol",
        "side",
        "quantity",
        "entry_price",
        "exit_price",
        "commission",
        "pnl",
        "status",
        "account_id",
        "import_key",
      ])
      .orderBy("entry_date")
      .orderBy("id")
      .execute();
  const count = async (table: "executions" | "trades" | "import_history" | "round_trips") =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(journal.database.db)).rows[0]?.n,
    );

  it("builds FIFO trades exact to the cent, records the run, and reconciles with the broker's realized P&L", async () => {
    const result = await cli(["import", "csv", join(fixtures, "generic-fifo.csv")], { now });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^generic-fifo\.csv \(generic, import \d+, completed\): 10 rows\n {2}fills: 10 new, 0 already known; 0 bad rows; 0 skipped\n {2}trades: 7 created, 0 updated, 0 removed; realized P&L 488\.55\n {2}open: OPEN \(U1\) 40\n {2}columns: Date as date, Time as time, Symbol as symbol, Side as side, Quantity as quantity, Price as price, Commission as commission, Fees as fees, Account as account, Execution ID as executionId\n$/,
    );
    const rows = await trades();
    expect(
      rows.map((t) => [
        t.symbol,
        t.side,
        t.quantity,
        t.entry_price,
        t.exit_price,
        t.commission,
        t.pnl,
        t.status,
        t.account_id,
      ]),
    ).toEqual([
      ["ACME", "long", "100.0000000000", "10.0000000000", "12.0000000000", "2.00", "198.00", "closed", "U1"],
      ["ACME", "long", "20.0000000000", "11.0000000000", "12.0000000000", "0.40", "19.60", "closed", "U1"],
      ["ACME", "long", "30.0000000000", "11.0000000000", "9.0000000000", "0.60", "-60.60", "closed", "U1"],
      ["FLIP", "long", "10.0000000000", "5.0000000000", "6.0000000000", "2.00", "8.00", "closed", "U1"],
      ["FLIP", "short", "15.0000000000", "6.0000000000", "4.0000000000", "2.25", "27.75", "closed", "U1"],
      ["SHRT", "short", "200.0000000000", "50.0000000000", "48.5000000000", "4.20", "295.80", "closed", "U1"],
      ["OPEN", "long", "40.0000000000", "25.2500000000", null, "1.00", null, "open", "U1"],
    ]);
    // The sum of pnl equals the broker's realized P&L, and commissions add up to the file's.
    const totals = await sql<{
      pnl: string;
      commission: string;
    }>`select sum(pnl)::text as pnl, sum(commission)::text as commission from trades`.execute(journal.database.db);
    expect(totals.rows[0]).toEqual({ pnl: "488.55", commission: "12.45" });
    const history = await journal.database.db.selectFrom("import_history").selectAll().execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      filename: "generic-fifo.csv",
      broker: "generic",
      status: "completed",
      total_rows: 10,
      imported_rows: 10,
      failed_rows: 0,
      errors: [],
    });
    expect(history[0]?.started_at).toBeInstanceOf(Date);
    expect(await count("executions")).toBe(10);
    expect(await count("round_trips")).toBe(5);
    const links = await sql<{ n: number }>`select count(*) as n from trade_executions`.execute(journal.database.db);
    expect(links.rows[0]?.n).toBe(13);
    const notes = await journal.database.db.selectFrom("notifications").select(["type", "title"]).execute();
    expect(notes).toEqual([{ type: "import_completed", title: "Import of generic-fifo.csv completed" }]);
    const audit = await journal.database.db
      .selectFrom("audit_logs")
      .select(["action", "resource_type", "resource_id"])
      .where("action", "like", "import.%")
      .execute();
    expect(audit).toEqual([{ action: "import.complete", resource_type: "import", resource_id: history[0]?.id }]);

    // The same run through history, show and notifications --json: declared shapes, times in UTC.
    const listed = JSON.parse((await cli(["import", "history", "--json"])).stdout);
    expectJsonShape(listed, versioned({ imports: "array" }), "import history --json");
    expectJsonShape(listed.imports[0], IMPORT_JSON, "an import in history");
    expect(listed.imports[0]).toMatchObject({
      id: history[0]?.id,
      file: "generic-fifo.csv",
      format: "generic",
      status: "completed",
      undoneAt: null,
      totalRows: 10,
      importedRows: 10,
      failedRows: 0,
      newFills: 10,
      knownFills: 0,
      skippedRows: 0,
      startedAt: now.toISOString(),
    });
    const shown = JSON.parse((await cli(["import", "show", String(history[0]?.id), "--json"])).stdout);
    expectJsonShape(
      shown,
      versioned({ ...IMPORT_JSON, summary: "object", errors: "array", storedCopies: "array" }),
      "import show --json",
    );
    expect(shown).toMatchObject({ version: 1, id: history[0]?.id, errors: [] });
    // The recorded summary: the P&L worked out above (488.55), the OPEN position's 40 still held.
    expect(shown.summary).toMatchObject({
      realizedPnl: "488.55",
      openPositions: [{ account: "U1", symbol: "OPEN", quantity: "40" }],
    });
    const notified = JSON.parse((await cli(["notifications", "list", "--json"])).stdout);
    expectJsonShape(notified, versioned({ notifications: "array" }), "notifications --json");
    expectJsonShape(
      notified.notifications[0],
      {
        id: "integer",
        type: "string",
        title: "string",
        message: "string?",
        data: "object",
        read: "boolean",
        readAt: "time?",
        createdAt: "time",
      },
      "a notification",
    );
    expect(notified.notifications[0]).toMatchObject({
      type: "import_completed",
      title: "Import of generic-fifo.csv completed",
      read: false,
      readAt: null,
    });
  });

  it("adds each fill exactly once when the same file is imported again, keeping the trades as they were", async () => {
    await cli(["import", "csv", join(fixtures, "generic-fifo.csv")], { now });
    const before = await trades();
    const again = await cli(["import", "csv", join(fixtures, "generic-fifo.csv"), "--json"], { now });
    expect(again.code).toBe(0);
    const document = JSON.parse(again.stdout);
    expectJsonShape(document, versioned({ imports: "array" }), "import csv --json");
    expect(document.version).toBe(1);
    const summary = document.imports[0];
    expectJsonShape(summary, IMPORT_CSV_ENTRY_JSON, "an import csv entry");
    expect(summary).toMatchObject({
      newFills: 0,
      knownFills: 10,
      tradesCreated: 0,
      tradesUpdated: 0,
      tradesRemoved: 0,
      realizedPnl: "0.00",
    });
    expect(await trades()).toEqual(before);
    expect(await count("executions")).toBe(10);
    expect(await count("import_history")).toBe(2);
  });

  it("imports overlapping exports without execution ids once each, keeping genuinely identical fills", async () => {
    const header = "Date,Symbol,Action,Qty,Price,Commission\n";
    const day1 = "2024-03-01 10:00:00,XYZ,BUY,10,20.00,1.00\n";
    const twin = "2024-03-02 10:00:00,XYZ,BUY,5,21.00,0.50\n";
    const day3 = "2024-03-03 15:00:00,XYZ,SELL,20,22.00,1.00\n";
    const first = await cli(["import", "csv", csv("week1.csv", header + day1 + twin + twin)], { now });
    expect(first.code).toBe(0);
    const second = await cli(["import", "csv", csv("week2.csv", header + twin + twin + day3), "--json"], { now });
    expect(JSON.parse(second.stdout).imports[0]).toMatchObject({ newFills: 1, knownFills: 2 });
    expect(await count("executions")).toBe(4);
    const rows = await trades();
    expect(rows.map((t) => [t.quantity, t.entry_price, t.exit_price, t.pnl])).toEqual([
      ["10.0000000000", "20.0000000000", "22.0000000000", "18.50"],
      ["5.0000000000", "21.0000000000", "22.0000000000", "4.25"],
      ["5.0000000000", "21.0000000000", "22.0000000000", "4.25"],
    ]);
  });

  it("keeps a sell with nothing to close unmatched (exit 10, no invented short) and matches it when the older export arrives", async () => {
    const header = "Date,Symbol,Side,Quantity,Price,Commission,Execution ID\n";
    const newer = csv("newer.csv", `${header}2024-03-05 10:00:00,LATE,Sell,150,30.00,1.50,N1\n`);
    const older = csv(
      "older.csv",
      `${header}2024-03-01 10:00:00,LATE,Buy,100,25.00,1.00,O1\n2024-03-02 10:00:00,LATE,Buy,100,26.00,1.00,O2\n`,
    );
    const first = await cli(["import", "csv", newer], { now });
    expect(first.code).toBe(10);
    expect(first.stderr).toBe(
      "newer.csv:2: sold 150 LATE with no open position: the export probably starts after the shares were bought; import the older export and it will be matched\n",
    );
    expect(first.stdout).toContain("  trades: 0 created, 0 updated, 0 removed; realized P&L 0.00\n");
    expect(await trades()).toEqual([]);
    const fills = await sql<{ n: number }>`select count(*)::int as n from executions`.execute(journal.database.db);
    expect(fills.rows[0]?.n).toBe(1);
    const importId = /import (\d+), completed/.exec(first.stdout)?.[1] as string;
    const shown = await cli(["import", "show", importId], { now });
    expect(shown.stdout).toContain(
      "  unmatched (kept, no trade made):\n    line 2: sold 150 LATE with no open position: the export probably starts after the shares were bought; import the older export and it will be matched\n",
    );

    const second = await cli(["import", "csv", older, "--json"], { now });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).imports[0]).toMatchObject({
      tradesCreated: 3,
      tradesRemoved: 0,
      unmatched: [],
      openPositions: [{ account: "", symbol: "LATE", quantity: "50" }],
    });
    const rows = await trades();
    expect(rows.map((t) => [t.side, t.quantity, t.entry_price, t.exit_price, t.commission, t.pnl, t.status])).toEqual([
      ["long", "100.0000000000", "25.0000000000", "30.0000000000", "2.00", "498.00", "closed"],
      ["long", "50.0000000000", "26.0000000000", "30.0000000000", "1.00", "199.00", "closed"],
      ["long", "50.0000000000", "26.0000000000", null, "0.50", null, "open"],
    ]);
  });

  it("opens a short only when the row says so, and keeps a Buy to Cover with nothing to cover unmatched", async () => {
    const path = csv(
      "sides.csv",
      [
        "Date,Symbol,Side,Quantity,Price,Commission",
        "2024-03-01 10:00:00,SHRT,Sell Short,10,20.00,1.00",
        "2024-03-01 11:00:00,SHRT,Buy to Cover,10,18.00,1.00",
        "2024-03-01 12:00:00,CVR,Buy to Cover,5,7.00,0.50",
        "2024-03-01 13:00:00,GEN,short,4,10.00,0",
      ].join("\n"),
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result.code).toBe(10);
    expect(result.stderr).toBe(
      "sides.csv:4: bought 5 CVR to cover with no short position: the export probably starts after the short was opened; import the older export and it will be matched\n",
    );
    const rows = await trades();
    expect(rows.map((t) => [t.symbol, t.side, t.quantity, t.pnl, t.status])).toEqual([
      ["SHRT", "short", "10.0000000000", "18.00", "closed"],
      ["GEN", "short", "4.0000000000", null, "open"],
    ]);
  });

  it("sums every commission and fee column, says which column was read as what, and warns of an unread money column", async () => {
    const path = csv(
      "costs.csv",
      [
        "Date,Symbol,Side,Quantity,Price,Fees & Comm,SEC Fee,Net Amount",
        "2024-03-01 10:00:00,COST,Buy,10,20.00,1.00,0.02,-201.02",
        "2024-03-01 11:00:00,COST,Sell,10,21.00,1.00,0.03,208.97",
      ].join("\n"),
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "  columns: Date as date, Symbol as symbol, Side as side, Quantity as quantity, Price as price, SEC Fee as fees, Fees & Comm as fees\n",
    );
    expect(result.stderr).toBe(
      "warning: costs.csv: column 'Net Amount' looks like money, fees, a quantity or a time but was not read (--map field=Net Amount to read it)\n",
    );
    const rows = await trades();
    // (21.00 - 20.00) x 10 - (1.00 + 0.02 + 1.00 + 0.03) = 7.95
    expect(rows.map((t) => [t.commission, t.pnl])).toEqual([["2.05", "7.95"]]);
  });

  it("rounds a price, commission or fee with more places than its column half-up, counting each, never refusing the row", async () => {
    const path = csv(
      "places.csv",
      [
        "Date,Symbol,Side,Quantity,Price,Commission,Fees",
        "2024-03-01 10:00:00,PLCS,Buy,100,10.12345678905,0.1399999999999999,0",
        "2024-03-01 11:00:00,PLCS,Sell,100,11.00,0.50,0.005",
      ].join("\n"),
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("  rounded half-up to the column's places: 1 price, 2 commission\n");
    const fills = await journal.database.db
      .selectFrom("executions")
      .select(["price", "commission"])
      .orderBy("executed_at")
      .execute();
    expect(fills).toEqual([
      { price: "10.1234567891", commission: "0.14" },
      { price: "11.0000000000", commission: "0.51" },
    ]);
    // (11.00 - 10.1234567891) x 100 - (0.14 + 0.51) = 87.65432109 - 0.65 = 87.00432109 -> 87.00
    expect((await trades()).map((t) => [t.entry_price, t.commission, t.pnl])).toEqual([
      ["10.1234567891", "0.65", "87.00"],
    ]);
  });

  it("finds a fills header after other sections (line 53), reading as far as the file needs", async () => {
    const summary = ["Account Summary", "Field,Value", ...Array.from({ length: 50 }, (_, i) => `Row ${i + 1},${i}`)];
    const path = csv(
      "sections.csv",
      [...summary, "Date,Symbol,Side,Quantity,Price", "2024-03-01 10:00:00,DEEP,Buy,10,20.00"].join("\n"),
    );
    const result = await cli(["import", "csv", path, "--json"], { now });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).imports[0]).toMatchObject({ totalRows: 1, newFills: 1 });
    const fills = await journal.database.db.selectFrom("executions").select(["symbol", "source_line"]).execute();
    expect(fills).toEqual([{ symbol: "DEEP", source_line: 54 }]);
  });

  it("stores a sub-penny trade whose P&L percentage cannot be held, with pnl_percent NULL, instead of refusing the file", async () => {
    const path = csv(
      "penny.csv",
      "Date,Symbol,Side,Quantity,Price\n2024-03-01 10:00:00,PENZ,Buy,1000,0.0001\n2024-03-01 11:00:00,PENZ,Sell,1000,100\n",
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result.code).toBe(0);
    // (100 - 0.0001) x 1000 = 99,999.90, which is 99,999,900 % of 0.10: more than NUMERIC(8, 2) holds.
    const rows = await journal.database.db.selectFrom("trades").select(["pnl", "pnl_percent", "status"]).execute();
    expect(rows).toEqual([{ pnl: "99999.90", pnl_percent: null, status: "closed" }]);
  });

  it("refuses a --map to a column the file does not have, naming the close matches, and writes nothing", async () => {
    const path = csv("mapped.csv", "Trade Date,Ticker,B/S,Qty,Px\n2024-03-01 10:00:00,MAPD,B,10,20.00\n");
    const result = await cli(
      ["import", "csv", path, "--map", "date=Trade Date,symbol=Ticker,side=B/S,quantity=Qty,price=Pxx"],
      { now },
    );
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --map price=Pxx: the file has no column 'Pxx'; close matches: 'Px'\n",
    });
    expect(await count("executions")).toBe(0);
    expect(await count("import_history")).toBe(0);
  });

  it("reports each bad row by line, column, value and reason, imports the rest, and exits 10", async () => {
    const path = csv(
      "bad.csv",
      [
        "Broker export for account U9",
        "",
        "Date,Symbol,Side,Quantity,Price,Commission",
        "2024-03-01 10:00:00,GOOD,Buy,10,20.00,1.00",
        "2024-02-30 10:00:00,BADD,Buy,10,20.00,1.00",
        '2024-03-01 11:00:00,"MULTI\nLINE",Buy,ten,20.00,1.00',
        "2024-03-01 12:00:00,BADP,Sideways,10,-3,1.00",
        "2024-03-01 13:00:00,,Dividend,,1.25,",
        "2024-03-01 14:00:00,GOOD,Sell,10,21.00,1.00",
      ].join("\n"),
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result.code).toBe(10);
    expect(result.stderr).toBe(
      [
        "bad.csv:5: Date: '2024-02-30 10:00:00': not a date and time this importer reads (e.g. 2024-03-01 09:30:00 or 03/01/2024 09:30:00)",
        "bad.csv:6: Quantity: 'ten': not a number",
        "bad.csv:6: Symbol: 'MULTI\\nLINE': contains a line break or control character",
        "bad.csv:8: Side: 'Sideways': not a buy or sell (buy, sell, short, cover, BTO, STC... )",
        "bad.csv:8: Price: '-3': must not be negative",
        "",
      ].join("\n"),
    );
    expect(result.stdout).toContain(
      "fills: 2 new, 0 already known; 3 bad rows; 1 skipped (1 non-trade row (Dividend))",
    );
    const history = await journal.database.db.selectFrom("import_history").selectAll().executeTakeFirstOrThrow();
    expect(history).toMatchObject({ status: "completed", total_rows: 6, imported_rows: 2, failed_rows: 3 });
    expect(history.errors).toEqual([
      {
        line: 5,
        column: "Date",
        value: "2024-02-30 10:00:00",
        reason: "not a date and time this importer reads (e.g. 2024-03-01 09:30:00 or 03/01/2024 09:30:00)",
      },
      { line: 6, column: "Quantity", value: "ten", reason: "not a number" },
      { line: 6, column: "Symbol", value: "MULTI\nLINE", reason: "contains a line break or control character" },
      {
        line: 8,
        column: "Side",
        value: "Sideways",
        reason: "not a buy or sell (buy, sell, short, cover, BTO, STC... )",
      },
      { line: 8, column: "Price", value: "-3", reason: "must not be negative" },
    ]);
    expect((await trades()).map((t) => [t.symbol, t.pnl])).toEqual([["GOOD", "8.00"]]);
  });

  it("refuses the whole file with --strict, writing no fill and recording the failure", async () => {
    const path = csv(
      "strict.csv",
      "Date,Symbol,Side,Quantity,Price\n2024-03-01 10:00:00,AAA,Buy,10,1\n2024-03-01 11:00:00,AAA,Sell,x,1\n",
    );
    const result = await cli(["import", "csv", path, "--strict"], { now });
    expect(result.code).toBe(11);
    expect(await count("executions")).toBe(0);
    expect(await count("trades")).toBe(0);
    const history = await journal.database.db.selectFrom("import_history").selectAll().executeTakeFirstOrThrow();
    expect(history.status).toBe("failed");
    expect(history.errors).toEqual([
      { line: 3, column: "Quantity", value: "x", reason: "not a number" },
      { line: null, column: null, value: null, reason: "--strict: 1 bad row(s), nothing imported" },
    ]);
  });

  it("--dry-run shows the counts and P&L and writes nothing at all", async () => {
    const result = await cli(["import", "csv", join(fixtures, "generic-fifo.csv"), "--dry-run"], { now });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("generic-fifo.csv (generic, dry run: nothing written): 10 rows");
    expect(result.stdout).toContain("realized P&L 488.55");
    for (const table of ["executions", "trades", "import_history", "round_trips"] as const)
      expect(await count(table)).toBe(0);
  });

  it("a dry run takes no import id: the real imports around it are numbered one after the other", async () => {
    const real = async (file: string) => {
      const result = await cli(["import", "csv", file, "--json"], { now });
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout).imports[0].importId as number;
    };
    const first = await real(join(fixtures, "generic-fifo.csv"));
    const later = csv("later.csv", "Date,Symbol,Action,Qty,Price\n2024-03-08 10:00:00,XYZ,BUY,10,20.00\n");
    const dry = await cli(["import", "csv", later, "--dry-run", "--json"], { now });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).imports[0].importId).toBeNull();
    expect(await real(later)).toBe(first + 1);
  });

  it.each([
    ["binary.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), "is a binary file, not a CSV export"],
    ["empty.csv", Buffer.from("\uFEFF\r\n  \n"), "is empty"],
    [
      "unknown.csv",
      Buffer.from("Name,Amount\nAlice,3\n"),
      "no known format matches its header: closest generic (missing date, symbol, price); map the columns with --map field=Column",
    ],
  ])("refuses %s in one line before anything is written (exit 11)", async (name, content, message) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const result = await cli(["import", "csv", path], { now });
    expect(result).toEqual({
      code: 11,
      stdout: "",
      stderr: `error: ${path.startsWith("/") ? "" : ""}${path}${message.startsWith("no known") ? ": " : " "}${message}\n`,
    });
    expect(await count("import_history")).toBe(0);
  });

  it("refuses a file that ends inside a quoted field, naming the line, and keeps none of its rows (exit 11)", async () => {
    const path = csv(
      "unclosed.csv",
      'Date,Symbol,Side,Quantity,Price\n2024-03-01 09:30:00,ACME,Buy,10,5.00\n2024-03-01 09:31:00,"ACME,Sell,10,5.10\n',
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result).toEqual({
      code: 11,
      stdout: "",
      stderr: `error: ${path}: line 3: a quoted field is never closed\n`,
    });
    expect(await count("executions")).toBe(0);
    const history = await journal.database.db.selectFrom("import_history").select(["status", "errors"]).execute();
    expect(history).toEqual([
      {
        status: "failed",
        errors: [
          {
            line: null,
            column: null,
            value: null,
            reason: `import failed, nothing imported: ${path}: line 3: a quoted field is never closed`,
          },
        ],
      },
    ]);
  });

  it("reads messy input: BOM, CRLF, quoted commas, thousands separators, $ and parentheses, '--', newest first, dates without times", async () => {
    const path = csv(
      "messy.csv",
      "\uFEFF" +
        [
          "Trade Date,Symbol,Action,Quantity,Price,Fees,Description",
          '03/04/2024,MSY,SELL,"1,000",$12.50,($1.25),"Sold, finally"',
          '03/04/2024,MSY,BUY,500,$12.00,--,"Added"',
          '03/01/2024,MSY,BUY,500,"$11.00",(1.00),"Opened, at last"',
          "03/01/2024,,Interest,,,,Credit interest",
        ].join("\r\n") +
        "\r\n",
    );
    const result = await cli(["import", "csv", path, "--json"], { now });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).imports[0]).toMatchObject({ newFills: 3, skippedRows: 1, realizedPnl: "997.75" });
    const rows = await trades();
    expect(rows.map((t) => [t.quantity, t.entry_price, t.exit_price, t.commission, t.pnl])).toEqual([
      ["500.0000000000", "11.0000000000", "12.5000000000", "1.63", "748.37"],
      ["500.0000000000", "12.0000000000", "12.5000000000", "0.62", "249.38"],
    ]);
  });

  it("undo removes an import's fills and trades and rebuilds what other imports left", async () => {
    const header = "Date,Symbol,Side,Quantity,Price,Commission,Execution ID\n";
    await cli(["import", "csv", csv("open.csv", `${header}2024-03-01 10:00:00,UND,Buy,100,10.00,1.00,U1\n`)], { now });
    const closing = await cli(
      ["import", "csv", csv("close.csv", `${header}2024-03-02 10:00:00,UND,Sell,100,11.00,1.00,U2\n`), "--json"],
      { now },
    );
    const importId = JSON.parse(closing.stdout).imports[0].importId;
    expect((await trades()).map((t) => t.status)).toEqual(["closed"]);
    const refused = await cli(["import", "undo", String(importId)], { now });
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --yes is required when not running in a terminal\n",
    });
    const undone = await cli(["import", "undo", String(importId), "--yes", "--json"], { now });
    expect(undone.code).toBe(0);
    const undoJson = JSON.parse(undone.stdout);
    expectJsonShape(
      undoJson,
      versioned({
        importId: "integer",
        positions: "integer",
        tradesRemoved: "integer",
        tradesCreated: "integer",
        fillsKept: "integer",
        keptFor: "array",
        detached: "array",
      }),
      "import undo --json",
    );
    // One position (UND) rebuilt: its trade opened by the first import's buy stays (updated in place, open again), so
    // no trade is removed or created.
    expect(undoJson).toEqual({
      version: 1,
      importId,
      positions: 1,
      tradesRemoved: 0,
      tradesCreated: 0,
      fillsKept: 0,
      keptFor: [],
      detached: [],
    });
    expect((await trades()).map((t) => [t.status, t.quantity, t.commission])).toEqual([
      ["open", "100.0000000000", "1.00"],
    ]);
    expect(await count("executions")).toBe(1);
    const twice = await cli(["import", "undo", String(importId), "--yes"], { now });
    expect(twice).toEqual({ code: 4, stdout: "", stderr: `error: import ${importId} was already undone\n` });
    const missing = await cli(["import", "undo", "999999", "--yes"], { now });
    expect(missing).toEqual({ code: 3, stdout: "", stderr: "error: import 999999 not found\n" });
  });

  it("maps another layout with --map, saves it, and reuses it by name", async () => {
    const odd = "When,Ticker,B/S,Shares,Px,Comm\n2024-03-01 10:00:00,ODD,B,10,5,0.10\n";
    const unknown = await cli(["import", "csv", csv("odd1.csv", odd)], { now });
    expect(unknown.code).toBe(11);
    const mapped = await cli(
      ["import", "csv", csv("odd2.csv", odd), "--map", "date=When,price=Px", "--save-map", "odd"],
      { now },
    );
    expect(mapped.code).toBe(0);
    const reused = await cli(
      ["import", "csv", csv("odd3.csv", odd.replace("B,10,5", "S,10,6")), "--map-name", "odd", "--json"],
      { now },
    );
    expect(JSON.parse(reused.stdout).imports[0]).toMatchObject({ newFills: 1, realizedPnl: "9.80" });
    const badField = await cli(["import", "csv", csv("odd4.csv", odd), "--map", "colour=When"], { now });
    expect(badField.stderr).toMatch(/^error: --map: unknown field 'colour' \(fields: date, time, symbol/);
    expect(badField.code).toBe(2);
  });

  it("prices an option trade with its multiplier of 100", async () => {
    const path = csv(
      "options.csv",
      "Date,Underlying,Expiry,Strike,Right,Side,Quantity,Price,Commission\n2024-03-01 10:00:00,AAPL,2024-03-15,190,C,BTO,2,1.50,1.30\n2024-03-04 10:00:00,AAPL,2024-03-15,190,C,STC,2,2.10,1.30\n",
    );
    const result = await cli(["import", "csv", path, "--json"], { now });
    expect(JSON.parse(result.stdout).imports[0]).toMatchObject({ newFills: 2, realizedPnl: "117.40" });
    const row = await journal.database.db
      .selectFrom("trades")
      .select(["symbol", "asset_type", "multiplier", "pnl", "pnl_percent"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      symbol: "AAPL240315C00190000",
      asset_type: "option",
      multiplier: "100.0000",
      pnl: "117.40",
      pnl_percent: "39.13",
    });
  });

  it("keeps each user's imports apart: another user's import is not found, and fills never dedup across users", async () => {
    const other = await journal.database.db
      .insertInto("users")
      .values({ username: `other-${backend}-${Date.now()}`, email: `o${Date.now()}@example.com`, hashed_password: "!" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const theirs = await importFile(journal.database.db, {
      userId: other.id,
      path: join(fixtures, "generic-fifo.csv"),
      userTimeZone: "UTC",
      mapping: {},
      dryRun: false,
      strict: false,
      now: () => now,
    });
    expect(theirs.newFills).toBe(10);
    const mine = await cli(["import", "csv", join(fixtures, "generic-fifo.csv"), "--json"], { now });
    expect(JSON.parse(mine.stdout).imports[0]).toMatchObject({ newFills: 10, knownFills: 0 });
    const history = JSON.parse((await cli(["import", "history", "--json"])).stdout);
    expect(history.imports.map((h: { id: number }) => h.id)).not.toContain(theirs.importId);
    for (const args of [
      ["import", "show", String(theirs.importId)],
      ["import", "undo", String(theirs.importId), "--yes"],
    ]) {
      expect(await cli(args, { now })).toEqual({
        code: 3,
        stdout: "",
        stderr: `error: import ${theirs.importId} not found\n`,
      });
    }
    const listed = JSON.parse((await cli(["trade", "list", "--json"])).stdout);
    expect(listed.totals.trades).toBe(7);
    expect(await count("executions")).toBe(20);
  });

  it("reads the file's times in --timezone, daylight saving included, and stores UTC", async () => {
    const path = csv(
      "tz.csv",
      "Date,Symbol,Side,Quantity,Price\n2024-03-08 09:30:00,TZ,Buy,1,10\n2024-03-11 09:30:00,TZ,Sell,1,11\n",
    );
    await cli(["import", "csv", path, "--timezone", "America/New_York"], { now });
    const fills = await journal.database.db
      .selectFrom("executions")
      .select("executed_at")
      .orderBy("executed_at")
      .execute();
    expect(fills.map((f) => f.executed_at.toISOString())).toEqual([
      "2024-03-08T14:30:00.000Z",
      "2024-03-11T13:30:00.000Z",
    ]);
    const bad = await cli(["import", "csv", path, "--timezone", "Nowhere/Land"], { now });
    expect(bad.code).toBe(2);
  });
});
