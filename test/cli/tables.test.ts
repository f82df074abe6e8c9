// Tables in a real pseudo-terminal at 40, 80 and 120 columns: no line wider than the terminal, numbers whole, no
// lines between rows, the totals line saying what it counts; the pager gets the listing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

let home: string;

function tradesense(args: string[]) {
  const result = tradesenseSync(args, { TRADESENSE_HOME: home });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  ({ home } = await journalHome("pty-tables", {}, ["--username", "pat", "--timezone", "America/New_York"]));
  const trade = ["trade", "add", "--side", "long", "--qty", "1250.5", "--price", "187.2", "--exit-price", "189.85"];
  tradesense([...trade, "--symbol", "BRK.B", "--date", "2024-03-01 09:45", "--exit-date", "2024-03-01 15:30"]);
  tradesense([...trade, "--symbol", "AAPL", "--date", "2024-03-04 10:00", "--exit-date", "2024-03-05 11:00"]);
  tradesense(["strategy", "add", "Opening range breakout with a long name", "--description", "x".repeat(70)]);
});

describe.each([40, 80, 120])("at %i columns", (columns) => {
  it("trade list fits, keeps its numbers whole and says how many trades the totals count", () => {
    const record = join(home, `paged-${columns}.txt`);
    const result = runInTerminal(["trade", "list", "--limit", "1"], [], {
      TRADESENSE_HOME: home,
      PTY_COLUMNS: String(columns),
      PAGER: `cat > ${record}`,
    });
    expect(result.code, result.screen).toBe(0);
    const paged = plainText(readFileSync(record, "utf8")).trimEnd().split("\n");
    for (const line of paged.slice(0, -1)) expect(line.length, line).toBeLessThanOrEqual(columns);
    // P&L: (189.85 - 187.2) x 1250.5 = 3313.83 (3313.8250 rounded half up); the newest trade is AAPL.
    expect(paged.join("\n")).toContain("3313.83");
    expect(paged.join("\n")).toContain("1250.5");
    expect(paged.join("\n")).toContain("AAPL");
    expect(paged.join("\n")).not.toContain("BRK.B");
    expect(paged.filter((line) => line.startsWith("├"))).toEqual([]);
    expect(paged.at(-1)).toBe(
      "2 trades match, 1 shown; 2 closed; 2 round trips flat: 2 won, 0 lost, win rate 100.0%; net P&L 6627.66",
    );
  });

  it("strategy list wraps the long text columns inside the terminal", () => {
    const result = runInTerminal(["strategy", "list"], [], { TRADESENSE_HOME: home, PTY_COLUMNS: String(columns) });
    expect(result.code, result.screen).toBe(0);
    const lines = plainText(result.screen).trimEnd().split("\n");
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
    expect(lines.join(" ")).toMatch(/Opening/);
  });
});
