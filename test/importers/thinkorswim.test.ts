// thinkorswim Account Statement: only the Account Trade History section is read (the cancelled order in Account
// Order History never becomes a fill), fees come from the Cash Balance rows, spread legs take their order's time.
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/importers/index.js";
import { thinkorswimFormat } from "../../src/importers/thinkorswim.js";
import { trade, useBrokerImport } from "../support/broker-import.js";
import { describeEachBackend } from "../support/databases.js";

describeEachBackend("thinkorswim imports", (backend) => {
  const importFixture = useBrokerImport(backend);

  it("Account Statement: trade history only, fees matched from Cash Balance, a vertical spread's legs", async () => {
    const { result, summary, trades } = await importFixture("thinkorswim/account-statement.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(summary.format).toBe("thinkorswim");
    expect(summary.newFills).toBe(8);
    expect(summary.failedRows).toBe(0);
    expect(summary.skipped).toEqual({
      "section title (Equities)": 1,
      "not a trade (section Equities)": 2,
      "section title (Profits and Losses)": 1,
      "not a trade (section Profits and Losses)": 2,
      "section title (Account Summary)": 1,
      "not a trade (section Account Summary)": 1,
    });
    // MSFT: 100 x 1.75 = 175 - (1.00 + 1.03, the sale's Cash Balance row one second later) = 172.97;
    // TSLA short: 237.50 - (1.01 + 1.00) = 235.49; the spread's fees on its first leg (the 560 call):
    // 100 x 1.25 = 125 - (1.30 + 1.32) = 122.38; the 565 call sold at 2.90, bought back at 3.20: -30.00.
    expect(summary.realizedPnl).toBe("500.84");
    expect(summary.openPositions).toEqual([]);
    const account = "12345678SCHW";
    expect(trades).toEqual([
      trade("MSFT", "long", "closed", "100", "390.25", "392", "2.03", "172.97", "stock", "1", account),
      trade("SPY250321C00560000", "long", "closed", "1", "4.1", "5.35", "2.62", "122.38", "option", "100", account),
      trade("SPY250321C00565000", "short", "closed", "1", "2.9", "3.2", "0.00", "-30.00", "option", "100", account),
      trade("TSLA", "short", "closed", "50", "250", "245.25", "2.01", "235.49", "stock", "1", account),
    ]);
  }, 60_000);
});

describe("thinkorswim detection", () => {
  it("takes the Account Trade History header, never the Account Order History one", () => {
    const order = "Notes,,Time Placed,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,PRICE,,TIF,Status".split(",");
    const fills = ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type".split(",");
    const found = detectFormat([["Account Order History"], order, [""], ["Account Trade History"], fills], {});
    expect("format" in found && [found.format.name, found.headerIndex]).toEqual(["thinkorswim", 4]);
  });
});

describe("thinkorswim fees", () => {
  it("refuses a fill with no Cash Balance row for its order instead of importing it with no fees", () => {
    const fills = ",Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type".split(",");
    const scan = thinkorswimFormat.scanFile?.();
    for (const record of [
      ["Cash Balance"],
      "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE".split(","),
      "3/3/25,09:41:07,TRD,1,BOT +100 MSFT @390.25,,-1.00,-39025.00,0".split(","),
    ])
      scan?.record(record);
    const read = thinkorswimFormat.reader(fills, {
      timeZone: "America/New_York",
      accountId: null,
      mapping: {},
      ...(scan ? { scan } : {}),
    });
    const row = (time: string, symbol: string) =>
      `,${time},STOCK,BUY,+100,TO OPEN,${symbol},,,STOCK,390.25,390.25,LMT`.split(",");
    // Three seconds apart, and another symbol at the same time: neither is this order's row.
    expect(read(row("3/3/25 09:41:10", "MSFT"), 20).kind).toBe("error");
    expect(read(row("3/3/25 09:41:07", "AAPL"), 21).kind).toBe("error");
    const matched = read(row("3/3/25 09:41:09", "MSFT"), 22);
    expect(matched.kind === "fill" && matched.fill.commission).toBe("1.00");
  });
});
