// Which path a position takes, and when its stored open state can be resumed: facts in, a decision out, no database.
import { describe, expect, it } from "vitest";
import { choosePositionPath, fillClosesOnly, openLotsFitRoundTrip } from "../../src/import/position-plan.js";

describe("choosePositionPath", () => {
  it.each([
    [false, false, "build"],
    [false, true, "build"],
    [true, true, "continue"],
    [true, false, "rebuild"],
  ] as const)("imported trades %s, new fills last %s: %s", (hasImportedTrades, newFillsComeLast, path) => {
    expect(choosePositionPath({ hasImportedTrades, newFillsComeLast })).toBe(path);
  });
});

describe("openLotsFitRoundTrip", () => {
  it.each([
    [[], undefined, true],
    [["long", "long"], "long", true],
    [["long"], undefined, false],
    [[], "short", false],
    [["long", "short"], "long", false],
  ] as const)("lots %j with an open round trip %s: %s", (lots, side, fits) => {
    expect(openLotsFitRoundTrip(lots, side)).toBe(fits);
  });
});

describe("fillClosesOnly", () => {
  it.each([
    ["close", "buy", "future", true],
    [null, "sell", "stock", true],
    [null, "sell", "option", true],
    [null, "sell", "crypto", true],
    [null, "sell", "future", false],
    [null, "sell", "forex", false],
    [null, "buy", "stock", false],
    ["open", "sell", "stock", false],
  ] as const)("effect %s, %s of %s: %s", (positionEffect, action, assetType, closes) => {
    expect(fillClosesOnly({ positionEffect, action, assetType })).toBe(closes);
  });
});
