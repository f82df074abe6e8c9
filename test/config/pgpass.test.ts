// ~/.pgpass lookups as libpq makes them, read through the pgpass package: escapes, wildcards, the default port, the
// first matching line, and a file others can read ignored with a reason. Expected passwords are the files' own text.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lookupPgpass } from "../../src/config/pgpass.js";

const dir = mkdtempSync(join(tmpdir(), "tradesense-pgpass-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pgpassFile(name: string, text: string, mode = 0o600): NodeJS.ProcessEnv {
  const file = join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return { PGPASSFILE: file };
}

const target = { host: "db.example.com", port: "5432", database: "journal", user: "ana" };

describe("lookupPgpass", () => {
  it("takes the first matching line, with * wildcards and \\: \\\\ escapes undone", () => {
    const env = pgpassFile(
      "first",
      [
        "# a comment line that has: four: colons: in it",
        "other.example.com:5432:journal:ana:not-this-host",
        "db.example.com:5432:*:bob:not-this-user",
        "db.example.com:*:journal:ana:pa\\:ss\\\\word",
        "*:*:*:*:too-late",
      ].join("\n"),
    );
    expect(lookupPgpass(env, target)).toEqual({ password: "pa:ss\\word", file: env.PGPASSFILE });
  });

  it("matches a line's port 5432 for a URL without a port, and tells no entry from a refused file", () => {
    const env = pgpassFile("port", "db.example.com:5432:journal:ana:default-port\n");
    expect(lookupPgpass(env, { ...target, port: "" })).toEqual({ password: "default-port", file: env.PGPASSFILE });
    expect(lookupPgpass(env, { ...target, port: "6543" })).toBeUndefined();
    expect(lookupPgpass({ PGPASSFILE: join(dir, "missing") }, target)).toBeUndefined();
  });

  it.skipIf(process.platform === "win32")("ignores a file readable by group or others, saying so", () => {
    const env = pgpassFile("open", "*:*:*:*:secret\n", 0o644);
    expect(lookupPgpass(env, target)).toEqual({
      skipped: `${env.PGPASSFILE} is readable by others (chmod 0600 it): ignored`,
    });
  });
});
