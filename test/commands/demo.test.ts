// The demo builds its own scratch embedded journal (a real PGlite initdb) and shows the trade log and a playbook.
import { readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { expect, it } from "vitest";
import { bufferedStreams } from "../../src/io/streams.js";
import { main } from "../../src/main.js";
import { scratchHome } from "../support/cli.js";

it("tradesense demo logs the sample trades, closes part of one, and shows positions and the playbook", async () => {
  const io = bufferedStreams();
  const now = new Date("2024-03-15T18:00:00Z");
  const code = await main(["demo"], { io, env: { TRADESENSE_HOME: scratchHome() }, now: () => now });
  const out = io.stdoutText();
  expect(io.stderrText()).toBe("");
  expect(code).toBe(0);
  expect(out).toContain(
    "Trade 8: long 10 NVDA @ 860 on 2024-03-08 09:40, closed @ 872.5 on 2024-03-08 11:15: P&L 124.32 (1.45%)\n",
  );
  expect(out).toContain("Still open: Trade 9: long 20 NVDA @ 860 on 2024-03-08 09:40 (open)\n");
  expect(out).toContain("NVDA\t\tlong\tstock\t1\t20\t860\t17200.00\t0.67\n");
  // The playbook's one round trip is still open (a partial close): it has no win, loss or R yet.
  expect(out).toContain("  Trades:        1 (0 closed, 1 open)\n");
  expect(out).toContain("  Average R:     -\n");
  expect(out).toContain("  As of:         2024-03-15 14:00\n");
  // The import part: FIFO trades from a broker export, then the same file again adds nothing.
  expect(out).toContain("  trades: 7 created, 0 updated, 0 removed; realized P&L 488.55\n");
  expect(out).toContain("  fills: 0 new, 10 already known; 0 bad rows; 0 skipped\n");
  // The report: NVDA's round trip lost 259.75 and the open NVDA trade's partial close booked 124.32 (above).
  expect(out).toContain("$ tradesense report --period 2024-03\nFigure\tValue\nNet P&L\t");
  expect(out).toMatch(/\nNVDA\t-135\.43\t-133\.75\t1\.68\t1\t0\t1\t/);
  // It ends with the month's calendar, the equity curve and an HTML report it names.
  expect(out).toContain("$ tradesense report calendar --month 2024-03\n2024-03  net ");
  expect(out).toContain("Mon        Tue        Wed        Thu        Fri        Sat        Sun\n");
  expect(out).toContain("\n$ tradesense report equity --period 2024-03\n");
  const written = out.match(/\nWrote the HTML report (\S+): open it in a browser/)?.[1] as string;
  expect(written).toMatch(/tradesense-demo-report-.*\/report-2024-03\.html$/);
  const page = readFileSync(written, "utf8");
  expect(page).toContain('<div id="equity-chart"></div>');
  expect(page).toContain("<td>NVDA</td>");
  rmSync(dirname(written), { recursive: true });
}, 60_000);
