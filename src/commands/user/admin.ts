// The superuser's verbs on another account: small enough to share one file and one shape.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { type Actor, issueResetToken, setTemporaryPassword, setUserActive } from "../../domain/accounts.js";
import { isoTime, printJsonDocument } from "../../io/json-output.js";
import { formatDateTime, printLine, printNote } from "../../io/render.js";
import type { RunFn } from "../define.js";

/** The acting user, as the superuser checks in domain/accounts.ts see them. */
export async function actor(ctx: Context): Promise<Actor> {
  const user = await ctx.currentUser();
  return { id: user.id, username: user.username, isSuperuser: user.isSuperuser };
}

/** What every superuser verb on another account parses into: whose account, and --json. */
export interface UserAdminOpts {
  username: string;
  json: boolean;
}

function adminCommand(ctx: Context, name: string, description: string, run: RunFn<UserAdminOpts>): Command {
  return new Command(name)
    .description(`${description} (superusers only)`)
    .argument("<username>", "the user")
    .option("--json", "print the result as JSON")
    .addHelpText("after", `\nExamples:\n  $ tradesense user ${name} bob`)
    .action((username: string, flags: { json?: boolean }) => run(ctx, { username, json: Boolean(flags.json) }));
}

export function userDeactivateCommand(ctx: Context, run: RunFn<UserAdminOpts> = runUserDeactivate): Command {
  return adminCommand(ctx, "deactivate", "Deactivate a user: they can no longer log in, and their logins end", run);
}

export async function runUserDeactivate(ctx: Context, { username, json }: UserAdminOpts): Promise<void> {
  const result = await setUserActive(await ctx.database(), await actor(ctx), username, false, ctx.now());
  if (json)
    printJsonDocument(ctx.io, {
      username,
      active: false,
      changed: result.changed,
      sessionsRevoked: result.sessionsRevoked,
    });
  else
    printLine(
      ctx.io,
      `${username} is deactivated${result.changed ? "" : " (already was)"}; ${result.sessionsRevoked} login(s) ended.`,
    );
}

export function userActivateCommand(ctx: Context, run: RunFn<UserAdminOpts> = runUserActivate): Command {
  return adminCommand(ctx, "activate", "Reactivate a deactivated user", run);
}

export async function runUserActivate(ctx: Context, { username, json }: UserAdminOpts): Promise<void> {
  const result = await setUserActive(await ctx.database(), await actor(ctx), username, true, ctx.now());
  if (json) printJsonDocument(ctx.io, { username, active: true, changed: result.changed });
  else printLine(ctx.io, `${username} is active${result.changed ? "" : " (already was)"}.`);
}

export function userSetPasswordCommand(ctx: Context, run: RunFn<UserAdminOpts> = runUserSetPassword): Command {
  return adminCommand(
    ctx,
    "set-password",
    "Give a user a random temporary password (printed once) and end their logins",
    run,
  );
}

export async function runUserSetPassword(ctx: Context, { username, json }: UserAdminOpts): Promise<void> {
  const temporary = await setTemporaryPassword(await ctx.database(), await actor(ctx), username, ctx.now());
  if (json) printJsonDocument(ctx.io, { username, temporaryPassword: temporary });
  else {
    printLine(ctx.io, temporary);
    printNote(
      ctx.io,
      `Temporary password for ${username} (shown once): they should change it with tradesense user passwd.`,
    );
  }
}

export function userResetTokenCommand(ctx: Context, run: RunFn<UserAdminOpts> = runUserResetToken): Command {
  return adminCommand(
    ctx,
    "reset-token",
    "Issue a one-time password reset token for a user (valid 60 minutes; hand it over privately)",
    run,
  );
}

export async function runUserResetToken(ctx: Context, { username, json }: UserAdminOpts): Promise<void> {
  const me = await actor(ctx);
  const { token, expiresAt } = await issueResetToken(await ctx.database(), me, username, ctx.now());
  if (json) printJsonDocument(ctx.io, { username, token, expiresAt: isoTime(expiresAt) });
  else {
    printLine(ctx.io, token);
    printNote(
      ctx.io,
      `Reset token for ${username}, valid once until ${formatDateTime(expiresAt, "UTC")} UTC: tradesense user reset --username ${username}`,
    );
  }
}
