// Saved column mappings: `--map field=Column,...` read and checked, `--map-name` looked up, `--save-map` stored, so a
// layout no format knows is described once and reused.
import type { Kysely } from "kysely";
import { findMapping, saveMapping } from "../db/import-mappings.js";
import type { Database } from "../db/schema.js";
import { FieldError, NotFoundError } from "../errors.js";
import { genericFields, isGenericField } from "../importers/generic.js";

/** Parses --map "date=Trade Date,symbol=Ticker" into field -> column. */
export function parseMapping(spec: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const part of spec.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq === -1 || column === "")
      throw new FieldError("map", (map) => `${map} entries look like field=Column, got '${part.trim()}'`);
    if (!isGenericField(field)) {
      throw new FieldError(
        "map",
        (map) => `${map}: unknown field '${field}' (fields: ${Object.keys(genericFields).join(", ")})`,
      );
    }
    mapping[field] = column;
  }
  return mapping;
}

export async function resolveMapping(
  db: Kysely<Database>,
  userId: number,
  options: { map?: string | undefined; mapName?: string | undefined; saveMap?: string | undefined },
): Promise<Record<string, string>> {
  let mapping: Record<string, string> = {};
  if (options.mapName) {
    const saved = await findMapping(db, userId, options.mapName);
    if (!saved) throw new NotFoundError(`no saved mapping named '${options.mapName}'`);
    mapping = { ...(saved.mapping as Record<string, string>) };
  }
  if (options.map) mapping = { ...mapping, ...parseMapping(options.map) };
  if (options.saveMap) {
    if (Object.keys(mapping).length === 0) {
      throw new FieldError(
        ["saveMap", "map", "mapName"],
        (saveMap, map, mapName) => `${saveMap} needs ${map} (or ${mapName}) to save`,
      );
    }
    if (options.saveMap.length > 100) {
      throw new FieldError("saveMap", (saveMap) => `${saveMap} name is longer than 100 characters`);
    }
    await saveMapping(db, userId, options.saveMap, mapping);
  }
  return mapping;
}
