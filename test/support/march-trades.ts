// Five closed trades in March 2025 (New York time) that the report picture tests share; their figures, by hand:
//   AAPL long 10 @ 100 -> 110 on 03-03 (1.00), risk 50: +99.00, R 1.98
//   MSFT long 10 @ 50 -> 40 on 03-04 (1.00), risk 50: -101.00, R -2.02
//   TSLA short 5 @ 200 -> 190 on 03-05 (1.00), no risk: +49.00
//   NVDA long 20 @ 30 -> 29 on 03-10, risk 40: -20.00, R -0.50
//   AMD long 10 @ 80 -> 95 on 03-12 (2.00), risk 100: +148.00, R 1.48
// Net 175.00 over 5 days; equity 99, -2, 47, 27, 175; the deepest drawdown 03-03 -> 03-04 is 101.00.
// R buckets: "< -2R" 1, "-1R to 0R" 1, "1R to 2R" 2 (+247.00), "no R" 1.
const MARCH_TRADES = [
  ["AAPL", "long", "10", "100", "2025-03-03 10:00", "110", "2025-03-03 15:00", "1.00", "50"],
  ["MSFT", "long", "10", "50", "2025-03-04 10:00", "40", "2025-03-04 14:00", "1.00", "50"],
  ["TSLA", "short", "5", "200", "2025-03-05 10:00", "190", "2025-03-05 11:00", "1.00", null],
  ["NVDA", "long", "20", "30", "2025-03-10 10:00", "29", "2025-03-10 12:00", "0", "40"],
  ["AMD", "long", "10", "80", "2025-03-12 10:00", "95", "2025-03-12 15:00", "2.00", "100"],
] as const;

/** Adds the trades with `trade add`, through `ok` (a CLI run that expects success). */
export async function addMarchTrades(ok: (args: string[]) => Promise<unknown>): Promise<void> {
  for (const [symbol, side, qty, price, date, exitPrice, exitDate, commission, risk] of MARCH_TRADES) {
    await ok([
      ...["trade", "add", "--symbol", symbol, "--side", side, "--qty", qty, "--price", price, "--date", date],
      ...["--exit-price", exitPrice, "--exit-date", exitDate, "--commission", commission],
      ...(risk ? ["--risk", risk] : []),
    ]);
  }
}
