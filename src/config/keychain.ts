// The OS keychain, behind one small module: keytar is an optional native dependency, loaded only when a server
// password is needed, so an install where it could not build (no libsecret) still works through the fallbacks.
// On Linux it needs libsecret and a running Secret Service (gnome-keyring); without one keytar rejects, never crashes.

export const KEYCHAIN_SERVICE = "tradesense";

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Why the keychain could not be used, in a few words for a one-line note. */
export class KeychainUnavailable extends Error {}

let loaded: Promise<KeytarApi> | undefined;

async function keytar(): Promise<KeytarApi> {
  // A variable specifier: type-checking and bundling must not require the optional module to be present.
  const specifier = "keytar";
  loaded ??= import(specifier).then(
    (module) => (module as unknown as { default?: KeytarApi }).default ?? (module as unknown as KeytarApi),
    () => {
      throw new KeychainUnavailable("keytar is not installed (it builds only where libsecret is)");
    },
  );
  return loaded;
}

async function call<T>(work: (api: KeytarApi) => Promise<T>): Promise<T> {
  const api = await keytar();
  try {
    return await work(api);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new KeychainUnavailable(`no usable Secret Service: ${message.split("\n")[0]}`);
  }
}

/** The keychain account for a server: user@host:port/database, never the password. */
export function keychainAccount(url: string): string {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || decodeURIComponent(parsed.username);
  return `${decodeURIComponent(parsed.username)}@${parsed.hostname}:${parsed.port || "5432"}/${database}`;
}

export async function keychainGet(account: string): Promise<string | undefined> {
  return (await call((api) => api.getPassword(KEYCHAIN_SERVICE, account))) ?? undefined;
}

export async function keychainSet(account: string, password: string): Promise<void> {
  await call((api) => api.setPassword(KEYCHAIN_SERVICE, account, password));
}

export async function keychainDelete(account: string): Promise<boolean> {
  return call((api) => api.deletePassword(KEYCHAIN_SERVICE, account));
}
