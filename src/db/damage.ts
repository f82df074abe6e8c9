// Damage to an embedded data directory (a flipped byte, a truncated file) must never pass silently or as a bug's
// "Aborted()": it is named as damage, with the way back, and the journal takes no more writes until it is restored.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseError } from "../errors.js";

/** Left in the data directory by the first read that found damage; a restore replaces the directory and with it this. */
export const DAMAGE_MARKER = "tradesense-damaged";

// data_corrupted and index_corrupted: a checksum or page header that does not verify, a block that reads short.
const DAMAGE_SQLSTATES = new Set(["XX001", "XX002"]);

/** PGlite's WebAssembly build aborts (no SQLSTATE) when pg_control or a WAL segment cannot be read. */
const WASM_ABORT = /^Aborted\(|RuntimeError: Aborted|memory access out of bounds|unreachable/;

function isWasmAbort(error: unknown): boolean {
  return error instanceof Error && (WASM_ABORT.test(error.message) || WASM_ABORT.test(String(error)));
}

export function isDamage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === "string" && DAMAGE_SQLSTATES.has(code)) || isWasmAbort(error);
}

export class JournalDamagedError extends DatabaseError {}

function restoreAdvice(path: string): string {
  return `copy the directory aside (\`mv ${path} ${path}.damaged\`), then restore your latest backup with \`tradesense restore\``;
}

/** The one line for a journal found damaged now; remembers it so that later writes are refused. */
export function damagedJournal(path: string, cause: unknown): JournalDamagedError {
  const detail = isWasmAbort(cause)
    ? "the database engine stopped reading its files"
    : ((cause instanceof Error ? cause.message : String(cause)).split("\n")[0] ?? "");
  try {
    if (existsSync(path)) writeFileSync(join(path, DAMAGE_MARKER), `${new Date().toISOString()} ${detail}\n`);
  } catch {
    // A directory that cannot take the marker cannot take a write either.
  }
  return new JournalDamagedError(`the journal at ${path} is damaged (${detail}): ${restoreAdvice(path)}`, { cause });
}

/** Throws when an earlier command found this journal damaged: writing into damaged tables would spread the loss. */
export function refuseWritesIfDamaged(path: string): void {
  const marker = join(path, DAMAGE_MARKER);
  if (!existsSync(marker)) return;
  let since = "";
  try {
    since = ` since ${readFileSync(marker, "utf8").split(" ")[0]}`;
  } catch {}
  throw new JournalDamagedError(
    `the journal at ${path} is damaged (a read failed${since}) and takes no writes: ${restoreAdvice(path)}; reading commands still work where they can`,
  );
}
