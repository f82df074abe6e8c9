import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { login } from "../../domain/accounts.js";
import { formatDateTime, printJson, printLine } from "../../io/render.js";
import { askSecrets, askUsername } from "./secrets.js";

export function userLoginCommand(ctx: Context): Command {
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
    .action(async (options: { username?: string; passwordStdin?: boolean; json?: boolean }) => {
      const username = (await askUsername(ctx, options.username)).trim();
      const [password] = await askSecrets(ctx, options.passwordStdin, [{ message: "Password", name: "the password" }]);
      const result = await login(await ctx.database(), { username, password: password ?? "", now: ctx.now() });
      // The token goes to a file only this user can read; the database keeps only its hash.
      ctx.saveLogin({ username: result.user.username, token: result.token });
      const where = describeLocation(ctx.location());
      if (options.json) {
        printJson(ctx.io, { username: result.user.username, location: where, expiresAt: result.expiresAt });
      } else {
        printLine(
          ctx.io,
          `Logged in as ${result.user.username} to ${where} until ${formatDateTime(result.expiresAt, "UTC")} UTC.`,
        );
      }
    });
}
