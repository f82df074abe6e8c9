// Interactive Brokers: one format, three exports, told apart by their header row. The Activity Statement and the
// portal's Transaction History are multi-section files (column 1 the section, column 2 the row kind); the Flex Query
// is a plain or framed CSV of named columns. Each layout's module opens with a note of its export and its traps.
import type { FileScan, ImportFormat, ReaderOptions } from "../format.js";
import {
  ACTIVITY_COLUMN_USE,
  ActivityScan,
  activityReader,
  isActivityHeader,
  matchActivityHeader,
} from "./activity-statement.js";
import { FlexScan, flexColumnUse, flexReader, matchFlexHeader } from "./flex-query.js";
import { HISTORY_COLUMN_USE, historyReader, matchHistoryHeader } from "./transaction-history.js";

type Layout = "activity" | "flex" | "history";

/** The pass over the whole file, before its layout's reader runs: what either multi-row layout needs gathered. */
class IbkrScan implements FileScan {
  readonly activity = new ActivityScan();
  readonly flex = new FlexScan();

  record(record: string[]): void {
    this.activity.record(record);
    this.flex.record(record);
  }
}

function layoutOf(header: string[]): Layout {
  if (isActivityHeader(header)) return "activity";
  if (matchHistoryHeader(header).score > 0) return "history";
  return "flex";
}

/** Only the columns this header has, for the summary and the unread-column warning. */
function present(header: string[], use: Record<string, string>): Record<string, string> {
  const names = new Set(header.map((h) => h.replace(/^\uFEFF/, "").trim()));
  return Object.fromEntries(Object.entries(use).filter(([name]) => names.has(name)));
}

export const ibkrFormat: ImportFormat = {
  name: "ibkr",
  description:
    "Interactive Brokers: Activity Statement CSV, Flex Query CSV (Trades / Trade Confirmation) and the portal's Transaction History",
  recognises:
    "a `Trades,Header,DataDiscriminator,...` row (Activity Statement); a Flex header with Symbol, AssetClass, Buy/Sell, Quantity, TradePrice, DateTime, IBCommission (plain, BOF/BOS-framed or HEADER/DATA-prefixed); a `Transaction History,Header,Date,...,Transaction Type,...` row",
  defaultTimeZone: "America/New_York",
  hasExecutionIds: true,

  matchHeader(header: string[]) {
    const matches = [matchActivityHeader(header), matchFlexHeader(header), matchHistoryHeader(header)];
    return matches.sort((a, b) => b.score - a.score)[0] as { score: number; missing: string[] };
  },

  columnUse(header: string[]) {
    const layout = layoutOf(header);
    if (layout === "activity") return present(header, ACTIVITY_COLUMN_USE);
    if (layout === "history") return present(header, HISTORY_COLUMN_USE);
    return flexColumnUse(header);
  },

  scanFile: () => new IbkrScan(),

  reader(header: string[], options: ReaderOptions) {
    const layout = layoutOf(header);
    const scan = options.scan instanceof IbkrScan ? options.scan : undefined;
    if (layout === "activity") return activityReader(header, { ...options, scan: scan?.activity });
    if (layout === "history") return historyReader(header, options);
    return flexReader(header, { ...options, scan: scan?.flex });
  },
};
