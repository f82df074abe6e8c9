// Contract notations of every platform read into one symbol, one-digit years resolved against the fill date, and the
// point values of the built-in table checked against the exchanges' published contract multipliers.
import { describe, expect, it } from "vitest";
import { futuresTable, parseFutureSymbol, resolveFuture, resolveYear } from "../../src/domain/futures.js";
import { BUILT_IN_CONTRACTS } from "../../src/domain/futures-contracts.js";

const dec2025 = new Date("2025-12-03T15:00:00Z");
const table = futuresTable();

describe("parseFutureSymbol", () => {
  it.each([
    ["ESZ5", "ESZ25"],
    ["ESZ25", "ESZ25"],
    ["ESZ2025", "ESZ25"],
    ["esz5", "ESZ25"],
    ["ES 12-25", "ESZ25"],
    ["ES 12-2025", "ESZ25"],
    ["ES DEC25", "ESZ25"],
    ["ES DEC 25", "ESZ25"],
    ["/ESZ25", "ESZ25"],
    ["/ESZ5", "ESZ25"],
    ["/ESZ25:XCME", "ESZ25"],
    ["MESU6", "MESU26"],
    ["/MESZ25", "MESZ25"],
    ["MES 09-26", "MESU26"],
    ["MNQ SEP26", "MNQU26"],
    ["MNQM6", "MNQM26"],
    ["6EH6", "6EH26"],
    ["M6EZ5", "M6EZ25"],
    ["SR3Z5", "SR3Z25"],
    ["M2KH6", "M2KH26"],
    ["6E 03-26", "6EH26"],
    ["ZN 06-26", "ZNM26"],
  ])("%s is %s", (text, symbol) => {
    expect(parseFutureSymbol(text, dec2025, table)?.symbol).toBe(symbol);
  });

  it("names the root, month and year", () => {
    expect(parseFutureSymbol("MNQ SEP26", dec2025, table)).toEqual({
      root: "MNQ",
      month: 9,
      year: 2026,
      symbol: "MNQU26",
    });
  });

  it("reads an unknown root by the notation alone", () => {
    expect(parseFutureSymbol("FDAXZ5", dec2025, table)).toEqual({
      root: "FDAX",
      month: 12,
      year: 2025,
      symbol: "FDAXZ25",
    });
  });

  it("a continuous symbol keeps the root alone", () => {
    expect(parseFutureSymbol("@ES", dec2025, table)).toEqual({ root: "ES", month: null, year: null, symbol: "ES" });
    expect(parseFutureSymbol("NQ1!", dec2025, table)?.symbol).toBe("NQ");
  });

  it.each(["AAPL", "ES 13-25", "ES FOO25", "", "ESZ", "ESA5"])("%j is not a contract", (text) => {
    expect(parseFutureSymbol(text, dec2025, table)).toBeUndefined();
  });
});

describe("resolveYear", () => {
  it.each([
    // one digit: the nearest year ending in it, ties to the later one
    ["5", "2025-12-03", 2025],
    ["6", "2025-12-03", 2026],
    ["9", "2025-12-03", 2029],
    ["0", "2025-12-03", 2030],
    ["1", "2025-12-03", 2021],
    ["0", "2029-12-20", 2030],
    ["9", "2030-01-02", 2029],
    ["4", "2019-06-01", 2024],
    ["3", "2019-06-01", 2023],
    ["25", "2019-06-01", 2025],
    ["2031", "2025-01-01", 2031],
  ])("year %s traded on %s is %i", (text, day, year) => {
    expect(resolveYear(text, new Date(`${day}T12:00:00Z`))).toBe(year);
  });

  it("one digit across a decade: Z9 traded in December 2029 and H0 in January 2030", () => {
    expect(parseFutureSymbol("ESZ9", new Date("2029-12-14T15:00:00Z"), table)?.symbol).toBe("ESZ29");
    expect(parseFutureSymbol("ESH0", new Date("2029-12-14T15:00:00Z"), table)?.symbol).toBe("ESH30");
  });
});

describe("the built-in table", () => {
  // The exchanges' contract multipliers (CME Group contract specifications), written out here by hand.
  it.each([
    ["ES", "50"],
    ["MES", "5"],
    ["NQ", "20"],
    ["MNQ", "2"],
    ["YM", "5"],
    ["MYM", "0.5"],
    ["RTY", "50"],
    ["M2K", "5"],
    ["CL", "1000"],
    ["MCL", "100"],
    ["NG", "10000"],
    ["GC", "100"],
    ["MGC", "10"],
    ["SI", "5000"],
    ["HG", "25000"],
    ["ZB", "1000"],
    ["ZN", "1000"],
    ["ZT", "2000"],
    ["6E", "125000"],
    ["6J", "12500000"],
    ["ZC", "50"],
    ["LE", "400"],
    ["BTC", "5"],
    ["MBT", "0.1"],
  ])("%s point value %s", (root, value) => {
    expect(BUILT_IN_CONTRACTS.get(root)?.pointValue).toBe(value);
  });
});

describe("resolveFuture", () => {
  it("gives the canonical symbol and the point value", () => {
    const resolved = resolveFuture("NQ 12-25", dec2025, table);
    expect(resolved).toMatchObject({ ok: true, symbol: "NQZ25", root: "NQ", spec: { pointValue: "20" } });
  });

  it("an unknown root names the root and the command that adds it", () => {
    expect(resolveFuture("FDAXZ5", dec2025, table)).toEqual({
      ok: false,
      reason: "unknown futures root 'FDAX': add its point value with `tradesense futures set FDAX --point-value V`",
    });
  });

  it("the user's rows override the built-in ones and add roots", () => {
    const own = futuresTable([
      ["ES", { pointValue: "10", tickSize: "0.25", exchange: "CME", currency: "USD", name: "" }],
      ["FDAX", { pointValue: "25", tickSize: "1", exchange: "EUREX", currency: "EUR", name: "" }],
    ]);
    expect(resolveFuture("ESZ5", dec2025, own)).toMatchObject({ ok: true, spec: { pointValue: "10" } });
    expect(resolveFuture("FDAXZ5", dec2025, own)).toMatchObject({
      ok: true,
      symbol: "FDAXZ25",
      spec: { currency: "EUR" },
    });
    // The built-in table itself is left alone.
    expect(resolveFuture("ESZ5", dec2025, table)).toMatchObject({ ok: true, spec: { pointValue: "50" } });
  });
});
