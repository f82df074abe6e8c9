// What the owner process of an embedded journal and its clients share (see owner-process.ts): where its socket is, the
// checks that make that place the user's own, and the few PostgreSQL wire-protocol messages both sides build by hand.
// Kept free of drivers so that a command that only stops an owner loads none.
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { packageRoot } from "../package-root.js";
import { dataDirRealPath } from "./owner.js";

/** pg finds a server's socket as <host>/.s.PGSQL.<port>: each journal's owner gets a directory of its own. */
export const OWNER_PORT = 5432;

export interface OwnerPlace {
  /** The user's own 0700 directory for owner sockets ($XDG_RUNTIME_DIR or the temporary directory). */
  userDir: string;
  /** This journal's directory inside it: pg's "host". */
  dir: string;
  /** The socket file. */
  socket: string;
}

/** Where the owner of a data directory listens: the same for every path that reaches the directory. */
export function ownerPlace(dataDir: string, env: NodeJS.ProcessEnv): OwnerPlace {
  const runtime = env.XDG_RUNTIME_DIR;
  const base = runtime && isAbsolute(runtime) ? runtime : tmpdir();
  const uid = typeof process.getuid === "function" ? process.getuid() : 0;
  const userDir = join(base, `tradesense-${uid}`);
  const digest = createHash("sha256").update(dataDirRealPath(dataDir)).digest("hex").slice(0, 24);
  const dir = join(userDir, digest);
  return { userDir, dir, socket: join(dir, `.s.PGSQL.${OWNER_PORT}`) };
}

/**
 * Why a directory is not the user's private one (undefined when it is): a real directory (not a link), owned by this
 * user, that no one else may enter. Another user's planted directory or socket is never used or talked to.
 */
export function notPrivate(path: string): string | undefined {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : (error as Error).message;
  }
  if (!stat.isDirectory()) return `${path} is not a directory`;
  if (typeof process.getuid === "function" && stat.uid !== process.getuid()) return `${path} belongs to another user`;
  if ((stat.mode & 0o077) !== 0)
    return `${path} may be opened by other users (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/** Creates the owner's directories with mode 0700, and refuses (throws) any that is not the user's private one. */
export function preparePrivateDirs(place: OwnerPlace): void {
  for (const dir of [place.userDir, place.dir]) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const problem = notPrivate(dir);
    if (problem) throw new Error(`refusing the owner socket directory: ${problem}`);
  }
}

/** The built owner entry point that commands start (bundled by scripts/bundle.mjs). */
export function ownerEntryPath(): string {
  return join(packageRoot, "dist", "owner-main.js");
}

let build: string | undefined;

/**
 * The build this process runs: the package version and when the owner entry was built. An owner serves only clients
 * of its own build; a client of another (an upgrade, a rebuild) makes it finish and exit, and opens the journal itself.
 */
export function currentBuild(): string {
  if (build === undefined) {
    let version = "";
    let stamp = "";
    try {
      version = String(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version);
      stamp = String(Math.trunc(statSync(ownerEntryPath()).mtimeMs));
    } catch {}
    build = `${version}-${stamp}`;
  }
  return build;
}

/** A client names itself in its startup packet's application_name: "tradesense/<build>/<pid>/<command>". */
export interface ClientName {
  build: string;
  pid: number;
  command: string;
  /** The client asks the owner to finish the clients it has and exit (a command that needs the directory itself). */
  stop?: boolean;
}

export function encodeClientName(name: ClientName): string {
  return `${name.stop ? "tradesense-stop" : "tradesense"}/${name.build}/${name.pid}/${name.command}`;
}

export function decodeClientName(text: string | undefined): ClientName | undefined {
  const match = /^(tradesense|tradesense-stop)\/([^/]*)\/(\d+)\/(.*)$/s.exec(text ?? "");
  if (!match) return undefined;
  return {
    build: match[2] ?? "",
    pid: Number(match[3]),
    command: match[4] ?? "",
    stop: match[1] === "tradesense-stop",
  };
}

/** SQLSTATE of the owner's own refusals (cannot_connect_now): the client then opens the journal itself. */
export const OWNER_REFUSAL_CODE = "57P03";
/** The NoticeResponse detail that names the client being served, for those waiting. */
export const HOLDER_DETAIL_KEY = "tradesenseHolder";

export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSS_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** A startup packet: Int32 length, Int32 protocol, then name/value C strings and a final NUL. */
export function startupPacket(params: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(params)) parts.push(Buffer.from(`${key}\0${value}\0`));
  parts.push(Buffer.from([0]));
  const payload = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + payload.length, 0);
  head.writeInt32BE(PROTOCOL_3, 4);
  return Buffer.concat([head, payload]);
}

export function parseStartupParams(packet: Buffer): Record<string, string> {
  const params: Record<string, string> = {};
  const fields = packet.subarray(8).toString("utf8").split("\0");
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const key = fields[i];
    if (!key) break;
    params[key] = fields[i + 1] ?? "";
  }
  return params;
}

/** A backend message: one type byte, an Int32 length that counts itself, the body. */
export function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** Field codes of ErrorResponse and NoticeResponse. */
export interface NoticeFields {
  severity: string;
  code: string;
  message: string;
  detail?: string | undefined;
  hint?: string | undefined;
  schema?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  dataType?: string | undefined;
  constraint?: string | undefined;
}

const FIELD_CODES: [keyof NoticeFields, string][] = [
  ["severity", "S"],
  ["severity", "V"],
  ["code", "C"],
  ["message", "M"],
  ["detail", "D"],
  ["hint", "H"],
  ["schema", "s"],
  ["table", "t"],
  ["column", "c"],
  ["dataType", "d"],
  ["constraint", "n"],
];

function noticeBody(fields: NoticeFields): Buffer {
  let text = "";
  for (const [key, code] of FIELD_CODES) {
    const value = fields[key];
    if (value !== undefined && value !== "") text += `${code}${value.replaceAll("\0", "")}\0`;
  }
  return Buffer.from(`${text}\0`);
}

export function errorResponse(fields: NoticeFields): Buffer {
  return message("E", noticeBody(fields));
}

export function noticeResponse(fields: NoticeFields): Buffer {
  return message("N", noticeBody(fields));
}

export const SYNC = message("S");
