// The registry of import formats, and how a file's format is found. The header is the first record (within the
// preamble) that some format can read (its required columns are all there). Every format that can read it is a
// candidate with a confidence (importers/format.ts HeaderMatch.confidence; for a broker layout, the overlap of the
// header's columns with the layout's, raised a little by a preamble line that marks the broker's export):
// - a broker's own format is preferred to the generic reader, which reads many brokers' headers but not their
//   conventions (tastytrade's per-contract Average Price, fees only in Robinhood's Amount);
// - of the broker formats, the most confident wins; two equally confident ones make the file ambiguous, and the
//   trader is asked to name the format with --broker (a usage error) rather than have one picked for them.
import { FieldWording, UsageError } from "../errors.js";
import { dasTraderFormat } from "./das-trader.js";
import { degiroFormat } from "./degiro.js";
import { etradeFormat } from "./etrade.js";
import { fidelityFormat } from "./fidelity.js";
import type { HeaderMatch, ImportFormat } from "./format.js";
import { genericFormat } from "./generic.js";
import { ibkrFormat } from "./ibkr/index.js";
import { lightspeedFormat } from "./lightspeed.js";
import { ninjaTraderFormat } from "./ninjatrader.js";
import { robinhoodFormat } from "./robinhood.js";
import { schwabFormat } from "./schwab.js";
import { tastytradeFormat } from "./tastytrade.js";
import { thinkorswimFormat } from "./thinkorswim.js";
import { tradeStationFormat } from "./tradestation.js";
import { tradezeroFormat } from "./tradezero.js";
import { trading212Format } from "./trading212.js";
import { tradovateFormat } from "./tradovate.js";
import { webullFormat } from "./webull.js";

export const importFormats: ImportFormat[] = [
  genericFormat,
  ibkrFormat,
  schwabFormat,
  fidelityFormat,
  thinkorswimFormat,
  robinhoodFormat,
  webullFormat,
  etradeFormat,
  tastytradeFormat,
  tradovateFormat,
  ninjaTraderFormat,
  tradeStationFormat,
  tradezeroFormat,
  lightspeedFormat,
  dasTraderFormat,
  trading212Format,
  degiroFormat,
];

export function findFormat(name: string): ImportFormat | undefined {
  return importFormats.find((f) => f.name === name.toLowerCase());
}

export interface Detection {
  format: ImportFormat;
  /** Index of the header row among the records read. */
  headerIndex: number;
  /** 0..1: how sure the detection is (see the note above). */
  confidence: number;
  /** The layout (variant) of the format's export the header is, when the format has several. */
  layout?: string;
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

/** Confidences closer than this are equal: the file is ambiguous between those formats. */
const SAME_CONFIDENCE = 1e-9;

export function detectFormat(
  records: string[][],
  mapping: Record<string, string>,
  only?: ImportFormat,
  candidates: ImportFormat[] = only ? [only] : importFormats,
): Detection | { nearMisses: NearMiss[] } {
  const best = new Map<string, NearMiss & { score: number }>();
  for (const [index, record] of records.entries()) {
    const preamble = records.slice(0, index);
    const fits: { format: ImportFormat; match: HeaderMatch; confidence: number }[] = [];
    for (const format of candidates) {
      const match = format.matchHeader(record, mapping, preamble);
      if (match.score === 1)
        fits.push({ format, match, confidence: match.confidence ?? readShare(format, record, mapping) });
      const previous = best.get(format.name);
      if (!previous || match.score > previous.score)
        best.set(format.name, { format: format.name, missing: match.missing, score: match.score });
    }
    if (fits.length === 0) continue;
    // --map names the generic reader's columns: with it, the generic reader reads the file when it can.
    const mapped = Object.keys(mapping).length > 0 && fits.some((f) => f.format === genericFormat);
    const brokers = fits.filter((f) => (f.format === genericFormat) === mapped);
    const pool = (brokers.length > 0 ? brokers : fits).sort((a, b) => b.confidence - a.confidence);
    const [first, second] = pool as [(typeof pool)[number], (typeof pool)[number] | undefined];
    if (second && first.confidence - second.confidence < SAME_CONFIDENCE) {
      const tied = pool.filter((f) => first.confidence - f.confidence < SAME_CONFIDENCE).map((f) => f.format.name);
      throw new UsageError(
        new FieldWording(
          "broker",
          (broker) =>
            `the file's header fits ${tied.join(" and ")} equally (confidence ${first.confidence.toFixed(2)}): name the format with ${tied.map((n) => `${broker} ${n}`).join(" or ")}`,
        ),
      );
    }
    return {
      format: first.format,
      headerIndex: index,
      confidence: first.confidence,
      ...(first.match.layout !== undefined ? { layout: first.match.layout } : {}),
    };
  }
  // The closest formats only (those with the best share of their required columns), the generic reader first: with
  // several broker formats, one that merely shares a column name with the file is no hint.
  const top = Math.max(0, ...[...best.values()].map((m) => m.score));
  const nearMisses = [...best.values()]
    .filter((m) => m.score === top)
    .map(({ format, missing }) => ({ format, missing }));
  return { nearMisses };
}

/** The share of the header's named columns that a format reads (its confidence when it gives none). */
function readShare(format: ImportFormat, header: string[], mapping: Record<string, string>): number {
  const named = header.filter((h) => h.replace(/^\uFEFF/, "").trim() !== "").length;
  if (named === 0) return 0;
  return Math.min(1, Object.keys(format.columnUse(header, mapping)).length / named);
}
