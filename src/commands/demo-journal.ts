// The journal part of `tradesense demo`: a few entries linked to the demo trades, then a full-text search.
import type { Kysely } from "kysely";
import { searchJournalEntries } from "../db/journal.js";
import type { Database } from "../db/schema.js";
import { listTrades } from "../db/trades.js";
import { parseUserDate } from "../domain/dates.js";
import { writeEntry } from "../domain/journal-operations.js";
import { renderSearchHit } from "../io/journal-view.js";
import { printLine } from "../io/render.js";
import type { IOStreams } from "../io/streams.js";

const DEMO_JOURNAL = [
  {
    date: "2024-03-05 16:00",
    symbols: ["NVDA"],
    title: "NVDA failed breakout",
    content: "Bought the breakout before the 15-minute close. It fell back into the range; the stop did its job.",
    mood: "frustrated",
    confidence: 4,
  },
  {
    date: "2024-03-08 16:30",
    symbols: ["TSLA", "AMD"],
    title: "Fades: one patient, one early",
    content: "The TSLA fade at resistance worked. The AMD short came before any breakdown: wait for confirmation.",
    mood: "calm",
    confidence: 6,
  },
  {
    date: "2024-03-09 10:00",
    symbols: [],
    title: "Week review",
    content: "Two fades, two breakouts. The best trades came from patience at the open.",
    mood: "focused",
    confidence: 7,
  },
];

/** A few journal entries linked to the demo trades, then a full-text search over them. */
export async function runJournalDemo(io: IOStreams, db: Kysely<Database>, userId: number, zone: string) {
  const trades = await listTrades(db, userId);
  for (const { date, symbols, ...fields } of DEMO_JOURNAL) {
    const tradeIds = trades.filter((t) => symbols.includes(t.symbol)).map((t) => t.id);
    await writeEntry(db, userId, { ...fields, tags: null }, tradeIds, parseUserDate(date, zone, "date"));
  }
  printLine(
    io,
    `${DEMO_JOURNAL.length} journal entries written with \`tradesense journal write\`, linked to their trades.`,
  );
  printLine(io, "$ tradesense journal search breakout      # stemmed: also finds 'breakouts'");
  for (const hit of await searchJournalEntries(db, userId, "breakout")) {
    for (const line of renderSearchHit(io, hit, zone)) printLine(io, line);
    printLine(io);
  }
}
