// Where a server's password comes from when the URL has none: the OS keychain, then PGPASSWORD, then ~/.pgpass /
// PGPASSFILE. Whatever was used when the keychain was not, one line on stderr says so and how to set the keychain up.
import { KeychainUnavailable, keychainAccount, keychainGet } from "./keychain.js";
import { lookupPgpass } from "./pgpass.js";

export interface ServerPassword {
  password?: string;
  /** A one-line note for stderr, when a fallback was used. */
  note?: string;
  /** When no password was found: why, for the error if the server then asks for one. */
  missing?: string;
}

const SETUP = "set up a Secret Service (gnome-keyring) and run `tradesense db connect <url>` to use the keychain";

export async function resolveServerPassword(url: string, env: NodeJS.ProcessEnv): Promise<ServerPassword> {
  const parsed = new URL(url);
  if (parsed.password) return { password: decodeURIComponent(parsed.password) };
  const account = keychainAccount(url);
  let why = "no keychain entry";
  try {
    const password = await keychainGet(account);
    if (password !== undefined) return { password };
  } catch (error) {
    if (!(error instanceof KeychainUnavailable)) throw error;
    why = `keychain unavailable (${error.message})`;
  }
  if (env.PGPASSWORD !== undefined) {
    return { password: env.PGPASSWORD, note: `note: ${why}: using the password from PGPASSWORD; ${SETUP}` };
  }
  const [user, rest] = account.split("@") as [string, string];
  const [hostPort, database = ""] = rest.split("/") as [string, string];
  const port = hostPort.slice(hostPort.lastIndexOf(":") + 1);
  const host = hostPort.slice(0, hostPort.lastIndexOf(":"));
  const found = lookupPgpass(env, { host, port, database, user });
  if (found && "password" in found) {
    return { password: found.password, note: `note: ${why}: using the password from ${found.file}; ${SETUP}` };
  }
  // No password anywhere: fine for a server that trusts the connection; a refusal is explained with this.
  const pgpass = found && "skipped" in found ? found.skipped : "no .pgpass entry";
  return { missing: `${why}, no PGPASSWORD, ${pgpass}` };
}
