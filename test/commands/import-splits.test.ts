// Stock splits as quantity changes (fixtures/imports/schwab/splits/, Schwab's layout). Worked by hand:
// - ACME: buy 100 @ 30.00 (fees 0.10) on 03/03, a 3-for-1 split (+200 shares) on 03/14, sell 300 @ 11.00 (fees 0.30)
//   on 03/20. After the split the lot is 300 @ 10.00 (cost 3,000.00 either way, commission 0.10 kept); the sell
//   closes it: 300 x (11.00 - 10.00) - (0.10 + 0.30) = 299.60.
// - PENNY: buy 400 @ 2.50, a 1-for-4 reverse split (-300 shares) -> 100 @ 10.00, sell 100 @ 12.00: 100 x 2.00 = 200.00.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { fixture, importJson, tradeFigures } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { type JournalFixture, useJournal } from "../support/journal.js";

const splits = (name: string) => fixture("schwab", "splits", name);

async function tradesOf(journal: JournalFixture, symbol = "ACME") {
  const rows = await journal.database.db
    .selectFrom("trades")
    .select(["id", "status", "quantity", "entry_price", "exit_price", "commission", "pnl", "notes", "tags"])
    .where("symbol", "=", symbol)
    .orderBy("id")
    .execute();
  return rows.map((t) => ({
    id: t.id,
    row: tradeFigures(t),
    notes: t.notes,
    tags: t.tags,
  }));
}

const CLOSED = ["closed", 300, "10.00", "11.00", "0.40", "299.60"];
const SPLIT_HELD = ["open", 300, "10.00", null, "0.10", null];
const BEFORE_SPLIT = ["open", 100, "30.00", null, "0.10", null];

describeEachBackend("stock splits", (backend) => {
  const one = useJournal(backend, "one-file");
  const olderFirst = useJournal(backend, "older-first");
  const newerFirst = useJournal(backend, "newer-first");
  const refusals = useJournal(backend, "refusals");
  const opening = useJournal(backend, "opening");

  it("a 3-for-1 split rescales the lot the sell then closes; a re-import adds nothing", async () => {
    const first = await importJson(one.cli, splits("forward.csv"));
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect(first.summary.newFills).toBe(3);
    expect(first.summary.unmatched).toEqual([]);
    expect(first.summary.realizedPnl).toBe("299.60");
    expect((await tradesOf(one)).map((t) => t.row)).toEqual([CLOSED]);

    const again = await importJson(one.cli, splits("forward.csv"));
    expect([again.code, again.summary.newFills, again.summary.knownFills]).toEqual([0, 0, 3]);
    expect((await tradesOf(one)).map((t) => t.row)).toEqual([CLOSED]);

    // 1-for-4 reverse split: 400 @ 2.50 -> 100 @ 10.00, sold at 12.00.
    const reverse = await importJson(one.cli, splits("reverse.csv"));
    expect([reverse.code, reverse.stderr]).toEqual([0, ""]);
    expect(reverse.summary.realizedPnl).toBe("200.00");
    expect((await tradesOf(one, "PENNY")).map((t) => t.row)).toEqual([
      ["closed", 100, "10.00", "12.00", "0.00", "200.00"],
    ]);
  }, 120_000);

  it("the exported fills of a split position import to the same trades and P&L", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "splits-export-")), "trades.csv");
    const exported = await one.cli(["export", "trades", "--format", "csv", "--output", file]);
    expect(exported.code, exported.stderr).toBe(0);
    const back = await importJson(refusals.cli, file);
    expect([back.code, back.stderr]).toEqual([0, ""]);
    // 299.60 (ACME) + 200.00 (PENNY)
    expect(back.summary.realizedPnl).toBe("499.60");
    expect((await tradesOf(refusals)).map((t) => t.row)).toEqual([CLOSED]);
    expect((await tradesOf(refusals, "PENNY")).map((t) => t.row)).toEqual([
      ["closed", 100, "10.00", "12.00", "0.00", "200.00"],
    ]);
    // Leave the journal as the refusals test expects it: empty.
    const undo = await refusals.cli(["import", "undo", String(back.summary.importId), "--yes"]);
    expect(undo.code, undo.stderr).toBe(0);
  }, 120_000);

  it("older export first: the open trade keeps its id, notes and tags through the split, its undo and the sell", async () => {
    const buy = await importJson(olderFirst.cli, splits("older.csv"));
    expect(buy.code, buy.stderr).toBe(0);
    const [open] = await tradesOf(olderFirst);
    expect(open?.row).toEqual(BEFORE_SPLIT);
    const id = String(open?.id);
    const edited = await olderFirst.cli(["trade", "edit", id, "--notes", "held through the split", "--tags", "core"]);
    expect(edited.code, edited.stderr).toBe(0);

    // held.csv: the buy (known) and the split (new): the open trade becomes 300 @ 10.00 in place.
    const held = await importJson(olderFirst.cli, splits("held.csv"));
    expect([held.code, held.stderr]).toEqual([0, ""]);
    expect([held.summary.newFills, held.summary.knownFills, held.summary.tradesUpdated]).toEqual([1, 1, 1]);
    expect(held.summary.realizedPnl).toBe("0.00");
    expect(held.summary.openPositions).toEqual([{ account: "", symbol: "ACME", quantity: "300" }]);
    const split = await tradesOf(olderFirst);
    expect(split).toEqual([{ id: open?.id, row: SPLIT_HELD, notes: "held through the split", tags: ["core"] }]);

    // Undoing the import that brought the split gives the lot back as bought, still the same trade.
    const undo = await olderFirst.cli(["import", "undo", String(held.summary.importId), "--yes"]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(await tradesOf(olderFirst)).toEqual([
      { id: open?.id, row: BEFORE_SPLIT, notes: "held through the split", tags: ["core"] },
    ]);

    const newer = await importJson(olderFirst.cli, splits("newer.csv"));
    expect([newer.code, newer.stderr]).toEqual([0, ""]);
    expect(newer.summary.realizedPnl).toBe("299.60");
    expect(await tradesOf(olderFirst)).toEqual([
      { id: open?.id, row: CLOSED, notes: "held through the split", tags: ["core"] },
    ]);
  }, 120_000);

  it("newer export first: the split and the sell wait, unmatched, until the older export brings the buy", async () => {
    const newer = await importJson(newerFirst.cli, splits("newer.csv"));
    expect(newer.code).toBe(10);
    expect(newer.summary.newFills).toBe(2);
    expect(newer.summary.unmatched.map((u: { line: number; message: string }) => [u.line, u.message])).toEqual([
      [
        3,
        "split of ACME (+200 shares) not applied: no open position; the export probably starts after the shares were bought: import the older export and it will be applied",
      ],
      [
        2,
        "sold 300 ACME with no open position: the export probably starts after the shares were bought; import the older export and it will be matched",
      ],
    ]);
    expect(await tradesOf(newerFirst)).toEqual([]);

    const older = await importJson(newerFirst.cli, splits("older.csv"));
    expect([older.code, older.stderr]).toEqual([0, ""]);
    expect(older.summary.unmatched).toEqual([]);
    expect(older.summary.realizedPnl).toBe("299.60");
    expect((await tradesOf(newerFirst)).map((t) => t.row)).toEqual([CLOSED]);
  }, 120_000);

  it("an opening balance before the split is rescaled like a bought lot", async () => {
    // The balance 100 @ 30.00 sits a second before the file's first ACME fill (the split): 300 @ 10.00, then the sell:
    // 300 x 1.00 - 0.30 (the balance has no commission) = 299.70.
    const result = await importJson(opening.cli, splits("newer.csv"), "--opening", "ACME=100@30");
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(result.summary.realizedPnl).toBe("299.70");
    expect((await tradesOf(opening)).map((t) => t.row)).toEqual([["closed", 300, "10.00", "11.00", "0.30", "299.70"]]);
  }, 120_000);

  it("splits that cannot be applied exactly are kept and reported; the file's other rows import", async () => {
    const result = await importJson(refusals.cli, splits("refused.csv"));
    expect(result.code).toBe(10);
    // KO buy, the ODD, ZZZ and RSX splits, the ODD and RSX buys: the NEWCO row is the one bad row.
    expect([result.summary.newFills, result.summary.failedRows]).toEqual([6, 1]);
    expect(result.summary.errors).toEqual([
      {
        line: 8,
        column: "Quantity",
        value: "100",
        reason:
          "a reverse split that adds shares (the row of new shares of a two-row reverse split is not read): not applied",
      },
    ]);
    const unmatched = result.summary.unmatched
      .map((u: { symbol: string; line: number; split: boolean; message: string }) => [
        u.symbol,
        u.line,
        u.split,
        u.message,
      ])
      .sort();
    expect(unmatched).toEqual([
      [
        "ODD",
        3,
        true,
        // 30.01 / 3 = 10.00333...: not a price of 4 places.
        "split of ODD (+200 shares) not applied: the price 30.01 x 1/3 cannot be held exactly in 10 decimal places; the position keeps its quantity and cost per share (correct it by hand or with the broker's figures)",
      ],
      [
        "RSX",
        5,
        true,
        // 401 - 300 = 101: 101/401 is no a-for-b split (a 1-for-4 would leave 100.25, the 0.25 paid as cash).
        "split of RSX (-300 shares) not applied: it turns 401 shares into 101, which is no split ratio (a fractional share paid as cash in lieu is not applied); the position keeps its quantity and cost per share (correct it by hand or with the broker's figures)",
      ],
      [
        "ZZZ",
        4,
        true,
        "split of ZZZ (+100 shares) not applied: no open position; the export probably starts after the shares were bought: import the older export and it will be applied",
      ],
    ]);
    expect((await tradesOf(refusals, "ODD")).map((t) => t.row)).toEqual([["open", 100, "30.01", null, "0.00", null]]);
    expect((await tradesOf(refusals, "RSX")).map((t) => t.row)).toEqual([["open", 401, "2.50", null, "0.00", null]]);
    expect((await tradesOf(refusals, "KO")).map((t) => t.row)).toEqual([["open", 10, "60.00", null, "0.00", null]]);
    expect(await tradesOf(refusals, "ZZZ")).toEqual([]);
    const show = await refusals.cli(["import", "show", String(result.summary.importId)]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain("line 4: split of ZZZ (+100 shares) not applied: no open position");
  }, 120_000);
});
