import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { login } from "../../domain/accounts.js";
import { isoTime, printJsonDocument } from "../../io/json-output.js";
import { formatDateTime, printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { askSecrets, askUsername } from "./secrets.js";

export interface UserLoginOpts {
  /** Undefined: asked in a terminal. */
  username?: string;
  passwordStdin: boolean;
  json: boolean;
}

export function userLoginCommand(ctx: Context, run: RunFn<UserLoginOpts> = runUserLogin): Command {
  return new Command("login")
    .description("Log in: later commands act as this user until you log out (the login lasts 30 days)")
    .option("--username <name>", "your username")
    .option("--password-stdin", "read the password from standard input")
    .option("--json", "print the login as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense user login --username alice
  $ echo "$PW" | tradesense user login --username alice --password-stdin`,
    )
    .action((flags: { username?: string; passwordStdin?: boolean; json?: boolean }) =>
      run(ctx, {
        ...(flags.username !== undefined ? { username: flags.username.trim() } : {}),
        passwordStdin: Boolean(flags.passwordStdin),
        json: Boolean(flags.json),
      }),
    );
}

export async function runUserLogin(ctx: Context, opts: UserLoginOpts): Promise<void> {
  const username = (await askUsername(ctx, opts.username)).trim();
  const [password] = await askSecrets(ctx, opts.passwordStdin, [{ message: "Password", name: "the password" }]);
  const result = await login(await ctx.database(), { username, password: password ?? "", now: ctx.now() });
  // The token goes to a file only this user can read; the database keeps only its hash.
  ctx.saveLogin({ username: result.user.username, token: result.token });
  const where = describeLocation(ctx.location());
  if (opts.json) {
    printJsonDocument(ctx.io, {
      username: result.user.username,
      location: where,
      expiresAt: isoTime(result.expiresAt),
    });
  } else {
    printLine(
      ctx.io,
      `Logged in as ${result.user.username} to ${where} until ${formatDateTime(result.expiresAt, "UTC")} UTC.`,
    );
  }
}
