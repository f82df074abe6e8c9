// The registry of import formats, and how a file's format is found: the first row (within the preamble) that a
// format recognises as its header decides. Broker formats plug in here, one module each.

import { dasTraderFormat } from "./das-trader.js";
import { degiroFormat } from "./degiro.js";
import type { ImportFormat } from "./format.js";
import { genericFormat } from "./generic.js";
import { lightspeedFormat } from "./lightspeed.js";
import { tradezeroFormat } from "./tradezero.js";
import { trading212Format } from "./trading212.js";

/**
 * Broker formats come before the generic one: a broker's header also holds the generic names (TradeZero's `Exec Time`
 * and `Symbol`), and the first format to recognise a header in full reads the file.
 */
export const importFormats: ImportFormat[] = [
  tradezeroFormat,
  lightspeedFormat,
  dasTraderFormat,
  trading212Format,
  degiroFormat,
  genericFormat,
];

export function findFormat(name: string): ImportFormat | undefined {
  return importFormats.find((f) => f.name === name.toLowerCase());
}

export interface Detection {
  format: ImportFormat;
  /** Index of the header row among the records read. */
  headerIndex: number;
}

export interface NearMiss {
  format: string;
  missing: string[];
}

/**
 * How many leading records the header search reads at most: a statement's fills header can follow other sections
 * (line 47 and beyond), so the search goes as far as the file needs, within this bound.
 */
export const HEADER_SEARCH_LIMIT = 10000;

export function detectFormat(
  records: string[][],
  mapping: Record<string, string>,
  only?: ImportFormat,
): Detection | { nearMisses: NearMiss[] } {
  const candidates = only ? [only] : importFormats;
  const best = new Map<string, NearMiss & { score: number }>();
  for (const [index, record] of records.entries()) {
    for (const format of candidates) {
      const match = format.matchHeader(record, mapping);
      if (match.score === 1) return { format, headerIndex: index };
      const previous = best.get(format.name);
      if (!previous || match.score > previous.score)
        best.set(format.name, { format: format.name, missing: match.missing, score: match.score });
    }
  }
  // Only the formats that recognised some of the header are worth naming (all of them when none did).
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const nearMisses = ranked
    .filter((miss) => miss.score > 0 || (ranked[0]?.score ?? 0) === 0)
    .map(({ format, missing }) => ({ format, missing }));
  return { nearMisses };
}
