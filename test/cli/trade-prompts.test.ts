// Interactive use in a real terminal: `trade add` with no flags asks for every required field and saves the trade.
import { beforeAll, expect, it } from "vitest";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";
import { tradeFlags } from "../support/trades.js";

const tradesense = (args: string[], home: string) => tradesenseSync(args, { TRADESENSE_HOME: home });

let home: string;
beforeAll(async () => {
  ({ home } = await journalHome("pty-trade", {}, ["--username", "pat", "--timezone", "America/New_York"]));
});

it("trade add with no flags walks through the prompts, offers the active strategies, and saves", () => {
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
    quantity: "20.0000000000",
    entryPrice: "202.5000000000",
    entryDate: "2024-03-04T15:05:00.000Z",
    strategyName: "Gap fade",
    initialRisk: "50.00",
    status: "open",
  });
});

it("trade edit with no flags asks for each field with the stored values as defaults; delete asks to confirm", () => {
  const added = tradesense(
    [
      "trade",
      "add",
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "100", price: "187.20", date: "2024-03-01 09:45" }),
      "--json",
    ],
    home,
  );
  const id = JSON.parse(added.stdout).id;
  const clear = "\u0015";
  const edited = runInTerminal(
    ["trade", "edit", String(id)],
    [
      { expect: "Symbol", send: "\r" },
      { expect: "Side", send: "\r" },
      { expect: "Quantity", send: "\r" },
      { expect: "Entry price", send: "\r" },
      { expect: "Exit price", send: "189.85\r" },
      { expect: "Commission", send: `${clear}2\r` },
      { expect: "Stop price", send: "\r" },
      { expect: "Notes", send: "Gap and go\r" },
    ],
    { TRADESENSE_HOME: home },
  );
  const text = plainText(edited.screen);
  expect(text, text).toContain(`Trade ${id}: long 100 AAPL @ 187.2 on 2024-03-01 09:45, closed @ 189.85 on`);
  expect(text).toContain("P&L 263.00 (1.40%)");
  expect(edited.code).toBe(0);
  const shown = JSON.parse(tradesense(["trade", "show", String(id), "--json"], home).stdout);
  expect(shown.trade).toMatchObject({ pnl: "263.00", commission: "2.00", notes: "Gap and go", status: "closed" });

  const kept = runInTerminal(["trade", "delete", String(id)], [{ expect: "Delete Trade", send: "n\r" }], {
    TRADESENSE_HOME: home,
  });
  expect(kept.code).toBe(130);
  expect(plainText(kept.screen)).toContain("Nothing deleted.");
  expect(plainText(kept.screen)).not.toContain("error:");
  const deleted = runInTerminal(["trade", "delete", String(id)], [{ expect: "Delete Trade", send: "y\r" }], {
    TRADESENSE_HOME: home,
  });
  expect(plainText(deleted.screen)).toContain(`Deleted trade ${id}.`);
  expect(deleted.code).toBe(0);
  expect(tradesense(["trade", "show", String(id)], home).code).toBe(3);
});
