// `report week` as cron runs it: a real bin/tradesense process with no terminal, NO_COLOR unset and only PATH, HOME
// and TRADESENSE_HOME in its environment (where the journal is and how mail leaves are in the config file), on both
// databases. Figures by hand (New York time), from one CSV:
//   W23: AAPL 10 @ 100 -> 110 Mon 06-02 (1.00 + 1.00) = +98.00; MSFT 5 @ 400 -> 396 Wed 06-04 (0.50 + 0.50) = -21.00
//        net 77.00, 2 round trips, win rate 50.00.  W22: NVDA 10 @ 100 -> 104 Tue 05-27 (0.50 + 0.50) = +39.00.
//   Change on the week before: 38.00. Average of the four weeks before: 39.00 / 4 = 9.75; change on it 67.25.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { journalHome, runTradesense } from "../support/processes.js";
import { fakeSendmail } from "../support/sendmail.js";

describeEachBackend("report week from cron", (backend) => {
  let home: string;
  /** Exactly what a crontab line gets: nothing from the test's own environment but PATH. */
  let cronEnv: NodeJS.ProcessEnv;
  let database: TestDatabase | undefined;
  const mail = fakeSendmail();

  const tradesense = (args: string[], stdin = "") => runTradesense(args, cronEnv, stdin);
  async function ok(args: string[], stdin = ""): Promise<string> {
    const result = await tradesense(args, stdin);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  }
  const weeklyNotifications = async () =>
    JSON.parse(await ok(["notifications", "--json"])).notifications.filter(
      (n: { type: string }) => n.type === "weekly_report",
    ) as { title: string; data: { week: string; netPnl: string } }[];

  beforeAll(async () => {
    if (!existsSync(join(import.meta.dirname, "../../dist/main.js"))) {
      throw new Error("dist/ is missing: npm test builds it first (npm run build)");
    }
    const who = ["--username", "trader", "--email", "trader@example.com", "--timezone", "America/New_York"];
    if (backend === "server") {
      home = mkdtempSync(join(inject("scratchDir"), "cron-"));
      cronEnv = { HOME: home, TRADESENSE_HOME: home };
      database = await createTestDatabase("server");
      const init = await tradesense(
        ["init", "--yes", "--database-url", database.url as string, ...who, "--password-stdin"],
        "a long enough password",
      );
      expect(init.code).toBe(0);
    } else {
      // A copy of the migrated template with its user made by init: no initdb, which is not what is tested here.
      ({ home } = await journalHome("cron", {}, who));
      cronEnv = { HOME: home, TRADESENSE_HOME: home };
    }
    // What an operator puts in the config file so that cron needs no variables: the server and the mail command.
    const configFile = join(home, "config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8"));
    writeFileSync(
      configFile,
      JSON.stringify({
        ...config,
        ...(database ? { database: { url: database.url } } : {}),
        mail: { sendmail: mail.command },
      }),
    );
    const csv = join(home, "trades.csv");
    writeFileSync(
      csv,
      [
        "Date,Time,Symbol,Side,Quantity,Price,Commission,Account,Execution ID",
        "2025-05-27,10:00:00,NVDA,Buy,10,100.00,0.50,U1,N1",
        "2025-05-27,11:00:00,NVDA,Sell,10,104.00,0.50,U1,N2",
        "2025-06-02,09:30:00,AAPL,Buy,10,100.00,1.00,U1,A1",
        "2025-06-02,10:30:00,AAPL,Sell,10,110.00,1.00,U1,A2",
        "2025-06-04,10:15:00,MSFT,Buy,5,400.00,0.50,U1,M1",
        "2025-06-04,12:00:00,MSFT,Sell,5,396.00,0.50,U1,M2",
        "",
      ].join("\n"),
    );
    expect((await tradesense(["import", "csv", csv])).code).toBe(0);
    expect((await tradesense(["user", "verify-email", "trader"])).code).toBe(0);
    await ok(["config", "set", "report.mail", "on"]);
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it("prints the report without escape codes, leaves one notification and mails the same figures", async () => {
    const stdout = await ok(["report", "week", "--week", "2025-W23"]);
    expect(stdout.includes("\u001b")).toBe(false);
    expect(stdout).toMatch(/^Weekly report 2025-W23 \(2025-06-02 to 2025-06-08, America\/New_York\)\n/);
    expect(stdout).toMatch(/│ Net P&L\s+│\s+77\.00 │\s+39\.00 │\s+38\.00 │\s+9\.75 │\s+67\.25 │/);
    expect(stdout).toMatch(/│ Round trips\s+│\s+2 │\s+1 │\s+1 │\s+0\.25 │\s+1\.75 │/);
    expect(stdout).toMatch(/│ Win rate %\s+│\s+50\.00 │\s+100\.00 │\s+-50\.00 │\s+100\.00 │\s+-50\.00 │/);

    expect(await weeklyNotifications()).toEqual([
      expect.objectContaining({
        title: "Weekly report 2025-W23 ready",
        data: expect.objectContaining({ week: "2025-W23", netPnl: "77.00" }),
      }),
    ]);

    // The message is a valid multipart/alternative: headers, a boundary declared and used, two parts, a closing line.
    const message = mail.message();
    const [head = "", ...body] = message.split("\r\n\r\n");
    const headers = Object.fromEntries(
      head
        .split("\r\n")
        .map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 2)]),
    );
    expect(headers.to).toBe("trader@example.com");
    expect(headers["mime-version"]).toBe("1.0");
    const boundary = /^multipart\/alternative; boundary="([A-Za-z0-9-]+)"$/.exec(headers["content-type"] ?? "")?.[1];
    expect(boundary).toBeDefined();
    const parts = body.join("\r\n\r\n").split(`\r\n--${boundary}`);
    expect(parts.at(-1)).toBe("--\r\n");
    const mimeParts = parts.slice(1, -1).map((part) => {
      const split = part.indexOf("\r\n\r\n");
      return { headers: part.slice(0, split), body: part.slice(split + 4) };
    });
    expect(mimeParts.map((p) => /Content-Type: ([^;]+);/.exec(p.headers)?.[1])).toEqual(["text/plain", "text/html"]);
    // The text part is what cron printed; the HTML part holds the same figures in a table.
    expect(mimeParts[0]?.body.replace(/\r\n/g, "\n")).toBe(stdout);
    const html = mimeParts[1]?.body ?? "";
    expect(html).toContain(
      '<tr><td>Net P&#38;L</td><td class="n">77.00</td><td class="n">39.00</td><td class="n">38.00</td><td class="n">9.75</td><td class="n">67.25</td></tr>',
    );
    expect(html).toContain("default-src 'none'");
  }, 120_000);

  it("adds no notification on a second run of the week, and none (nor a mail) while weekly_reports is off", async () => {
    const again = await ok(["report", "week", "--week", "2025-W23", "--cron"]);
    expect(again.includes("\u001b")).toBe(false);
    expect(await weeklyNotifications()).toHaveLength(1);

    await ok(["config", "set", "notifications.weekly_reports", "off"]);
    mail.takeToken();
    const off = await ok(["report", "week", "--week", "2025-W22", "--cron"]);
    expect(off).toMatch(/│ Net P&L\s+│\s+39\.00 │/);
    expect(await weeklyNotifications()).toHaveLength(1);
    expect(mail.sent()).toBe(false);
  }, 120_000);
});
