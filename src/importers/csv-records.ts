// The CSV record reader of the import engine: `readRecordBatches(path, batchSize)` streams a file and yields its
// records in batches, each record with the line (1-based, as an editor shows it) on which it starts.
//
// It reads exactly what csv-parse reads with {bom, relax_column_count, relax_quotes, skip_empty_lines, trim: false},
// ten times faster: a line without a quote is cut with indexOf and split(","), and only a line holding a quote (or a
// stray CR/LF) goes through a character state machine that copies csv-parse's rules, quirks included
// (test/importers/csv-records.test.ts checks it against csv-parse on hand-written and thousands of random files):
// - The record delimiter is the first CRLF, LF or CR found outside quotes; after that only that one ends a record,
//   and the other line breaks are field text (a lone CR in an LF file stays in the field).
// - A line is empty, and skipped, only when it has no character at all: "," is a record of two empty fields, " " one
//   of a space. Whitespace is kept.
// - A quote opens a quoted field only as a field's first character; elsewhere it is text. Inside quotes "" is a quote.
//   A closing quote followed by something other than a comma, the record delimiter, the end or NUL is text, and the
//   field becomes `"` + what was read so far + `"` + the rest (csv-parse's relax_quotes).
// - A UTF-8 byte order mark at the start is dropped. (csv-parse would also switch to UTF-16 on an FF FE mark; the
//   engine refuses any file that is not UTF-8 before it reads records, so this reader reads UTF-8 only.)
// - A file that ends inside quotes throws CsvSyntaxError naming the line where that quote opened (csv-parse throws
//   too), after the records before it were yielded.
// Lines count every CRLF, lone CR and lone LF as one line break, inside quoted fields too, as editors do. (The
// csv-parse wrapper this replaces counted the skipped empty lines before a record, and two lines for a CRLF inside a
// quoted field or in an LF file, so its numbers drifted on such files.)
import { createReadStream } from "node:fs";

export interface SourceRecord {
  record: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

/** The csv-parse options whose reading this reader reproduces: what the engine used before it, and the tests' oracle. */
export const CSV_PARSE_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  raw: true,
  info: true,
  trim: false,
} as const;

/** The file cannot be read as CSV; `line` is where the problem starts. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Streams `path` and yields its records, at most `batchSize` at a time. Memory holds one chunk of `highWaterMark`
 * bytes and the records read from it (plus, for a quoted field spanning chunks, that field).
 */
export async function* readRecordBatches(
  path: string,
  batchSize = 2000,
  highWaterMark = 1024 * 1024,
  /** Told how many bytes of the file have been read after each chunk (an import's progress). */
  onBytesRead?: (bytes: number) => void,
): AsyncGenerator<SourceRecord[]> {
  // The stream's utf8 decoding (a StringDecoder) never splits a multi-byte character between chunks.
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark });
  const reader = new CsvRecordReader();
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      onBytesRead?.(stream.bytesRead);
      yield* inBatches(reader.read(chunk, false), batchSize);
    }
    yield* inBatches(reader.read("", true), batchSize);
    reader.checkComplete();
  } finally {
    stream.destroy();
  }
}

function* inBatches(records: SourceRecord[], batchSize: number): Generator<SourceRecord[]> {
  if (records.length <= batchSize) {
    if (records.length > 0) yield records;
    return;
  }
  for (let start = 0; start < records.length; start += batchSize) yield records.slice(start, start + batchSize);
}

const CR = 13;
const LF = 10;
const QUOTE = 34;
const COMMA = 44;

/** The record delimiter: unknown until the first line break outside quotes. */
type Delimiter = "unknown" | "lf" | "crlf" | "cr";

/** Incremental reader: feed it text chunk by chunk; it returns the records completed so far. */
export class CsvRecordReader {
  /** Unread text: what is left of the previous chunks plus the new one. */
  private text = "";
  private pos = 0;
  private started = false;
  private delimiter: Delimiter = "unknown";
  /** Line of the character at `pos`; whether the character before it was a CR (a CRLF is one line break). */
  private line = 1;
  private afterCr = false;
  /** Cached positions of the next quote / CR / LF at or after `pos` (-1: not looked up in this text). */
  private nextQuote = -1;
  private nextCr = -1;
  private nextLf = -1;

  // The state machine's record in progress (it may span chunks).
  private inRecord = false;
  private recordLine = 1;
  private quoteLine = 1;
  private fields: string[] = [];
  private field = "";
  private quoting = false;
  private wasQuoting = false;
  private escaping = false;

  /** The records completed by `chunk`; `end` says the text ends after it. */
  read(chunk: string, end: boolean): SourceRecord[] {
    if (!this.started) {
      if (chunk.length === 0 && !end) return [];
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.nextQuote = this.nextCr = this.nextLf = -1;
    const out: SourceRecord[] = [];
    for (;;) {
      if (!this.inRecord && this.delimiter !== "unknown") this.readPlainLines(out);
      // A line with a quote or a stray line break, the first line, or a line the text ends in.
      if (!this.inRecord) this.startRecord();
      const record = this.readRecordSlowly(end);
      if (record === undefined) break;
      out.push(record);
    }
    return out;
  }

  /** After the last read: a file that ends inside quotes is refused (as csv-parse does). */
  checkComplete(): void {
    if (this.quoting) throw new CsvSyntaxError(this.quoteLine, "a quoted field is never closed");
  }

  /**
   * The fast path: whole lines without another line break in them, cut with indexOf and split; lines whose quotes
   * only wrap whole fields too (as many brokers quote every field).
   */
  private readPlainLines(out: SourceRecord[]): void {
    const text = this.text;
    const length = text.length;
    const delimiter = this.delimiter;
    let pos = this.pos;
    let line = this.line;
    for (;;) {
      let end: number; // end of the line's text
      let next: number; // start of the next line
      if (delimiter === "lf") {
        end = text.indexOf("\n", pos);
        if (end === -1 || this.cachedCr(pos) < end) break;
        next = end + 1;
      } else if (delimiter === "crlf") {
        end = text.indexOf("\r", pos);
        if (end === -1 || end + 1 >= length || text.charCodeAt(end + 1) !== LF || this.cachedLf(pos) < end) break;
        next = end + 2;
      } else {
        end = text.indexOf("\r", pos);
        if (end === -1 || this.cachedLf(pos) < end) break;
        next = end + 1;
      }
      // An empty line has no character at all, and is skipped.
      if (end > pos) {
        let record: string[] | undefined;
        if (this.cachedQuote(pos) < end) {
          record = splitQuotedLine(text, pos, end);
          if (record === undefined) break;
        } else record = text.slice(pos, end).split(",");
        out.push({ record, line });
      }
      line++;
      pos = next;
      // A CR record delimiter followed by LF: that LF is the same line break (and the next line's first character).
      this.afterCr = delimiter === "cr";
    }
    this.pos = pos;
    this.line = line;
  }

  private cachedQuote(pos: number): number {
    if (this.nextQuote < pos) this.nextQuote = positionOr(this.text.indexOf('"', pos), this.text.length);
    return this.nextQuote;
  }

  private cachedCr(pos: number): number {
    if (this.nextCr < pos) this.nextCr = positionOr(this.text.indexOf("\r", pos), this.text.length);
    return this.nextCr;
  }

  private cachedLf(pos: number): number {
    if (this.nextLf < pos) this.nextLf = positionOr(this.text.indexOf("\n", pos), this.text.length);
    return this.nextLf;
  }

  private startRecord(): void {
    this.inRecord = true;
    this.recordLine = this.line;
    this.fields = [];
    this.field = "";
    this.quoting = false;
    this.wasQuoting = false;
    this.escaping = false;
  }

  /**
   * csv-parse's state machine, one character at a time, for one record. Returns the record, or undefined when the
   * text ends first: the state is kept for the next chunk (or, at the end, there is nothing more to read, or the
   * file ends inside quotes).
   */
  private readRecordSlowly(end: boolean): SourceRecord | undefined {
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    let run = pos; // start of the characters read as text but not yet added to `field`
    const flush = () => {
      if (run < pos) this.field += text.slice(run, pos);
    };
    while (pos < length) {
      const c = text.charCodeAt(pos);
      // Decisions at a quote or a CR look up to two characters ahead: wait for them unless the text ends here.
      if (!end && pos + 2 >= length && (c === QUOTE || c === CR)) break;
      // Every path below consumes this character: count the line it ends.
      if (c === CR) this.line++;
      else if (c === LF && !this.afterCr) this.line++;
      this.afterCr = c === CR;
      if (!this.quoting && this.delimiter === "unknown") this.discoverDelimiter(pos);
      if (this.escaping) {
        this.escaping = false;
      } else {
        if (this.quoting && c === QUOTE && pos + 1 < length && text.charCodeAt(pos + 1) === QUOTE) {
          // "" inside quotes: skip this one, keep the next as text.
          flush();
          pos++;
          run = pos;
          this.escaping = true;
          continue;
        }
        if (c === QUOTE) {
          if (this.quoting) {
            const next = pos + 1 < length ? text.charCodeAt(pos + 1) : -1;
            flush();
            this.quoting = false;
            this.wasQuoting = true;
            if (next === -1 || next === 0 || next === COMMA || this.isRecordDelimiterAt(pos + 1, true)) {
              pos++;
              run = pos;
              continue;
            }
            // relax_quotes: the quotes were text after all (this one is kept below).
            this.field = `"${this.field}`;
            run = pos;
          } else if (this.field.length === 0 && run === pos) {
            this.quoting = true;
            this.quoteLine = this.line;
            pos++;
            run = pos;
            continue;
          }
        }
        if (!this.quoting) {
          const delimiterLength = this.isRecordDelimiterAt(pos, false);
          if (delimiterLength > 0) {
            flush();
            // The LF of a CRLF delimiter is consumed with its CR, which counted the line break.
            if (delimiterLength === 2) this.afterCr = false;
            pos += delimiterLength;
            run = pos;
            if (!this.wasQuoting && this.fields.length === 0 && this.field.length === 0) {
              this.recordLine = this.line; // an empty line, skipped
              continue;
            }
            this.pos = pos;
            return this.finishRecord();
          }
          if (c === COMMA) {
            flush();
            this.fields.push(this.field);
            this.field = "";
            this.wasQuoting = false;
            pos++;
            run = pos;
            continue;
          }
        }
      }
      pos++;
    }
    flush();
    this.pos = pos;
    if (!end || this.quoting) return undefined;
    this.inRecord = false;
    if (this.wasQuoting || this.fields.length > 0 || this.field.length > 0) return this.finishRecord();
    return undefined;
  }

  private finishRecord(): SourceRecord {
    this.fields.push(this.field);
    const record = { record: this.fields, line: this.recordLine };
    this.inRecord = false;
    this.fields = [];
    this.field = "";
    this.wasQuoting = false;
    return record;
  }

  /** The first CRLF, LF or CR outside quotes is the record delimiter (csv-parse's auto-discovery). */
  private discoverDelimiter(pos: number): void {
    const c = this.text.charCodeAt(pos);
    if (c === CR) this.delimiter = this.text.charCodeAt(pos + 1) === LF ? "crlf" : "cr";
    else if (c === LF) this.delimiter = "lf";
  }

  /** The record delimiter's length if it starts at `pos`, else 0; after a closing quote it may be discovered there. */
  private isRecordDelimiterAt(pos: number, discover: boolean): number {
    if (discover && this.delimiter === "unknown") this.discoverDelimiter(pos);
    const c = this.text.charCodeAt(pos);
    switch (this.delimiter) {
      case "lf":
        return c === LF ? 1 : 0;
      case "cr":
        return c === CR ? 1 : 0;
      case "crlf":
        return c === CR && this.text.charCodeAt(pos + 1) === LF ? 2 : 0;
      default:
        return 0;
    }
  }
}

/**
 * A line whose quoted fields are simply quoted ("...", no quote inside, followed by a comma or the line's end), read
 * with indexOf; undefined for anything else, which the state machine reads.
 */
function splitQuotedLine(text: string, pos: number, end: number): string[] | undefined {
  const record: string[] = [];
  let from = pos;
  for (;;) {
    if (from < end && text.charCodeAt(from) === QUOTE) {
      const close = text.indexOf('"', from + 1);
      if (close === -1 || close >= end) return undefined;
      record.push(text.slice(from + 1, close));
      if (close + 1 === end) return record;
      if (text.charCodeAt(close + 1) !== COMMA) return undefined;
      from = close + 2;
    } else {
      // An unquoted field: a quote inside it is text.
      const comma = text.indexOf(",", from);
      if (comma === -1 || comma >= end) {
        record.push(text.slice(from, end));
        return record;
      }
      record.push(text.slice(from, comma));
      from = comma + 1;
    }
  }
}

function positionOr(index: number, none: number): number {
  return index === -1 ? none : index;
}
