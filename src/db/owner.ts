// One owner per embedded data directory. PGlite is a single-process database: two processes with the same directory
// open corrupt it silently. Node has no flock, so the claim is a listening local socket whose name is derived from the
// directory's real path. Binding a name is atomic and the kernel frees it when the process dies, however it dies, so
// a holder killed with kill -9 never blocks anyone. The holder answers every waiter with who it is (pid, command) and
// keeps that connection open: its closing is how a waiter learns, at once, that the directory is free.
//   Linux: an abstract-namespace socket (no file at all).
//   Windows: a named pipe (libuv creates it with FILE_FLAG_FIRST_PIPE_INSTANCE, so a second server cannot bind).
//   macOS and other Unixes: a socket file in the temporary directory. A file outlives a killed holder, so a stale one
//   is replaced under a second, short-lived guard socket (see replaceStaleSocket).
import { createHash } from "node:crypto";
import { lstatSync, realpathSync, unlinkSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { DatabaseError } from "../errors.js";

export interface OwnerIdentity {
  pid: number;
  /** The command path, e.g. "import csv". */
  command: string;
}

export interface OwnerClaim {
  /** Closes the socket: waiters are told at once. Safe to call twice. */
  release(): Promise<void>;
}

export interface ClaimOptions {
  identity: OwnerIdentity;
  /** How long to wait for another holder, in seconds (0: do not wait). */
  waitSeconds: number;
  /** Called once, when the first attempt finds the directory held (the holder is undefined if it did not answer). */
  onWait?: (holder: OwnerIdentity | undefined) => void;
  platform?: NodeJS.Platform;
}

/** The socket address that stands for a data directory, the same for every path that reaches it (symlinks, ..). */
export function ownerAddress(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash("sha256").update(dataDirRealPath(dataDir)).digest("hex").slice(0, 32);
  if (platform === "linux") return `\0tradesense-${digest}`;
  if (platform === "win32") return `\\\\.\\pipe\\tradesense-${digest}`;
  // sun_path holds 104 bytes on macOS: the per-user temporary directory plus 50 characters fits.
  return join(tmpdir(), `tradesense-${digest}.sock`);
}

/** The real path of a directory that may not exist yet (init): its nearest existing ancestor, resolved. */
export function dataDirRealPath(path: string): string {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...rest);
    } catch {
      const parent = dirname(current);
      if (parent === current) return join(path);
      rest.unshift(basename(current));
      current = parent;
    }
  }
}

/**
 * Claims the data directory, waiting up to waitSeconds for a holder to finish. Throws a DatabaseError (exit 5) that
 * names the holder when the wait runs out.
 */
export async function claimDataDir(dataDir: string, options: ClaimOptions): Promise<OwnerClaim> {
  const platform = options.platform ?? process.platform;
  const address = ownerAddress(dataDir, platform);
  const usesFile = platform !== "linux" && platform !== "win32";
  const deadline = Date.now() + options.waitSeconds * 1000;
  let told = false;
  let lastHolder: OwnerIdentity | undefined;
  for (;;) {
    const server = await tryListen(address);
    if (server) return serve(server, options.identity);
    // At least a moment to hear who holds it, even with --wait 0.
    const answer = await askHolder(address, Math.max(deadline - Date.now(), 500));
    if (answer.kind === "refused" && usesFile) {
      // Nobody listens on the file: its holder died. Replace it, then try again at once.
      await replaceStaleSocket(address);
      continue;
    }
    if (answer.kind === "holder") lastHolder = answer.holder;
    if (!told && options.waitSeconds > 0) {
      told = true;
      options.onWait?.(lastHolder);
    }
    if (Date.now() >= deadline) throw heldError(dataDir, lastHolder, options.waitSeconds);
    // The holder's connection closes when it releases or dies; a refused or lost connection is retried shortly.
    if (answer.kind === "holder") await answer.released;
    else await pause(Math.min(50, Math.max(deadline - Date.now(), 0)));
  }
}

export function heldError(dataDir: string, holder: OwnerIdentity | undefined, waitSeconds: number): DatabaseError {
  const who = holder ? `tradesense ${holder.command} (pid ${holder.pid})` : "another tradesense process";
  const waited = waitSeconds > 0 ? `; gave up after waiting ${waitSeconds} s (--wait SECONDS waits longer)` : "";
  return new DatabaseError(`the journal at ${dataDir} is in use by ${who}${waited}`);
}

function tryListen(address: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(undefined);
      else
        reject(
          new DatabaseError(`cannot claim the embedded journal (${address.replace("\0", "@")}): ${error.message}`),
        );
    });
    // A socket file readable by the user only: nobody else may talk to the owner.
    server.listen({ path: address, readableAll: false, writableAll: false }, () => resolve(server));
  });
}

/** The identity is read at each waiter's arrival: an owner process names the client it is serving at that moment. */
function serve(server: Server, identity: OwnerIdentity): OwnerClaim {
  const waiters = new Set<Socket>();
  server.on("connection", (socket) => {
    waiters.add(socket);
    socket.on("close", () => waiters.delete(socket));
    socket.on("error", () => {});
    socket.unref();
    socket.write(`${JSON.stringify({ pid: identity.pid, command: identity.command })}\n`);
  });
  // The claim never keeps a finished command alive; the kernel drops it with the process.
  server.unref();
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of waiters) socket.destroy();
      });
      return released;
    },
  };
}

type HolderAnswer =
  | { kind: "holder"; holder: OwnerIdentity | undefined; released: Promise<void> }
  | { kind: "refused" }
  | { kind: "gone" };

/** Connects to the holder: who it is, and a promise that settles when its connection closes (or the wait runs out). */
function askHolder(address: string, timeoutMs: number): Promise<HolderAnswer> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: address });
    let text = "";
    let settled = false;
    let release: () => void = () => {};
    const released = new Promise<void>((resolveReleased) => {
      release = resolveReleased;
    });
    const timer = setTimeout(() => {
      socket.destroy();
      release();
    }, timeoutMs);
    const answer = (value: HolderAnswer) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0) answer({ kind: "holder", holder: parseIdentity(text.slice(0, end)), released });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      answer(error.code === "ECONNREFUSED" ? { kind: "refused" } : { kind: "gone" });
      release();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      // Closed before saying who it is: the holder was on its way out.
      answer({ kind: "gone" });
      release();
    });
  });
}

function parseIdentity(text: string): OwnerIdentity | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<OwnerIdentity>;
    if (typeof parsed.pid === "number" && typeof parsed.command === "string") {
      return { pid: parsed.pid, command: parsed.command };
    }
  } catch {}
  return undefined;
}

const STALE_GUARD_MS = 2000;

/**
 * Two waiters that both found the socket file dead must not both unlink and rebind it (the second would unlink the
 * first one's live socket). The unlink-and-rebind is done only while holding a guard socket, bound atomically like
 * the claim itself, and only after checking again under the guard that the file is still dead. The guard is held for
 * milliseconds; a guard file left by a process killed inside that window is removed once it is old.
 */
async function replaceStaleSocket(address: string): Promise<void> {
  const guardAddress = `${address}.guard`;
  const guard = await tryListen(guardAddress);
  if (!guard) {
    const answer = await askHolder(guardAddress, 100);
    if (answer.kind === "refused" && ageMs(guardAddress) > STALE_GUARD_MS) unlinkQuietly(guardAddress);
    await pause(20);
    return;
  }
  try {
    const answer = await askHolder(address, 100);
    if (answer.kind === "refused") unlinkQuietly(address);
  } finally {
    await new Promise<void>((resolve) => guard.close(() => resolve()));
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - lstatSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
