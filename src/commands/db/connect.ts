import { resolve } from "node:path";
import { Command } from "commander";
import { KeychainUnavailable, keychainAccount, keychainSet } from "../../config/keychain.js";
import type { Context } from "../../context.js";
import { openDatabase, redactUrl } from "../../db/connect.js";
import { UsageError } from "../../errors.js";
import { readSecret } from "../../io/read-stdin.js";
import { printJson, printLine, printNote } from "../../io/render.js";

interface ConnectOptions {
  embedded?: boolean | string;
  passwordStdin?: boolean;
  json?: boolean;
}

export function dbConnectCommand(ctx: Context): Command {
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
    .action(async (url: string | undefined, options: ConnectOptions) => {
      if (options.embedded !== undefined) {
        if (url) throw new UsageError("give either a server URL or --embedded, not both");
        const path = typeof options.embedded === "string" ? resolve(options.embedded) : undefined;
        const config = ctx.config();
        ctx.saveConfig({ ...config, database: path ? { embeddedPath: path } : {} });
        const where = path ?? ctx.paths.embeddedDataDir;
        if (options.json) printJson(ctx.io, { kind: "embedded", location: where });
        else printLine(ctx.io, `Using the embedded journal at ${where}.`);
        return;
      }
      if (!url) throw new UsageError("a server URL (postgres://user@host/database) or --embedded is required");
      await connectServer(ctx, url, options);
    });
}

async function connectServer(ctx: Context, url: string, options: ConnectOptions): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError("database URL must look like postgres://user@host:port/database");
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new UsageError("database URL must start with postgres://");
  if (!parsed.username) throw new UsageError("the URL needs a user: postgres://user@host/database");
  let password: string;
  if (parsed.password) {
    password = decodeURIComponent(parsed.password);
    parsed.password = "";
    printNote(ctx.io, "warning: the URL carried a password: it is moved to the keychain and left out of the config");
  } else if (options.passwordStdin) {
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
  if (options.json) {
    printJson(ctx.io, { kind: "server", location: redactUrl(bare), keychainAccount: stored ? account : null });
  } else {
    printLine(
      ctx.io,
      `Connected to ${redactUrl(bare)}${stored ? `; password stored in the keychain (account ${account})` : ""}.`,
    );
  }
}
