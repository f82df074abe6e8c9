// The file's rows after the header, read by the format and streamed as COPY text into the import's staging table,
// counted into the tally as they go: good, bad, skipped and rounded.
import type { Transaction } from "kysely";
import { stageFills, stagingLine } from "../db/import-staging.js";
import type { Database } from "../db/schema.js";
import { OpeningBalances } from "../domain/opening-balances.js";
import { ImportRefusedError } from "../errors.js";
import type { ImportFormat, ParsedFill, ReportedPnl, RowError } from "../importers/format.js";
import type { ImportOptions } from "./engine.js";
import { recordBatches } from "./file-check.js";
import { type ImportTally, MAX_STORED_ERRORS } from "./summary.js";

/**
 * Streams the rows after the header into the staging table, counting good, bad and skipped rows as it goes. Only a
 * batch of rows is in memory at a time; the database reads while the next batch is parsed.
 */
export async function stageFile(
  trx: Transaction<Database>,
  options: ImportOptions,
  format: ImportFormat,
  header: string[],
  headerLine: number,
  summary: ImportTally,
  size: number,
): Promise<{ rows: number; withFieldIdentities: boolean; beyondFourPlaces: boolean; reportedPnl?: ReportedPnl[] }> {
  // A format whose rows need a later section of the file (importers/format.ts#scanFile) reads it all once first.
  const scan = format.scanFile?.();
  if (scan) for await (const batch of recordBatches(options.path)) for (const s of batch) scan.record(s.record);
  const read = format.reader(header, {
    timeZone: options.timeZone ?? format.defaultTimeZone ?? options.userTimeZone,
    accountId: options.accountId ?? null,
    mapping: options.mapping,
    now: options.now(),
    ...(scan ? { scan } : {}),
    ...(options.futures ? { futures: options.futures } : {}),
    ...(options.tradeDate !== undefined ? { tradeDate: options.tradeDate } : {}),
    ...(options.dateOrder !== undefined ? { dateOrder: options.dateOrder } : {}),
  });
  const broker = format.name;
  let direction: 1 | -1 | 0 = 0;
  let ordinal = 0;
  let withFieldIdentities = false;
  // A price of more than 4 places may be a fill stored rounded before migration 070 (db/known-fills.ts#pairRoundedFills).
  let beyondFourPlaces = false;
  const openings = new OpeningBalances(options.openings ?? []);

  async function* lines(): AsyncGenerator<Buffer> {
    let bytesRead = 0;
    for await (const batch of recordBatches(options.path, undefined, (bytes) => {
      bytesRead = bytes;
    })) {
      const fills: { fill: ParsedFill; line: number }[] = [];
      for (const source of batch) {
        if (source.line <= headerLine) continue;
        summary.totalRows++;
        const result = read(source.record, source.line);
        if (result.kind === "fill" || result.kind === "fills") {
          summary.importedRows++;
          // A row may hold more than one fill (a performance export's round trip: its entry and its exit).
          for (const fill of result.kind === "fill" ? [result.fill] : result.fills) {
            for (const field of fill.rounded ?? []) summary.rounded[field] = (summary.rounded[field] ?? 0) + 1;
            fills.push({ fill, line: source.line });
          }
        } else if (result.kind === "skip") {
          summary.skippedRows++;
          summary.skipped[result.reason] = (summary.skipped[result.reason] ?? 0) + 1;
        } else {
          summary.failedRows++;
          if (summary.errors.length < MAX_STORED_ERRORS) summary.errors.push(...result.errors.map(printableError));
        }
      }
      options.onProgress?.({ phase: "reading", done: bytesRead, total: size, rows: summary.totalRows });
      if (fills.length === 0) continue;
      if (direction === 0)
        direction = fileDirection(
          fills.map((f) => f.fill.executedAt),
          format.newestFirst === true,
        );
      let chunk = "";
      for (const { fill, line } of fills) {
        const i = ordinal++;
        if (!fill.executionId) withFieldIdentities = true;
        if (!beyondFourPlaces && /\.\d{4}0*[1-9]/.test(fill.price)) beyondFourPlaces = true;
        openings.see(fill);
        chunk += stagingLine({
          ordinal: i,
          broker,
          accountId: fill.accountId,
          symbol: fill.symbol,
          assetType: fill.assetType,
          multiplier: fill.multiplier,
          action: fill.action,
          quantity: fill.quantity,
          price: fill.price,
          commission: fill.commission,
          executedAt: fill.executedAt,
          // Newest-first files are numbered backwards so that equal times keep their real order.
          fileSequence: direction === -1 ? -i : i,
          executionId: fill.executionId,
          orderId: fill.orderId,
          currency: fill.currency,
          details: fill.details,
          sourceLine: line,
          positionEffect: fill.positionEffect ?? null,
        });
      }
      // As bytes at once: the string built line by line is a tree of small strings until something flattens it.
      yield Buffer.from(chunk);
    }
    // The --opening balances, each placed just before its position's first fill in the file (or the file refused).
    const opening = openings.staged(broker, ordinal, (wording) => new ImportRefusedError(wording));
    summary.openings = opening.placed;
    if (opening.fills.length > 0) yield Buffer.from(opening.fills.map(stagingLine).join(""));
  }
  const rows = await stageFills(trx, lines());
  const reportedPnl = read.reportedPnl?.();
  return { rows, withFieldIdentities, beyondFourPlaces, ...(reportedPnl ? { reportedPnl } : {}) };
}

/**
 * A row error as stored (import_history.errors is JSONB, which refuses "\u0000") and printed: a NUL byte is shown
 * as the two characters \0.
 */
function printableError(error: RowError): RowError {
  const clean = (text: string) => (text.includes("\u0000") ? text.replaceAll("\u0000", "\\0") : text);
  return { line: error.line, column: clean(error.column), value: clean(error.value), reason: clean(error.reason) };
}

/** -1 when the file runs newest first: its first fills' times go down, or they are equal and the broker's files do. */
function fileDirection(times: Date[], newestFirst: boolean): 1 | -1 {
  const first = times[0];
  const last = times[times.length - 1];
  if (first && last && first.getTime() > last.getTime()) return -1;
  if (first && last && first.getTime() === last.getTime() && newestFirst) return -1;
  return 1;
}
