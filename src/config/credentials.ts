// Login tokens, one per database location, in a file beside the config that only its owner can read (0600). A token
// is a random bearer secret that the server can revoke (logout, deactivation, expiry); the password is never stored.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";

export interface SavedLogin {
  username: string;
  token: string;
}

export type Credentials = Record<string, SavedLogin>;

export function credentialsFile(configFile: string): string {
  return join(dirname(configFile), "credentials.json");
}

export function readCredentials(path: string): Credentials {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as Credentials;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message}): delete it and log in again`);
  }
}

/** Saves (or with `login` undefined, forgets) the login for one location; atomic, mode 0600. */
export function saveLogin(path: string, key: string, login: SavedLogin | undefined): void {
  const all = readCredentials(path);
  if (login) all[key] = login;
  else delete all[key];
  if (Object.keys(all).length === 0) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
