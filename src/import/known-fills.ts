// The guard against one fill stored twice by two readers (issue 13). A fill's identity does not depend on the format
// that read it (migrations/067_fill_identity.sql), so the same file read again by its broker's module finds its fills
// known. What identity alone cannot settle is told here: a fill of this file that the journal already holds read
// differently (another commission: a fee column one reader missed; another format that gave it another identity: no
// execution id, no milliseconds; or an execution id the journal holds for another fill). Storing it would count it
// twice, keeping the stored one would keep a commission the file contradicts: the import is refused, naming the
// earlier import to undo, or to replace in the same run.
import { DateTime } from "luxon";
import type { ReadDifferently, StoredCopies } from "../db/known-fills.js";
import { FieldWording, ImportRefusedError } from "../errors.js";

/** Throws the refusal when any fill of the file is stored read differently. */
export function refuseFillsReadDifferently(file: string, found: ReadDifferently[], userTimeZone: string): void {
  const first = found[0];
  if (!first) return;
  const total = found.reduce((sum, f) => sum + f.fills, 0);
  const where =
    first.importId === null
      ? "without an import"
      : `from import ${first.importId} (${first.format}${first.importedAt ? `, ${dayOf(first.importedAt, userTimeZone)}` : ""})`;
  const others = found.slice(1).filter((f) => f.importId !== null);
  const also =
    others.length > 0 ? ` and import${others.length > 1 ? "s" : ""} ${others.map((f) => f.importId).join(", ")}` : "";
  const remedy = (replaceImport: string) =>
    first.importId === null
      ? "nothing imported"
      : `undo import ${first.importId} first (tradesense import undo ${first.importId}) or pass ${replaceImport} ${first.importId}; nothing imported`;
  const what =
    first.otherFills === first.fills
      ? `${plural(total, "execution id")} of this file ${total === 1 ? "names" : "name"} another fill already in the journal ${where}${also}`
      : `${plural(total, "fill")} of this file ${total === 1 ? "is" : "are"} already in the journal ${where}${also} ${differences(first)}`;
  throw new ImportRefusedError(
    new FieldWording("replaceImport", (replaceImport) => `${file}: refused: ${what}: ${remedy(replaceImport)}`),
  );
}

/** What differs between this file's reading and the stored one, from the first import's counts. */
function differences(f: ReadDifferently): string {
  const parts: string[] = [];
  if (f.commissionDiffers > 0)
    parts.push(`with different commissions (${f.commissionHere} here, ${f.commissionThere} there)`);
  if (f.formatHere !== null) parts.push(`by the ${f.format} format (${f.formatHere} here)`);
  if (f.idInOneReading > 0) parts.push("under another identity (an execution id in one reading only)");
  const read = `read ${parts.length > 0 ? parts.join(" and ") : "differently"}`;
  return f.otherFills > 0 ? `${read}, and ${plural(f.otherFills, "execution id")} of it name other fills there` : read;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const dayOf = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toISODate() ?? "";

/** One warning line per pair of imports holding the same fills twice (copies marked by migration 067). */
export function describeStoredCopies(copies: StoredCopies[]): string[] {
  return copies.map((c) => {
    const copy = c.copyImportId === null ? "fills without an import" : `import ${c.copyImportId}`;
    const original = c.importId === null ? "fills without an import" : `import ${c.importId}`;
    const undo = c.copyImportId ?? c.importId;
    return `${c.fills} fill${c.fills === 1 ? "" : "s"} of ${copy} ${c.fills === 1 ? "is" : "are"} also in the journal from ${original} (the same fills read by two formats, stored twice before TradeSense knew them as one): undo one of the two imports${undo === null ? "" : ` (tradesense import undo ${undo})`}`;
  });
}
