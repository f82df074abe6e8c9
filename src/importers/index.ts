// The registry of import formats, and how a file's format is found: the first row (within the preamble) that a
// format recognises as its header decides. Broker formats plug in here, one module each.
import type { ImportFormat } from "./format.js";
import { genericFormat } from "./generic.js";
import { ninjaTraderFormat } from "./ninjatrader.js";
import { tradeStationFormat } from "./tradestation.js";
import { tradovateFormat } from "./tradovate.js";

// Broker formats before the generic one: a broker's header often also has the generic names (Tradovate's B/S,
// Contract, Quantity, Price), and the first format that recognises a header wins.
export const importFormats: ImportFormat[] = [tradovateFormat, ninjaTraderFormat, tradeStationFormat, genericFormat];

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
  // Formats that recognise nothing of the header are no hint: only those that found some of their columns are named.
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const partial = ranked.filter((m) => m.score > 0);
  const nearMisses = (partial.length > 0 ? partial : ranked).map(({ format, missing }) => ({ format, missing }));
  return { nearMisses };
}
