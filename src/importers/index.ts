// The registry of import formats, and how a file's format is found: the first row (within the preamble) that a
// format recognises as its header decides. Broker formats plug in here, one module each.
import type { ImportFormat } from "./format.js";
import { genericFormat } from "./generic.js";

export const importFormats: ImportFormat[] = [genericFormat];

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

/** How many leading records may be preamble (account name, report title, date range) before the header. */
export const PREAMBLE_LIMIT = 30;

export function detectFormat(
  records: string[][],
  mapping: Record<string, string>,
  only?: ImportFormat,
): Detection | { nearMisses: NearMiss[] } {
  const candidates = only ? [only] : importFormats;
  const best = new Map<string, NearMiss & { score: number }>();
  for (const [index, record] of records.slice(0, PREAMBLE_LIMIT).entries()) {
    for (const format of candidates) {
      const match = format.matchHeader(record, mapping);
      if (match.score === 1) return { format, headerIndex: index };
      const previous = best.get(format.name);
      if (!previous || match.score > previous.score)
        best.set(format.name, { format: format.name, missing: match.missing, score: match.score });
    }
  }
  const nearMisses = [...best.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ format, missing }) => ({ format, missing }));
  return { nearMisses };
}
