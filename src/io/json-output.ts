// The public JSON of every command: one declared shape per command (camelCase, money and decimals as strings, times
// as ISO-8601 UTC strings), built by a view model from the domain's result, never a database row printed as it is,
// so a migration can never change what scripts read. Each document carries a top-level `version`: 1 today, bumped
// only when a command's shape changes incompatibly (a field renamed, removed or retyped; adding a field is not).
import { printJson } from "./render.js";
import type { IOStreams } from "./streams.js";

/** The version of every declared shape today. A command whose shape breaks declares its own, higher one. */
export const JSON_VERSION = 1;

/** A command's declared document: its fields beside `version`. */
export type JsonDocument<Body extends object> = { version: number } & Body;

/** `{ version, ...body }`, version first so a reader sees it on the first line. */
export function jsonDocument<Body extends object>(body: Body, version: number = JSON_VERSION): JsonDocument<Body> {
  return { version, ...body };
}

/** Prints a declared document (see jsonDocument) on stdout. */
export function printJsonDocument<Body extends object>(
  io: IOStreams,
  body: Body,
  version: number = JSON_VERSION,
): void {
  printJson(io, jsonDocument(body, version));
}

/** A time in a declared shape: ISO-8601 in UTC ("2024-03-01T14:30:00.000Z"), or null. */
export function isoTime(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
