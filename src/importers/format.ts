// What every broker format provides to the import engine: how well it matches a file's header, and a reader that
// turns one data row into a fill, a skipped non-trade row, or precise errors. Each format is its own small module.
import type { AssetType } from "../db/schema.js";
import type { FuturesTable } from "../domain/futures.js";
import type { Action, PositionEffect } from "./cell-readers.js";

export interface RowError {
  /** 1-based line as an editor shows it, counting the header and any preamble. */
  line: number;
  /** The column's header name (or the field's name when the column is missing). */
  column: string;
  /** The value as written in the file. */
  value: string;
  reason: string;
}

export interface ParsedFill {
  executedAt: Date;
  /** The file gave a date without a time of day. */
  dateOnly: boolean;
  symbol: string;
  action: Action;
  /** What the row said of the position (`Sell Short`: open, `Buy to Cover`: close); null for a plain buy or sell. */
  positionEffect?: PositionEffect | null;
  quantity: string;
  price: string;
  /** Commission and fees, as a cost (positive). */
  commission: string;
  accountId: string;
  executionId: string | null;
  orderId: string | null;
  assetType: AssetType;
  multiplier: string;
  currency: string | null;
  details: Record<string, string>;
  /** One entry per value rounded half-up to its column's places ("price", "commission"). */
  rounded?: string[];
}

export type RowResult =
  | { kind: "fill"; fill: ParsedFill }
  /** A row that holds more than one fill (a performance export's round trip: its entry and its exit). */
  | { kind: "fills"; fills: ParsedFill[] }
  | { kind: "skip"; reason: string }
  | { kind: "error"; errors: RowError[] };

/** How a file writes its dates when the format cannot tell from one value (03/12/2025): --date-format. */
export type DateOrder = "day-first" | "month-first";

export interface ReaderOptions {
  /** IANA zone the file's times are in (from --timezone, the format's convention, or the user's setting). */
  timeZone: string;
  /** --account: used where the file has no account column. */
  accountId: string | null;
  /** --map: canonical field -> header name, overriding what the format would pick. */
  mapping: Record<string, string>;
  /** --trade-date (YYYY-MM-DD): the day of files whose times carry no date (DAS Trader's Trades window). */
  tradeDate?: string;
  /** The clock: fills dated more than ten years after it are refused (domain/dates.ts#isPlausibleDate). */
  now?: Date;
  /** What the format's `scanFile` pass gathered from the whole file, when it has one. */
  scan?: FileScan;
  /** --date-format: the date order of a file whose dates could be read both ways (NinjaTrader's English files). */
  dateOrder?: DateOrder;
  /** Futures contracts by root (built-in + the user's), loaded once per import; the built-in table when absent. */
  futures?: FuturesTable;
}

/**
 * A first pass over every record of the file, for what the rows need from a later section (an IBKR Activity
 * Statement lists the contracts' multipliers after its trades). The format's reader reads what it gathered.
 */
export interface FileScan {
  record(record: string[]): void;
}

/** What the broker says it realized on one position from the rows read as fills (IBKR's `Realized P/L`). */
export interface ReportedPnl {
  accountId: string;
  symbol: string;
  /** Exact decimal string, in the position's currency. */
  pnl: string;
}

export type RowReader = ((record: string[], line: number) => RowResult) & {
  /** After the last row: the broker's own realized P&L per position, which the import compares with the journal's. */
  reportedPnl?: () => ReportedPnl[];
};

export interface HeaderMatch {
  /** 0..1: the share of the format's required fields found in this header. */
  score: number;
  missing: string[];
  /**
   * 0..1, how sure the format is that the file is its export, when it matches (score 1): detection picks the most
   * confident broker format (importers/index.ts). Formats that leave it out are judged by the share of the header's
   * columns they read.
   */
  confidence?: number;
  /** Which of the format's layouts the header is (`import formats` lists them). */
  layout?: string;
}

/** One column layout (variant) of a format's export, for `tradesense import formats`. */
export interface FormatLayout {
  name: string;
  recognises: string;
}

export interface ImportFormat {
  name: string;
  description: string;
  /** The header names (or other marks) it recognises, for `tradesense import formats`. */
  recognises: string;
  /** The zone its exports use when they do not say, if the broker has a convention. */
  defaultTimeZone?: string;
  /**
   * The broker writes its rows newest first. The engine reads a file's direction from its fills' times and numbers a
   * newest-first file's fills backwards (equal times then keep their real order); this says which way a file runs
   * when its first fills share one time (a one-day export of a broker that gives no time of day).
   */
  newestFirst?: boolean;
  /** Whether rows carry a broker execution id, which then is the fill's identity. */
  hasExecutionIds: boolean;
  /** The layouts (variants) of the export it reads, when it reads more than one. */
  layouts?: FormatLayout[];
  /** `preamble`: the records before the header (title lines that mark a broker's export). */
  matchHeader(header: string[], mapping: Record<string, string>, preamble?: string[][]): HeaderMatch;
  /** Which header column it reads for what (header name -> field), for the summary and the unused-column warning. */
  columnUse(header: string[], mapping: Record<string, string>): Record<string, string>;
  /** A pass over the whole file before its rows are read, for formats whose rows need a later section. */
  scanFile?: () => FileScan;
  reader(header: string[], options: ReaderOptions): RowReader;
}
