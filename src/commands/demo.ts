// A scratch journal in a temporary home, filled from fixtures/demo, to show what TradeSense does without touching
// the user's own journal. It grows as features land.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { parse } from "csv-parse/sync";
import { type Context, createContext } from "../context.js";
import { listTrades, tradeTotals } from "../db/trades.js";
import { applyMigrations, createFirstUser } from "../domain/setup.js";
import { addTrade } from "../domain/trade-log.js";
import { printLine, printNote, printTable } from "../io/render.js";
import { withSpinner } from "../io/spinner.js";
import { renderTotals, tradeColumns } from "../io/trade-view.js";
import { runJournalDemo } from "./demo-journal.js";

const demoDir = fileURLToPath(new URL("../../fixtures/demo", import.meta.url));
const DEMO_ZONE = "America/New_York";

export function demoCommand(ctx: Context): Command {
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
    .action(async (options: { keep?: boolean }) => {
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
        if (options.keep) printNote(ctx.io, `Scratch journal kept: TRADESENSE_HOME=${home}`);
        else rmSync(home, { recursive: true, force: true });
      }
    });
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
  printTable(io, tradeColumns(io, DEMO_ZONE), await listTrades(db, user.id));
  printLine(io, renderTotals(io, await tradeTotals(db, user.id)));
  printLine(io);
  await runJournalDemo(io, db, user.id, DEMO_ZONE);
  printLine(
    io,
    "P&L is computed by PostgreSQL from exact decimals: (exit - entry) x qty - commission, short reversed.",
  );
  printLine(io, "Start your own journal with `tradesense init`.");
}
