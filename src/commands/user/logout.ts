import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { logout } from "../../domain/accounts.js";
import { UsageError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

/** `user logout` takes no flags: its options object is empty. */
export type UserLogoutOpts = Record<string, never>;

export function userLogoutCommand(ctx: Context, run: RunFn<UserLogoutOpts> = runUserLogout): Command {
  return new Command("logout")
    .description("Log out: revoke this login on the database and forget it here")
    .addHelpText("after", "\nExamples:\n  $ tradesense user logout")
    .action(() => run(ctx, {}));
}

export async function runUserLogout(ctx: Context, _opts: UserLogoutOpts): Promise<void> {
  const saved = ctx.savedLogin();
  const where = describeLocation(ctx.location());
  if (!saved) throw new UsageError(`not logged in to ${where}`);
  // Resolved first so the usage row names who logged out; an already revoked login is still forgotten here.
  await ctx.currentUser().catch(() => undefined);
  const revoked = await logout(await ctx.database(), saved.token, ctx.now());
  ctx.saveLogin(undefined);
  printLine(ctx.io, `Logged out ${saved.username} from ${where}${revoked ? "" : " (that login had already ended)"}.`);
}
