// A command's side of the embedded journal's owner process (owner-process.ts): find it, or start it, and connect with
// pg over its Unix socket; wait in turn behind the client it is serving (saying once on a terminal whom for, and
// giving up after --wait with exit 5 naming it); or, for a command that needs the data directory itself, ask it to
// finish and exit. Whenever the owner cannot be used, the caller opens the journal itself (connect.ts), as before.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection } from "node:net";
import type pg from "pg";
import { heldError, type OwnerIdentity } from "./owner.js";
import {
  currentBuild,
  encodeClientName,
  HOLDER_DETAIL_KEY,
  notPrivate,
  OWNER_PORT,
  type OwnerPlace,
  ownerEntryPath,
  ownerPlace,
  startupPacket,
} from "./owner-socket.js";

export interface OwnerRequest {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  identity: OwnerIdentity;
  /** How long to wait for the client the owner is serving, in seconds. */
  waitSeconds: number;
  onWait?: (holder: OwnerIdentity | undefined) => void;
  /** The idle time of an owner this command starts. */
  idleSeconds: number;
  /** pg client settings of the caller (type parsers). */
  clientConfig: pg.ClientConfig;
}

/**
 * A pg client connected to the journal's owner, starting the owner when none runs; undefined when the owner cannot be
 * used (it cannot start, another process holds the directory itself, it is stopping, its directory is not private).
 */
export async function connectThroughOwner(request: OwnerRequest): Promise<pg.Client | undefined> {
  const place = ownerPlace(request.dataDir, request.env);
  const problem = notPrivate(place.userDir);
  if (problem && problem !== "missing") return undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Nobody answered on the last attempt: a socket file left by an owner killed with kill -9 (the new one replaces it).
    if (attempt > 0 || !existsSync(place.socket)) {
      const started = await startOwner(request);
      if (started === "failed") return undefined;
      // Another owner won the race to start, or a command holds the directory itself: give the first a moment to
      // listen; for the second, the caller waits on the claim as before.
      if (started === "held" && !(await appears(place.socket, 1000))) return undefined;
    }
    if (notPrivate(place.dir)) return undefined;
    const connected = await connect(request, place);
    if (connected !== "absent" && connected !== "refused") return connected;
    if (connected === "refused") return undefined;
  }
  return undefined;
}

/** Asks a running owner to finish the clients it has and exit, before a command opens the directory itself. */
export async function stopOwner(dataDir: string, env: NodeJS.ProcessEnv, identity: OwnerIdentity): Promise<void> {
  const place = ownerPlace(dataDir, env);
  if (!existsSync(place.socket) || notPrivate(place.userDir) || notPrivate(place.dir)) return;
  const name = encodeClientName({ build: currentBuild(), ...identity, stop: true });
  await new Promise<void>((resolve) => {
    const socket = createConnection({ path: place.socket });
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on("connect", () => socket.write(startupPacket({ user: "postgres", application_name: name })));
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type Started = "listening" | "held" | "failed";

/** Starts an owner, detached from this command (its own session: a Ctrl-C here does not reach it). */
function startOwner(request: OwnerRequest): Promise<Started> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(process.execPath, [ownerEntryPath(), request.dataDir, String(request.idleSeconds)], {
        detached: true,
        stdio: ["ignore", "pipe", "ignore"],
        cwd: "/",
        env: request.env,
      });
    } catch {
      resolve("failed");
      return;
    }
    let text = "";
    const settle = (status: Started) => {
      child.stdout?.destroy();
      child.unref();
      resolve(status);
    };
    child.on("error", () => settle("failed"));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end < 0) return;
      const line = text.slice(0, end);
      settle(line === "listening" ? "listening" : line === "held" ? "held" : "failed");
    });
    child.on("exit", () => settle("failed"));
  });
}

async function appears(path: string, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (existsSync(path)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return existsSync(path);
}

/**
 * Connects and waits for the owner to serve this client. "absent": nobody listens on the socket (an owner killed
 * with kill -9 leaves its file); "refused": the owner turned this client away (it is stopping, or of another build).
 */
async function connect(request: OwnerRequest, place: OwnerPlace): Promise<pg.Client | "absent" | "refused"> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({
    ...request.clientConfig,
    host: place.dir,
    port: OWNER_PORT,
    user: "postgres",
    database: "postgres",
    application_name: encodeClientName({ build: currentBuild(), ...request.identity }),
  });
  let holder: OwnerIdentity | undefined;
  let waiting = false;
  let gaveUp: (() => void) | undefined;
  client.on("notice", (notice) => {
    const named = holderOf(notice.detail);
    if (!named) return;
    holder = named;
    if (!waiting) {
      waiting = true;
      request.onWait?.(holder);
    }
    gaveUp?.();
  });
  // Errors after the session began reach the command through its queries; this keeps Node from crashing on them.
  client.on("error", () => {});
  const deadline = Date.now() + request.waitSeconds * 1000;
  const timedOut = new Promise<"timeout">((resolve) => {
    const timer = setTimeout(
      () => {
        // Only waiting behind another client counts: an owner that is still starting PGlite is not a holder.
        gaveUp = () => resolve("timeout");
        if (waiting) gaveUp();
      },
      Math.max(deadline - Date.now(), 0),
    );
    timer.unref();
  });
  const connected = client.connect().then(
    () => "connected" as const,
    (error: NodeJS.ErrnoException) =>
      error.code === "ENOENT" || error.code === "ECONNREFUSED" ? ("absent" as const) : ("refused" as const),
  );
  const outcome = await Promise.race([connected, timedOut]);
  if (outcome === "timeout") {
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    throw heldError(request.dataDir, holder, request.waitSeconds);
  }
  gaveUp = undefined;
  return outcome === "connected" ? client : outcome;
}

function holderOf(detail: string | undefined): OwnerIdentity | undefined {
  try {
    const parsed = JSON.parse(detail ?? "")?.[HOLDER_DETAIL_KEY] as Partial<OwnerIdentity> | undefined;
    if (parsed && typeof parsed.pid === "number" && typeof parsed.command === "string") {
      return { pid: parsed.pid, command: parsed.command };
    }
  } catch {}
  return undefined;
}
