// Rules for journal entries: what a valid one is, how the editor template reads and writes, which day a daily note
// belongs to. No SQL, no printing.
import { DateTime } from "luxon";
import { FieldError, ValidationError } from "../errors.js";
import { Decimal } from "./decimal.js";
import { parseTags } from "./trades.js";

export const TITLE_MAX = 255;
export const MOOD_MAX = 50;
export const DAILY_TAG = "daily";

export type { JournalFields, JournalPatch } from "../db/journal.js";

/** `field` names where the title came from (a command names the `title` field by its flag), `label` says it. */
export function parseTitle(text: string, field = "title", label?: string): string {
  const title = text.trim();
  const refuse = (say: (name: string) => string) => new FieldError(field, say, label);
  if (title === "") throw refuse((name) => `${name} must not be empty`);
  if (title.length > TITLE_MAX) {
    throw refuse((name) => `${name} is longer than ${TITLE_MAX} characters (${title.length})`);
  }
  return title;
}

/** A body of only whitespace is no entry: the caller aborts without saving. */
export function parseBody(text: string): string {
  const body = text.replace(/^\s*\n/, "").trimEnd();
  if (body.trim() === "") throw new ValidationError("the entry is empty: nothing saved");
  return body;
}

export function parseConfidence(text: string): number {
  const raw = text.trim();
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 10) {
    throw new FieldError("confidence", (name) => `${name} must be a whole number from 1 to 10, got '${text}'`);
  }
  return value;
}

/** Moods are free words ("calm", "fomo"), stored lower-case so `--mood Calm` finds "calm"; "" clears. */
export function parseMood(text: string): string | null {
  const mood = text.trim().toLowerCase();
  if (mood === "") return null;
  if (mood.length > MOOD_MAX) throw new FieldError("mood", (name) => `${name} is longer than ${MOOD_MAX} characters`);
  return mood;
}

export function parseJournalTags(text: string): string[] | null {
  return parseTags(text);
}

/** An id typed on the command line: a positive whole number that fits an INTEGER column. */
export function parseId(text: string, what: string): number {
  const raw = text.trim();
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 2_147_483_647) {
    throw new ValidationError(`${what} must be a whole number, got '${text}'`);
  }
  return value;
}

/**
 * The editor template: a title line, a blank line, the body, then a help comment at the foot, as git puts its own
 * under a commit message: an HTML comment, so that no Markdown line of an entry is taken for it, and at the foot, so
 * that the editor opens on the title line.
 */
export const TEMPLATE_HELP = `<!-- tradesense: the first line is the title, the lines after it are the entry (Markdown).
     Save and quit to keep it; delete everything to cancel. This comment is not saved. -->`;

export function renderTemplate(title: string, body: string): string {
  return `${title}\n\n${body}${body.endsWith("\n") || body === "" ? "" : "\n"}\n${TEMPLATE_HELP}\n`;
}

/**
 * The text without the template's help comment (from its opening line to the line that closes it) and the blank
 * line the template puts before it, so that text typed below the comment joins the body as if typed above it.
 */
function withoutHelp(lines: string[]): string[] {
  const start = lines.findLastIndex((line) => line.startsWith("<!-- tradesense:"));
  if (start === -1) return lines;
  const end = lines.findIndex((line, index) => index >= start && line.includes("-->"));
  const from = start > 0 && lines[start - 1]?.trim() === "" ? start - 1 : start;
  return [...lines.slice(0, from), ...lines.slice(end === -1 ? lines.length : end + 1)];
}

/**
 * Reads what the user saved in the editor: the first non-blank line is the title (a Markdown "# " before it is
 * dropped), everything after it is the body; the template's help comment is dropped. An empty text aborts, as git
 * aborts on an empty commit message.
 */
export function parseTemplate(text: string): { title: string; content: string } {
  const lines = withoutHelp(text.replace(/\r\n/g, "\n").split("\n"));
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first === -1) throw new ValidationError("the entry is empty: nothing saved");
  const title = parseTitle(lines[first]?.replace(/^\s*#+\s+/, "") ?? "", "titleLine", "the title line");
  const content = parseBody(lines.slice(first + 1).join("\n"));
  return { title, content };
}

/** The UTC bounds of the user's calendar day containing `now`, and its date as YYYY-MM-DD. */
export function dayInZone(now: Date, timeZone: string): { start: Date; end: Date; date: string } {
  const local = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  return { start: local.toJSDate(), end: local.plus({ days: 1 }).toJSDate(), date: local.toISODate() ?? "" };
}

export function dailyTitle(date: string): string {
  return `Daily note ${date}`;
}

/** A daily note written to twice keeps both: the new text goes below what is there. */
export function appendToBody(existing: string | null, addition: string): string {
  return existing && existing.trim() !== "" ? `${existing.trimEnd()}\n\n${addition}` : addition;
}

/** Net P&L of the closed trades among `pnls` (open trades have none), exact. */
export function sumPnl(pnls: (string | null)[]): string {
  return pnls.reduce((sum: Decimal, pnl) => (pnl === null ? sum : sum.plus(pnl)), new Decimal(0)).toFixed(2);
}
