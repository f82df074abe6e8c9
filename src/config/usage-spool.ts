// The usage spool: one JSON line per run that finished without an open database (--help, --version, a parse error,
// a failed connection, `db connect`), in a file beside the data, readable by its owner only. The next run that opens
// a database moves the lines into api_usage (domain/spooled-usage.ts). Opening PGlite just to record a --version would
// cost more than the command itself, hence the file. A line holds no secret and no argument: the command path, the
// exit code, the time taken, when, and which database and username the config already named.
import {
  closeSync,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";

/** Beyond this many lines the oldest are dropped: a journal never opened again must not grow the file forever. */
export const MAX_SPOOLED_LINES = 10_000;

/** Every line written is longer than this, so a smaller file cannot hold too many lines and need not be counted. */
const MIN_LINE_BYTES = 100;

export interface SpooledUsage {
  endpoint: string;
  method: "CLI";
  response_code: number;
  response_time_ms: number;
  /** ISO 8601, UTC. */
  created_at: string;
  /** locationKey() of the database the run would have used; null when it could not be told (a bad URL). */
  location: string | null;
  /** The username the config or saved login names for that location; turned into a user id only at flush time. */
  username: string | null;
}

/** Appends entries (one write, so concurrent runs do not interleave a line), then keeps the newest `maxLines`. */
export function appendSpooledUsage(file: string, entries: SpooledUsage[], maxLines = MAX_SPOOLED_LINES): void {
  if (entries.length === 0) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, "a", 0o600);
  let size: number;
  try {
    writeSync(fd, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(""));
    const stat = fstatSync(fd);
    // A file created by something else (a restore, a copy) keeps its mode on open: make it private again.
    if ((stat.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    size = stat.size;
  } finally {
    closeSync(fd);
  }
  if (size > maxLines * MIN_LINE_BYTES) keepNewest(file, maxLines);
}

function keepNewest(file: string, maxLines: number): void {
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  if (lines.length <= maxLines) return;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${lines.slice(-maxLines).join("\n")}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export interface ClaimedSpool {
  entries: SpooledUsage[];
  /** Lines that were not a valid record (a torn write, a hand edit): dropped. */
  dropped: number;
  /** Ends the claim: `putBack` (entries not written: for another database, or the insert failed) return to the spool. */
  release(putBack: SpooledUsage[]): void;
}

/**
 * Takes the spool for flushing: it is renamed first, so runs appending meanwhile start a new file and two flushing
 * runs never both take the same lines. Undefined when there is nothing spooled.
 */
export function claimSpooledUsage(file: string): ClaimedSpool | undefined {
  const claimed = `${file}.${process.pid}.flushing`;
  try {
    renameSync(file, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const entries: SpooledUsage[] = [];
  let dropped = 0;
  for (const line of readFileSync(claimed, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const entry = parseSpooledUsage(line);
    if (entry) entries.push(entry);
    else dropped += 1;
  }
  return {
    entries,
    dropped,
    release(putBack) {
      appendSpooledUsage(file, putBack);
      rmSync(claimed, { force: true });
    },
  };
}

function parseSpooledUsage(line: string): SpooledUsage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const nullableString = (x: unknown) => x === null || typeof x === "string";
  if (
    typeof v.endpoint !== "string" ||
    v.endpoint === "" ||
    !Number.isInteger(v.response_code) ||
    typeof v.response_time_ms !== "number" ||
    !Number.isFinite(v.response_time_ms) ||
    typeof v.created_at !== "string" ||
    Number.isNaN(Date.parse(v.created_at)) ||
    !nullableString(v.location) ||
    !nullableString(v.username)
  ) {
    return undefined;
  }
  return {
    endpoint: v.endpoint,
    method: "CLI",
    response_code: v.response_code as number,
    response_time_ms: v.response_time_ms,
    created_at: v.created_at,
    location: v.location as string | null,
    username: v.username as string | null,
  };
}
