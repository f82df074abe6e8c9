// readRecordBatches against csv-parse (the reader it replaces, kept here as the oracle): the same records for
// hand-written nasty files and thousands of random ones, read in chunks as small as one byte, so chunk boundaries
// fall inside quoted fields, CRLF pairs and multi-byte characters.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse";
import { describe, expect, inject, it } from "vitest";
import {
  CSV_PARSE_OPTIONS,
  CsvSyntaxError,
  readRecordBatches,
  type SourceRecord,
} from "../../src/importers/csv-records.js";

const dir = mkdtempSync(join(inject("scratchDir"), "csv-records-"));
let fileCount = 0;

function fileOf(bytes: Buffer): string {
  const path = join(dir, `${fileCount++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

type Outcome = { records: SourceRecord[]; error?: string };

/**
 * csv-parse with the import engine's former options. Records are csv-parse's; the start line is worked out from
 * where csv-parse says the record ends (info.bytes) and how many empty lines it skipped before it, counting CRLF,
 * lone CR and lone LF as one line break each, as editors do.
 */
function oracle(bytes: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const parser = parse(CSV_PARSE_OPTIONS);
    const items: { record: string[]; info: { bytes: number; empty_lines: number } }[] = [];
    parser.on("data", (item) => items.push(item));
    const finish = (error?: Error) => {
      const delimiterLength = (parser.options.record_delimiter as Buffer[])[0]?.length ?? 0;
      const bom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
      let previousEnd = bom;
      let previousEmpty = 0;
      const records = items.map((item) => {
        const start = previousEnd + (item.info.empty_lines - previousEmpty) * delimiterLength;
        previousEnd = item.info.bytes;
        previousEmpty = item.info.empty_lines;
        return { record: item.record, line: 1 + lineBreaks(bytes.subarray(bom, start)) };
      });
      resolve(error ? { records, error: error.message } : { records });
    };
    parser.on("error", finish);
    parser.on("end", () => finish());
    parser.end(bytes);
  });
}

function lineBreaks(bytes: Buffer): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 || (bytes[i] === 10 && bytes[i - 1] !== 13)) count++;
  }
  return count;
}

async function readAll(path: string, batchSize?: number, highWaterMark?: number): Promise<Outcome> {
  const records: SourceRecord[] = [];
  try {
    for await (const batch of readRecordBatches(path, batchSize, highWaterMark)) {
      expect(batch.length).toBeGreaterThan(0);
      if (batchSize) expect(batch.length).toBeLessThanOrEqual(batchSize);
      records.push(...batch);
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { records, error: error.message };
  }
  return { records };
}

/** Same records and lines as csv-parse, and an error exactly where csv-parse throws one. */
async function expectSameAsCsvParse(text: string | Buffer, highWaterMarks: number[]): Promise<Outcome> {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const expected = await oracle(bytes);
  const path = fileOf(bytes);
  let got: Outcome = { records: [] };
  for (const highWaterMark of highWaterMarks) {
    got = await readAll(path, 3, highWaterMark);
    const context = `${JSON.stringify(bytes.toString())} read in ${highWaterMark}-byte chunks`;
    expect(got.records, context).toEqual(expected.records);
    expect(got.error !== undefined, `${context}: ${got.error ?? expected.error}`).toBe(expected.error !== undefined);
  }
  return got;
}

const ALL_CHUNKS = [1, 2, 3, 4, 5, 7, 64, 1024 * 1024];

describe("readRecordBatches", () => {
  it.each([
    ["plain LF", "a,b,c\n1,2,3\n"],
    ["CRLF", "a,b\r\n1,2\r\n"],
    ["lone CR as record delimiter", "a,b\r1,2\r3\n4\r"],
    ["last line without newline", "a,b\n1,2"],
    ["UTF-8 BOM", "\uFEFFDate,Symbol\n2024-01-01,AAPL\n"],
    ["BOM only at the start", "\uFEFF\uFEFFa\n\uFEFFb\n"],
    ["only a BOM", "\uFEFF"],
    ["empty file", ""],
    ["only newlines", "\n\n\r\n\n"],
    ["empty lines skipped, commas and spaces kept", "a\n\n,\n\n \n,,\n\n\nb"],
    ["empty lines in CRLF", "\r\n\r\na\r\n\r\n\r\nb\r\n\r\n"],
    ["ragged rows", "a,b,c\n1\n1,2,3,4,5\n"],
    ["whitespace kept", " a , b \t\n\t, \n"],
    ["quoted commas", 'a,"b,c",d\n'],
    ["every field quoted", '"Date","Symbol"\r\n"2024-01-01","A,B"\r\n"","x"\r\n"",""\r\n""\r\n'],
    ["quoted fields then a ragged end", '"a","b",\n"c",d"e,"f"\n"g"h,"i"\n"j"\0,k\n'],
    ["doubled quotes", '"say ""hi""",x\n""""\n""\n'],
    ["quoted newlines", 'a,"line 1\nline 2\r\nline 3\rline 4",b\nnext,row\n'],
    ["quoted newlines in CRLF", 'h\r\n"x\r\ny",z\r\nnext\r\n'],
    ["quote inside an unquoted field", 'ab"c,d"e"\n5" pipe,x\n'],
    ["text after a closing quote", '"ab"c,"x""y"z,"q" ,"r"\r\n'],
    ["closing quote then CR in an LF file", '"a"\rb\n"c"\n'],
    ["closing quote then NUL", '"a"\0b,c\n'],
    ["quote opening the first line decides nothing", '"a\nb"\r\nc\r\n'],
    ["CRLF discovered after a closing quote", '"a"\r\nb\nc\r\n'],
    ["LF file with CRLF lines later", "a\nb\r\nc\r\n\r\nd\n"],
    ["CRLF file with lone LF and CR", "a\r\nb\nc\rd\r\n\n\r\n"],
    ["CR file with LF", "a\r\nb\r\n\rc"],
    ["unicode", 'é,😀\n"ü\n€",ß\n'],
    ["quote at the very end", 'a,"b"'],
    ["empty quoted field at the end", 'a,""'],
    ["comma at the end", "a,\nb,"],
  ])("%s", async (_name, text) => {
    const got = await expectSameAsCsvParse(text, ALL_CHUNKS);
    expect(got.error).toBeUndefined();
  });

  it("gives the line a record starts on, as an editor shows it", async () => {
    const text = 'Date,Symbol\r\n\r\n2024-01-01,"multi\r\nline"\r\n\r\n\r\n2024-01-02,X\r\n"a\nb\rc",d\r\nlast';
    const got = await expectSameAsCsvParse(text, [1, 1024]);
    expect(got.records.map((r) => r.line)).toEqual([1, 3, 7, 8, 11]);
  });

  it.each([
    ['a\n"b,c\nd\n', 2],
    ['a,b\r\n1,"2\r\n3', 2],
    ['"', 1],
    ['"\n', 1],
    ['x\n\n"a""', 3],
    ['ok,"fine"\n"x"y,"never\nclosed', 2],
  ])("refuses %j: a quote never closed, naming its line", async (text, line) => {
    const got = await expectSameAsCsvParse(text, ALL_CHUNKS);
    expect(got.error).toBe(`line ${line}: a quoted field is never closed`);
  });

  it("reads a quoted field longer than many chunks", async () => {
    const long = "x,".repeat(50_000);
    await expectSameAsCsvParse(`a,"${long}\n${long}",b\nc\n`, [7, 4096]);
  });

  it("yields batches of at most batchSize records, in order", async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `${i},r`).join("\n");
    const path = fileOf(Buffer.from(text));
    const sizes: number[] = [];
    const lines: number[] = [];
    for await (const batch of readRecordBatches(path, 1000, 4096)) {
      sizes.push(batch.length);
      lines.push(...batch.map((r) => r.line));
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(lines).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  it("matches csv-parse on thousands of random files", async () => {
    const pieces = [
      "a",
      "bc",
      "1.5",
      " ",
      "\t",
      "é",
      "😀",
      "€",
      '"',
      '""',
      ",",
      ",",
      ",",
      "\n",
      "\n",
      "\r\n",
      "\r\n",
      "\r",
      "\uFEFF",
      "\0",
    ];
    let seed = 20240301;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const randomText = () => {
      let text = random(8) === 0 ? "\uFEFF" : "";
      const length = random(30);
      for (let i = 0; i < length; i++) {
        const kind = random(10);
        if (kind === 0) {
          // A well-formed quoted field, which may hold anything.
          let inner = "";
          for (let j = random(6); j > 0; j--) inner += pieces[random(pieces.length)] === '"' ? '""' : pieces[random(8)];
          text += `"${inner}${random(2) ? "\n" : ","}"`;
        } else if (kind === 1) {
          text += ["\n", "\r\n", "\r"][random(3)]?.repeat(1 + random(3));
        } else {
          text += pieces[random(pieces.length)];
        }
      }
      return text;
    };
    for (let i = 0; i < 3000; i++) {
      const text = randomText();
      // Every file in one chunk; a third also in 1-, 2- or 3-byte chunks, which split every CRLF and character.
      await expectSameAsCsvParse(text, i % 3 === 0 ? [1 + ((i / 3) % 3), 1 << 20] : [1 << 20]);
    }
  });

  it("matches csv-parse on a file that is not valid UTF-8 past its first bytes", async () => {
    const bytes = Buffer.concat([
      Buffer.from("a,b\n"),
      Buffer.from([0xe2, 0x82]),
      Buffer.from(",x\n"),
      Buffer.from([0xff]),
      Buffer.from([0xf0, 0x9f]),
      Buffer.from('"q\n'),
    ]);
    await expectSameAsCsvParse(bytes, ALL_CHUNKS);
  });
});
