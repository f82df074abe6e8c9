// How journal entries look: the list columns, an entry in full with its linked trades, and search hits with the
// matched words highlighted.
import { HIT_END, HIT_START, type JournalEntry, type JournalListRow, type JournalSearchHit } from "../db/journal.js";
import { colorSigned, formatDateTime, type TableColumn } from "./render.js";
import type { IOStreams } from "./streams.js";

export function journalColumns(timeZone: string): TableColumn<JournalListRow>[] {
  return [
    { header: "ID", value: (e) => String(e.id), align: "right" },
    { header: "Written", value: (e) => formatDateTime(e.created_at, timeZone) },
    { header: "Title", value: (e) => (e.is_archived ? `${e.title} (archived)` : e.title) },
    { header: "Mood", value: (e) => e.mood ?? "" },
    { header: "Conf", value: (e) => (e.confidence === null ? "" : String(e.confidence)), align: "right" },
    { header: "Tags", value: (e) => (e.tags ?? []).join(",") },
    { header: "Trades", value: (e) => String(e.trade_count), align: "right" },
  ];
}

/** The facts line under a title: when, mood, confidence, tags, archived. */
export function renderEntryFacts(entry: JournalEntry, timeZone: string): string {
  const facts = [`written ${formatDateTime(entry.created_at, timeZone)}`];
  if (entry.updated_at.getTime() !== entry.created_at.getTime()) {
    facts.push(`edited ${formatDateTime(entry.updated_at, timeZone)}`);
  }
  if (entry.mood) facts.push(`mood ${entry.mood}`);
  if (entry.confidence !== null) facts.push(`confidence ${entry.confidence}/10`);
  if (entry.tags && entry.tags.length > 0) facts.push(`tags ${entry.tags.join(",")}`);
  if (entry.is_archived) facts.push("archived");
  return facts.join(" · ");
}

export function renderEntryHeader(io: IOStreams, entry: JournalEntry, timeZone: string): string[] {
  const title = `#${entry.id} ${entry.title}`;
  return [io.colorEnabled ? io.color.bold(title) : title, renderEntryFacts(entry, timeZone)];
}

export function renderLinkedTotal(io: IOStreams, count: number, netPnl: string): string {
  return `${count} linked trade${count === 1 ? "" : "s"}, net P&L of the closed ones ${colorSigned(io, netPnl)}`;
}

/** Matches in bold yellow on a colour terminal, between ** otherwise (readable in a pipe and in Markdown). */
export function highlight(io: IOStreams, text: string): string {
  const pattern = new RegExp(`${HIT_START}(.*?)${HIT_END}`, "gs");
  return text.replace(pattern, (_match, word: string) =>
    io.colorEnabled ? io.color.bold.yellow(word) : `**${word}**`,
  );
}

export function renderSearchHit(io: IOStreams, hit: JournalSearchHit, timeZone: string): string[] {
  const title = `#${hit.id} ${highlight(io, hit.title_highlight)}`;
  const facts = renderEntryFacts(hit, timeZone);
  const snippet = hit.snippet.replace(/\s+/g, " ").trim();
  return [title, `  ${facts}`, ...(snippet ? [`  ${highlight(io, snippet)}`] : [])];
}

/**
 * A journal entry in every `journal` verb's --json (README "JSON output"): times ISO-8601 UTC, tags a list (empty
 * when none), archived a boolean.
 */
export interface JournalEntryJson {
  id: number;
  title: string;
  content: string | null;
  mood: string | null;
  confidence: number | null;
  tags: string[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export function journalEntryJson(entry: JournalEntry): JournalEntryJson {
  return {
    id: entry.id,
    title: entry.title,
    content: entry.content,
    mood: entry.mood,
    confidence: entry.confidence,
    tags: entry.tags ?? [],
    archived: entry.is_archived === true,
    createdAt: entry.created_at.toISOString(),
    updatedAt: entry.updated_at.toISOString(),
  };
}

/** An entry in `journal list --json`: with how many trades it is linked to. */
export function journalListEntryJson(row: JournalListRow): JournalEntryJson & { tradeCount: number } {
  return { ...journalEntryJson(row), tradeCount: Number(row.trade_count) };
}

/** A hit in `journal search --json`: the match markers become ** so the text is plain; rank is ts_rank's weight. */
export function searchHitJson(
  hit: JournalSearchHit,
): JournalEntryJson & { rank: number; titleHighlight: string; snippet: string } {
  const plain = (text: string) => text.split(HIT_START).join("**").split(HIT_END).join("**");
  return {
    ...journalEntryJson(hit),
    rank: Number(hit.rank),
    titleHighlight: plain(hit.title_highlight),
    snippet: plain(hit.snippet),
  };
}
