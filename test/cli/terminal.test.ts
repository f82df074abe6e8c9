// Interactive use in a real pseudo-terminal at 40, 80 and 120 columns: a wrong answer is said at once and asked
// again, with every earlier answer kept; a local time the clocks went back over is asked about, not refused.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

const tradesense = (args: string[], home: string) => tradesenseSync(args, { TRADESENSE_HOME: home });

const down = "\u001b[B";
const clearLine = "\u0015";

describe.each([40, 80, 120])("in a %i-column terminal", (columns) => {
  it("init asks again for a username with a space and an unknown time zone, then says what it creates", () => {
    const home = mkdtempSync(join(inject("scratchDir"), "pty-init-"));
    const result = runInTerminal(
      ["init"],
      [
        { expect: "Username", send: `${clearLine}pat smith\r` },
        { expect: "invalid username 'pat smith'", send: `${clearLine}pat\r` },
        { expect: "Email", send: `${clearLine}pat@example.com\r` },
        { expect: "Time zone", send: `${clearLine}Mars/Olympus\r` },
        { expect: "unknown time zone 'Mars/Olympus'", send: `${clearLine}Europe/London\r` },
        { expect: "Password", send: "short\r" },
        { expect: "at least 8 characters", send: `${"\u007f".repeat(5)}\r` }, // erase, then Enter: no password
      ],
      { TRADESENSE_HOME: home, PTY_COLUMNS: String(columns) },
    );
    const text = plainText(result.screen);
    expect(result.code, text).toBe(0);
    expect(text.replace(/\s+/g, " ")).toContain(
      `Creating your journal at ${home}/data/pglite for pat (time zone Europe/London).`,
    );
    expect(tradesense(["config", "get", "timezone"], home).stdout).toBe("Europe/London\n");
    expect(tradesense(["user", "whoami"], home).stdout).toContain("pat");
  });

  it("trade add asks again for a bad symbol and quantity, and which of two times the clocks went back over", async () => {
    const { home } = await journalHome("pty-add", {}, ["--username", "pat", "--timezone", "America/New_York"]);
    const result = runInTerminal(
      ["trade", "add"],
      [
        { expect: "Symbol", send: "X';--\r" },
        { expect: "--symbol may hold only letters", send: `${clearLine}msft\r` },
        { expect: "Side", send: "\r" },
        { expect: "Quantity", send: "abc\r" },
        { expect: "--qty must be a number, got 'abc'", send: `${clearLine}15\r` },
        { expect: "Entry price", send: "410.25\r" },
        { expect: "Entry time", send: `${clearLine}2026-03-08 02:30\r` },
        { expect: "nearest valid times", send: `${clearLine}2026-11-01 01:30\r` },
        { expect: "which one?", send: `${down}\r` }, // the first (EDT), then the second (EST)
      ],
      { TRADESENSE_HOME: home, PTY_COLUMNS: String(columns) },
    );
    const text = plainText(result.screen);
    expect(result.code, text).toBe(0);
    expect(text).toContain("2026-11-01 01:30 EST");
    const listed = JSON.parse(tradesense(["trade", "list", "--json"], home).stdout);
    expect(listed.trades).toHaveLength(1);
    expect(listed.trades[0]).toMatchObject({
      symbol: "MSFT",
      side: "long",
      quantity: "15.0000000000",
      entryPrice: "410.2500000000",
      entryDate: "2026-11-01T06:30:00.000Z",
    });
  });
});

it("declining a confirmation says what was left alone, with no error line, and exits 130", async () => {
  // The same init as the trade add tests' journals: a copy of theirs (journalHome), no init of its own.
  const { home } = await journalHome("pty-decline", {}, ["--username", "pat", "--timezone", "America/New_York"]);
  expect(tradesense(["strategy", "add", "Breakout"], home).code).toBe(0);
  const kept = runInTerminal(["strategy", "delete", "Breakout"], [{ expect: "Delete strategy", send: "n\r" }], {
    TRADESENSE_HOME: home,
  });
  const text = plainText(kept.screen);
  expect(text).toContain("Nothing deleted.");
  expect(text).not.toContain("error:");
  expect(kept.code).toBe(130);
  expect(tradesense(["strategy", "show", "Breakout"], home).code).toBe(0);
});
