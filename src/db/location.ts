// Where the journal lives, and how to name it in a message. Kept apart from connect.ts (which loads the drivers) so
// that commands which only name the location (the usage spool of --version, --help) load no driver.

export type DatabaseLocation = { kind: "embedded"; path: string } | { kind: "server"; url: string };

/** A server URL fit to print: the password, if any, is never shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}

export function describeLocation(location: DatabaseLocation): string {
  return location.kind === "embedded" ? location.path : redactUrl(location.url);
}

/** How long a command waits for another one that has the embedded journal open, unless --wait says otherwise. */
export const DEFAULT_WAIT_SECONDS = 60;
