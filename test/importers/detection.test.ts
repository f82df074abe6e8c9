// How a file's format is found: a broker's own format over the generic reader, the most confident broker layout,
// and a file two formats fit equally refused with both names instead of one picked for the trader.
import { describe, expect, it } from "vitest";
import { importCsvCommand } from "../../src/commands/import/csv.js";
import type { Context } from "../../src/context.js";
import { namingFlagOf } from "../../src/errors.js";
import type { ImportFormat } from "../../src/importers/format.js";
import { detectFormat, importFormats } from "../../src/importers/index.js";
import { cliFor } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape, versioned } from "../support/json-shape.js";

/** A format that reads exactly these columns, as a broker module would, with its confidence from the overlap. */
function formatReading(name: string, columns: string[]): ImportFormat {
  const generic = importFormats.find((f) => f.name === "generic") as ImportFormat;
  return {
    ...generic,
    name,
    matchHeader(header) {
      const missing = columns.filter((c) => !header.includes(c));
      const shared = columns.length - missing.length;
      return {
        score: shared / columns.length,
        missing,
        confidence: shared / new Set([...header, ...columns]).size,
      };
    },
  };
}

describe("format detection (no database)", () => {
  const header = ["Date", "Symbol", "Side", "Quantity", "Price"];
  const alpha = formatReading("alpha", header);
  const beta = formatReading("beta", header);
  const narrower = formatReading("narrow", ["Date", "Symbol", "Side"]);

  it("refuses a header two formats fit equally, naming both and the flag that settles it", () => {
    const refusal = (() => {
      try {
        detectFormat([header], {}, undefined, [alpha, beta]);
      } catch (error) {
        return error;
      }
    })();
    // The detector names the field; import csv, whose --broker option carries it, says the flag.
    expect((refusal as Error).message).toBe(
      "the file's header fits alpha and beta equally (confidence 1.00): name the format with broker alpha or broker beta",
    );
    expect((namingFlagOf(refusal, importCsvCommand({} as Context)) as Error).message).toBe(
      "the file's header fits alpha and beta equally (confidence 1.00): name the format with --broker alpha or --broker beta",
    );
  });

  it("takes the more confident of two fitting formats, and the header's row", () => {
    const detected = detectFormat([["Account summary"], header], {}, undefined, [narrower, alpha]);
    expect(detected).toMatchObject({ format: { name: "alpha" }, headerIndex: 1, confidence: 1 });
    // 3 shared columns of 5 in all.
    expect(detectFormat([header], {}, undefined, [narrower])).toMatchObject({
      format: { name: "narrow" },
      confidence: 0.6,
    });
  });

  it("names the closest formats and what each misses when none fits", () => {
    expect(detectFormat([["Date", "Symbol"]], {}, undefined, [alpha, narrower])).toEqual({
      nearMisses: [{ format: "narrow", missing: ["Side"] }],
    });
  });
});

describeEachBackend("import formats", (backend) => {
  const journal = useJournal(backend);

  it("lists every format with its layouts, as a table and as JSON", async () => {
    const cli = cliFor(journal.database, journal.cli.home);
    const listed = await cli(["import", "formats", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const document = JSON.parse(listed.stdout);
    expectJsonShape(document, versioned({ formats: "array" }), "import formats --json");
    for (const f of document.formats)
      expectJsonShape(
        f,
        { name: "string", description: "string", recognises: "string", timeZone: "string", layouts: "array" },
        `format ${f.name}`,
      );
    const formats: { name: string; layouts: { name: string }[] }[] = document.formats;
    for (const f of formats)
      for (const layout of f.layouts) expectJsonShape(layout, { name: "string", recognises: "string" }, f.name);
    const byName = Object.fromEntries(formats.map((f) => [f.name, f.layouts.map((l) => l.name)]));
    expect(byName.generic).toEqual(["default"]);
    expect(byName.etrade).toEqual(expect.arrayContaining(["transactions", "legacy"]));
    expect(byName.tastytrade).toEqual(expect.arrayContaining(["transactions", "transactions-total", "legacy"]));
    for (const name of ["robinhood", "webull"]) expect(byName[name]?.length).toBeGreaterThan(0);
    const table = await cli(["import", "formats"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toBe("Format\tLayouts\tWhat it is\tRecognises\tTimes in");
    expect(table.stdout).toMatch(/^etrade\t[^\t]*legacy/m);
  });
});
