import { resolve } from "node:path";
import { Command } from "commander";
import { KeychainUnavailable, keychainAccount, keychainSet } from "../../config/keychain.js";
import type { Context } from "../../context.js";
import { openDatabase, redactUrl } from "../../db/connect.js";
import { UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { readSecret } from "../../io/read-stdin.js";
import { printLine, printNote } from "../../io/render.js";
import type { RunFn } from "../define.js";

interface DbConnectFlags {
  embedded?: boolean | string;
  passwordStdin?: boolean;
  json?: boolean;
}

export type DbConnectOpts =
  /** Back to the embedded journal: at `path`, or the default place when undefined. */
  | { to: "embedded"; path?: string; json: boolean }
  /** A server: its URL as given (checked), the password (if any) still in it until the run moves it out. */
  | { to: "server"; url: string; passwordStdin: boolean; json: boolean };

export function dbConnectCommand(ctx: Context, run: RunFn<DbConnectOpts> = runDbConnect): Command {
  return new Command("connect")
    .description("Save a PostgreSQL server to use (its password goes to the OS keychain), or go back to embedded")
    .argument("[url]", "postgres://user@host:port/database (a password in it is moved to the keychain)")
    .option("--embedded [path]", "use the embedded journal again (at path, or the default place)")
    .option("--password-stdin", "read the server password from standard input")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense db connect postgres://alice@db.example.com:5432/journal    # asks for the password
  $ echo "$PW" | tradesense db connect postgres://alice@db/journal --password-stdin
  $ tradesense db connect --embedded

The password is stored in the OS keychain (service "tradesense", account user@host:port/database), never in the
config file. Without a keychain, commands use PGPASSWORD or ~/.pgpass (PGPASSFILE) instead.`,
    )
    .action((url: string | undefined, flags: DbConnectFlags) => run(ctx, parseDbConnect(url, flags)));
}

export function parseDbConnect(url: string | undefined, flags: DbConnectFlags): DbConnectOpts {
  const json = Boolean(flags.json);
  if (flags.embedded !== undefined) {
    if (url) throw new UsageError("give either a server URL or --embedded, not both");
    return typeof flags.embedded === "string"
      ? { to: "embedded", path: resolve(flags.embedded), json }
      : { to: "embedded", json };
  }
  if (!url) throw new UsageError("a server URL (postgres://user@host/database) or --embedded is required");
  serverUrl(url);
  return { to: "server", url, passwordStdin: Boolean(flags.passwordStdin), json };
}

function serverUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError("database URL must look like postgres://user@host:port/database");
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new UsageError("database URL must start with postgres://");
  if (!parsed.username) throw new UsageError("the URL needs a user: postgres://user@host/database");
  return parsed;
}

export async function runDbConnect(ctx: Context, opts: DbConnectOpts): Promise<void> {
  if (opts.to === "embedded") {
    const config = ctx.config();
    ctx.saveConfig({ ...config, database: opts.path ? { embeddedPath: opts.path } : {} });
    const where = opts.path ?? ctx.paths.embeddedDataDir;
    if (opts.json) printJsonDocument(ctx.io, { kind: "embedded", location: where, keychainAccount: null });
    else printLine(ctx.io, `Using the embedded journal at ${where}.`);
    return;
  }
  await connectServer(ctx, opts);
}

async function connectServer(ctx: Context, opts: DbConnectOpts & { to: "server" }): Promise<void> {
  const parsed = serverUrl(opts.url);
  let password: string;
  if (parsed.password) {
    password = decodeURIComponent(parsed.password);
    parsed.password = "";
    printNote(ctx.io, "warning: the URL carried a password: it is moved to the keychain and left out of the config");
  } else if (opts.passwordStdin) {
    password = await readSecret(ctx.io.stdin);
  } else {
    password = await ctx.prompter.password({ message: `Password for ${parsed.username}`, flag: "--password-stdin" });
  }
  const bare = parsed.toString();
  const opened = await openDatabase({ kind: "server", url: bare }, password ? { password } : {});
  await opened.close();

  const account = keychainAccount(bare);
  let stored = false;
  if (password) {
    try {
      await keychainSet(account, password);
      stored = true;
    } catch (error) {
      if (!(error instanceof KeychainUnavailable)) throw error;
      printNote(
        ctx.io,
        `note: ${error.message}: the password was not saved; use PGPASSWORD or ~/.pgpass (PGPASSFILE) on this machine`,
      );
    }
  }
  const config = ctx.config();
  ctx.saveConfig({ ...config, database: { url: bare } });
  if (opts.json) {
    printJsonDocument(ctx.io, {
      kind: "server",
      location: redactUrl(bare),
      keychainAccount: stored ? account : null,
    });
  } else {
    printLine(
      ctx.io,
      `Connected to ${redactUrl(bare)}${stored ? `; password stored in the keychain (account ${account})` : ""}.`,
    );
  }
}
