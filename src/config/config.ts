// The config file: which database to use and who the current user is on it. It never holds a secret: server
// passwords live in the OS keychain, and a saved URL is stored without its password.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "../errors.js";

export interface Config {
  database?: {
    /** A saved server connection, without its password. */
    url?: string;
    /** An embedded data directory other than the default. */
    embeddedPath?: string;
    /** Seconds to wait for another process that has the embedded journal open (--wait wins; default 60). */
    wait?: number;
    /**
     * The embedded journal's owner process: "auto" (default) serves commands through one, "off" opens the journal
     * in every command (TRADESENSE_OWNER wins).
     */
    owner?: string;
    /** Seconds an owner process stays after its last command (default 300). */
    ownerIdle?: number;
  };
  /** The current username per database location (see locationKey). */
  currentUser?: Record<string, string>;
  /** How verification mail leaves this machine (TRADESENSE_SENDMAIL / TRADESENSE_MAIL_FROM win over these). */
  mail?: {
    /** A sendmail-compatible command line, run by the shell, that reads the whole message on stdin: `sendmail -t -i`. */
    sendmail?: string;
    /** The From: address; without it the mail command sets its own. */
    from?: string;
  };
}

export function readConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as Config;
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid JSON (${(error as Error).message}): fix or delete it`);
  }
}

/** Writes atomically (temp file, then rename) and readable by the owner only. */
export function writeConfig(path: string, config: Config): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
