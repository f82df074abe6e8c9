// Terminal facts decided once: whether stdout/stderr/stdin are TTYs, whether colour is on, how wide the screen is.
// Commands never look at process.stdout themselves; tests swap in buffers.
import { PassThrough, type Readable, type Writable } from "node:stream";
import { isatty } from "node:tty";
import { Chalk, type ChalkInstance } from "chalk";

export interface IOStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal width in columns; 0 when unknown or not a terminal. */
  columns: number;
  color: ChalkInstance;
  colorEnabled: boolean;
  /** stdout is this process's own terminal, so long output may go through the user's pager (io/pager.ts). */
  pageable?: boolean;
}

/** Colour is off for non-TTY output, NO_COLOR (any non-empty value), TERM=dumb and --no-color. */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean, flagDisabled: boolean): boolean {
  if (flagDisabled) return false;
  if (env.NO_COLOR) return false;
  if (env.TERM === "dumb") return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return isTTY;
}

export function systemStreams(env: NodeJS.ProcessEnv, noColorFlag = false): IOStreams {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const colorEnabled = colorWanted(env, stdoutIsTTY, noColorFlag);
  return {
    // Read on first use: building process.stdin (a socket or file stream) costs more than a --version run does.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: isatty(0),
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns ?? 0,
    color: new Chalk({ level: colorEnabled ? 1 : 0 }),
    colorEnabled,
    pageable: stdoutIsTTY,
  };
}

export function setColor(io: IOStreams, enabled: boolean): void {
  io.colorEnabled = enabled;
  io.color = new Chalk({ level: enabled ? 1 : 0 });
}

/** In-memory streams for tests: what a command printed, and an stdin that can be fed. */
export interface BufferedStreams extends IOStreams {
  stdoutText(): string;
  stderrText(): string;
}

export function bufferedStreams(
  options: { stdin?: string; tty?: boolean; color?: boolean; columns?: number } = {},
): BufferedStreams {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else stdin.end();
  const tty = options.tty ?? false;
  const colorEnabled = options.color ?? false;
  return {
    stdin,
    stdout,
    stderr,
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    columns: options.columns ?? (tty ? 100 : 0),
    color: new Chalk({ level: colorEnabled ? 1 : 0 }),
    colorEnabled,
    stdoutText: () => Buffer.concat(out).toString("utf8"),
    stderrText: () => Buffer.concat(err).toString("utf8"),
  };
}

export function canPrompt(io: IOStreams): boolean {
  return io.stdinIsTTY && io.stdoutIsTTY;
}
