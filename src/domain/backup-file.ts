// The backup file: one line of JSON (the manifest), then the content, compressed. The manifest says what is inside
// (product version, migrations applied, row counts per table, the sum of P&L) and carries the content's size and
// SHA-256, so a damaged or truncated file is refused before anything is restored from it. `head -1 FILE` shows it.
//
// A file is written under a temporary dot-name in the same directory and renamed into place once complete, so an
// interrupted backup never leaves a partial file under the final name.
import { createHash, randomBytes } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type { TableSection } from "../db/dump.js";
import { ValidationError } from "../errors.js";

export const BACKUP_FORMAT = "tradesense-backup";
const ROWS_HEADER = "tradesense-rows 1";
const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  productVersion: string;
  createdAt: string;
  source: "embedded" | "server";
  /** journal: a whole embedded journal; user: one user's rows; database: a whole server database (--all). */
  scope: "journal" | "user" | "database";
  /** pglite-datadir: PGlite's dump (tar.gz); rows: COPY text per table (gzip); pg_dump: pg_dump's custom format. */
  content: "pglite-datadir" | "rows" | "pg_dump";
  /** The acting user when the backup was taken (the user of a `user` backup). */
  username: string | null;
  migrations: string[];
  rowCounts: Record<string, number>;
  pnlSum: string;
  contentBytes: number;
  contentSha256: string;
}

export type ManifestDraft = Omit<BackupManifest, "format" | "formatVersion" | "contentBytes" | "contentSha256">;

/** A test-only hook (TRADESENSE_TEST_PAUSE=<moment>): stop at a named moment so a test can kill the process there. */
export type PauseHook = (moment: string) => Promise<void>;

/**
 * Writes a backup file: the content is streamed to a temporary file while it is hashed, then the manifest line and
 * the content go to a second temporary file that is renamed to `path`.
 */
export async function writeBackupFile(
  path: string,
  draft: ManifestDraft,
  content: () => Readable,
  pause: PauseHook = async () => {},
): Promise<BackupManifest> {
  mkdirSync(dirname(path), { recursive: true });
  const suffix = randomBytes(4).toString("hex");
  const contentTemp = join(dirname(path), `.${basename(path)}.${suffix}.content.tmp`);
  const fileTemp = join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
  try {
    const hash = createHash("sha256");
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(content(), counter, createWriteStream(contentTemp, { mode: 0o600 }));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      ...draft,
      contentBytes: bytes,
      contentSha256: hash.digest("hex"),
    };
    const out = createWriteStream(fileTemp, { mode: 0o600 });
    out.write(`${JSON.stringify(manifest)}\n`);
    await pause("backup-write");
    await pipeline(createReadStream(contentTemp), out);
    renameSync(fileTemp, path);
    return manifest;
  } finally {
    rmSync(contentTemp, { force: true });
    rmSync(fileTemp, { force: true });
  }
}

/** Sections as gzipped COPY text: a header line, then per table `table <name> <columns>`, its rows, and `\.`. */
export function rowsContent(sections: AsyncIterable<TableSection>): Readable {
  async function* text() {
    yield `${ROWS_HEADER}\n`;
    for await (const section of sections) {
      yield `table ${section.table} ${section.columns.join(",")}\n`;
      for await (const chunk of section.lines) yield chunk;
      yield "\\.\n";
    }
  }
  const gzip = createGzip();
  pipeline(Readable.from(text()), gzip).catch((error) => gzip.destroy(error));
  return gzip;
}

export interface BackupHeader {
  manifest: BackupManifest;
  contentOffset: number;
}

/** The manifest of a backup file; refuses a file that is not one. */
export function readBackupHeader(path: string): BackupHeader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    throw new ValidationError(`cannot read backup ${path}: no such file`);
  }
  const buffer = Buffer.alloc(Math.min(MAX_MANIFEST_BYTES, Math.max(statSync(path).size, 1)));
  const read = readSync(fd, buffer, 0, buffer.length, 0);
  const newline = buffer.subarray(0, read).indexOf(10);
  const notBackup = new ValidationError(`${path} is not a tradesense backup (no manifest line)`);
  if (newline === -1) throw notBackup;
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(buffer.subarray(0, newline).toString("utf8")) as BackupManifest;
  } catch {
    throw notBackup;
  }
  if (manifest?.format !== BACKUP_FORMAT || typeof manifest.contentSha256 !== "string") throw notBackup;
  return { manifest, contentOffset: newline + 1 };
}

/** Checks the content's size and SHA-256 against the manifest; one line naming what is wrong otherwise. */
export async function checkBackupContent(path: string, header: BackupHeader): Promise<void> {
  const size = statSync(path).size - header.contentOffset;
  if (size < header.manifest.contentBytes) {
    throw new ValidationError(`backup ${path} is truncated: ${size} of ${header.manifest.contentBytes} content bytes`);
  }
  const hash = createHash("sha256");
  await pipeline(createReadStream(path, { start: header.contentOffset }), hash);
  if (size !== header.manifest.contentBytes || hash.digest("hex") !== header.manifest.contentSha256) {
    throw new ValidationError(`backup ${path} is damaged: its content does not match its SHA-256`);
  }
}

/** The raw content bytes (an embedded backup's data directory dump). */
export async function readContentBlob(path: string, header: BackupHeader): Promise<Blob> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start: header.contentOffset })) chunks.push(chunk as Buffer);
  return new Blob(chunks);
}

/** A rows backup's tables, streamed: each section's lines must be read before asking for the next section. */
export async function* readRows(path: string, header: BackupHeader): AsyncGenerator<TableSection> {
  const stream = createReadStream(path, { start: header.contentOffset }).pipe(createGunzip());
  const text = new PassThrough();
  stream.on("error", (error) => text.destroy(error));
  stream.pipe(text);
  const lines = createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done || first.value !== ROWS_HEADER) throw new ValidationError(`backup ${path} has no rows header`);
  for (;;) {
    const next = await lines.next();
    if (next.done) return;
    const match = /^table (\S+) (\S+)$/.exec(next.value);
    if (!match?.[1] || !match[2]) throw new ValidationError(`backup ${path} is damaged: expected a table line`);
    let ended = false;
    async function* sectionLines(): AsyncGenerator<string> {
      let batch: string[] = [];
      for (;;) {
        const line = await lines.next();
        if (line.done) throw new ValidationError(`backup ${path} is damaged: a table ends early`);
        if (line.value === "\\.") break;
        batch.push(line.value);
        if (batch.length >= 2000) {
          yield `${batch.join("\n")}\n`;
          batch = [];
        }
      }
      if (batch.length > 0) yield `${batch.join("\n")}\n`;
      ended = true;
    }
    yield { table: match[1], columns: match[2].split(","), lines: sectionLines() };
    if (!ended) throw new Error(`the rows of ${match[1]} were not read`);
  }
}
