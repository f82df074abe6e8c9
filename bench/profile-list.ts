// npx tsx bench/profile-list.ts <TRADESENSE_HOME>: where an embedded `trade list --limit 100` spends its time, phase by
// phase, in one process (module loading is timed separately by the benchmark: tsx loads the sources here).
import { join } from "node:path";
import { openDatabase } from "../src/db/connect.js";
import { pendingMigrations } from "../src/db/migrate.js";
import { listTrades, tradeTotals } from "../src/db/trades.js";
import { insertUsage } from "../src/db/usage.js";
import { findUserByUsername, findUserSettings } from "../src/db/users.js";
import { printTable } from "../src/io/render.js";
import { bufferedStreams } from "../src/io/streams.js";
import { tradeColumns } from "../src/io/trade-view.js";

const home = process.argv[2] ?? "";
const phases: [string, number][] = [];
let last = performance.now();
const mark = (name: string) => {
  const now = performance.now();
  phases.push([name, now - last]);
  last = now;
};
const opened = await openDatabase({ kind: "embedded", path: join(home, "data", "pglite") });
mark("open PGlite + SET TimeZone");
await pendingMigrations(opened.db);
mark("migration check");
await opened.db.selectFrom("users").select("id").execute();
mark("a one-row SELECT (a round trip)");
const user = await findUserByUsername(opened.db, "bench");
const settings = await findUserSettings(opened.db, user?.id ?? 0);
mark("user lookup (2 queries)");
const [trades, totals] = await Promise.all([
  listTrades(opened.db, user?.id ?? 0, { limit: 100 }),
  tradeTotals(opened.db, user?.id ?? 0, {}),
]);
mark("100 trades + totals");
const io = bufferedStreams({ tty: false });
printTable(io, tradeColumns(io, settings?.timezone ?? "UTC"), trades);
mark("render 100 rows (TSV)");
await opened.db.transaction().execute((trx) => insertUsage(trx, []));
await insertUsage(opened.db, [
  { endpoint: "trade list", responseCode: 0, responseTimeMs: 1, userId: user?.id ?? null },
]);
mark("api_usage row");
await opened.close();
mark("close PGlite");
for (const [name, ms] of phases) console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
console.log(`(${totals ? "totals read" : ""})`);
