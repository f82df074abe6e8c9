// NinjaTrader's English exports in both date orders: en-US writes `12/3/2025 9:31:05 AM`, en-GB `03/12/2025 09:31:05`.
// The order is found from the file (a day above 12 decides; else AM/PM or the European layout); a file that cannot
// tell is refused asking for --date-format, never read month-first by guess (03/12 as 12 March). The fixtures hold
// the futures day of futures-platforms.test.ts, hand-computed there: NQZ25 +102.00, MESZ25 short +20.02, MESZ25 long
// +2.51, 124.53 in all; times in New York (EST = UTC-5: 09:31:05 is 14:31:05 UTC).
import { join } from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { importFixtures } from "../support/broker-import.js";
import { type Backend, describeEachBackend } from "../support/databases.js";
import { useFreshJournals } from "../support/journal.js";

describeEachBackend("NinjaTrader day-first dates", (backend: Backend) => {
  const freshJournal = useFreshJournals(backend);
  async function importInto(fixture: string, args: string[] = []) {
    const { database, cli } = await freshJournal();
    const result = await cli(["import", "csv", join(importFixtures, fixture), ...args]);
    const fills = await sql<{ at: string }>`
      select to_char(executed_at, 'YYYY-MM-DD"T"HH24:MI:SS') as at from executions order by executed_at`.execute(
      database.db,
    );
    const pnl = await sql<{ sum: string | null }>`select sum(pnl)::text as sum from trades`.execute(database.db);
    return { result, times: fills.rows.map((r) => r.at), pnl: pnl.rows[0]?.sum ?? null };
  }

  it("refuses an en-GB file whose dates read both ways, asking for --date-format, and writes nothing", async () => {
    const { result, times } = await importInto("ninjatrader/executions-en-gb.csv");
    expect(result.stderr).toBe(
      "error: cannot tell whether this file's dates are day-first or month-first (no day above 12, no AM/PM): give --date-format dd/MM/yyyy or --date-format MM/dd/yyyy\n",
    );
    expect(result.code).toBe(11);
    expect(times).toEqual([]);
  });

  it("reads it day-first with --date-format dd/MM/yyyy: 3 December, not 12 March", async () => {
    const { result, times, pnl } = await importInto("ninjatrader/executions-en-gb.csv", [
      "--date-format",
      "dd/MM/yyyy",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(times[0]).toBe("2025-12-03T14:31:05");
    expect(times[5]).toBe("2025-12-03T16:05:00");
    expect(pnl).toBe("124.53");
  });

  it("finds the order itself when a day is above 12 (15/12/2025)", async () => {
    const { result, times, pnl } = await importInto("ninjatrader/executions-en-gb-15th.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(times[0]).toBe("2025-12-15T14:31:05");
    expect(pnl).toBe("124.53");
  });

  it("refuses a --date-format that is neither order", async () => {
    const { result } = await importInto("ninjatrader/executions-en-gb.csv", ["--date-format", "yyyy-MM-dd"]);
    expect(result.stderr).toBe(
      "error: --date-format must be dd/MM/yyyy or MM/dd/yyyy (day or month first), got 'yyyy-MM-dd'\n",
    );
    expect(result.code).toBe(2);
  });
});
