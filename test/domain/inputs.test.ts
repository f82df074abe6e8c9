import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../src/config/paths.js";
import { parseUserDate } from "../../src/domain/dates.js";
import { parseDecimal } from "../../src/domain/decimal.js";
import { parseSide } from "../../src/domain/trades.js";
import { colorWanted } from "../../src/io/streams.js";

describe("parseUserDate", () => {
  it.each([
    ["2024-03-01 09:45", "America/New_York", "2024-03-01T14:45:00.000Z"],
    ["2024-07-01 09:45", "America/New_York", "2024-07-01T13:45:00.000Z"], // daylight saving: UTC-4
    ["2024-03-01", "Europe/Berlin", "2024-02-29T23:00:00.000Z"],
    ["2024-03-01T09:45:00Z", "Asia/Tokyo", "2024-03-01T09:45:00.000Z"], // an explicit offset wins
    ["2024-03-01T09:45:00+01:00", "UTC", "2024-03-01T08:45:00.000Z"],
  ])("reads %s in %s as %s", (text, zone, iso) => {
    expect(parseUserDate(text, zone, "--date").toISOString()).toBe(iso);
  });

  it.each(["2024-02-30", "yesterday-ish", "2024-13-01", "1800-01-01"])("refuses %s", (text) => {
    expect(() => parseUserDate(text, "UTC", "--date")).toThrow(/^--date is (not a valid date|out of range)/);
  });
});

describe("parseDecimal", () => {
  const rule = { field: "--price", precision: 15, scale: 4, sign: "positive" } as const;
  it.each([
    ["187.20", "187.2"],
    ["0.0001", "0.0001"],
    ["+5", "5"],
    ["00012.5000", "12.5"],
    ["99999999999.9999", "99999999999.9999"],
  ])("keeps %s exact as %s", (text, value) => {
    expect(parseDecimal(text, rule)).toBe(value);
  });
  it.each(["1e3", "0x10", "1,000", "", "NaN", "Infinity", "12.34567", "100000000000", "-1", "0"])(
    "refuses %j",
    (text) => {
      expect(() => parseDecimal(text, rule)).toThrow(/^--price /);
    },
  );
});

describe("parseSide", () => {
  it.each([
    ["long", "long"],
    ["BUY", "long"],
    ["b", "long"],
    ["short", "short"],
    ["Sell", "short"],
    ["s", "short"],
  ])("%s is %s", (text, side) => expect(parseSide(text)).toBe(side));
  // The domain names the field; a command names its flag (main.ts#flagNamed, errors.ts#parsedAs).
  it("refuses anything else", () => expect(() => parseSide("sideways")).toThrow(/^side must be long or short/));
});

describe("resolvePaths", () => {
  it("puts config and data under TRADESENSE_HOME when set", () => {
    expect(resolvePaths({ TRADESENSE_HOME: "/srv/ts" }, "linux", "/home/me")).toEqual({
      configFile: "/srv/ts/config.json",
      embeddedDataDir: "/srv/ts/data/pglite",
      usageSpoolFile: "/srv/ts/data/usage-spool.jsonl",
      backupsDir: "/srv/ts/data/backups",
    });
  });
  it("follows XDG on Linux, ignoring relative values", () => {
    expect(resolvePaths({ XDG_CONFIG_HOME: "/c", XDG_DATA_HOME: "relative" }, "linux", "/home/me")).toEqual({
      configFile: "/c/tradesense/config.json",
      embeddedDataDir: "/home/me/.local/share/tradesense/pglite",
      usageSpoolFile: "/home/me/.local/share/tradesense/usage-spool.jsonl",
      backupsDir: "/home/me/.local/share/tradesense/backups",
    });
  });
  it("uses Application Support on macOS", () => {
    expect(resolvePaths({}, "darwin", "/Users/me").embeddedDataDir).toBe(
      "/Users/me/Library/Application Support/tradesense/pglite",
    );
  });
});

describe("colorWanted", () => {
  it.each([
    [{}, true, false, true],
    [{}, false, false, false],
    [{ NO_COLOR: "1" }, true, false, false],
    [{ TERM: "dumb" }, true, false, false],
    [{}, true, true, false],
    [{ FORCE_COLOR: "1" }, false, false, true],
  ])("env %j, tty %s, --no-color %s -> %s", (env, tty, flag, expected) => {
    expect(colorWanted(env, tty, flag)).toBe(expected);
  });
});
