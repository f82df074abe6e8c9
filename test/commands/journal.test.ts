// journal write/list/show/edit/link/unlink/archive/delete on both databases: exact output, exit codes and the rows.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { insertUser, useJournal } from "../support/journal.js";
import { expectJsonShape, JOURNAL_ENTRY_JSON, TRADE_JSON, versioned } from "../support/json-shape.js";

describeEachBackend("tradesense journal", (backend) => {
  const journal = useJournal(backend);
  let otherUserId: number;
  // 14:00 on 15 March in New York (EDT, UTC-4).
  const now = new Date("2024-03-15T18:00:00Z");

  beforeAll(async () => {
    otherUserId = await insertUser(journal.database, "other", "o@example.com");
  });
  beforeEach(async () => {
    await journal.database.db.deleteFrom("journal_entries").execute();
    await journal.database.db.deleteFrom("trades").execute();
  });

  const entries = () =>
    journal.database.db
      .selectFrom("journal_entries")
      .select(["id", "user_id", "title", "content", "mood", "confidence", "tags", "is_archived", "created_at"])
      .orderBy("id")
      .execute();
  const links = () =>
    journal.database.db
      .selectFrom("trade_journal_links")
      .select(["trade_id", "journal_entry_id"])
      .orderBy("trade_id")
      .execute();

  async function addTrade(symbol: string, exitPrice?: string): Promise<number> {
    const args = ["trade", "add", "--symbol", symbol, "--side", "long", "--qty", "10", "--price", "100", "--json"];
    if (exitPrice) args.push("--exit-price", exitPrice, "--commission", "1");
    const result = await journal.cli(args, { now });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout).id;
  }

  async function otherUsersTrade(): Promise<number> {
    const row = await journal.database.db
      .insertInto("trades")
      .values({
        user_id: otherUserId,
        symbol: "MSFT",
        side: "long",
        quantity: "1",
        entry_price: "400",
        entry_date: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function write(args: string[], stdin?: string): Promise<number> {
    const result = await journal.cli(["journal", "write", "--json", ...args], { now, ...(stdin ? { stdin } : {}) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const written = JSON.parse(result.stdout);
    expectJsonShape(written, versioned({ ...JOURNAL_ENTRY_JSON, tradeIds: "array" }), "journal write --json");
    return written.id;
  }

  it("writes an entry from --content with mood, confidence, tags and a linked trade", async () => {
    const tradeId = await addTrade("AAPL", "105");
    const result = await journal.cli(
      [
        "journal",
        "write",
        "--title",
        "  AAPL breakout  ",
        "--content",
        "Waited for the retest.\nSized down.",
        "--mood",
        "Calm",
        "--confidence",
        "7",
        "--tags",
        "Breakout, a+ setup",
        "--trade",
        String(tradeId),
      ],
      { now },
    );
    const [entry] = await entries();
    expect(result).toEqual({
      code: 0,
      stdout: `Saved journal entry #${entry?.id}: AAPL breakout (linked to trade ${tradeId})\n`,
      stderr: "",
    });
    expect(entry).toMatchObject({
      title: "AAPL breakout",
      content: "Waited for the retest.\nSized down.",
      mood: "calm",
      confidence: 7,
      tags: ["breakout", "a+ setup"],
      is_archived: false,
      created_at: now,
    });
    expect(await links()).toEqual([{ trade_id: tradeId, journal_entry_id: entry?.id }]);
  });

  it("reads the body from --file, from --file - and from piped standard input", async () => {
    const file = join(journal.cli.home, "notes.md");
    writeFileSync(file, "# Notes\n\nFaded the open gap.\n");
    await write(["--title", "From a file", "--file", file]);
    await write(["--title", "From file dash", "--file", "-"], "Dash body\n");
    await write(["--title", "From a pipe"], "Piped body\n\n");
    expect((await entries()).map((e) => [e.title, e.content])).toEqual([
      ["From a file", "# Notes\n\nFaded the open gap."],
      ["From file dash", "Dash body"],
      ["From a pipe", "Piped body"],
    ]);
  });

  it.each([
    [
      ["--title", "x", "--content", "b", "--confidence", "0"],
      "error: --confidence must be a whole number from 1 to 10, got '0'",
    ],
    [
      ["--title", "x", "--content", "b", "--confidence", "11"],
      "error: --confidence must be a whole number from 1 to 10, got '11'",
    ],
    [
      ["--title", "x", "--content", "b", "--confidence", "7.5"],
      "error: --confidence must be a whole number from 1 to 10, got '7.5'",
    ],
    [["--title", "T".repeat(256), "--content", "b"], "error: --title is longer than 255 characters (256)"],
    [["--title", "   ", "--content", "b"], "error: --title must not be empty"],
    [["--title", "x", "--content", " \n\t\n"], "error: the entry is empty: nothing saved"],
    [["--title", "x", "--content", "b", "--mood", "m".repeat(51)], "error: --mood is longer than 50 characters"],
    [["--title", "x", "--content", "b", "--trade", "abc"], "error: --trade must be a whole number, got 'abc'"],
    [["--content", "b"], "error: --title is required when the body comes from --content, --file or standard input"],
    [["--title", "x", "--content", "b", "--file", "f"], "error: --content and --file cannot be used together"],
    [
      ["--title", "x", "--file", "/nonexistent/notes.md"],
      "error: cannot read --file /nonexistent/notes.md: no such file",
    ],
    [["--title", "x"], "error: the entry is empty: nothing saved"],
  ])("refuses %j with one line, exit 2, and writes nothing", async (args, message) => {
    const result = await journal.cli(["journal", "write", ...args], { now });
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
    expect(await entries()).toEqual([]);
  });

  it("refuses to link another user's trade or a missing one: not found, exit 3, nothing written", async () => {
    const mine = await addTrade("AAPL");
    const theirs = await otherUsersTrade();
    const result = await journal.cli(
      ["journal", "write", "--title", "x", "--content", "b", "--trade", String(mine), "--trade", String(theirs)],
      { now },
    );
    expect(result).toEqual({ code: 3, stdout: "", stderr: `error: trade ${theirs} not found\n` });
    expect(await entries()).toEqual([]);
    expect(await links()).toEqual([]);

    const id = await write(["--title", "Mine", "--content", "body"]);
    for (const verb of ["link", "unlink"]) {
      const refused = await journal.cli([
        "journal",
        verb,
        String(id),
        "--trade",
        String(mine),
        "--trade",
        String(theirs),
      ]);
      expect(refused).toEqual({ code: 3, stdout: "", stderr: `error: trade ${theirs} not found\n` });
    }
    const missing = await journal.cli(["journal", "link", String(id), "--trade", "999999"]);
    expect(missing).toEqual({ code: 3, stdout: "", stderr: "error: trade 999999 not found\n" });
    expect(await links()).toEqual([]);
  });

  it("treats another user's entry as missing in show, edit, link, archive and delete", async () => {
    const theirs = await journal.database.db
      .insertInto("journal_entries")
      .values({ user_id: otherUserId, title: "Private", content: "secret breakout" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const mine = await addTrade("AAPL");
    const expected = { code: 3, stdout: "", stderr: `error: journal entry ${theirs.id} not found\n` };
    const id = String(theirs.id);
    expect(await journal.cli(["journal", "show", id])).toEqual(expected);
    expect(await journal.cli(["journal", "edit", id, "--title", "Mine now"])).toEqual(expected);
    expect(await journal.cli(["journal", "link", id, "--trade", String(mine)])).toEqual(expected);
    expect(await journal.cli(["journal", "archive", id])).toEqual(expected);
    expect(await journal.cli(["journal", "delete", id, "--yes"])).toEqual(expected);
    expect(await journal.cli(["journal", "list", "--archived"])).toEqual({
      code: 0,
      stdout: "No journal entries match.\n",
      stderr: "",
    });
    expect(await entries()).toMatchObject([{ title: "Private", is_archived: false }]);
    expect(await links()).toEqual([]);
  });

  it("shows linked trades with their P&L, lists entries by trade, links and unlinks", async () => {
    const win = await addTrade("AAPL", "105"); // (105 - 100) x 10 - 1 = 49.00
    const loss = await addTrade("TSLA", "98.5"); // (98.5 - 100) x 10 - 1 = -16.00
    const open = await addTrade("NVDA");
    const id = await write(["--title", "Three trades", "--content", "Notes on the day.", "--trade", String(win)]);

    const linked = await journal.cli(["journal", "link", String(id), "--trade", String(loss), "--trade", String(win)]);
    expect(linked).toEqual({
      code: 0,
      stdout: `Linked journal entry #${id} to trades ${loss}, ${win} (1 already linked).\n`,
      stderr: "",
    });
    await journal.cli(["journal", "link", String(id), "--trade", String(open)]);

    const shown = await journal.cli(["journal", "show", String(id)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(
      [
        `#${id} Three trades`,
        "written 2024-03-15 14:00",
        "",
        "Notes on the day.",
        "",
        "ID\tEntry\tSymbol\tSide\tQty\tEntry price\tExit price\tExit\tP&L\tP&L %\tR\tStatus",
        `${win}\t2024-03-15 14:00\tAAPL\tlong\t10\t100\t105\t2024-03-15 14:00\t49.00\t4.90\t\tclosed`,
        `${loss}\t2024-03-15 14:00\tTSLA\tlong\t10\t100\t98.5\t2024-03-15 14:00\t-16.00\t-1.60\t\tclosed`,
        `${open}\t2024-03-15 14:00\tNVDA\tlong\t10\t100\t\t\t\t\t\topen`,
        "3 linked trades, net P&L of the closed ones 33.00",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await journal.cli(["journal", "show", String(id), "--json"])).stdout);
    expectJsonShape(json, versioned({ entry: "object", trades: "array", linkedNetPnl: "decimal" }), "journal show");
    expectJsonShape(json.entry, JOURNAL_ENTRY_JSON, "journal show's entry");
    for (const trade of json.trades) expectJsonShape(trade, TRADE_JSON, "journal show's trade");
    expect(json.trades.map((t: { pnl: string | null }) => t.pnl)).toEqual(["49.00", "-16.00", null]);
    expect(json.linkedNetPnl).toBe("33.00");

    // From the trade's side: the entries written about it.
    const other = await write(["--title", "Unrelated", "--content", "x"]);
    const byTrade = JSON.parse((await journal.cli(["journal", "list", "--trade", String(loss), "--json"])).stdout);
    expectJsonShape(byTrade, versioned({ entries: "array" }), "journal list --json");
    expectJsonShape(byTrade.entries[0], { ...JOURNAL_ENTRY_JSON, tradeCount: "integer" }, "a listed entry");
    expect(byTrade.entries.map((e: { id: number; tradeCount: number }) => [e.id, e.tradeCount])).toEqual([[id, 3]]);
    expect(
      JSON.parse((await journal.cli(["journal", "list", "--json"])).stdout).entries.map((e: { id: number }) => e.id),
    ).toEqual([other, id]);

    const unlinked = await journal.cli(["journal", "unlink", String(id), "--trade", String(loss)]);
    expect(unlinked).toEqual({ code: 0, stdout: `Unlinked journal entry #${id} from trade ${loss}.\n`, stderr: "" });
    const again = await journal.cli(["journal", "unlink", String(id), "--trade", String(win), "--trade", String(loss)]);
    expect(again).toEqual({
      code: 3,
      stdout: "",
      stderr: `error: trade ${loss} is not linked to journal entry ${id}\n`,
    });
    // All or nothing: the link to `win` is still there.
    expect((await links()).map((l) => l.trade_id)).toEqual([win, open]);
  });

  it("removes links when a trade or an entry is deleted (the seed's cascades), keeping the trades", async () => {
    const a = await addTrade("AAPL", "105");
    const b = await addTrade("TSLA", "101");
    const id = await write(["--title", "Linked", "--content", "x", "--trade", String(a), "--trade", String(b)]);
    await journal.database.db.deleteFrom("trades").where("id", "=", a).execute();
    expect(await links()).toEqual([{ trade_id: b, journal_entry_id: id }]);
    expect(JSON.parse((await journal.cli(["journal", "show", String(id), "--json"])).stdout).trades).toHaveLength(1);

    const refused = await journal.cli(["journal", "delete", String(id)]);
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --yes is required when not running in a terminal\n",
    });
    expect(await entries()).toHaveLength(1);

    const deleted = await journal.cli(["journal", "delete", String(id), "--yes"]);
    expect(deleted).toEqual({
      code: 0,
      stdout: `Deleted journal entry #${id} and 1 link to trades.\n`,
      stderr: "",
    });
    expect(await entries()).toEqual([]);
    expect(await links()).toEqual([]);
    expect(await journal.database.db.selectFrom("trades").select("id").execute()).toEqual([{ id: b }]);
  });

  it("edits with flags, keeps what is not given, and refuses an edit with nothing to change off a terminal", async () => {
    const id = await write(["--title", "Draft", "--content", "First thoughts.", "--mood", "fomo", "--tags", "a"]);
    const edited = await journal.cli([
      "journal",
      "edit",
      String(id),
      "--title",
      "Final",
      "--confidence",
      "4",
      "--tags",
      "b,c",
    ]);
    expect(edited).toEqual({ code: 0, stdout: `Saved journal entry #${id}: Final\n`, stderr: "" });
    await journal.cli(["journal", "edit", String(id), "--file", "-"], { stdin: "Second thoughts.\n" });
    await journal.cli(["journal", "edit", String(id), "--mood", ""]);
    expect(await entries()).toMatchObject([
      { title: "Final", content: "Second thoughts.", mood: null, confidence: 4, tags: ["b", "c"] },
    ]);
    const nothing = await journal.cli(["journal", "edit", String(id)]);
    expect(nothing).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: nothing to change: give --title, --content, --file, --mood, --confidence or --tags (or run in a terminal to use your editor)\n",
    });
    const bad = await journal.cli(["journal", "edit", String(id), "--confidence", "12", "--title", "Changed"]);
    expect(bad.stderr).toBe("error: --confidence must be a whole number from 1 to 10, got '12'\n");
    expect((await entries())[0]?.title).toBe("Final");
  });

  it("keeps one daily note per day in the user's time zone, adding to it when written again", async () => {
    const first = await journal.cli(["journal", "write", "--daily", "--mood", "calm"], {
      now,
      stdin: "Pre-market plan.\n",
    });
    const [note] = await entries();
    expect(first).toEqual({ code: 0, stdout: `Saved journal entry #${note?.id}: Daily note 2024-03-15\n`, stderr: "" });
    // 23:30 in New York is already 16 March in UTC: still the same day for this user.
    const lateEvening = new Date("2024-03-16T03:30:00Z");
    const second = await journal.cli(["journal", "write", "--daily", "--tags", "review"], {
      now: lateEvening,
      stdin: "Closed flat.\n",
    });
    expect(second).toEqual({ code: 0, stdout: `Updated daily note #${note?.id}: Daily note 2024-03-15\n`, stderr: "" });
    // 00:30 on 16 March in New York: a new day, a new note.
    const nextDay = new Date("2024-03-16T04:30:00Z");
    await journal.cli(["journal", "write", "--daily"], { now: nextDay, stdin: "New day.\n" });
    expect((await entries()).map((e) => [e.title, e.content, e.mood, e.tags])).toEqual([
      ["Daily note 2024-03-15", "Pre-market plan.\n\nClosed flat.", "calm", ["daily", "review"]],
      ["Daily note 2024-03-16", "New day.", null, ["daily"]],
    ]);
  });

  it("hides archived entries from list unless --archived, and brings them back with unarchive", async () => {
    const keep = await write(["--title", "Keep", "--content", "x"]);
    const old = await write(["--title", "Old", "--content", "y"]);
    expect(await journal.cli(["journal", "archive", String(old)])).toEqual({
      code: 0,
      stdout: `Archived journal entry #${old}.\n`,
      stderr: "",
    });
    expect((await journal.cli(["journal", "archive", String(old)])).stdout).toBe(
      `Journal entry #${old} is already archived.\n`,
    );
    const listed = await journal.cli(["journal", "list"]);
    expect(listed.stdout).toBe(
      `ID\tWritten\tTitle\tMood\tConf\tTags\tTrades\n${keep}\t2024-03-15 14:00\tKeep\t\t\t\t0\n`,
    );
    const all = await journal.cli(["journal", "list", "--archived"]);
    expect(all.stdout.split("\n").slice(1, 3)).toEqual([
      `${old}\t2024-03-15 14:00\tOld (archived)\t\t\t\t0`,
      `${keep}\t2024-03-15 14:00\tKeep\t\t\t\t0`,
    ]);
    await journal.cli(["journal", "unarchive", String(old)]);
    expect(await entries()).toMatchObject([{ is_archived: false }, { is_archived: false }]);
  });

  it("filters the list by date, mood and tag", async () => {
    await journal.cli(["journal", "write", "--title", "March 1", "--content", "x", "--mood", "fomo", "--tags", "gap"], {
      now: new Date("2024-03-01T15:00:00Z"),
    });
    await journal.cli(
      ["journal", "write", "--title", "March 10", "--content", "x", "--mood", "calm", "--tags", "gap,trend"],
      {
        now: new Date("2024-03-10T15:00:00Z"),
      },
    );
    const titles = async (args: string[]) =>
      JSON.parse((await journal.cli(["journal", "list", "--json", ...args])).stdout).entries.map(
        (e: { title: string }) => e.title,
      );
    expect(await titles([])).toEqual(["March 10", "March 1"]);
    expect(await titles(["--mood", "FOMO"])).toEqual(["March 1"]);
    expect(await titles(["--tag", "trend"])).toEqual(["March 10"]);
    expect(await titles(["--tag", "gap", "--from", "2024-03-05"])).toEqual(["March 10"]);
    expect(await titles(["--to", "2024-03-10"])).toEqual(["March 1"]);
    expect(await titles(["--limit", "1"])).toEqual(["March 10"]);
  });
});
