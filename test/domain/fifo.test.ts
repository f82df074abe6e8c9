import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/domain/decimal.js";
import { FifoBuilder, type FifoFill, tradePnl } from "../../src/domain/fifo.js";

let nextId = 1;
function fill(
  action: "buy" | "sell",
  quantity: string,
  price: string,
  commission: string,
  extra: Partial<FifoFill> = {},
): FifoFill {
  const id = nextId++;
  return {
    id,
    executedAt: new Date(Date.UTC(2024, 2, 1, 14, id)),
    action,
    quantity,
    price,
    commission,
    multiplier: "1",
    assetType: "stock",
    orderId: null,
    ...extra,
  };
}

function run(fills: FifoFill[]) {
  const builder = new FifoBuilder();
  for (const f of fills) builder.add(f);
  const trades = [...builder.closedTrades(), ...builder.openTrades()];
  return { builder, trades };
}

const sum = (values: (string | null)[]) => values.reduce((acc, v) => acc.plus(v ?? "0"), new Decimal(0)).toFixed(2);

describe("FIFO trade building", () => {
  it("scales in and out: each lot is closed oldest first at the fills' own prices", () => {
    const { trades, builder } = run([
      fill("buy", "100", "10", "1.00"),
      fill("buy", "50", "11", "0.50"),
      fill("sell", "120", "12", "1.20"),
      fill("sell", "30", "9", "0.30"),
    ]);
    expect(trades.map((t) => [t.side, t.quantity, t.entryPrice, t.exitPrice, t.commission, tradePnl(t)])).toEqual([
      ["long", "100", "10", "12", "2.00", "198.00"],
      ["long", "20", "11", "12", "0.40", "19.60"],
      ["long", "30", "11", "9", "0.60", "-60.60"],
    ]);
    // The broker's realized P&L: (12-10)x100 + (12-11)x20 + (9-11)x30 - all commissions 3.00.
    expect(sum(trades.map(tradePnl))).toBe("157.00");
    expect(builder.position()).toBe("0");
    expect(builder.rounds()).toHaveLength(1);
  });

  it("flips long to short in one fill: a closing part and an opening part that add up to the fill", () => {
    const { trades, builder } = run([
      fill("buy", "10", "5", "1.00"),
      fill("sell", "25", "6", "2.50"),
      fill("buy", "15", "4", "0.75"),
    ]);
    expect(trades.map((t) => [t.side, t.quantity, t.entryPrice, t.exitPrice, t.commission, tradePnl(t)])).toEqual([
      ["long", "10", "5", "6", "2.00", "8.00"],
      ["short", "15", "6", "4", "2.25", "27.75"],
    ]);
    expect(builder.rounds().map((r) => r.side)).toEqual(["long", "short"]);
    expect(builder.rounds().every((r) => r.closedAt !== null)).toBe(true);
  });

  it("leaves what a closes-only fill finds nothing to close unmatched, never opening the other side", () => {
    const builder = new FifoBuilder();
    const early = fill("sell", "100", "23.10", "1.00", { closesOnly: true });
    builder.add(early);
    builder.add(fill("buy", "30", "20.00", "0.30"));
    const over = fill("sell", "50", "22.00", "0.50", { closesOnly: true });
    const closed = builder.add(over);
    expect(closed.map((t) => [t.side, t.quantity, t.entryPrice, t.exitPrice, t.commission])).toEqual([
      ["long", "30", "20.00", "22.00", "0.60"],
    ]);
    expect(builder.unmatched().map((u) => [u.fill.id, u.quantity])).toEqual([
      [early.id, "100"],
      [over.id, "20"],
    ]);
    expect(builder.position()).toBe("0");
    expect(builder.openTrades()).toEqual([]);
  });

  it("prices a short and an option with its multiplier", () => {
    const short = run([fill("sell", "200", "50", "2.10"), fill("buy", "200", "48.5", "2.10")]);
    expect(tradePnl(short.trades[0] as never)).toBe("295.80");
    const option = run([
      fill("buy", "2", "1.50", "1.30", { multiplier: "100", assetType: "option" }),
      fill("sell", "2", "2.10", "1.30", { multiplier: "100", assetType: "option" }),
    ]);
    expect(tradePnl(option.trades[0] as never)).toBe("117.40");
  });

  it("shares commission to the cent: every fill's parts add up to its commission, and earlier parts never change", () => {
    const opening = fill("buy", "3", "10", "1.00");
    const first = run([opening, fill("sell", "1", "11", "0.01")]);
    expect(first.trades.map((t) => t.commission)).toEqual(["0.34", "0.67"]);
    const later = run([
      opening,
      fill("sell", "1", "11", "0.01"),
      fill("sell", "1", "12", "0.00"),
      fill("sell", "1", "13", "0.00"),
    ]);
    expect(later.trades.map((t) => t.commission)).toEqual(["0.34", "0.34", "0.33"]);
    expect(sum(later.trades.map((t) => t.commission))).toBe("1.01");
  });

  it("keeps open lots as open trades with the rest of their commission", () => {
    const { trades, builder } = run([fill("buy", "100", "10", "1.00"), fill("sell", "40", "11", "0.40")]);
    expect(trades.map((t) => [t.quantity, t.exitPrice, t.commission, t.importKey.endsWith(":open")])).toEqual([
      ["40", "11", "0.80", false],
      ["60", null, "0.60", true],
    ]);
    expect(builder.position()).toBe("60");
  });

  it("reconciles a long random sequence: total P&L equals the cash flow of the closed quantity", () => {
    let seed = 3;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    const fills: FifoFill[] = [];
    for (let i = 0; i < 400; i++) {
      fills.push(
        fill(
          next(2) ? "buy" : "sell",
          String(1 + next(300)),
          `${10 + next(90)}.${String(next(100)).padStart(2, "0")}`,
          `${next(3)}.${String(next(100)).padStart(2, "0")}`,
        ),
      );
    }
    const { trades } = run(fills);
    const commission = sum(fills.map((f) => f.commission));
    expect(sum(trades.map((t) => t.commission))).toBe(commission);
    for (const f of fills) {
      const opened = trades
        .filter((t) => t.openFillId === f.id)
        .reduce((acc, t) => acc.plus(t.quantity), new Decimal(0));
      const closed = trades
        .filter((t) => t.closeFillId === f.id)
        .reduce((acc, t) => acc.plus(t.quantity), new Decimal(0));
      expect(opened.plus(closed).toFixed(), `fill ${f.id}`).toBe(new Decimal(f.quantity).toFixed());
    }
  });
});

describe("FIFO stock splits", () => {
  const split = (action: "buy" | "sell", quantity: string) => fill(action, quantity, "0", "0", { split: true });

  it("a 3-for-2 split rescales every open lot; a lot closed before it keeps its price and P&L", () => {
    // Lots 100 @ 30.00 (1.00) and 50 @ 33.00; 40 of the first sold at 35.00 before the split: 40 x 5 - 0.40 - 0.50
    // (its share of 1.00 is 0.40, the sell's 0.50) = 199.10. Held 110; +55 shares = 165: ratio 3/2. The lots become
    // 60 x 3/2 = 90 @ 30 x 2/3 = 20.00 and 50 x 3/2 = 75 @ 22.00; the sell of 165 @ 21.00 closes them:
    // 90 x 1.00 - 0.60 = 89.40 and 75 x -1.00 = -75.00.
    const { trades, builder } = run([
      fill("buy", "100", "30", "1.00"),
      fill("buy", "50", "33", "0"),
      fill("sell", "40", "35", "0.50"),
      split("buy", "55"),
      fill("sell", "165", "21", "0"),
    ]);
    expect(trades.map((t) => [t.quantity, t.entryPrice, t.exitPrice, tradePnl(t)])).toEqual([
      ["40", "30", "35", "199.10"],
      ["90", "20", "21", "89.40"],
      ["75", "22", "21", "-75.00"],
    ]);
    expect(builder.unmatched()).toEqual([]);
    expect(builder.position()).toBe("0");
  });

  it("a split it cannot apply exactly changes nothing and is reported with its reason", () => {
    // 3 shares -> 1 (1-for-3): 10.00 x 3 = 30.00, exact: applied.
    const { trades, builder } = run([fill("buy", "3", "10", "0"), split("sell", "2")]);
    expect(trades.map((t) => [t.quantity, t.entryPrice])).toEqual([["1", "30"]]);
    expect(builder.unmatched()).toEqual([]);
    // 100 -> 50 (1-for-2): 0.0001 x 2 = 0.0002 fits the 10 places of prices (migration 070).
    const odd = run([fill("buy", "100", "0.0001", "0"), split("sell", "50")]);
    expect(odd.trades.map((t) => [t.quantity, t.entryPrice])).toEqual([["50", "0.0002"]]);
    const refused = run([fill("buy", "3", "0.0000000001", "0"), split("buy", "1")]);
    // 3 -> 4: ratio 4/3, 0.0000000001 x 3/4 = 0.000000000075: not 10 places.
    expect(refused.builder.unmatched().map((u) => u.splitRefusal)).toEqual([
      "the price 0.0000000001 x 3/4 cannot be held exactly in 10 decimal places",
    ]);
    expect(refused.trades.map((t) => [t.quantity, t.entryPrice])).toEqual([["3", "0.0000000001"]]);
    const none = run([split("buy", "100")]);
    expect(none.builder.unmatched().map((u) => u.splitRefusal)).toEqual(["no open position"]);
    const short = run([fill("sell", "100", "10", "0"), split("buy", "100")]);
    expect(short.builder.unmatched().map((u) => u.splitRefusal)).toEqual([
      "the position is short: a split of a short position is not applied",
    ]);
  });
});
