// A fill's identity that survives a change of reader (issue 13): migration 067 on journals written before it, the
// guard that refuses a file whose fills the journal holds read differently, and --replace-import.

import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import { migrateToLatest } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { rewindFillIdentity } from "../support/fill-identity.js";
import { useJournal } from "../support/journal.js";

const now = new Date("2025-03-10T15:00:00Z");

// Three AAPL fills as Schwab exports them (newest first, date only), with their fees.
const SCHWAB = [
  '"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"',
  '"03/04/2025","Sell","AAPL","APPLE INC","40","$179.00","$0.40","$7,159.60"',
  '"03/03/2025","Sell","AAPL","APPLE INC","60","$182.50","$0.60","$10,949.40"',
  '"03/03/2025","Buy","AAPL","APPLE INC","100","$180.00","$1.00","-$18,001.00"',
  "",
].join("\n");

// The same fills as a generic reader read them before it summed fee columns: commission 0.
const GENERIC_NO_FEES = [
  "Date,Action,Symbol,Quantity,Price,Commission",
  "03/03/2025,Buy,AAPL,100,180.00,0.00",
  "03/03/2025,Sell,AAPL,60,182.50,0.00",
  "03/04/2025,Sell,AAPL,40,179.00,0.00",
  "",
].join("\n");

function files() {
  const dir = mkdtempSync(join(inject("scratchDir"), "identity-"));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return write;
}

async function fillCount(db: ReturnType<typeof useJournal>["database"]["db"]) {
  const row = await db
    .selectFrom("executions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachBackend("fill identity: a journal's generic import, migrated, then its broker's format", (backend) => {
  const journal = useJournal(backend);

  it("knows the fills the generic reader stored: the broker's format adds nothing", async () => {
    const { database, cli } = journal;
    const write = files();
    const schwab = write("schwab.csv", SCHWAB);
    const first = await cli(["import", "csv", schwab, "--broker", "generic", "--json"], { now });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).imports[0]).toMatchObject({ format: "generic", newFills: 3 });
    // The journal as the code before 067 left it: the format's name in every fingerprint.
    await rewindFillIdentity(database.db);
    expect((await migrateToLatest(database.db)).applied).toEqual([
      "066_generic_option_symbols_occ.sql",
      "067_fill_identity.sql",
    ]);

    const again = await cli(["import", "csv", schwab, "--json"], { now });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imports[0]).toMatchObject({ format: "schwab", newFills: 0, knownFills: 3 });
    expect(await fillCount(database.db)).toBe(3);
  });
});

describeEachBackend("fill identity: the guard against fills read differently", (backend) => {
  const journal = useJournal(backend);

  it("refuses a file whose fills an earlier import holds with other commissions, then replaces that import", async () => {
    const { database, cli } = journal;
    const db = database.db;
    const write = files();
    const old = await cli(["import", "csv", write("old-generic.csv", GENERIC_NO_FEES), "--json"], { now });
    expect(old.code, old.stderr).toBe(0);
    const oldId: number = JSON.parse(old.stdout).imports[0].importId;
    // (182.50 - 180.00) x 60 + (179.00 - 180.00) x 40 = 150.00 - 40.00 = 110.00, no commission.
    expect(JSON.parse(old.stdout).imports[0].realizedPnl).toBe("110.00");
    await sql`UPDATE trades SET notes = 'kept my plan', tags = ARRAY['breakout'] WHERE exit_price = 182.50`.execute(db);

    const schwab = write("schwab.csv", SCHWAB);
    const line = `error: schwab.csv: refused: 3 fills of this file are already in the journal from import ${oldId} (generic, 2025-03-10) read with different commissions (0.40 here, 0.00 there) and by the generic format (schwab here): undo import ${oldId} first (tradesense import undo ${oldId}) or pass --replace-import ${oldId}; nothing imported\n`;
    for (const extra of [[], ["--dry-run"]]) {
      const refused = await cli(["import", "csv", schwab, ...extra], { now });
      expect(refused.code).toBe(11);
      expect(refused.stderr).toBe(line);
      expect(refused.stdout).toBe("");
    }
    expect(await fillCount(db)).toBe(3);
    const stored = await db.selectFrom("executions").select(["broker", "commission"]).distinct().execute();
    expect(stored).toEqual([{ broker: "generic", commission: "0.00" }]);
    const failed = await db
      .selectFrom("import_history")
      .select(["status"])
      .where("filename", "=", "schwab.csv")
      .execute();
    expect(failed).toEqual([{ status: "failed" }]);

    const replaced = await cli(["import", "csv", schwab, "--replace-import", String(oldId), "--json"], { now });
    expect(replaced.code, replaced.stderr).toBe(0);
    const summary = JSON.parse(replaced.stdout).imports[0];
    expect(summary).toMatchObject({
      format: "schwab",
      newFills: 3,
      knownFills: 0,
      // The 110.00 of the generic import went with it; the Schwab fills' trades: 60 x 2.50 - (0.60 of the buy's 1.00
      // + 0.60) = 148.80 and 40 x -1.00 - (0.40 + 0.40) = -40.80: 108.00 in all, so +108.00 after the undo's -110.00.
      realizedPnl: "108.00",
      replaced: { importId: oldId, positions: 1, tradesRemoved: 2 },
    });
    // What undo + re-import reports today: the removed trade's notes and tags are listed, never dropped silently.
    expect(summary.detached).toEqual([
      expect.objectContaining({ symbol: "AAPL", notes: "kept my plan", tags: ["breakout"] }),
    ]);
    const fills = await db.selectFrom("executions").select(["broker", "commission"]).orderBy("commission").execute();
    expect(fills).toEqual([
      { broker: "schwab", commission: "0.40" },
      { broker: "schwab", commission: "0.60" },
      { broker: "schwab", commission: "1.00" },
    ]);
    const trades = await db.selectFrom("trades").select("pnl").orderBy("pnl").execute();
    expect(trades).toEqual([{ pnl: "-40.80" }, { pnl: "148.80" }]);
    const undone = await cli(["import", "show", String(oldId)]);
    expect(undone.stdout).toContain(", undone");
  });

  it("--replace-import: an import that is not there is not found, and it takes one file", async () => {
    const { database, cli } = journal;
    const write = files();
    const before = await fillCount(database.db);
    const file = write("new.csv", "Date,Action,Symbol,Quantity,Price\n03/07/2025,Buy,PEP,1,150.00\n");
    const missing = await cli(["import", "csv", file, "--replace-import", "999"], { now });
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 3,
      stderr: "error: import 999 not found\n",
    });
    const two = await cli(["import", "csv", file, file, "--replace-import", "1"], { now });
    expect({ code: two.code, stderr: two.stderr }).toEqual({
      code: 2,
      stderr: "error: --replace-import applies to one file: import the file that replaces the import alone\n",
    });
    expect(await fillCount(database.db)).toBe(before);
    const runs = await database.db
      .selectFrom("import_history")
      .select("id")
      .where("filename", "=", "new.csv")
      .execute();
    expect(runs).toEqual([]);
  });

  it("refuses fills another format stored under another identity (an execution id this file lacks)", async () => {
    const { database, cli } = journal;
    const write = files();
    const withIds = [
      "Date,Action,Symbol,Quantity,Price,Commission,Execution ID,Account",
      "03/05/2025,Buy,MSFT,10,400.00,1.00,X1,IDS",
      "03/05/2025,Sell,MSFT,10,401.00,1.00,X2,IDS",
      "",
    ].join("\n");
    const first = await cli(["import", "csv", write("with-ids.csv", withIds), "--json"], { now });
    expect(first.code, first.stderr).toBe(0);
    const firstId: number = JSON.parse(first.stdout).imports[0].importId;
    const before = await fillCount(database.db);
    const schwab = [
      '"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"',
      '"03/05/2025","Sell","MSFT","MICROSOFT CORP","10","$401.00","$1.00","$4,009.00"',
      '"03/05/2025","Buy","MSFT","MICROSOFT CORP","10","$400.00","$1.00","-$4,001.00"',
      "",
    ].join("\n");
    const refused = await cli(["import", "csv", write("schwab-msft.csv", schwab), "--account", "IDS"], { now });
    expect(refused.code).toBe(11);
    expect(refused.stderr).toBe(
      `error: schwab-msft.csv: refused: 2 fills of this file are already in the journal from import ${firstId} (generic, 2025-03-10) read by the generic format (schwab here) and under another identity (an execution id in one reading only): undo import ${firstId} first (tradesense import undo ${firstId}) or pass --replace-import ${firstId}; nothing imported\n`,
    );
    // One format too: the same export without its id column (another layout) is the same fills, not new ones.
    const withoutIds = withIds.replace(",Execution ID,Account", ",Account").replace(/,X\d,IDS/g, ",IDS");
    const sameFormat = await cli(["import", "csv", write("without-ids.csv", withoutIds)], { now });
    expect(sameFormat.code).toBe(11);
    expect(sameFormat.stderr).toBe(
      `error: without-ids.csv: refused: 2 fills of this file are already in the journal from import ${firstId} (generic, 2025-03-10) read under another identity (an execution id in one reading only): undo import ${firstId} first (tradesense import undo ${firstId}) or pass --replace-import ${firstId}; nothing imported\n`,
    );
    expect(await fillCount(database.db)).toBe(before);
  });

  it("refuses a file whose execution ids the journal holds for other fills", async () => {
    const { database, cli } = journal;
    const write = files();
    const header = "Date,Action,Symbol,Quantity,Price,Commission,Execution ID,Account";
    const first = await cli(
      ["import", "csv", write("ids-a.csv", `${header}\n03/06/2025,Buy,NVDA,5,100.00,1.00,E7,SAME\n`), "--json"],
      { now },
    );
    const firstId: number = JSON.parse(first.stdout).imports[0].importId;
    const before = await fillCount(database.db);
    // Another broker's file in the same account numbering its fills from E7 too: not the fill stored under E7.
    const refused = await cli(
      ["import", "csv", write("ids-b.csv", `${header}\n03/06/2025,Buy,AMD,5,90.00,1.00,E7,SAME\n`)],
      { now },
    );
    expect(refused.code).toBe(11);
    expect(refused.stderr).toBe(
      `error: ids-b.csv: refused: 1 execution id of this file names another fill already in the journal from import ${firstId} (generic, 2025-03-10): undo import ${firstId} first (tradesense import undo ${firstId}) or pass --replace-import ${firstId}; nothing imported\n`,
    );
    expect(await fillCount(database.db)).toBe(before);
  });
});

describeEachBackend("fill identity: a journal that holds the same fills twice, migrated", (backend) => {
  const journal = useJournal(backend);

  it("keeps both copies, marks the later one, reports it, and undoing the first gives the copy its identity", async () => {
    const { database, cli, userId } = journal;
    const db = database.db;
    const write = files();
    const generic = await cli(["import", "csv", write("old-generic.csv", GENERIC_NO_FEES), "--json"], { now });
    const genericId: number = JSON.parse(generic.stdout).imports[0].importId;
    // What the code before 067 stored when the Schwab export of the same fills was imported after it: the same fills
    // again, read by `schwab` with their fees (a fingerprint of their own, which the rewind below recomputes).
    const copy = await db
      .insertInto("import_history")
      .values({ user_id: userId, filename: "schwab.csv", broker: "schwab", status: "completed", started_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO executions (user_id, import_id, fingerprint, broker, account_id, symbol, asset_type,
        multiplier, action, quantity, price, commission, executed_at, file_sequence, details, source_line)
      SELECT user_id, ${copy.id}, sha256(convert_to('copy' || id, 'UTF8')), 'schwab', account_id, symbol, asset_type,
        multiplier, action, quantity, price,
        CASE quantity WHEN 100 THEN 1.00 WHEN 60 THEN 0.60 ELSE 0.40 END, executed_at, 4 - file_sequence, '{}', 5 - source_line
      FROM executions WHERE import_id = ${genericId}`.execute(db);
    await rewindFillIdentity(db);

    expect((await migrateToLatest(db)).applied).toEqual([
      "066_generic_option_symbols_occ.sql",
      "067_fill_identity.sql",
    ]);
    const sizes = await sql<{ import_id: number; bytes: number; fills: number }>`
      SELECT import_id, octet_length(fingerprint) AS bytes, count(*)::int AS fills
      FROM executions GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
    // The generic import's fills came first: they keep the identity; the copies are marked (32 + 4 bytes).
    expect(sizes.rows).toEqual([
      { import_id: genericId, bytes: 32, fills: 3 },
      { import_id: copy.id, bytes: 36, fills: 3 },
    ]);

    const twice = `3 fills of import ${copy.id} are also in the journal from import ${genericId} (the same fills read by two formats, stored twice before TradeSense knew them as one): undo one of the two imports (tradesense import undo ${copy.id})`;
    for (const id of [copy.id, genericId]) {
      const shown = await cli(["import", "show", String(id)]);
      expect(shown.stdout).toContain(`  twice: ${twice}\n`);
    }
    // The next import says so too, whatever its file.
    const other = await cli(
      ["import", "csv", write("other.csv", "Date,Action,Symbol,Quantity,Price\n03/07/2025,Buy,KO,1,60.00\n")],
      { now },
    );
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).toBe(`warning: ${twice}\n`);

    // Undoing the import that holds the first copy: the marked copy is now the fill, and its file is known.
    const undo = await cli(["import", "undo", String(genericId), "--yes"]);
    expect(undo.code, undo.stderr).toBe(0);
    const left = await sql<{ bytes: number; fills: number }>`
      SELECT octet_length(fingerprint) AS bytes, count(*)::int AS fills FROM executions
      WHERE import_id = ${copy.id} GROUP BY 1`.execute(db);
    expect(left.rows).toEqual([{ bytes: 32, fills: 3 }]);
    const again = await cli(["import", "csv", write("schwab.csv", SCHWAB), "--json"], { now });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imports[0]).toMatchObject({ newFills: 0, knownFills: 3, storedCopies: [] });
  });
});
