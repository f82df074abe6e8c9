// `tradesense report week` and `tradesense notifications` on both databases, against figures computed by hand from a
// fixed set of closed trades (New York time, EDT = UTC-4). Net = (exit - entry) x qty x side - commission.
//   Week 2025-W23 (Mon 06-02 .. Sun 06-08):
//     A AAPL long 10 @ 100 -> 110, Mon 09:30-10:30, comm 2.00, Breakout:   +98.00
//     B AAPL long 10 @ 100 -> 95,  Tue 09:45-11:00, comm 2.00, Breakout:   -52.00
//     C MSFT short 5 @ 400 -> 390, Wed 10:15-12:00, comm 1.00:             +49.00
//     D MSFT long 5 @ 400 -> 396,  Wed 14:00-15:00, comm 1.00:             -21.00
//     E TSLA long 1 @ 200 -> 230,  Thu 09:30 -> Sun 06-08 23:30 EDT (Mon 03:30 UTC), Breakout: +30.00, booked Sunday
//     Net 104.00, commissions 6.00, gross 110.00; 5 round trips, 3 wins, 2 losses; win rate 60.00; expectancy 20.80;
//     profit factor 177 / 73 = 2.4247; trading days 4 (Mon, Tue, Wed, Sun).
//   Week before, 2025-W22: F NVDA 10 @ 100 -> 104 Tue 05-27 (comm 1.00) +39.00; G NVDA 10 @ 100 -> 99 Fri 05-30
//     (1.00) -11.00. Net 28.00, comm 2.00, gross 30.00, 2 trips, win rate 50.00, expectancy 14.00, PF 39/11 = 3.5455.
//   W19-W21: H AMD 10 @ 50 -> 60 Mon 05-12 +100.00; I AMD 10 @ 50 -> 45 Wed 05-07 -50.00.
//   Four weeks before W23 (05-05 .. 06-01), F G H I: net 78.00 / 4 = 19.50, comm 0.50, gross 20.00, round trips 1.00,
//     wins 0.50, losses 0.50, trading days 1.00; pooled win rate 50.00, expectancy 19.50, PF 139/61 = 2.2787.
//   After: J AAPL Mon 06-09 10:00, +1000.00, never in W23.
//   Edge and leak (at least 2 round trips): symbol AAPL 46.00 (2) best, MSFT 28.00 (2) worst, TSLA (1) left out;
//     strategy Breakout 76.00 (3) best, (none) 28.00 (2) worst; weekday of entry: only Wed 28.00 (2) qualifies, no
//     worst; hour of entry: only 09:00 (A, B, E) 76.00 (3) qualifies.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseWeeklyFlags, type WeeklyFlags } from "../../src/commands/report/weekly.js";
import { scratchHome } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { fakeSendmail } from "../support/sendmail.js";

const now = new Date("2025-06-10T16:00:00Z");

describeEachBackend("report week", (backend) => {
  const journal = useJournal(backend);
  const run = (args: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv; at?: Date; stdin?: string } = {}) =>
    journal.cli(args, { now: options.at ?? now, ...options });
  const ok = async (args: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv; at?: Date } = {}) => {
    const result = await run(args, options);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const weeklyRows = () =>
    journal.database.db
      .selectFrom("notifications")
      .select(["id", "user_id", "title", "message", "data", "is_read", "read_at"])
      .where("type", "=", "weekly_report")
      .orderBy("id")
      .execute();

  beforeAll(async () => {
    await ok(["strategy", "add", "Breakout"]);
    const add = (symbol: string, side: string, qty: string, price: string, exit: string, from: string, to: string) =>
      ["--symbol", symbol, "--side", side, "--qty", qty, "--price", price, "--exit-price", exit].concat([
        "--date",
        from,
        "--exit-date",
        to,
      ]);
    const trades: string[][] = [
      [...add("AAPL", "long", "10", "100", "110", "2025-06-02 09:30", "2025-06-02 10:30"), "--commission", "2.00"],
      [...add("AAPL", "long", "10", "100", "95", "2025-06-03 09:45", "2025-06-03 11:00"), "--commission", "2.00"],
      [...add("MSFT", "short", "5", "400", "390", "2025-06-04 10:15", "2025-06-04 12:00"), "--commission", "1.00"],
      [...add("MSFT", "long", "5", "400", "396", "2025-06-04 14:00", "2025-06-04 15:00"), "--commission", "1.00"],
      add("TSLA", "long", "1", "200", "230", "2025-06-05 09:30", "2025-06-08 23:30"),
      [...add("NVDA", "long", "10", "100", "104", "2025-05-27 10:00", "2025-05-27 11:00"), "--commission", "1.00"],
      [...add("NVDA", "long", "10", "100", "99", "2025-05-30 10:00", "2025-05-30 11:00"), "--commission", "1.00"],
      add("AMD", "long", "10", "50", "60", "2025-05-12 10:00", "2025-05-12 11:00"),
      add("AMD", "long", "10", "50", "45", "2025-05-07 10:00", "2025-05-07 11:00"),
      add("AAPL", "long", "10", "100", "200", "2025-06-09 10:00", "2025-06-09 11:00"),
    ];
    for (const [i, trade] of trades.entries()) {
      await ok(["trade", "add", ...trade, ...([0, 1, 4].includes(i) ? ["--strategy", "Breakout"] : [])]);
    }
  });

  it("makes the last full week's report with its comparisons, days and edge and leak (JSON)", async () => {
    const report = JSON.parse(await ok(["report", "week", "--json"]));
    expect(report.version).toBe(1);
    expect(report.week).toEqual({
      week: "2025-W23",
      label: "2025-W23",
      from: "2025-06-02",
      to: "2025-06-08",
      timeZone: "America/New_York",
    });
    expect(report.figures).toEqual({
      netPnl: "104.00",
      grossPnl: "110.00",
      commissions: "6.00",
      roundTrips: 5,
      wins: 3,
      losses: 2,
      scratches: 0,
      winRate: "60.00",
      expectancy: "20.80",
      profitFactor: "2.4247",
      totalR: null,
      tradingDays: 4,
    });
    expect(report.previousWeek.period).toMatchObject({ from: "2025-05-26", to: "2025-06-01" });
    expect(report.previousWeek.figures).toMatchObject({
      netPnl: "28.00",
      grossPnl: "30.00",
      roundTrips: 2,
      winRate: "50.00",
      expectancy: "14.00",
      profitFactor: "3.5455",
      tradingDays: 2,
    });
    expect(report.previousWeek.change).toEqual({
      netPnl: "76.00",
      grossPnl: "80.00",
      commissions: "4.00",
      roundTrips: "3",
      wins: "2",
      losses: "1",
      scratches: "0",
      winRate: "10.00",
      expectancy: "6.80",
      profitFactor: "-1.1208",
      totalR: null,
      tradingDays: "2",
    });
    expect(report.fourWeekAverage.period).toMatchObject({ from: "2025-05-05", to: "2025-06-01" });
    expect(report.fourWeekAverage.figures).toEqual({
      netPnl: "19.50",
      grossPnl: "20.00",
      commissions: "0.50",
      roundTrips: "1.00",
      wins: "0.50",
      losses: "0.50",
      scratches: "0.00",
      winRate: "50.00",
      expectancy: "19.50",
      profitFactor: "2.2787",
      totalR: null,
      tradingDays: "1.00",
    });
    expect(report.fourWeekAverage.change).toMatchObject({
      netPnl: "84.50",
      roundTrips: "4.00",
      wins: "2.50",
      winRate: "10.00",
      expectancy: "1.30",
      profitFactor: "0.1460",
      tradingDays: "3.00",
    });
    expect(report.days).toEqual([
      { day: "2025-06-02", weekday: "Mon", netPnl: "98.00", roundTrips: 1, wins: 1, losses: 0 },
      { day: "2025-06-03", weekday: "Tue", netPnl: "-52.00", roundTrips: 1, wins: 0, losses: 1 },
      { day: "2025-06-04", weekday: "Wed", netPnl: "28.00", roundTrips: 2, wins: 1, losses: 1 },
      { day: "2025-06-05", weekday: "Thu", netPnl: "0.00", roundTrips: 0, wins: 0, losses: 0 },
      { day: "2025-06-06", weekday: "Fri", netPnl: "0.00", roundTrips: 0, wins: 0, losses: 0 },
      { day: "2025-06-07", weekday: "Sat", netPnl: "0.00", roundTrips: 0, wins: 0, losses: 0 },
      { day: "2025-06-08", weekday: "Sun", netPnl: "30.00", roundTrips: 1, wins: 1, losses: 0 },
    ]);
    expect(report.edgeAndLeak).toEqual({
      minRoundTrips: 2,
      dimensions: {
        symbol: {
          best: { group: "AAPL", netPnl: "46.00", roundTrips: 2, winRate: "50.00" },
          worst: { group: "MSFT", netPnl: "28.00", roundTrips: 2, winRate: "50.00" },
        },
        strategy: {
          best: { group: "Breakout", netPnl: "76.00", roundTrips: 3, winRate: "66.67" },
          worst: { group: "(none)", netPnl: "28.00", roundTrips: 2, winRate: "50.00" },
        },
        weekday: { best: { group: "Wed", netPnl: "28.00", roundTrips: 2, winRate: "50.00" }, worst: null },
        hour: { best: { group: "09:00", netPnl: "76.00", roundTrips: 3, winRate: "66.67" }, worst: null },
      },
    });
  });

  it("takes the last full week in the user's zone and --week; refuses a bad week with one line", async () => {
    // Sunday 06-08 23:00 in New York is already Monday in UTC: the last full week there is still W22.
    const sunday = JSON.parse(await ok(["report", "week", "--json"], { at: new Date("2025-06-09T03:00:00Z") }));
    expect([sunday.week.week, sunday.figures.netPnl]).toEqual(["2025-W22", "28.00"]);
    const w20 = JSON.parse(await ok(["report", "week", "--week", "2025-w20", "--json"]));
    expect([w20.week.week, w20.week.from, w20.figures.netPnl, w20.previousWeek.figures.netPnl]).toEqual([
      "2025-W20",
      "2025-05-12",
      "100.00",
      "-50.00",
    ]);
    expect(await run(["report", "week", "--week", "2025-06"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --week must be an ISO week such as 2025-W23, got '2025-06'\n",
    });
    expect(await run(["report", "week", "-o", "week.txt"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: cannot tell the format of 'week.txt' from its extension: use .md, .json or .html\n",
    });
  });

  it("prints plain tables off a terminal and writes .md and .json files", async () => {
    const text = await ok(["report", "week", "--week", "2025-W23"]);
    expect(text.includes("\u001b")).toBe(false);
    expect(text).toContain("Weekly report 2025-W23 (2025-06-02 to 2025-06-08, America/New_York)");
    expect(text).toMatch(/│ Net P&L\s+│\s+104\.00 │\s+28\.00 │\s+76\.00 │\s+19\.50 │\s+84\.50 │/);
    const dir = scratchHome();
    const md = join(dir, "w23.md");
    const saved = await run(["report", "week", "--week", "2025-W23", "-o", md]);
    expect(saved).toEqual({ code: 0, stdout: "", stderr: `Wrote ${md}\n` });
    const markdown = readFileSync(md, "utf8");
    expect(markdown).toContain("| Net P&L | 104.00 | 28.00 | 76.00 | 19.50 | 84.50 |");
    expect(markdown).toContain("| Symbol | AAPL | 46.00 | 2 | MSFT | 28.00 | 2 |");
    const jsonFile = join(dir, "w23.json");
    expect((await run(["report", "week", "--week", "2025-W23", "-o", jsonFile])).stderr).toBe(`Wrote ${jsonFile}\n`);
    expect(JSON.parse(readFileSync(jsonFile, "utf8")).figures.netPnl).toBe("104.00");
    // The notification of W23 names the files the runs wrote (the last run's).
    const row = (await weeklyRows()).find((r) => r.data?.week === "2025-W23");
    expect(row?.data?.outputs).toEqual([jsonFile]);
  });

  it("writes a self-contained .html file that allows no network request", async () => {
    const file = join(scratchHome(), "w23.html");
    expect(await run(["report", "week", "--week", "2025-W23", "-o", file])).toEqual({
      code: 0,
      stdout: "",
      stderr: `Wrote ${file}\n`,
    });
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    expect(html).toContain("104.00");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it("report weekly with a weekly-report flag is the weekly report; with a breakdown flag beside one, refused", async () => {
    const weekly = JSON.parse(await ok(["report", "weekly", "--week", "2025-W23", "--json"]));
    expect(weekly.week.week).toBe("2025-W23");
    expect(weekly.figures.netPnl).toBe("104.00");
    expect(weekly.previousWeek.figures.netPnl).toBe("28.00");
    // Without one it stays the per-week breakdown (issue 14): one row per week.
    const breakdown = JSON.parse(
      await ok(["report", "weekly", "--from", "2025-06-02", "--to", "2025-06-08", "--json"]),
    );
    expect(breakdown.week).toBeUndefined();
    const clash = await run(["report", "weekly", "--cron", "--period", "all"]);
    expect(clash).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: --cron makes this the weekly report, which does not take --period (the per-week breakdown does)\n",
    });
    // Every breakdown flag counts, including those added to every report verb later (--currency).
    expect((await run(["report", "weekly", "--week", "2025-W23", "--currency", "USD"])).stderr).toBe(
      "error: --week makes this the weekly report, which does not take --currency (the per-week breakdown does)\n",
    );
  });

  it("leaves one notification per week, refreshed by a second run, none while weekly_reports is off", async () => {
    const before = (await weeklyRows()).filter((r) => r.data?.week === "2025-W23");
    expect(before).toHaveLength(1);
    await ok(["report", "week", "--week", "2025-W23", "--cron"]);
    const rows = (await weeklyRows()).filter((r) => r.data?.week === "2025-W23");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: journal.userId,
      title: "Weekly report 2025-W23 ready",
      message: "Net P&L 104.00 over 5 round trip(s); the week before 28.00.",
      is_read: false,
    });
    expect(rows[0]?.data).toMatchObject({ week: "2025-W23", netPnl: "104.00", roundTrips: 5, outputs: [] });
    await ok(["config", "set", "notifications.weekly_reports", "off"]);
    const count = (await weeklyRows()).length;
    const mail = fakeSendmail();
    const off = await run(["report", "week", "--week", "2025-W19", "--mail"], { env: mail.env });
    expect(off.code).toBe(0);
    expect(off.stderr).toBe("Not mailed: notifications.weekly_reports is off.\n");
    expect(await weeklyRows()).toHaveLength(count);
    expect(mail.sent()).toBe(false);
    await ok(["config", "set", "notifications.weekly_reports", "on"]);
  });

  it("mails a multipart message only to a verified address; a failing mail command keeps report and notification", async () => {
    const mail = fakeSendmail();
    const unverified = await run(["report", "week", "--week", "2025-W21", "--mail"], { env: mail.env });
    expect(unverified.code).toBe(6);
    expect(unverified.stderr).toBe(
      "error: not mailed: trader@example.com is not verified (run tradesense user send-verification); the report and its notification were made\n",
    );
    expect(mail.sent()).toBe(false);
    expect((await weeklyRows()).filter((r) => r.data?.week === "2025-W21")).toHaveLength(1);

    await journal.database.db
      .updateTable("users")
      .set({ email_verified: true })
      .where("id", "=", journal.userId)
      .execute();
    await ok(["report", "week", "--week", "2025-W23", "--mail"], { env: mail.env });
    const message = mail.message();
    const boundary = /^Content-Type: multipart\/alternative; boundary="([^"]+)"\r$/m.exec(message)?.[1];
    expect(boundary).toBeDefined();
    expect(message).toMatch(/^To: trader@example\.com\r\n/);
    expect(message).toContain("Subject: TradeSense weekly report 2025-W23: net P&L 104.00\r\n");
    const [, plain, html, end] = message.split(`--${boundary}`);
    expect(end).toBe("--\r\n");
    expect(plain).toMatch(/^\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    expect(plain).toMatch(/│ Net P&L\s+│\s+104\.00 │\s+28\.00 │\s+76\.00 │\s+19\.50 │\s+84\.50 │/);
    expect(html).toMatch(/^\r\nContent-Type: text\/html; charset=utf-8\r\n/);
    expect(html).toContain(
      '<tr><td>Net P&#38;L</td><td class="n">104.00</td><td class="n">28.00</td><td class="n">76.00</td><td class="n">19.50</td><td class="n">84.50</td></tr>',
    );

    const failing = fakeSendmail(75);
    const out = join(scratchHome(), "w22.md");
    const failed = await run(["report", "week", "--week", "2025-W22", "-o", out], {
      env: { ...failing.env },
    });
    // Without --mail and with report.mail unset, nothing is mailed.
    expect(failed.code).toBe(0);
    await ok(["config", "set", "report.mail", "on"]);
    const refused = await run(["report", "week", "--week", "2025-W22", "-o", out], { env: failing.env });
    expect(refused).toEqual({
      code: 6,
      stdout: "",
      stderr: `Wrote ${out}\nerror: not mailed: the mail command (TRADESENSE_SENDMAIL) exited with code 75: relay refused; the report and its notification were made\n`,
    });
    expect(existsSync(out)).toBe(true);
    expect((await weeklyRows()).filter((r) => r.data?.week === "2025-W22")).toHaveLength(1);
    await ok(["config", "set", "report.mail", "off"]);
  });

  it("lists, marks read and deletes only the user's own notifications", async () => {
    const other = await journal.database.db
      .insertInto("users")
      .values({ username: "other", email: "other@example.com", hashed_password: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const foreign = await journal.database.db
      .insertInto("notifications")
      .values({
        user_id: other.id,
        type: "weekly_report",
        title: "not yours",
        data: JSON.stringify({ week: "2025-W23" }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const listed = JSON.parse(await ok(["notifications", "--json"]));
    expect(listed.version).toBe(1);
    const titles = listed.notifications.map((n: { title: string }) => n.title).sort();
    expect(titles).toEqual([
      "Weekly report 2025-W20 ready",
      "Weekly report 2025-W21 ready",
      "Weekly report 2025-W22 ready",
      "Weekly report 2025-W23 ready",
    ]);
    const w23 = listed.notifications.find((n: { title: string }) => n.title.includes("W23"));
    expect(w23).toMatchObject({ type: "weekly_report", read: false, readAt: null });
    expect(w23.data.week).toBe("2025-W23");

    expect(await run(["notifications", "read", String(foreign.id)])).toEqual({
      code: 3,
      stdout: "",
      stderr: `error: notification ${foreign.id} was not found\n`,
    });
    expect((await run(["notifications", "read", String(w23.id)])).stderr).toBe(`Marked notification ${w23.id} read.\n`);
    const unread = JSON.parse(await ok(["notifications", "list", "--unread", "--json"]));
    expect(unread.notifications).toHaveLength(3);
    const readRow = JSON.parse(await ok(["notifications", "--json"])).notifications.find(
      (n: { id: number }) => n.id === w23.id,
    );
    expect(readRow).toMatchObject({ read: true, readAt: now.toISOString() });
    expect((await run(["notifications", "read", "--all"])).stderr).toBe("Marked 3 notification(s) read.\n");
    expect(JSON.parse(await ok(["notifications", "--unread", "--json"])).notifications).toEqual([]);

    expect(await run(["notifications", "delete"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: notifications delete needs an id or --all\n",
    });
    expect(await run(["notifications", "delete", String(foreign.id)])).toMatchObject({ code: 3 });
    expect((await run(["notifications", "delete", String(w23.id)])).stderr).toBe(`Deleted notification ${w23.id}.\n`);
    expect((await run(["notifications", "delete", "--all"])).stderr).toBe("Deleted 3 notification(s).\n");
    const left = await journal.database.db.selectFrom("notifications").select(["id", "user_id"]).execute();
    expect(left).toEqual([{ id: foreign.id, user_id: other.id }]);
    // Each change is in the user's audit trail; the refused ones (another user's id) left no row.
    const audit = await journal.database.db
      .selectFrom("audit_logs")
      .select(["user_id", "action", "resource_id", "request_data", "response_data"])
      .where("action", "like", "notification.%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      {
        user_id: journal.userId,
        action: "notification.read",
        resource_id: w23.id,
        request_data: { all: false },
        response_data: { count: 1 },
      },
      {
        user_id: journal.userId,
        action: "notification.read",
        resource_id: null,
        request_data: { all: true },
        response_data: { count: 3 },
      },
      {
        user_id: journal.userId,
        action: "notification.delete",
        resource_id: w23.id,
        request_data: { all: false },
        response_data: { count: 1 },
      },
      {
        user_id: journal.userId,
        action: "notification.delete",
        resource_id: null,
        request_data: { all: true },
        response_data: { count: 3 },
      },
    ]);
  });

  it("--all-users makes each active user's report in turn on a server; one user's failure does not stop the others", async () => {
    if (backend === "embedded") {
      expect(await run(["report", "week", "--all-users"])).toEqual({
        code: 2,
        stdout: "",
        stderr: "error: --all-users is for a journal on a PostgreSQL server: the embedded journal has one user\n",
      });
      return;
    }
    for (const username of ["alice", "bob"]) {
      const registered = await run(
        ["user", "register", "--username", username, "--email", `${username}@example.com`, "--timezone", "UTC"].concat([
          "--password-stdin",
        ]),
        { stdin: "a long enough password" },
      );
      expect(registered.code).toBe(0);
    }
    const settingsOf = (username: string, column: "settings" | "notifications", value: object) =>
      journal.database.db
        .updateTable("user_settings")
        .set({ [column]: JSON.stringify(value) })
        .where("user_id", "=", (eb) => eb.selectFrom("users").select("id").where("username", "=", username))
        .execute();
    // alice wants mail but never verified her address; bob turned weekly reports off.
    await settingsOf("alice", "settings", { report_mail: true });
    await settingsOf("bob", "notifications", { weekly_reports: false });
    const mail = fakeSendmail();
    const all = await run(["report", "week", "--cron", "--all-users"], { env: mail.env });
    expect(all).toEqual({
      code: 6,
      stdout: [
        "trader: 2025-W23 net P&L 104.00, notified",
        "other: 2025-W23 net P&L 0.00, notified",
        "bob: 2025-W23 net P&L 0.00, no notification (weekly_reports off)",
        "",
      ].join("\n"),
      stderr:
        "error: alice: not mailed: alice@example.com is not verified (run tradesense user send-verification); the report and its notification were made\n",
    });
    const rows = await journal.database.db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select(["users.username", "notifications.title"])
      .where("notifications.type", "=", "weekly_report")
      .where("users.username", "in", ["trader", "alice", "bob"])
      .orderBy("users.username")
      .execute();
    expect(rows).toEqual([
      { username: "alice", title: "Weekly report 2025-W23 ready" },
      { username: "trader", title: "Weekly report 2025-W23 ready" },
    ]);
  });
});

describe("report week flags (no database)", () => {
  const parse = (flags: WeeklyFlags, stdoutIsTTY = true) => parseWeeklyFlags(flags, { stdoutIsTTY, now });
  it("runs as cron off a terminal, and refuses flags that cannot go together", () => {
    expect(parse({}, false)).toEqual({ cron: true, json: false, mail: false, allUsers: false });
    expect(parse({ week: "2025-w23", output: "w.MD" })).toEqual({
      week: "2025-W23",
      cron: false,
      json: false,
      output: { path: "w.MD", format: "markdown" },
      mail: false,
      allUsers: false,
    });
    expect(() => parse({ json: true, output: "w.json" })).toThrow("--json cannot be used with --output");
    expect(() => parse({ allUsers: true, output: "w.md" })).toThrow(
      "with --all-users, --output must contain {user} (e.g. weekly-{user}.md)",
    );
    expect(() => parse({ allUsers: true, json: true })).toThrow("--all-users prints one line per user");
    expect(() => parse({ week: "2025-W54" })).toThrow("--week must be an ISO week such as 2025-W23, got '2025-W54'");
  });
});
