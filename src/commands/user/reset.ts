import { Command } from "commander";
import type { Context } from "../../context.js";
import { resetPassword } from "../../domain/accounts.js";
import { validatePassword } from "../../domain/setup.js";
import { ValidationError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import { askSecrets, askUsername, type SecretQuestion } from "./secrets.js";

export function userResetCommand(ctx: Context): Command {
  return new Command("reset")
    .description("Set a new password with a reset token from a superuser (the token works once)")
    .option("--username <name>", "your username")
    .option("--password-stdin", "read the token, then the new password, one per line, from standard input")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense user reset --username bob
  $ printf '%s\\n%s\\n' "$TOKEN" "$NEW" | tradesense user reset --username bob --password-stdin`,
    )
    .action(async (options: { username?: string; passwordStdin?: boolean }) => {
      const username = (await askUsername(ctx, options.username)).trim();
      const questions: SecretQuestion[] = [
        { message: "Reset token", name: "the reset token" },
        { message: "New password", name: "the new password" },
      ];
      if (!options.passwordStdin) questions.push({ message: "New password again", name: "the new password again" });
      const [token = "", next = "", again] = await askSecrets(ctx, options.passwordStdin, questions);
      if (again !== undefined && again !== next) throw new ValidationError("the new passwords do not match");
      await resetPassword(await ctx.database(), { username, token, password: validatePassword(next), now: ctx.now() });
      printLine(ctx.io, `Password reset for ${username}: log in with tradesense user login --username ${username}.`);
    });
}
