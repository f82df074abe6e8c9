// The declared JSON of `db status` (README "JSON output"): where the journal is and each migration's state, times
// ISO-8601 UTC.
import type { MigrationStatus } from "../db/migrate.js";
import { isoTime } from "./json-output.js";

export interface DbStatusJson {
  kind: "embedded" | "server";
  location: string;
  migrations: { file: string; applied: boolean; appliedAt: string | null }[];
  pending: number;
}

export function dbStatusJson(
  kind: "embedded" | "server",
  location: string,
  migrations: MigrationStatus[],
): DbStatusJson {
  return {
    kind,
    location,
    migrations: migrations.map((m) => ({
      file: m.file,
      applied: m.appliedAt !== null,
      appliedAt: isoTime(m.appliedAt),
    })),
    pending: migrations.filter((m) => m.appliedAt === null).length,
  };
}
