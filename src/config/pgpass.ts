// ~/.pgpass (or PGPASSFILE) read as libpq reads it: hostname:port:database:username:password per line, `*` matches
// anything, `\:` and `\\` are escapes, the first matching line wins, and on Unix a file readable by group or others
// is ignored (libpq warns and skips it too).
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface PgpassTarget {
  host: string;
  port: string;
  database: string;
  user: string;
}

export function pgpassPath(env: NodeJS.ProcessEnv): string {
  return env.PGPASSFILE ?? join(env.HOME ?? homedir(), ".pgpass");
}

function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && i + 1 < line.length) current += line[++i];
    else if (ch === ":" && fields.length < 4) {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields;
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
    if (line.trim() === "" || line.startsWith("#")) continue;
    const fields = splitFields(line);
    if (fields.length !== 5) continue;
    const [host, port, database, user, password] = fields as [string, string, string, string, string];
    const matches = (pattern: string, value: string) => pattern === "*" || pattern === value;
    if (
      matches(host, target.host) &&
      matches(port, target.port) &&
      matches(database, target.database) &&
      matches(user, target.user)
    ) {
      return { password, file };
    }
  }
  return undefined;
}
