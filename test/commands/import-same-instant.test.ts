// Fills that share an instant keep the order their own file gives them, whichever export is imported first
// (fixtures/imports/same-instant/). At 10:00:00 on 2024-03-04 (New York) ACME had four fills, in this order:
//   W buy 100 @ 9.00 (0.35), X buy 100 @ 10.00 (0.35), Y buy 100 @ 11.00 (0.35), Z sell 100 @ 12.00 (0.36),
// then S sell 100 @ 13.00 (0.37) at 11:00. older.csv holds W, X (it was taken within that second); newer.csv holds
// X, Y, Z, S. FIFO over W X Y Z S, worked by hand:
//   Z closes W: 100 x (12.00 - 9.00) - (0.35 + 0.36) = 299.29
//   S closes X: 100 x (13.00 - 10.00) - (0.35 + 0.37) = 299.28
//   open: Y 100 @ 11.00 (commission 0.35); realized 598.57.
// Before the rule, newer then older put W after Z (by import): Z closed X and S closed Y, 398.57, W left open.
import { expect, it } from "vitest";
import { fixture, importJson, tradeFigures } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { type JournalFixture, useJournal } from "../support/journal.js";

const older = fixture("same-instant", "older.csv");
const newer = fixture("same-instant", "newer.csv");
const reordered = fixture("same-instant", "reordered.csv");

async function tradesOf(journal: JournalFixture) {
  const rows = await journal.database.db
    .selectFrom("trades")
    .select(["status", "quantity", "entry_price", "exit_price", "commission", "pnl"])
    .where("symbol", "=", "ACME")
    .orderBy("entry_price")
    .execute();
  return rows.map(tradeFigures);
}

const EXPECTED = [
  ["closed", 100, "9.00", "12.00", "0.71", "299.29"],
  ["closed", 100, "10.00", "13.00", "0.72", "299.28"],
  ["open", 100, "11.00", null, "0.35", null],
];

describeEachBackend("fills that share an instant, across two exports", (backend) => {
  const olderFirst = useJournal(backend, "older-first");
  const newerFirst = useJournal(backend, "newer-first");

  it("older export first: the newer one's fills go after the fill they follow in its file", async () => {
    const first = await importJson(olderFirst.cli, older);
    expect(first.code, first.stderr).toBe(0);
    const second = await importJson(olderFirst.cli, newer);
    expect([second.code, second.stderr]).toEqual([0, ""]);
    expect([second.summary.newFills, second.summary.knownFills]).toEqual([3, 1]);
    expect(second.summary.realizedPnl).toBe("598.57");
    expect(await tradesOf(olderFirst)).toEqual(EXPECTED);
  });

  it("newer export first: the older one's fill goes before the fill it precedes in its file", async () => {
    const first = await importJson(newerFirst.cli, newer);
    expect(first.code, first.stderr).toBe(0);
    // X Y Z S alone: Z closes X 100 x 2.00 - 0.71 = 199.29, S closes Y 100 x 2.00 - 0.72 = 199.28.
    expect(first.summary.realizedPnl).toBe("398.57");
    const second = await importJson(newerFirst.cli, older);
    expect([second.code, second.stderr]).toEqual([0, ""]);
    expect([second.summary.newFills, second.summary.knownFills]).toEqual([1, 1]);
    // 598.57 - 398.57
    expect(second.summary.realizedPnl).toBe("200.00");
    expect(second.summary.orderConflicts).toEqual([]);
    expect(await tradesOf(newerFirst)).toEqual(EXPECTED);
  });

  it("a file that orders known fills otherwise keeps the journal's order and says so", async () => {
    // reordered.csv lists Y before X (both from import 1 of this journal) and a new V buy 10 @ 10.50 after X: V goes
    // after X, the known fills stay W X Y Z, so the closed trades do not change and V is open beside Y.
    const result = await newerFirst.cli(["import", "csv", reordered]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "warning: reordered.csv: ACME in U1 at 2024-03-04T15:00:00.000Z: the file lists 2 fills the journal holds (from import 1) in another order; the journal's order was kept\n",
    );
    expect(await tradesOf(newerFirst)).toEqual([
      ...EXPECTED.slice(0, 2),
      ["open", 10, "10.50", null, "0.00", null],
      EXPECTED[2],
    ]);
  });
});
