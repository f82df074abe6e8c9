// Option contracts as brokers write them, all stored as one unpadded OCC symbol.
import { describe, expect, it } from "vitest";
import {
  optionSymbol,
  parseFidelityOption,
  parseOccSymbol,
  parseWrittenOption,
} from "../../src/importers/option-symbols.js";

function symbolOf(contract: ReturnType<typeof parseWrittenOption>): string | undefined {
  if (!contract) return undefined;
  const written = optionSymbol(contract);
  return "symbol" in written ? written.symbol : written.error;
}

describe("option symbols", () => {
  it("reads padded and unpadded OCC symbols", () => {
    expect(parseOccSymbol("SPY   250825P00643000")).toEqual({
      root: "SPY",
      expiry: "2025-08-25",
      right: "P",
      strike: "643",
    });
    expect(symbolOf(parseOccSymbol("SPY260903C00766000"))).toBe("SPY260903C00766000");
    expect(symbolOf(parseOccSymbol("UAL   260417C00110500"))).toBe("UAL260417C00110500");
    expect(parseOccSymbol("UAL260417C00110500")?.strike).toBe("110.5");
    expect(parseOccSymbol("AAPL")).toBeNull();
    // February 30th is no expiry.
    expect(parseOccSymbol("SPY250230C00100000")).toBeNull();
  });

  it("reads Fidelity's dashed form with the strike as written", () => {
    expect(symbolOf(parseFidelityOption("-MU250117P100"))).toBe("MU250117P00100000");
    expect(symbolOf(parseFidelityOption("-SPY250117C450.5"))).toBe("SPY250117C00450500");
    expect(parseFidelityOption("MU250117P100")).toBeNull();
  });

  it("reads contracts written in words, in the orders brokers use", () => {
    expect(symbolOf(parseWrittenOption("AAPL 04/17/2025 230.00 C"))).toBe("AAPL250417C00230000");
    expect(symbolOf(parseWrittenOption("AAPL 28MAR25 222.5 C"))).toBe("AAPL250328C00222500");
    expect(symbolOf(parseWrittenOption("TSLA 3/21/2025 Put $240.00"))).toBe("TSLA250321P00240000");
    expect(symbolOf(parseWrittenOption("SPY 09/03/2026 766.00 Call"))).toBe("SPY260903C00766000");
    expect(symbolOf(parseWrittenOption("QQQ 1 MAY 25 450 PUT"))).toBe("QQQ250501P00450000");
    expect(symbolOf(parseWrittenOption("IWM Jun 20, 2025 C 205"))).toBe("IWM250620C00205000");
    expect(parseWrittenOption("AAPL 13/45/2025 230 C")).toBeNull();
    expect(parseWrittenOption("APPLE INC COM")).toBeNull();
  });

  it("refuses what an OCC symbol cannot hold, instead of cutting it", () => {
    expect(optionSymbol({ root: "ABCDEF", expiry: "2025-06-20", right: "C", strike: "10" })).toEqual({
      error: "the option symbol ABCDEF250620C00010000 is longer than 20 characters (root 'ABCDEF')",
    });
    expect(optionSymbol({ root: "SPY", expiry: "2025-06-20", right: "C", strike: "10.0005" })).toEqual({
      error: "strike '10.0005' cannot be written in an OCC symbol (0.001 to 99999.999)",
    });
    expect(optionSymbol({ root: "BRK.B", expiry: "2025-06-20", right: "P", strike: "450" })).toEqual({
      symbol: "BRKB250620P00450000",
    });
  });
});
