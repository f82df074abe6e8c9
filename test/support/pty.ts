// Drives the built CLI in a real pseudo-terminal (python3's pty module, no extra packages), answering its prompts.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { bin, processEnv } from "./processes.js";

export interface PromptStep {
  /** Text to wait for on the screen (after the previous match). */
  expect: string;
  /** Keys to type: "\r" is Enter, "\u001b[B" arrow down. */
  send: string;
}

export interface PtyResult {
  code: number;
  /** Everything drawn on the terminal, escape sequences included. */
  screen: string;
}

const driver = join(import.meta.dirname, "pty-driver.py");

export function runInTerminal(args: string[], steps: PromptStep[], env: NodeJS.ProcessEnv = {}): PtyResult {
  const result = spawnSync("python3", [driver, JSON.stringify(steps), "--", bin, ...args], {
    env: processEnv({ TERM: "xterm-256color", ...env }),
    encoding: "utf8",
    // Beyond the driver's own limit (PTY_TIMEOUT, 150 s), which prints the screen it has when a prompt never comes.
    timeout: 170_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, screen: result.stdout };
}

/** The screen with colour and cursor escape sequences removed, for assertions on text. */
export function plainText(screen: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escape sequences is the point
  return screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}
