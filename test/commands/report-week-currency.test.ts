// The weekly report on a journal holding two currencies (each currency's week apart, never added: JSON, text and the
// notification), and under report.session = cme (a trade closed on Sunday evening New York time belongs to Monday's
// session, so to the next week; "last week" is the session's). Figures worked by hand:
//   (exit - entry) x qty x multiplier - commission, the user in New York (EDT = UTC-4).
// Two currencies, week 2025-W23 (Mon 06-02 .. Sun 06-08):
//   USD  A AAPL long 10 @ 100 -> 110, Mon 10:00-11:00, comm 2.00:  +98.00
//        B MSFT long 5 @ 400 -> 396,  Tue 10:00-11:00, comm 1.00:  -21.00   USD net 77.00, 2 round trips
//   EUR  C SAP long 10 @ 200 -> 205,  Wed 10:00-11:00, comm 3.00:  +47.00
//        D SAP long 10 @ 200 -> 190,  Thu 10:00-11:00, comm 3.00: -103.00   EUR net -56.00, 2 round trips
//   Added together they would be 21.00: that figure must appear nowhere.
// CME session (a journal of its own):
//   E ESM25 long 1 @ 5000 -> 5002 (x50), Sun 06-08 18:30-19:15 ET: +100.00; calendar day Sun 06-08 (W23), CME
//     session Mon 06-09 (W24).
//   F ESM25 long 1 @ 5000 -> 4999 (x50), Fri 06-06 17:00-17:30 ET: -50.00; Fri 06-06 in both (before 18:00).
//   W23: calendar -50.00 + 100.00 = 50.00 (2 round trips); CME -50.00 (1). W24: calendar 0.00; CME 100.00 on Monday.
import { expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const now = new Date("2025-06-10T16:00:00Z");

describeEachBackend("report week: currencies apart", (backend) => {
  const journal = useJournal(backend);
  const ok = async (args: string[], at = now) => {
    const result = await journal.cli(args, { now: at });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const trade = (symbol: string, qty: string, price: string, exit: string, day: string, fee: string, ccy: string) => [
    ...["trade", "add", "--symbol", symbol, "--side", "long", "--qty", qty, "--price", price, "--exit-price", exit],
    ...["--date", `${day} 10:00`, "--exit-date", `${day} 11:00`, "--commission", fee, "--currency", ccy],
  ];

  it("reports each currency's week apart and never adds them", async () => {
    await ok(trade("AAPL", "10", "100", "110", "2025-06-02", "2.00", "USD"));
    await ok(trade("MSFT", "5", "400", "396", "2025-06-03", "1.00", "usd"));
    await ok(trade("SAP", "10", "200", "205", "2025-06-04", "3.00", "EUR"));
    await ok(trade("SAP", "10", "200", "190", "2025-06-05", "3.00", "EUR"));

    const report = JSON.parse(await ok(["report", "week", "--json"]));
    expect(report.week.week).toBe("2025-W23");
    expect(report.figures).toBeUndefined();
    expect(report.byCurrency.map((c: { currency: string }) => c.currency)).toEqual(["EUR", "USD"]);
    const [eur, usd] = report.byCurrency;
    expect(eur.figures).toMatchObject({ netPnl: "-56.00", commissions: "6.00", roundTrips: 2, wins: 1, losses: 1 });
    expect(usd.figures).toMatchObject({ netPnl: "77.00", commissions: "3.00", roundTrips: 2, wins: 1, losses: 1 });
    // Each currency's days: EUR on Wednesday and Thursday, USD on Monday and Tuesday.
    const net = (days: { day: string; netPnl: string }[]) => days.map((d) => `${d.day} ${d.netPnl}`);
    expect(net(eur.days)).toEqual([
      "2025-06-02 0.00",
      "2025-06-03 0.00",
      "2025-06-04 47.00",
      "2025-06-05 -103.00",
      "2025-06-06 0.00",
      "2025-06-07 0.00",
      "2025-06-08 0.00",
    ]);
    expect(net(usd.days).slice(0, 2)).toEqual(["2025-06-02 98.00", "2025-06-03 -21.00"]);
    expect(usd.edgeAndLeak.dimensions.symbol).toEqual({ best: null, worst: null });
    expect(eur.edgeAndLeak.dimensions.symbol.best).toMatchObject({ group: "SAP", netPnl: "-56.00", roundTrips: 2 });
    expect(report.notes).toEqual([
      "This journal holds trades in EUR, USD: each currency's figures stand apart, never added together.",
    ]);
    expect(JSON.stringify(report)).not.toContain('"21.00"');

    const text = await ok(["report", "week"]);
    expect(text).toContain("EUR: Figures\n");
    expect(text).toContain("USD: Figures\n");
    expect(text).toMatch(
      /EUR: Figures\n[\s\S]*?│ Net P&L\s+│\s+-56\.00 │[\s\S]*USD: Figures\n[\s\S]*?│ Net P&L\s+│\s+77\.00 │/,
    );
    // -21.00 is trade B's own loss; 21.00 (the two currencies added) must not appear.
    expect(text).not.toMatch(/[^-\d.]21\.00/);

    const notes = await journal.database.db
      .selectFrom("notifications")
      .select(["message", "data"])
      .where("type", "=", "weekly_report")
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toBe(
      "Net P&L EUR -56.00 over 2 round trip(s), USD 77.00 over 2 round trip(s); the week before EUR 0.00, USD 0.00. Currencies are never added together.",
    );
    expect(notes[0]?.data).toMatchObject({
      byCurrency: [
        { currency: "EUR", netPnl: "-56.00", roundTrips: 2 },
        { currency: "USD", netPnl: "77.00", roundTrips: 2 },
      ],
    });
    expect(notes[0]?.data).not.toHaveProperty("netPnl");
  });
});

describeEachBackend("report week: the CME session", (backend) => {
  const journal = useJournal(backend);
  const run = async (args: string[], at: Date) => {
    const result = await journal.cli(args, { now: at });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const later = new Date("2025-06-20T16:00:00Z");
  const future = (price: string, exit: string, from: string, to: string) => [
    ...["trade", "add", "--symbol", "ESM25", "--asset-type", "future", "--multiplier", "50", "--side", "long"],
    ...["--qty", "1", "--price", price, "--exit-price", exit, "--date", from, "--exit-date", to],
  ];
  const week = async (label: string) =>
    JSON.parse(await run(["report", "week", "--week", label, "--json"], later)) as {
      figures: { netPnl: string; roundTrips: number };
      days: { day: string; netPnl: string }[];
    };

  it("books a Sunday-evening trade on Monday's session, in the next week", async () => {
    await run(future("5000", "5002", "2025-06-08 18:30", "2025-06-08 19:15"), later);
    await run(future("5000", "4999", "2025-06-06 17:00", "2025-06-06 17:30"), later);

    // Calendar days first (the default): both trades in W23.
    expect((await week("2025-W23")).figures).toMatchObject({ netPnl: "50.00", roundTrips: 2 });
    expect((await week("2025-W24")).figures).toMatchObject({ netPnl: "0.00", roundTrips: 0 });

    await run(["config", "set", "report.session", "cme"], later);
    const w23 = await week("2025-W23");
    expect(w23.figures).toMatchObject({ netPnl: "-50.00", roundTrips: 1 });
    expect(w23.days.map((d) => d.netPnl)).toEqual(["0.00", "0.00", "0.00", "0.00", "-50.00", "0.00", "0.00"]);
    const w24 = await week("2025-W24");
    expect(w24.figures).toMatchObject({ netPnl: "100.00", roundTrips: 1 });
    expect(w24.days[0]).toMatchObject({ day: "2025-06-09", weekday: "Mon", netPnl: "100.00" });

    // Sunday 06-15 19:00 ET is already Monday 06-16's session: the last full week is W24, not W23.
    const sundayEvening = new Date("2025-06-15T23:00:00Z");
    const current = JSON.parse(await run(["report", "week", "--json"], sundayEvening));
    expect(current.week).toMatchObject({ week: "2025-W24", from: "2025-06-09", to: "2025-06-15" });
    expect(current.figures).toMatchObject({ netPnl: "100.00" });
  });
});
