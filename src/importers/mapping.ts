// What the engine checks of a file's columns, whatever the format: a --map to a column the file does not have is an
// error naming the close matches, and a column that looks like money, costs, a quantity or a time but is read by
// nothing is a warning (a `Fees & Comm` column never read is every commission wrong).
import { FieldError } from "../errors.js";

const fold = (name: string) =>
  name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[_\-.]+/g, " ")
    .replace(/\s+/g, " ");

/** Throws when a --map names a column the header does not have, naming the header's close matches. */
export function checkMapping(header: string[], mapping: Record<string, string>): void {
  const names = header.map((h) => h.replace(/^\uFEFF/, "").trim()).filter((h) => h !== "");
  for (const [field, column] of Object.entries(mapping)) {
    if (names.some((h) => fold(h) === fold(column))) continue;
    const close = closeMatches(column, names);
    throw new FieldError(
      "map",
      (map) =>
        `${map} ${field}=${column}: the file has no column '${column}'${close.length > 0 ? `; close matches: ${close.map((c) => `'${c}'`).join(", ")}` : `; its columns: ${names.join(", ")}`}`,
    );
  }
}

/** Header names within a few edits of `name`, or containing it, closest first. */
export function closeMatches(name: string, headers: string[]): string[] {
  const wanted = fold(name);
  return headers
    .map((h) => ({ h, d: fold(h).includes(wanted) || wanted.includes(fold(h)) ? 0 : editDistance(wanted, fold(h)) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.d - b.d)
    .map(({ h }) => h);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

const LOOKS_READABLE =
  /\b(price|amount|proceeds|value|cost|costs|fee|fees|comm|commissions?|qty|quantity|shares|time|date|net|total|principal|gross)\b/;

/** Header columns that look like money, costs, a quantity or a time but that `used` does not read. */
export function unreadColumns(header: string[], used: Record<string, string>): string[] {
  return header
    .map((h) => h.replace(/^\uFEFF/, "").trim())
    .filter((h) => h !== "" && used[h] === undefined && LOOKS_READABLE.test(fold(h).replace(/[&/]/g, " ")));
}
