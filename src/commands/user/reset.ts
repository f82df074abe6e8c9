import { Command } from "commander";
import type { Context } from "../../context.js";
import { resetPassword } from "../../domain/accounts.js";
import { validatePassword } from "../../domain/setup.js";
import { ValidationError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { askSecrets, askUsername, type SecretQuestion } from "./secrets.js";

export interface UserResetOpts {
  /** Undefined: asked in a terminal. */
  username?: string;
  passwordStdin: boolean;
}

export function userResetCommand(ctx: Context, run: RunFn<UserResetOpts> = runUserReset): Command {
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
    .action((flags: { username?: string; passwordStdin?: boolean }) =>
      run(ctx, {
        ...(flags.username !== undefined ? { username: flags.username.trim() } : {}),
        passwordStdin: Boolean(flags.passwordStdin),
      }),
    );
}

export async function runUserReset(ctx: Context, opts: UserResetOpts): Promise<void> {
  const username = (await askUsername(ctx, opts.username)).trim();
  const questions: SecretQuestion[] = [
    { message: "Reset token", name: "the reset token" },
    { message: "New password", name: "the new password" },
  ];
  if (!opts.passwordStdin) questions.push({ message: "New password again", name: "the new password again" });
  const [token = "", next = "", again] = await askSecrets(ctx, opts.passwordStdin, questions);
  if (again !== undefined && again !== next) throw new ValidationError("the new passwords do not match");
  await resetPassword(await ctx.database(), { username, token, password: validatePassword(next), now: ctx.now() });
  printLine(ctx.io, `Password reset for ${username}: log in with tradesense user login --username ${username}.`);
}
