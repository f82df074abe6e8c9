// The file's header and format, found in its first records before anything is written: a batch at a time, as far
// as the file needs (a fills header after other sections), or a refusal naming the closest formats.
import { FieldWording, ImportRefusedError, ValidationError } from "../errors.js";
import type { SourceRecord } from "../importers/csv-records.js";
import type { ImportFormat } from "../importers/format.js";
import { detectFormat, findFormat, HEADER_SEARCH_LIMIT, importFormats } from "../importers/index.js";
import { checkMapping } from "../importers/mapping.js";
import { recordBatches } from "./file-check.js";

export interface FoundHeader {
  format: ImportFormat;
  header: string[];
  /** The header's line in the file: rows after it are the data. */
  headerLine: number;
  /** How the format was found (detected, or named with --broker: confidence 1), and which of its layouts it is. */
  detected: { layout?: string; confidence: number };
}

/** `broker` (--broker) names the format instead of detecting one; `mapping` is the generic format's --map. */
export async function findHeader(
  path: string,
  mapping: Record<string, string>,
  broker: string | undefined,
): Promise<FoundHeader> {
  const forced = broker ? findFormat(broker) : undefined;
  if (broker && !forced) {
    throw new ValidationError(
      `unknown format '${broker}': run \`tradesense import formats\` (known: ${importFormats.map((f) => f.name).join(", ")})`,
    );
  }

  // Find the header (and the format) in the first records, before anything is written: a batch at a time, as far
  // as the file needs (a fills header after other sections), the first batch's near misses kept for the refusal.
  const preamble: SourceRecord[] = [];
  let detection: ReturnType<typeof detectFormat> | undefined;
  let firstMisses: ReturnType<typeof detectFormat> | undefined;
  for await (const batch of recordBatches(path, 30)) {
    const found = detectFormat(
      batch.map((p) => p.record),
      mapping,
      forced,
    );
    if ("format" in found) detection = { ...found, headerIndex: preamble.length + found.headerIndex };
    else firstMisses ??= found;
    preamble.push(...batch);
    if (detection || preamble.length >= HEADER_SEARCH_LIMIT) break;
  }
  detection ??= firstMisses ?? { nearMisses: [] };
  if (!("format" in detection)) {
    // A mapped column the file lacks is the likely reason: say which (the record holding most mapped columns).
    if (Object.keys(mapping).length > 0) {
      const mapped = Object.values(mapping).map((c) => c.trim().toLowerCase());
      const held = (record: string[]) => record.filter((h) => mapped.includes(h.trim().toLowerCase())).length;
      const likely = preamble.map((p) => p.record).sort((a, b) => held(b) - held(a))[0];
      if (likely) checkMapping(likely, mapping);
    }
    const hints = detection.nearMisses.map((m) => `${m.format} (missing ${m.missing.join(", ")})`).join("; ");
    throw new ImportRefusedError(
      new FieldWording(
        "map",
        (map) =>
          `${path}: no known format matches its header: closest ${hints}; map the columns with ${map} field=Column`,
      ),
    );
  }
  const { format, headerIndex } = detection;
  const header = (preamble[headerIndex] as SourceRecord).record;
  const headerLine = (preamble[headerIndex] as SourceRecord).line;
  checkMapping(header, mapping);
  const detected = {
    ...(detection.layout !== undefined ? { layout: detection.layout } : {}),
    confidence: forced ? 1 : detection.confidence,
  };
  return { format, header, headerLine, detected };
}
