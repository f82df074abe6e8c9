// The trade vocabulary, one source for the import readers, the broker modules and `trade add`: expected meanings
// written out by hand from how brokers use the words (SS opens a short, BC buys it back).
import { describe, expect, it } from "vitest";
import { defaultMultiplier, sideCodes } from "../../src/domain/trade-vocabulary.js";
import { parseSide } from "../../src/domain/trades.js";
import { readAction, readPositionEffect } from "../../src/importers/cell-readers.js";

describe("trade vocabulary", () => {
  it("gives a broker's side codes their meaning: TradeZero's B, S, SS and BC", () => {
    expect(sideCodes(["B", "S", "SS", "BC"])).toEqual({
      B: ["buy", null],
      S: ["sell", null],
      SS: ["sell", "open"],
      BC: ["buy", "close"],
    });
    expect(() => sideCodes(["X"])).toThrow("'X' is not a buy or sell spelling");
  });

  it("reads the same spellings in a generic file: BC is a buy to cover there too", () => {
    expect(readAction("BC")).toEqual({ ok: true, value: "buy" });
    expect(readPositionEffect("BC")).toBe("close");
    expect(readAction("ss")).toEqual({ ok: true, value: "sell" });
    expect(readPositionEffect("ss")).toBe("open");
    expect(readPositionEffect("Sold")).toBeNull();
  });

  it("reads trade add's --side, and refuses a word that is only a property of every object", () => {
    expect(["long", "L", " buy ", "b"].map(parseSide)).toEqual(["long", "long", "long", "long"]);
    expect(["short", "S", "Sell", "sell short", "SellShort"].map(parseSide)).toEqual([
      "short",
      "short",
      "short",
      "short",
      "short",
    ]);
    for (const word of ["constructor", "toString", "__proto__", "sld"]) {
      // The domain names the field ("side"); a command names it by its flag.
      expect(() => parseSide(word)).toThrow(
        new RegExp(`^side must be long or short \\(or buy/sell\\), got '${word}'$`),
      );
    }
  });

  it("gives an option 100 shares a contract and everything else 1 when nothing says", () => {
    expect(defaultMultiplier("option")).toBe("100");
    for (const type of ["stock", "etf", "future", "forex", "crypto", "other"] as const) {
      expect(defaultMultiplier(type)).toBe("1");
    }
  });
});
