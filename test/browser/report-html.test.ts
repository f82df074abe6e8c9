// The HTML report opened in headless Chromium (Debian's package, driven by playwright-core) on both databases:
// it makes no network request, its charts drew one point per day and per R bucket, and the figures on the page are
// the JSON report's. Trades (New York time, March 2025), figures by hand:
//   AAPL long 10 @ 100 -> 110 on 03-03 (1.00), risk 50: +99.00, R 1.98
//   MSFT long 10 @ 50 -> 40 on 03-04 (1.00), risk 50: -101.00, R -2.02
//   TSLA short 5 @ 200 -> 190 on 03-05 (1.00), no risk: +49.00
//   NVDA long 20 @ 30 -> 29 on 03-10, risk 40: -20.00, R -0.50
//   AMD long 10 @ 80 -> 95 on 03-12 (2.00), risk 100: +148.00, R 1.48
// Net 175.00 over 5 days; equity 99, -2, 47, 27, 175; the deepest drawdown 03-03 -> 03-04 is 101.00.
// R buckets: "< -2R" 1, "-1R to 0R" 1, "1R to 2R" 2, "no R" 1.
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { scratchHome } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const now = new Date("2025-03-14T16:00:00Z");
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output");

const TRADES = [
  ["AAPL", "long", "10", "100", "2025-03-03 10:00", "110", "2025-03-03 15:00", "1.00", "50"],
  ["MSFT", "long", "10", "50", "2025-03-04 10:00", "40", "2025-03-04 14:00", "1.00", "50"],
  ["TSLA", "short", "5", "200", "2025-03-05 10:00", "190", "2025-03-05 11:00", "1.00", null],
  ["NVDA", "long", "20", "30", "2025-03-10 10:00", "29", "2025-03-10 12:00", "0", "40"],
  ["AMD", "long", "10", "80", "2025-03-12 10:00", "95", "2025-03-12 15:00", "2.00", "100"],
] as const;

describeEachBackend("report --format html in Chromium", (backend) => {
  const journal = useJournal(backend);
  const ok = async (args: string[]) => {
    const result = await journal.cli(args, { now });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    for (const [symbol, side, qty, price, date, exitPrice, exitDate, commission, risk] of TRADES) {
      await ok([
        ...["trade", "add", "--symbol", symbol, "--side", side, "--qty", qty, "--price", price, "--date", date],
        ...["--exit-price", exitPrice, "--exit-date", exitDate, "--commission", commission],
        ...(risk ? ["--risk", risk] : []),
      ]);
    }
  });

  it("opens with no network request, draws every chart and shows the JSON report's figures", async () => {
    const file = join(scratchHome(), "march.html");
    const written = await journal.cli(["report", "--period", "2025-03", "-o", file], { now });
    expect(written).toMatchObject({ code: 0, stdout: "" });
    expect(written.stderr).toBe(`Wrote ${file}\n`);
    const summary = JSON.parse(await ok(["report", "--period", "2025-03", "--json"]));
    const r = JSON.parse(await ok(["report", "r", "--period", "2025-03", "--json"]));
    expect(summary.figures.netPnl).toBe("175.00");
    expect(r.groups.map((g: { group: string }) => g.group)).toEqual(["< -2R", "-1R to 0R", "1R to 2R", "no R"]);

    const html = readFileSync(file, "utf8");
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);

    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "tradesense-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1000, height: 900 },
    });
    try {
      const page = await context.newPage();
      const url = pathToFileURL(file).href;
      const requests: string[] = [];
      const problems: string[] = [];
      await context.route("**/*", (route) => {
        requests.push(route.request().url());
        return route.request().url() === url ? route.continue() : route.abort();
      });
      page.on("request", (request) => {
        if (request.url() !== url) requests.push(request.url());
      });
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(url, { waitUntil: "load" });
      await page.waitForSelector("#r-chart[data-points]", { timeout: 30_000 });

      expect(requests.filter((r) => r !== url)).toEqual([]);
      expect(problems).toEqual([]);
      // Run in the page (strings: the test's TypeScript has no DOM types).
      const drawn = await page.evaluate(`["equity-chart", "daily-chart", "r-chart"].map((id) => {
        const el = document.getElementById(id);
        return { id, points: el.dataset.points, canvases: el.querySelectorAll("canvas").length };
      })`);
      expect(drawn).toEqual([
        { id: "equity-chart", points: "5", canvases: 1 },
        { id: "daily-chart", points: "5", canvases: 1 },
        { id: "r-chart", points: "4", canvases: 1 },
      ]);
      const figures = (await page.evaluate(`Object.fromEntries([...document.querySelectorAll("table tr")]
        .map((row) => [...row.querySelectorAll("td")].map((c) => c.textContent)).filter((cells) => cells.length > 1))`)) as Record<
        string,
        string
      >;
      const figure = async (label: string) => figures[label];
      expect(await figure("Net P&L")).toBe(summary.figures.netPnl);
      expect(await figure("Round trips")).toBe(String(summary.figures.roundTrips));
      expect(await figure("Win rate %")).toBe(summary.figures.winRate);
      expect(await figure("Max drawdown")).toBe(summary.figures.maxDrawdown.amount);
      expect(await page.textContent("#max-drawdown")).toBe("Max drawdown 101.00: peak 2025-03-03, trough 2025-03-04");
      const calendar = await page.evaluate(`[...document.querySelectorAll(".calendar td[data-day]")].map((td) => [
        td.dataset.day, td.querySelector(".pnl").textContent, td.className])`);
      expect(calendar).toEqual([
        ["2025-03-03", "99.00", "day win3"],
        ["2025-03-04", "-101.00", "day loss3"],
        ["2025-03-05", "49.00", "day win2"],
        ["2025-03-10", "-20.00", "day loss1"],
        ["2025-03-12", "148.00", "day win4"],
      ]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `report-${backend}.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: join(SCREENSHOTS, `report-${backend}-dark.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
