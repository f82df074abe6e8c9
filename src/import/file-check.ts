// A file refused before anything is written: missing, not a file, binary, not UTF-8, empty or over the size limit;
// and the file's records, a batch at a time.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { ImportRefusedError } from "../errors.js";
import { CsvSyntaxError, readRecordBatches, type SourceRecord } from "../importers/csv-records.js";

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const RECORD_BATCH = 2000;
/** Fills read (and trades written) at a time when a position is built from scratch. */

/** Refuses a file that cannot be a CSV export, before anything is written. */
/** Returns the file's size in bytes. */
export function checkFile(path: string, maxBytes: number): number {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ImportRefusedError(`${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error;
    throw new ImportRefusedError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  if (size > maxBytes) {
    throw new ImportRefusedError(
      `${path} is ${(size / 1048576).toFixed(0)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB import limit: split it`,
    );
  }
  const head = Buffer.alloc(Math.min(size, 65536));
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.includes(0)) throw new ImportRefusedError(`${path} is a binary file, not a CSV export`);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new ImportRefusedError(`${path} is not UTF-8 text: export it as CSV (UTF-8)`);
  }
  if (
    head
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim() === ""
  )
    throw new ImportRefusedError(`${path} is empty`);
  return size;
}

/** The file's records in batches; a file that ends inside a quoted field is refused, naming the line. */
export async function* recordBatches(
  path: string,
  batchSize = RECORD_BATCH,
  onBytesRead?: (bytes: number) => void,
): AsyncGenerator<SourceRecord[]> {
  try {
    yield* readRecordBatches(path, batchSize, undefined, onBytesRead);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportRefusedError(`${path}: ${error.message}`);
    throw error;
  }
}
