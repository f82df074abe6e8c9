// Interactive use in a real terminal: `trade add` with no flags asks for every required field and saves the trade.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { plainText, runInTerminal } from "../support/pty.js";

const bin = join(import.meta.dirname, "../../bin/tradesense");

function tradesense(args: string[], home: string) {
  const result = spawnSync(bin, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRADESENSE_HOME: home },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

it("trade add with no flags walks through the prompts, offers the active strategies, and saves", () => {
  const home = mkdtempSync(join(inject("scratchDir"), "pty-trade-"));
  expect(tradesense(["init", "--yes", "--username", "pat", "--timezone", "America/New_York"], home).code).toBe(0);
  expect(tradesense(["strategy", "add", "Gap fade", "--rule", "risk: 50"], home).code).toBe(0);
  expect(tradesense(["strategy", "add", "Old idea"], home).code).toBe(0);
  expect(tradesense(["strategy", "archive", "Old idea"], home).code).toBe(0);

  const down = "\u001b[B";
  const result = runInTerminal(
    ["trade", "add"],
    [
      { expect: "Symbol", send: " tsla\r" },
      { expect: "Side", send: `${down}\r` }, // long, then short
      { expect: "Quantity", send: "20\r" },
      { expect: "Entry price", send: "202.50\r" },
      { expect: "Entry time (America/New_York)", send: "\u00152024-03-04 10:05\r" }, // Ctrl-U clears the default "now"
      { expect: "Strategy", send: `${down}\r` }, // (none), then Gap fade; the archived one is not offered
    ],
    { TRADESENSE_HOME: home },
  );
  const text = plainText(result.screen);
  expect(text, text).toContain("Trade 1: short 20 TSLA @ 202.5 on 2024-03-04 10:05 (open)");
  expect(text).not.toContain("Old idea");
  expect(result.code).toBe(0);

  const listed = JSON.parse(tradesense(["trade", "list", "--json"], home).stdout);
  expect(listed.trades).toHaveLength(1);
  expect(listed.trades[0]).toMatchObject({
    symbol: "TSLA",
    side: "short",
    quantity: "20.0000",
    entry_price: "202.5000",
    entry_date: "2024-03-04T15:05:00.000Z",
    strategy_name: "Gap fade",
    initial_risk: "50.00",
    status: "open",
  });
});
