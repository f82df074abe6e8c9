// A scratch journal in a temporary home, filled from fixtures/demo, to show what TradeSense does without touching
// the user's own journal. It grows as features land.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { parse } from "csv-parse/sync";
import { type Context, createContext } from "../context.js";
import { listPositions, listTrades, tradeTotals } from "../db/trades.js";
import { chartSeries } from "../domain/report-charts.js";
import { breakdownReport, summaryReport } from "../domain/report-engine.js";
import { parsePeriod } from "../domain/report-periods.js";
import { DEFAULT_SCRATCH } from "../domain/report-rules.js";
import { applyMigrations, createFirstUser } from "../domain/setup.js";
import { createStrategy, getStrategy } from "../domain/strategy-operations.js";
import { addTrade, closeTrade } from "../domain/trade-operations.js";
import { importFile } from "../import/engine.js";
import { renderImportSummary } from "../io/import-view.js";
import { printLine, printNote, printTable } from "../io/render.js";
import { renderReportHtml } from "../io/report-html.js";
import { breakdownJson, summaryJson } from "../io/report-json.js";
import { calendarLines, drawOptionsFor, equityLines } from "../io/report-terminal.js";
import { breakdownSheet, emitReport, summarySheet, writeWhole } from "../io/report-view.js";
import { withSpinner } from "../io/spinner.js";
import { renderStrategyDetail } from "../io/strategy-view.js";
import { positionColumns, renderTotals, renderTradeSummary, tradeColumns } from "../io/trade-view.js";
import { packageRoot } from "../package-root.js";
import type { RunFn } from "./define.js";
import { runJournalDemo } from "./demo-journal.js";

const demoDir = join(packageRoot, "fixtures", "demo");
const DEMO_ZONE = "America/New_York";

export interface DemoOpts {
  keep: boolean;
}

export function demoCommand(ctx: Context, run: RunFn<DemoOpts> = runDemoCommand): Command {
  return new Command("demo")
    .description("Build a scratch journal from sample data and show what TradeSense does (your journal is untouched)")
    .option("--keep", "keep the scratch journal and print where it is")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense demo
  $ tradesense demo --keep     # then: TRADESENSE_HOME=<printed path> tradesense trade list`,
    )
    .action((flags: { keep?: boolean }) => run(ctx, { keep: Boolean(flags.keep) }));
}

export async function runDemoCommand(ctx: Context, opts: DemoOpts): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "tradesense-demo-"));
  // Always embedded and always scratch: a DATABASE_URL in the environment must not send the demo to a server.
  const env: NodeJS.ProcessEnv = { ...ctx.env, TRADESENSE_HOME: home };
  env.DATABASE_URL = undefined;
  env.TRADESENSE_DATABASE_URL = undefined;
  const demo = createContext({ io: ctx.io, env, prompter: ctx.prompter, now: ctx.now });
  try {
    await runDemo(demo);
  } finally {
    await demo.close();
    if (opts.keep) printNote(ctx.io, `Scratch journal kept: TRADESENSE_HOME=${home}`);
    else rmSync(home, { recursive: true, force: true });
  }
}

async function runDemo(demo: Context): Promise<void> {
  const { io } = demo;
  const db = await withSpinner(io, "Creating a scratch journal", async () => {
    const opened = await demo.database({ create: true, skipMigrationCheck: true });
    await applyMigrations(opened);
    return opened;
  });
  const user = await createFirstUser(db, {
    username: "demo",
    email: "demo@localhost",
    password: null,
    timezone: DEMO_ZONE,
  });
  demo.setCurrentUser(user.username);

  const rows: Record<string, string>[] = parse(readFileSync(join(demoDir, "trades.csv"), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  });
  for (const row of rows) {
    const optional = (key: string) => (row[key] ? row[key] : undefined);
    await addTrade(
      db,
      user.id,
      {
        symbol: row.symbol ?? "",
        side: row.side ?? "",
        qty: row.qty ?? "",
        price: row.price ?? "",
        date: optional("date"),
        exitPrice: optional("exit_price"),
        exitDate: optional("exit_date"),
        commission: optional("commission"),
        tags: optional("tags"),
        notes: optional("notes"),
      },
      { timeZone: DEMO_ZONE, now: demo.now() },
    );
  }

  printLine(io, `Demo journal: ${rows.length} trades logged with \`tradesense trade add\` (times in ${DEMO_ZONE}).`);
  printLine(io);
  printLine(io, "$ tradesense trade list");
  const listed = await listTrades(db, user.id);
  printTable(io, tradeColumns(io, DEMO_ZONE), listed);
  printLine(io, renderTotals(io, await tradeTotals(db, user.id), listed.length));
  printLine(io);
  await runJournalDemo(io, db, user.id, DEMO_ZONE);
  printLine(
    io,
    "P&L is computed by PostgreSQL from exact decimals: (exit - entry) x qty x multiplier - commission, short reversed.",
  );
  await showPlaybook(demo, user.id);
  await showImport(demo, user.id);
  await showReport(demo, user.id);
  printLine(io, "Start your own journal with `tradesense init`.");
}

/** The report over everything above: round trips counted flat to flat, P&L booked on each exit day. */
async function showReport(demo: Context, userId: number): Promise<void> {
  const { io } = demo;
  const db = await demo.database();
  const request = {
    userId,
    timeZone: DEMO_ZONE,
    period: parsePeriod("2024-03", DEMO_ZONE, demo.now()),
    filters: {},
    scratch: DEFAULT_SCRATCH,
  };
  printLine(io, "$ tradesense report --period 2024-03");
  const summary = summaryJson(request, await summaryReport(db, request));
  // The notes (sample size and the like) are for a real journal; the demo keeps stderr quiet.
  emitReport(io, { format: "table" }, { notes: [] }, [summarySheet(summary)]);
  printLine(io);
  printLine(io, "$ tradesense report symbols --period 2024-03 --sort net");
  const symbols = breakdownJson(
    request,
    await breakdownReport(db, request, "symbols", { sort: { key: "net", direction: "desc" } }),
  );
  emitReport(io, { format: "table" }, { notes: [] }, [breakdownSheet(symbols)]);
  printLine(io);
  const series = await chartSeries(db, request);
  const drawing = drawOptionsFor(io);
  printLine(io, "$ tradesense report calendar --month 2024-03");
  printLine(io, calendarLines(series.days, "2024-03", drawing).join("\n"));
  printLine(io);
  printLine(io, "$ tradesense report equity --period 2024-03");
  printLine(io, equityLines(series, drawing).join("\n"));
  printLine(io);
  // Outside the scratch journal, which is removed: the page is for the user to open after the demo.
  const file = join(mkdtempSync(join(tmpdir(), "tradesense-demo-report-")), "report-2024-03.html");
  printLine(io, `$ tradesense report --period 2024-03 -o ${file}`);
  writeWhole(
    file,
    renderReportHtml({
      title: "Summary",
      period: summary.period,
      sheets: [
        { caption: "Figures", sheet: summarySheet(summary) },
        { caption: "By symbol", sheet: breakdownSheet(symbols) },
      ],
      charts: series,
      notes: [],
    }),
  );
  printLine(io, `Wrote the HTML report ${file}: open it in a browser (it needs no network).`);
  printLine(io);
}

/** A broker export imported twice: FIFO trades from fills the first time, nothing new the second. */
async function showImport(demo: Context, userId: number): Promise<void> {
  const { io } = demo;
  const db = await demo.database();
  const file = join(packageRoot, "fixtures", "imports", "generic-fifo.csv");
  const options = {
    userId,
    path: file,
    userTimeZone: DEMO_ZONE,
    mapping: {},
    dryRun: false,
    strict: false,
    now: () => demo.now(),
  };
  printLine(io, "$ tradesense import csv fixtures/imports/generic-fifo.csv");
  io.stdout.write(renderImportSummary(io, await importFile(db, options)));
  printLine(io, "$ tradesense import csv fixtures/imports/generic-fifo.csv     # again: every fill is already known");
  io.stdout.write(renderImportSummary(io, await importFile(db, options)));
  printLine(io);
}

/** A playbook with a default stop, a trade under it, and a partial close that leaves a position open. */
async function showPlaybook(demo: Context, userId: number): Promise<void> {
  const { io } = demo;
  const db = await demo.database();
  const clock = { timeZone: DEMO_ZONE, now: demo.now() };
  const rules = ["entry: Holds above the opening range high", "exit: Close below VWAP", "stop: 5", "max-loss: 250"];
  await createStrategy(
    db,
    userId,
    { name: "Opening range", description: "Five-minute range breakout", rules },
    clock.now,
  );
  const trade = await addTrade(
    db,
    userId,
    { symbol: "NVDA", side: "long", qty: "30", price: "860", date: "2024-03-08 09:40", commission: "1.00" },
    { ...clock, strategy: "Opening range" },
  );
  printLine(io);
  printLine(io, '$ tradesense strategy add "Opening range" --rule "stop: 5" ...   # a default stop 5 below entry');
  printLine(io, '$ tradesense trade add --symbol NVDA --side long --qty 30 --price 860 --strategy "Opening range"');
  printLine(io, renderTradeSummary(io, trade, DEMO_ZONE));
  printLine(io, `$ tradesense trade close ${trade.id} --price 872.50 --qty 10 --commission 0.35`);
  const { closed, remainder } = await closeTrade(
    db,
    userId,
    trade.id,
    { price: "872.50", qty: "10", commission: "0.35", date: "2024-03-08 11:15" },
    clock,
  );
  printLine(io, renderTradeSummary(io, closed, DEMO_ZONE));
  if (remainder) printLine(io, `Still open: ${renderTradeSummary(io, remainder, DEMO_ZONE)}`);
  printLine(io);
  printLine(io, "$ tradesense positions");
  printTable(io, positionColumns, await listPositions(db, userId));
  printLine(io);
  printLine(io, '$ tradesense strategy show "Opening range"');
  printLine(io, renderStrategyDetail(io, await getStrategy(db, userId, "Opening range"), DEMO_ZONE));
  printLine(io);
}
