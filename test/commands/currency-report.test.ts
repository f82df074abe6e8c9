// A journal in EUR and USD (Degiro's English and Dutch exports): the import, `report`, `trade list` totals and the
// HTML report give each currency's figures apart and never add two currencies; `--currency` reports one, and a verb
// that shows one set of figures refuses a mixed journal without it. Also: the rollups are kept per currency.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const fixture = (path: string) => join(import.meta.dirname, "../../fixtures/imports", path);

describeEachBackend("a journal in two currencies", (backend) => {
  const journal = useJournal(backend);
  beforeAll(async () => {
    // Degiro EN: Apple (USD) bought and sold, SAP (EUR) bought; NL: ASML (EUR) bought and sold.
    for (const file of ["degiro/transactions-en.csv", "degiro/transactions-nl.csv"]) {
      const result = await journal.cli(["import", "csv", fixture(file)]);
      expect(result.code).toBe(0);
    }
  });

  it("gives each trade its opening fill's currency", async () => {
    const rows = await journal.database.db
      .selectFrom("trades")
      .select(["symbol", "currency", "pnl"])
      .orderBy("symbol")
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { symbol: "DE0007164600", currency: "EUR", pnl: null },
      { symbol: "NL0010273215", currency: "EUR", pnl: "-23.50" },
      { symbol: "US0378331005", currency: "USD", pnl: "98.69" },
    ]);
  });

  it("report: one column per currency, JSON byCurrency, nothing added across currencies", async () => {
    const text = await journal.cli(["report"]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split("\n");
    expect(lines[0]).toBe("Figure\tEUR\tUSD");
    // EUR: ASML (640.25 - 650.00) x 2 - 4.00 = -23.50; USD: Apple (210.50 - 200.00) x 10 - 6.31 = 98.69.
    expect(lines[1]).toBe("Net P&L\t-23.50\t98.69");
    expect(lines).toContain("Commissions and fees\t4.00\t6.31");
    expect(text.stderr).toContain("This journal holds trades in EUR, USD: each currency's figures stand apart");

    const json = JSON.parse((await journal.cli(["report", "--json"])).stdout);
    expect(json.figures).toBeUndefined();
    expect(json.byCurrency.map((c: { currency: string }) => c.currency)).toEqual(["EUR", "USD"]);
    expect(json.byCurrency[0].figures).toMatchObject({ netPnl: "-23.50", roundTrips: 1, losses: 1 });
    expect(json.byCurrency[1].figures).toMatchObject({ netPnl: "98.69", roundTrips: 1, wins: 1 });
    expect(json.byCurrency[0].openPositions).toMatchObject([{ symbol: "DE0007164600", quantity: "4.0000000000" }]);
    expect(json.byCurrency[1].openPositions).toEqual([]);
  });

  it("report --currency EUR: that currency's figures only, from the rollups as from the trades", async () => {
    const json = JSON.parse((await journal.cli(["report", "--currency", "eur", "--json"])).stdout);
    expect(json.filters).toEqual({ currency: "EUR" });
    expect(json.figures).toMatchObject({ netPnl: "-23.50", grossPnl: "-19.50", commissions: "4.00", roundTrips: 1 });
    const bySymbol = JSON.parse(
      (await journal.cli(["report", "--currency", "EUR", "--symbol", "NL0010273215", "--json"])).stdout,
    );
    expect(bySymbol.figures.netPnl).toBe("-23.50");
    const days = await journal.database.db
      .selectFrom("report_days")
      .select(["day", "currency", "net"])
      .orderBy("day")
      .execute();
    expect(days.map((d) => [d.currency, d.net])).toEqual([
      ["USD", "98.69"],
      ["EUR", "-23.50"],
    ]);
  });

  it("a verb with one set of figures refuses a mixed journal without --currency, and reads one with it", async () => {
    const refused = await journal.cli(["report", "symbols"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "error: this journal holds trades in EUR, USD: reports never add two currencies, so give --currency EUR (or another)\n",
    );
    const usd = await journal.cli(["report", "symbols", "--currency", "USD", "--json"]);
    expect(usd.code).toBe(0);
    expect(JSON.parse(usd.stdout).groups.map((g: { group: string; netPnl: string }) => [g.group, g.netPnl])).toEqual([
      ["US0378331005", "98.69"],
    ]);
    const bad = await journal.cli(["report", "--currency", "euro"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --currency must be a 3-letter currency code or 'unspecified', not 'euro'\n");
  });

  it("trade list totals and the HTML report give the net P&L per currency", async () => {
    const listed = JSON.parse((await journal.cli(["trade", "list", "--json"])).stdout);
    expect(listed.totals.netPnl).toBeNull();
    expect(listed.totals.netPnlByCurrency).toEqual({ EUR: "-23.50", USD: "98.69" });
    const table = await journal.cli(["trade", "list"], { tty: true });
    expect(table.stderr + table.stdout).toContain("net P&L -23.50 EUR, 98.69 USD");

    const html = await journal.cli(["report", "--format", "html"]);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain("Figures by currency");
    expect(html.stdout).toContain("Charts are drawn for one currency: add --currency EUR (or another).");
  });

  it("an import touching two currencies reports its realized P&L per currency", async () => {
    const result = await journal.cli(["import", "csv", fixture("trading212/history-2024.csv")]);
    expect(result.code).toBe(0);
    // AAPL 19.92 USD; SAP 15.00 EUR (see test/importers/day-trader-brokers.test.ts).
    expect(result.stdout).toContain("realized P&L 15.00 EUR, 19.92 USD");
  });
});
