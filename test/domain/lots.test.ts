// splitTrade: the one rule for partial closes and FIFO splits; computeMetrics: a strategy's figures.
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/domain/decimal.js";
import { splitTrade } from "../../src/domain/lots.js";
import { computeMetrics } from "../../src/domain/strategies.js";

describe("splitTrade", () => {
  it.each([
    // open qty, entry commission, close qty, closing commission -> closed commission, kept commission
    ["300", "1.00", "100", "0.35", "0.68", "0.67"],
    ["3", "0.01", "1", "0", "0.00", "0.01"],
    ["3", "0.02", "1", "0", "0.01", "0.01"],
    ["0.3333", "9.99", "0.1111", "1.00", "4.33", "6.66"],
    ["100", "0", "40", "1.25", "1.25", "0.00"],
  ])(
    "%s with %s commission, closing %s (+%s): %s closed, %s kept",
    (qty, commission, close, closing, closedC, keptC) => {
      const split = splitTrade({ quantity: qty, commission, initialRisk: null }, close, closing);
      expect(split.closed.commission).toBe(closedC);
      expect(split.remainder?.commission).toBe(keptC);
      // Nothing lost: the parts add up to the original plus what the exit cost.
      expect(new Decimal(closedC).plus(keptC).toFixed(2)).toBe(new Decimal(commission).plus(closing).toFixed(2));
      expect(new Decimal(split.closed.quantity).plus(split.remainder?.quantity ?? "0").eq(qty)).toBe(true);
    },
  );

  it("closes everything without a remainder, and shares the initial risk like the commission", () => {
    expect(splitTrade({ quantity: "10", commission: "1.00", initialRisk: "100.00" }, "10", "0.50")).toEqual({
      closed: { quantity: "10", commission: "1.50", initialRisk: "100.00" },
      remainder: null,
    });
    expect(splitTrade({ quantity: "3", commission: "1.00", initialRisk: "100.00" }, "2")).toEqual({
      closed: { quantity: "2", commission: "0.67", initialRisk: "66.67" },
      remainder: { quantity: "1", commission: "0.33", initialRisk: "33.33" },
    });
  });

  it("refuses more than the open quantity", () => {
    expect(() => splitTrade({ quantity: "10", commission: "0", initialRisk: null }, "10.0001")).toThrow(
      /^qty 10\.0001 is more than the open quantity 10$/,
    );
  });
});

describe("computeMetrics", () => {
  const asOf = new Date("2024-03-15T18:00:00Z");
  it("is all zeros for a strategy without closed trades", () => {
    expect(computeMetrics([{ status: "open", pnl: null, initial_risk: null }], asOf)).toMatchObject({
      trades: 1,
      open: 1,
      closed: 0,
      winRate: null,
      netPnl: "0.00",
      profitFactor: null,
      expectancy: null,
      maxDrawdown: "0.00",
    });
  });

  it("measures the deepest fall of the running P&L from its peak, in closing order", () => {
    const trade = (pnl: string) => ({ status: "closed" as const, pnl, initial_risk: "50.00" });
    const m = computeMetrics(["100.00", "-30.00", "-50.00", "40.00", "-90.00", "0.00"].map(trade), asOf);
    // Running: 100, 70, 20, 60, -30, -30; peak 100, lowest after it -30: drawdown 130.
    expect(m).toMatchObject({
      closed: 6,
      wins: 2,
      losses: 3,
      breakeven: 1,
      winRate: "33.33",
      netPnl: "-30.00",
      averageWin: "70.00",
      averageLoss: "-56.67",
      profitFactor: "0.82",
      expectancy: "-5.00",
      averageR: "-0.10",
      maxDrawdown: "130.00",
    });
  });
});
