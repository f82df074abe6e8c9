// Journal rules without a database: the editor template, confidence, the daily note's day.
import { describe, expect, it } from "vitest";
import { dayInZone, parseConfidence, parseTemplate, renderTemplate, sumPnl } from "../../src/domain/journal.js";

describe("the editor template", () => {
  it.each([
    ["Title\n\nBody line\n", { title: "Title", content: "Body line" }],
    ["\n\n# Markdown title\n\n\nFirst\n\nSecond\n\n", { title: "Markdown title", content: "First\n\nSecond" }],
    ["Title\r\n\r\n  indented body\r\n", { title: "Title", content: "  indented body" }],
    ["Title\nbody right under it", { title: "Title", content: "body right under it" }],
    // The help comment the template ends with is not part of the entry; a comment the trader wrote is.
    [
      "Title\n\nBody <!-- mine -->\n\n<!-- tradesense: the first line is the title...\n   not saved. -->\n",
      { title: "Title", content: "Body <!-- mine -->" },
    ],
  ])("reads %j", (text, expected) => {
    expect(parseTemplate(text)).toEqual(expected);
  });

  it.each([
    ["", "the entry is empty: nothing saved"],
    ["   \n\n", "the entry is empty: nothing saved"],
    ["Only a title\n\n", "the entry is empty: nothing saved"],
    // A new entry's template saved as it was opened: cancelled.
    [renderTemplate("", ""), "the entry is empty: nothing saved"],
    [`${"T".repeat(256)}\n\nbody`, "the title line is longer than 255 characters (256)"],
  ])("refuses %j", (text, message) => {
    expect(() => parseTemplate(text)).toThrow(message);
  });

  it("says in its help comment which line is the title and how to cancel", () => {
    expect(renderTemplate("A title", "Body")).toBe(
      "A title\n\nBody\n\n<!-- tradesense: the first line is the title, the lines after it are the entry (Markdown).\n" +
        "     Save and quit to keep it; delete everything to cancel. This comment is not saved. -->\n",
    );
  });

  it("round-trips what it renders", () => {
    expect(parseTemplate(renderTemplate("A title", "Line one\nLine two"))).toEqual({
      title: "A title",
      content: "Line one\nLine two",
    });
  });
});

it.each(["1", "10", " 7 "])("accepts confidence %j", (text) => {
  expect(parseConfidence(text)).toBe(Number(text));
});

it.each(["0", "11", "-1", "5.5", "", "seven", "1e1"])("refuses confidence %j", (text) => {
  // The domain names the field; a command names its flag (errors.ts#namingFlagOf).
  expect(() => parseConfidence(text)).toThrow(
    new RegExp(`^confidence must be a whole number from 1 to 10, got '${text}'$`),
  );
});

it.each([
  // 23:30 in New York on 15 March (EDT) is 03:30 UTC on the 16th.
  ["2024-03-16T03:30:00Z", "America/New_York", "2024-03-15", "2024-03-15T04:00:00.000Z", "2024-03-16T04:00:00.000Z"],
  // The day daylight saving starts in London is 23 hours long.
  ["2024-03-31T12:00:00Z", "Europe/London", "2024-03-31", "2024-03-31T00:00:00.000Z", "2024-03-31T23:00:00.000Z"],
  ["2024-03-31T23:30:00Z", "Asia/Tokyo", "2024-04-01", "2024-03-31T15:00:00.000Z", "2024-04-01T15:00:00.000Z"],
])("the daily note of %s in %s is %s", (now, zone, date, start, end) => {
  const day = dayInZone(new Date(now), zone);
  expect({ date: day.date, start: day.start.toISOString(), end: day.end.toISOString() }).toEqual({
    date,
    start,
    end,
  });
});

it("sums linked P&L exactly, skipping open trades", () => {
  expect(sumPnl(["0.10", "0.20", null, "-0.05"])).toBe("0.25");
  expect(sumPnl([])).toBe("0.00");
});
