// What every format reader does with a future: the contract's canonical symbol (ESZ25) and its point value from the
// import's futures table (built-in rows with the user's, loaded once per import and passed in ReaderOptions.futures),
// or the row's error naming the root and the command that adds it. Never multiplier 1.
import { type FuturesTable, futuresTable, resolveFuture } from "../domain/futures.js";
import type { ReaderOptions } from "./format.js";

let builtIn: FuturesTable | undefined;

/** The table the import passed, else the built-in one (a reader used without an import, as in tests). */
export function futuresOf(options: ReaderOptions): FuturesTable {
  if (options.futures) return options.futures;
  builtIn ??= futuresTable();
  return builtIn;
}

export type FutureRead =
  | { ok: true; symbol: string; multiplier: string; currency: string }
  | { ok: false; reason: string };

export function readFuture(symbolText: string, executedAt: Date, options: ReaderOptions): FutureRead {
  const resolved = resolveFuture(symbolText, executedAt, futuresOf(options));
  if (!resolved.ok) return resolved;
  return { ok: true, symbol: resolved.symbol, multiplier: resolved.spec.pointValue, currency: resolved.spec.currency };
}
