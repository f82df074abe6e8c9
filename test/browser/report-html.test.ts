// The HTML report opened in headless Chromium (Debian's package, driven by playwright-core) on both databases:
// it makes no network request, its charts drew one point per day and per R bucket, and the figures on the page are
// the JSON report's. Trades: test/support/march-trades.ts.
// (their figures by hand are written there).
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { scratchHome } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { addMarchTrades } from "../support/march-trades.js";

const now = new Date("2025-03-14T16:00:00Z");
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output");

describeEachBackend("report --format html in Chromium", (backend) => {
  const journal = useJournal(backend);
  const ok = async (args: string[]) => {
    const result = await journal.cli(args, { now });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    await addMarchTrades(ok);
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
      const drawnScript = `["equity-chart", "daily-chart", "r-chart"].map((id) => {
        const el = document.getElementById(id);
        return { id, points: el.dataset.points, canvases: el.querySelectorAll("canvas").length };
      })`;
      const drawn = await page.evaluate(drawnScript);
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
      // The charts were redrawn in the dark scheme's colours: still one canvas each, the same points.
      expect(await page.evaluate(drawnScript)).toEqual(drawn);
      expect(requests.filter((r) => r !== url)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `report-${backend}-dark.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
