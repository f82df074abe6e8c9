import { describe, expect, it } from "vitest";
import { readAction, readDateTime, readDecimal } from "../../src/importers/values.js";

describe("readDateTime", () => {
  it.each([
    ["2024-03-01 09:30:00", "America/New_York", "2024-03-01T14:30:00.000Z", false],
    ["2024-07-01T09:30", "America/New_York", "2024-07-01T13:30:00.000Z", false],
    ["2024-03-01 09:30:00.250", "UTC", "2024-03-01T09:30:00.250Z", false],
    ["2024-03-01", "Europe/London", "2024-03-01T00:00:00.000Z", true],
    ["03/01/2024 9:30:00 AM", "America/Chicago", "2024-03-01T15:30:00.000Z", false],
    ["3/1/2024 1:05 PM", "UTC", "2024-03-01T13:05:00.000Z", false],
    ["03/01/2024", "UTC", "2024-03-01T00:00:00.000Z", true],
    ["2024-03-01T09:30:00Z", "Asia/Tokyo", "2024-03-01T09:30:00.000Z", false],
    ["20240301 09:30:00", "UTC", "2024-03-01T09:30:00.000Z", false],
  ])("reads %s in %s", (text, zone, iso, dateOnly) => {
    const read = readDateTime(text, zone);
    expect(read.ok && { iso: read.value.instant.toISOString(), dateOnly: read.value.dateOnly }).toEqual({
      iso,
      dateOnly,
    });
  });
  it.each(["2024-02-30 10:00:00", "13/01/2024", "yesterday", "2024-03-01 25:00:00", "3/1/2024 13:00 PM"])(
    "refuses %s",
    (text) => {
      expect(readDateTime(text, "UTC").ok).toBe(false);
    },
  );
});

describe("readDecimal", () => {
  it.each([
    ["1,234.50", "1234.5"],
    ["$1,234.50", "1234.5"],
    ["(12.30)", "-12.3"],
    ["-$5.00", "-5"],
    ["($1.25)", "-1.25"],
    ["12.30 USD", "12.3"],
    ["0.0000", "0"],
  ])("reads %s as %s", (text, value) => {
    expect(readDecimal(text, { scale: 4, allowNegative: true })).toEqual({ ok: true, value });
  });
  it.each([["1e5"], ["12,34"], ["abc"], ["1.23456"]])("refuses %s", (text) => {
    expect(readDecimal(text, { scale: 4, allowNegative: true }).ok).toBe(false);
  });
});

describe("readAction", () => {
  it.each([
    ["BOT", "buy"],
    ["Buy to Cover", "buy"],
    ["BTO", "buy"],
    ["SLD", "sell"],
    ["Sell Short", "sell"],
    ["STC", "sell"],
    ["Dividend", "skip"],
    ["Credit Interest", "skip"],
  ])("%s is %s", (text, value) => {
    expect(readAction(text)).toEqual({ ok: true, value });
  });
});
