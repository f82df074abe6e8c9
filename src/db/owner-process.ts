// The owner of an embedded journal (issue 11): one short-lived process that keeps PGlite open and serves later
// commands over a Unix socket in the user's own 0700 directory, so that they skip PGlite's start (most of a command's
// time). It holds the single-owner claim (owner.ts) while it lives, and exits after an idle time, on SIGTERM/SIGINT,
// when a command that needs the directory itself asks it to, or when its data directory is gone.
//
// PGlite is one session. So the owner serves one client connection at a time, whole: from its startup packet to its
// goodbye, no other client's message reaches PGlite; later clients wait in turn and are told, in a NoticeResponse,
// whom they wait for. When a session ends, however it ends (kill -9 of the client included), the owner rolls back
// what it left open and discards its session state (DISCARD ALL: advisory locks, temporary tables, SET values,
// prepared statements, cursors) before the next client's first message. @electric-sql/pglite-socket was read and not
// used: it interleaves the statements of several connections outside transactions, only rolls back on a
// disconnect, and cannot run COPY FROM STDIN (PGlite's backend cannot read copy data from the wire).
//
// COPY ... FROM STDIN is therefore answered by the owner itself: it takes the CopyData messages and feeds them, in
// pieces of about a megabyte, to COPY ... FROM '/dev/blob' in the same session (as connect.ts does in-process).
// Extended-protocol messages are held until their Sync (or Flush), so a client killed halfway through sending a
// statement never has half of it run.
import { existsSync, rmdirSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { isDamage } from "./damage.js";
import { embeddedStartParams } from "./embedded-settings.js";
import { claimDataDir, type OwnerClaim, type OwnerIdentity } from "./owner.js";
import {
  CANCEL_REQUEST,
  type ClientName,
  decodeClientName,
  errorResponse,
  GSS_REQUEST,
  HOLDER_DETAIL_KEY,
  message,
  noticeResponse,
  OWNER_REFUSAL_CODE,
  type OwnerPlace,
  PROTOCOL_3,
  parseStartupParams,
  preparePrivateDirs,
  SSL_REQUEST,
  SYNC,
  startupPacket,
} from "./owner-socket.js";

export interface OwnerOptions {
  dataDir: string;
  place: OwnerPlace;
  /** Clients of another build are refused (and the owner then stops): see owner-socket.ts buildId. */
  build: string;
  idleSeconds: number;
  /** Told once, to the command that started this owner: "listening", "held" or "failed: <why>". */
  report(status: string): void;
}

const COPY_PIECE_BYTES = 1024 * 1024;
const COPY_FROM_STDIN = /^\s*copy\s+([\s\S]+?)\s+from\s+stdin\s*;?\s*$/i;

interface Waiting {
  socket: Socket;
  name: ClientName;
  /** Bytes that arrived after the startup packet (the client's first messages). */
  rest: Buffer;
}

interface Session extends Waiting {
  buffer: Buffer;
  /** Extended-protocol messages waiting for their Sync or Flush. */
  batch: Buffer[];
  /** Every message is handled after the one before it: one promise chain per session. */
  chain: Promise<void>;
  ended: boolean;
  copy?: { statement: string; pieces: Buffer[]; bytes: number; rows: number; ownTransaction: boolean };
  /** After a failed COPY: the rest of its CopyData, CopyDone or CopyFail is ignored. */
  discardCopy: boolean;
}

/** Runs the owner until it stops; resolves once PGlite is closed and the claim released. */
export async function runOwner(options: OwnerOptions): Promise<void> {
  const identity: OwnerIdentity = { pid: process.pid, command: "owner (idle)" };
  let claim: OwnerClaim;
  try {
    claim = await claimDataDir(options.dataDir, { identity, waitSeconds: 0 });
  } catch {
    options.report("held");
    return;
  }
  let server: Server;
  try {
    preparePrivateDirs(options.place);
    unlinkQuietly(options.place.socket);
    server = await listen(options.place.socket);
  } catch (error) {
    await claim.release();
    options.report(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  options.report("listening");
  return new Owner(options, identity, claim, server).run();
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ path, readableAll: false, writableAll: false }, () => resolve(server));
  });
}

class Owner {
  private db: PGlite | undefined;
  private readonly queue: Waiting[] = [];
  private active: Session | undefined;
  private draining = false;
  private stopping: Promise<void> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly checks: NodeJS.Timeout;
  private done: () => void = () => {};

  constructor(
    private readonly options: OwnerOptions,
    private readonly identity: OwnerIdentity,
    private readonly claim: OwnerClaim,
    private readonly server: Server,
  ) {
    server.on("connection", (socket) => this.accept(socket));
    // A journal deleted or moved away, or a socket file removed, leaves an owner nobody can use: it stops when idle.
    this.checks = setInterval(() => {
      const gone = !existsSync(join(options.dataDir, "PG_VERSION")) || !existsSync(options.place.socket);
      if (gone && !this.active) void this.stop();
    }, 2000);
    this.checks.unref();
  }

  async run(): Promise<void> {
    const finished = new Promise<void>((resolve) => {
      this.done = resolve;
    });
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void this.stop());
    try {
      const { PGlite } = await import("@electric-sql/pglite");
      this.db = await PGlite.create(this.options.dataDir, { startParams: embeddedStartParams(PGlite) });
      await this.db.exec("SET TimeZone = 'UTC'");
    } catch {
      // The command that came for it opens the journal itself and reports what is wrong.
      await this.stop();
      return finished;
    }
    this.serveNext();
    return finished;
  }

  private accept(socket: Socket): void {
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8) {
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        const packet = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          socket.write("N");
          continue;
        }
        socket.off("data", onData);
        if (code === CANCEL_REQUEST || code !== PROTOCOL_3) {
          socket.destroy();
          return;
        }
        this.arrive(socket, packet, buffer);
        return;
      }
    };
    socket.on("data", onData);
  }

  private arrive(socket: Socket, packet: Buffer, rest: Buffer): void {
    socket.pause();
    const name = decodeClientName(parseStartupParams(packet).application_name);
    const refuse = (text: string) => {
      socket.end(errorResponse({ severity: "FATAL", code: OWNER_REFUSAL_CODE, message: text }));
    };
    if (!name) {
      refuse("the tradesense journal owner serves tradesense only");
      return;
    }
    if (name.stop || name.build !== this.options.build) {
      refuse(name.stop ? "the journal owner is stopping" : "the journal owner runs another tradesense build");
      this.drain();
      return;
    }
    if (this.draining || this.stopping) {
      refuse("the journal owner is stopping");
      return;
    }
    clearTimeout(this.idleTimer);
    const waiting: Waiting = { socket, name, rest };
    this.queue.push(waiting);
    socket.once("close", () => {
      const at = this.queue.indexOf(waiting);
      if (at >= 0) this.queue.splice(at, 1);
    });
    if (this.active) this.tellWaiting(waiting, this.active.name);
    this.serveNext();
  }

  private tellWaiting(waiting: Waiting, holder: ClientName): void {
    const who = { pid: holder.pid, command: holder.command };
    waiting.socket.write(
      noticeResponse({
        severity: "NOTICE",
        code: "00000",
        message: `waiting for tradesense ${holder.command} (pid ${holder.pid}) to finish...`,
        detail: JSON.stringify({ [HOLDER_DETAIL_KEY]: who }),
      }),
    );
  }

  /** Stops taking new clients; those already waiting are served, then the owner exits. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    this.server.close();
    unlinkQuietly(this.options.place.socket);
    if (!this.active && this.queue.length === 0) void this.stop();
  }

  private serveNext(): void {
    if (this.active || !this.db || this.stopping) return;
    const next = this.queue.shift();
    if (!next) {
      this.identity.command = "owner (idle)";
      this.identity.pid = process.pid;
      if (this.draining) void this.stop();
      else this.idleTimer = setTimeout(() => void this.stop(), this.options.idleSeconds * 1000);
      return;
    }
    const session: Session = {
      ...next,
      buffer: Buffer.alloc(0),
      batch: [],
      chain: Promise.resolve(),
      ended: false,
      discardCopy: false,
    };
    this.active = session;
    // Whoever waits for the claim itself (a command that needs the directory) is told who is being served.
    this.identity.pid = next.name.pid;
    this.identity.command = next.name.command;
    for (const waiting of this.queue) this.tellWaiting(waiting, next.name);
    session.socket.removeAllListeners("close");
    session.socket.on("close", () => this.end(session));
    session.socket.on("data", (chunk: Buffer) => this.receive(session, chunk));
    session.chain = this.start(session);
    session.socket.resume();
    if (next.rest.length > 0) this.receive(session, next.rest);
  }

  private async start(session: Session): Promise<void> {
    const out = await this.exec(
      session,
      startupPacket({ user: "postgres", database: "postgres", client_encoding: "UTF8" }),
    );
    this.send(session, out);
  }

  private receive(session: Session, chunk: Buffer): void {
    session.buffer = Buffer.concat([session.buffer, chunk]);
    const messages: Buffer[] = [];
    while (session.buffer.length >= 5) {
      const length = 1 + session.buffer.readInt32BE(1);
      if (session.buffer.length < length) break;
      messages.push(session.buffer.subarray(0, length));
      session.buffer = session.buffer.subarray(length);
    }
    if (messages.length === 0) return;
    session.chain = session.chain.then(async () => {
      const out: Uint8Array[] = [];
      for (const msg of messages) {
        if (session.ended) return;
        out.push(...(await this.handle(session, msg)));
      }
      this.send(session, Buffer.concat(out));
    });
    session.chain.catch(() => {});
  }

  private send(session: Session, data: Uint8Array): void {
    if (data.length > 0 && !session.ended && session.socket.writable) session.socket.write(data);
  }

  private async handle(session: Session, msg: Buffer): Promise<Uint8Array[]> {
    const type = String.fromCharCode(msg[0] ?? 0);
    if (session.copy) return this.handleCopy(session, type, msg);
    if (session.discardCopy) {
      if (type === "d" || type === "c" || type === "f") return [];
      session.discardCopy = false;
    }
    if (type === "X") {
      this.end(session);
      return [];
    }
    if (type === "Q") {
      const text = msg.subarray(5, msg.length - 1).toString("utf8");
      const copy = COPY_FROM_STDIN.exec(text);
      if (copy) return this.beginCopy(session, `copy ${copy[1]} from '/dev/blob'`);
      return [await this.exec(session, msg)];
    }
    if (type !== "S" && type !== "H") {
      session.batch.push(msg);
      return [];
    }
    const out: Uint8Array[] = [];
    for (const held of session.batch.splice(0)) out.push(await this.exec(session, held));
    out.push(await this.exec(session, msg));
    return out;
  }

  private async beginCopy(session: Session, statement: string): Promise<Uint8Array[]> {
    // Outside a transaction block a COPY is still all or nothing: its pieces run in a transaction of the owner's.
    const ownTransaction = (await this.status(session)) === "I";
    if (ownTransaction) await this.lite().exec("BEGIN");
    session.copy = { statement, pieces: [], bytes: 0, rows: 0, ownTransaction };
    const body = Buffer.alloc(3);
    return [message("G", body)];
  }

  private async handleCopy(session: Session, type: string, msg: Buffer): Promise<Uint8Array[]> {
    const copy = session.copy;
    if (!copy) return [];
    try {
      if (type === "d") {
        copy.pieces.push(Buffer.from(msg.subarray(5)));
        copy.bytes += msg.length - 5;
        if (copy.bytes >= COPY_PIECE_BYTES) await this.flushCopy(session);
        return [];
      }
      if (type === "c") {
        await this.flushCopy(session);
        if (copy.ownTransaction) await this.lite().exec("COMMIT");
        session.copy = undefined;
        return [message("C", Buffer.from(`COPY ${copy.rows}\0`)), await this.exec(session, SYNC)];
      }
      if (type === "f") {
        const reason = msg.subarray(5, msg.length - 1).toString("utf8");
        throw Object.assign(new Error(`COPY from stdin failed: ${reason}`), { code: "57014", severity: "ERROR" });
      }
      // Flush and Sync are ignored during COPY, as PostgreSQL does.
      return [];
    } catch (error) {
      return this.failCopy(session, error);
    }
  }

  private async flushCopy(session: Session): Promise<void> {
    const copy = session.copy;
    if (!copy || copy.pieces.length === 0) return;
    const blob = new Blob(copy.pieces);
    copy.pieces = [];
    copy.bytes = 0;
    const result = await this.lite().query(copy.statement, [], { blob });
    copy.rows += result.affectedRows ?? 0;
  }

  private async failCopy(session: Session, error: unknown): Promise<Uint8Array[]> {
    const copy = session.copy;
    session.copy = undefined;
    session.discardCopy = true;
    if (isDamage(error) && !(error as { code?: string }).code) throw error;
    const db = this.lite();
    if (copy?.ownTransaction) await db.exec("ROLLBACK");
    else if ((await this.status(session)) === "T") {
      // A client's transaction whose COPY failed must fail as a whole, as it would on a server.
      await db.exec("DO $$ BEGIN RAISE EXCEPTION 'COPY failed'; END $$").catch(() => {});
    }
    const fields = error as Partial<Record<string, string>>;
    return [
      errorResponse({
        severity: fields.severity ?? "ERROR",
        code: fields.code ?? "XX000",
        message: error instanceof Error ? error.message : String(error),
        detail: fields.detail,
        hint: fields.hint,
        schema: fields.schema,
        table: fields.table,
        column: fields.column,
        dataType: fields.dataType,
        constraint: fields.constraint,
      }),
      await this.exec(session, SYNC),
    ];
  }

  private lite(): PGlite {
    if (!this.db) throw new Error("the journal owner has no open database");
    return this.db;
  }

  /** Runs one raw protocol message; a failure of PGlite itself stops the owner (its state is no longer known). */
  private async exec(session: Session | undefined, msg: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.lite().execProtocolRaw(msg);
    } catch (error) {
      if (session?.socket.writable) {
        session.socket.write(
          errorResponse({
            severity: "FATAL",
            code: isDamage(error) ? "XX001" : "XX000",
            message: error instanceof Error ? error.message : String(error),
          }),
        );
      }
      this.broken = true;
      void this.stop();
      throw error;
    }
  }

  private broken = false;

  /** The transaction status of the session (I, T or E), from a Sync's ReadyForQuery. */
  private async status(session: Session | undefined): Promise<string> {
    const out = Buffer.from(await this.exec(session, SYNC));
    for (let at = 0; at + 5 <= out.length; at += 1 + out.readInt32BE(at + 1)) {
      if (out[at] === 0x5a) return String.fromCharCode(out[at + 5] ?? 0x49);
    }
    return "I";
  }

  /** The session is over: once its last message has run, everything it left is undone before the next client. */
  private end(session: Session): void {
    if (session.ended) return;
    session.ended = true;
    session.socket.destroy();
    session.chain = session.chain
      .catch(() => {})
      .then(() => this.reset())
      .then(
        () => {
          if (this.active === session) this.active = undefined;
          this.serveNext();
        },
        () => {
          // A session that cannot be undone must not be seen by the next client: stop instead.
          this.broken = true;
          void this.stop();
        },
      );
  }

  private async reset(): Promise<void> {
    if (this.broken || !this.db) return;
    if ((await this.status(undefined)) !== "I") await this.db.exec("ROLLBACK");
    await this.db.exec("DISCARD ALL");
    await this.db.exec("SET TimeZone = 'UTC'");
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.idleTimer);
      clearInterval(this.checks);
      this.server.close();
      unlinkQuietly(this.options.place.socket);
      try {
        rmdirSync(this.options.place.dir);
      } catch {}
      for (const waiting of this.queue.splice(0)) {
        waiting.socket.end(
          errorResponse({ severity: "FATAL", code: OWNER_REFUSAL_CODE, message: "the journal owner is stopping" }),
        );
      }
      const session = this.active;
      if (session) {
        session.ended = true;
        session.socket.destroy();
        await session.chain.catch(() => {});
      }
      if (this.db && !this.broken) {
        try {
          if ((await this.status(undefined)) !== "I") await this.db.exec("ROLLBACK");
        } catch {}
      }
      await this.db?.close().catch(() => {});
      await this.claim.release();
      this.done();
    })();
    return this.stopping;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}
