// Where a long listing goes: on a terminal, through the user's pager as git and gh do (TRADESENSE_PAGER, else PAGER,
// run by the shell; default `less -FRX`: it quits at once when the text fits one screen, keeps colours and leaves the
// text on screen), so a 200,000-row listing is read a screen at a time instead of scrolling past. Never off a terminal
// (scripts and cron get stdout itself), never for a test's buffered streams, and not when the pager is empty or `cat`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { IOStreams } from "./streams.js";

export interface Output {
  /** Writes text, waiting while the reader is behind; false once the reader has gone (the user quit the pager). */
  write(text: string): Promise<boolean>;
  /** Ends the output and, for a pager, waits until the user quits it. */
  close(): Promise<void>;
}

export function pagerCommand(env: NodeJS.ProcessEnv): string | undefined {
  const command = (env.TRADESENSE_PAGER ?? env.PAGER ?? "less -FRX").trim();
  return command === "" || command === "cat" ? undefined : command;
}

/** stdout itself, or on a real terminal a pager reading from a pipe; what is written waits for the reader. */
export function openOutput(io: IOStreams, env: NodeJS.ProcessEnv): Output {
  const command = io.pageable ? pagerCommand(env) : undefined;
  if (!command) return writableOutput(io.stdout, async () => {});
  const pager = spawn(command, {
    shell: true,
    stdio: ["pipe", "inherit", "inherit"],
    // less without options would wait for a key even for a few lines; LESS is left as the user set it.
    env: { LESS: "FRX", ...env },
  });
  const exited = once(pager, "close");
  return writableOutput(pager.stdin, async () => {
    await exited;
  });
}

function writableOutput(stream: Writable, finish: () => Promise<void>): Output {
  let gone = false;
  let failure: Error | undefined;
  const onError = (error: NodeJS.ErrnoException) => {
    // The reader closed its end (quit the pager, `| head`): stop producing, that is no failure.
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") gone = true;
    else failure = error;
  };
  const onClose = () => {
    gone = true;
  };
  stream.on("error", onError);
  stream.on("close", onClose);
  const writable = () => {
    if (failure) throw failure;
    return !gone;
  };
  return {
    async write(text) {
      if (!writable()) return false;
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            for (const event of ["drain", "close", "error"]) stream.off(event, done);
            resolve();
          };
          for (const event of ["drain", "close", "error"]) stream.on(event, done);
        });
      }
      return writable();
    },
    async close() {
      if (stream !== process.stdout && !gone) stream.end();
      await finish();
      stream.off("error", onError);
      stream.off("close", onClose);
      if (failure) throw failure;
    },
  };
}
