// ~/.pgpass (or PGPASSFILE) as libpq reads it, through the pgpass package (pg's own reader: the line format with its
// `\:` and `\\` escapes, `*` wildcards, the default port, the first matching line winning). Kept here: the file is
// read synchronously, and on Unix a file readable by group or others is ignored with a reason we show in our own
// words (pgpass would print its warning straight to stderr and consult process.env, not the env given).
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import helper from "pgpass/lib/helper.js";

export interface PgpassTarget {
  host: string;
  port: string;
  database: string;
  user: string;
}

export function pgpassPath(env: NodeJS.ProcessEnv): string {
  // libpq's places: PGPASSFILE, else ~/.pgpass (%APPDATA%\postgresql\pgpass.conf on Windows).
  return helper.getFileName({ ...env, HOME: env.HOME ?? homedir() });
}

export type PgpassLookup = { password: string; file: string } | { skipped: string } | undefined;

export function lookupPgpass(env: NodeJS.ProcessEnv, target: PgpassTarget): PgpassLookup {
  const file = pgpassPath(env);
  let text: string;
  try {
    if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) {
      return { skipped: `${file} is readable by others (chmod 0600 it): ignored` };
    }
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#")) continue;
    const entry = helper.parseLine(line);
    if (entry && helper.isValidEntry(entry) && helper.match(target, entry)) return { password: entry.password, file };
  }
  return undefined;
}
