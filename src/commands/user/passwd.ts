import { Command } from "commander";
import type { Context } from "../../context.js";
import { findUserById } from "../../db/users.js";
import { changePassword } from "../../domain/accounts.js";
import { NO_PASSWORD } from "../../domain/passwords.js";
import { validatePassword } from "../../domain/setup.js";
import { ValidationError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { askSecrets, type SecretQuestion } from "./secrets.js";

export interface UserPasswdOpts {
  passwordStdin: boolean;
}

export function userPasswdCommand(ctx: Context, run: RunFn<UserPasswdOpts> = runUserPasswd): Command {
  return new Command("passwd")
    .description("Change your password (the embedded journal's local user can set a first one)")
    .option("--password-stdin", "read the current password, then the new one, one per line, from standard input")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense user passwd
  $ printf '%s\\n%s\\n' "$OLD" "$NEW" | tradesense user passwd --password-stdin`,
    )
    .action((flags: { passwordStdin?: boolean }) => run(ctx, { passwordStdin: Boolean(flags.passwordStdin) }));
}

export async function runUserPasswd(ctx: Context, opts: UserPasswdOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const hasPassword = (await findUserById(db, user.id))?.hashed_password !== NO_PASSWORD;
  const questions: SecretQuestion[] = [];
  if (hasPassword) questions.push({ message: "Current password", name: "the current password" });
  questions.push({ message: "New password", name: "the new password" });
  if (!opts.passwordStdin) questions.push({ message: "New password again", name: "the new password again" });
  const answers = await askSecrets(ctx, opts.passwordStdin, questions);
  const current = hasPassword ? (answers.shift() ?? "") : null;
  const [next = "", again] = answers;
  if (again !== undefined && again !== next) throw new ValidationError("the new passwords do not match");
  await changePassword(db, user.id, { current, next: validatePassword(next) });
  printLine(ctx.io, `Password changed for ${user.username}.`);
}
