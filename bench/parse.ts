// npx tsx bench/parse.ts <file.csv>: the import's parsing side alone, on a file of generated fills
// (`npx tsx bench/generate-fills.ts <file.csv> 1000000`). Figures, not a pass/fail test:
//   1. records/s of csv-parse with the options the import engine used, against readRecordBatches;
//   2. rows/s of the generic format's reader (values, dates, decimals) over those records, timing only the reader.
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { CSV_PARSE_OPTIONS, readRecordBatches } from "../src/importers/csv-records.js";
import { genericFormat } from "../src/importers/generic.js";

const path = process.argv[2];
if (!path) {
  console.error("usage: tsx bench/parse.ts <file.csv>");
  process.exit(2);
}
const runs = Number(process.env.BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    count = await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(times), count };
}

async function countCsvParse(): Promise<number> {
  const parser = createReadStream(path as string).pipe(parse(CSV_PARSE_OPTIONS));
  let count = 0;
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    // As the engine did: the start line from the end line and the newlines inside the record.
    const inner = (item.raw.replace(/\r?\n$/, "").match(/\n/g) ?? []).length;
    if (item.info.lines - inner > 0) count++;
  }
  return count;
}

async function countBatches(): Promise<number> {
  let count = 0;
  for await (const batch of readRecordBatches(path as string)) count += batch.length;
  return count;
}

/** Only the time spent in the reader counts; the records come from readRecordBatches. */
async function genericRows(): Promise<{ ms: number; rows: number; fills: number }> {
  let read: ((record: string[], line: number) => { kind: string }) | undefined;
  let ns = 0n;
  let rows = 0;
  let fills = 0;
  for await (const batch of readRecordBatches(path as string)) {
    let from = 0;
    if (!read) {
      const header = (batch[0] as { record: string[] }).record;
      read = genericFormat.reader(header, { timeZone: "America/New_York", accountId: null, mapping: {} });
      from = 1;
    }
    const start = process.hrtime.bigint();
    for (let i = from; i < batch.length; i++) {
      const source = batch[i] as { record: string[]; line: number };
      if (read(source.record, source.line).kind === "fill") fills++;
    }
    ns += process.hrtime.bigint() - start;
    rows += batch.length - from;
  }
  return { ms: Number(ns) / 1e6, rows, fills };
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString("en-US");

const csvParse = await timed(countCsvParse);
console.log(
  `csv-parse          ${csvParse.count} records  ${csvParse.ms.toFixed(0)} ms  ${perSecond(csvParse.count, csvParse.ms)} records/s`,
);
const batches = await timed(countBatches);
console.log(
  `readRecordBatches  ${batches.count} records  ${batches.ms.toFixed(0)} ms  ${perSecond(batches.count, batches.ms)} records/s  (${(csvParse.ms / batches.ms).toFixed(1)}x faster)`,
);
const generic: { ms: number; rows: number; fills: number }[] = [];
for (let i = 0; i < runs; i++) generic.push(await genericRows());
const g = generic.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)] as { ms: number; rows: number; fills: number };
console.log(
  `generic reader     ${g.rows} rows (${g.fills} fills)  ${g.ms.toFixed(0)} ms  ${perSecond(g.rows, g.ms)} rows/s`,
);
