// The superuser's verbs on another account: small enough to share one file and one shape.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { type Actor, issueResetToken, setTemporaryPassword, setUserActive } from "../../domain/accounts.js";
import { formatDateTime, printJson, printLine, printNote } from "../../io/render.js";

/** The acting user, as the superuser checks in domain/accounts.ts see them. */
export async function actor(ctx: Context): Promise<Actor> {
  const user = await ctx.currentUser();
  return { id: user.id, username: user.username, isSuperuser: user.isSuperuser };
}

function adminCommand(name: string, description: string, example: string) {
  return new Command(name)
    .description(`${description} (superusers only)`)
    .argument("<username>", "the user")
    .option("--json", "print the result as JSON")
    .addHelpText("after", `\nExamples:\n  $ tradesense user ${name} ${example}`);
}

export function userDeactivateCommand(ctx: Context): Command {
  return adminCommand("deactivate", "Deactivate a user: they can no longer log in, and their logins end", "bob").action(
    async (username: string, options: { json?: boolean }) => {
      const result = await setUserActive(await ctx.database(), await actor(ctx), username, false, ctx.now());
      if (options.json) printJson(ctx.io, { username, active: false, ...result });
      else
        printLine(
          ctx.io,
          `${username} is deactivated${result.changed ? "" : " (already was)"}; ${result.sessionsRevoked} login(s) ended.`,
        );
    },
  );
}

export function userActivateCommand(ctx: Context): Command {
  return adminCommand("activate", "Reactivate a deactivated user", "bob").action(
    async (username: string, options: { json?: boolean }) => {
      const result = await setUserActive(await ctx.database(), await actor(ctx), username, true, ctx.now());
      if (options.json) printJson(ctx.io, { username, active: true, changed: result.changed });
      else printLine(ctx.io, `${username} is active${result.changed ? "" : " (already was)"}.`);
    },
  );
}

export function userSetPasswordCommand(ctx: Context): Command {
  return adminCommand(
    "set-password",
    "Give a user a random temporary password (printed once) and end their logins",
    "bob",
  ).action(async (username: string, options: { json?: boolean }) => {
    const temporary = await setTemporaryPassword(await ctx.database(), await actor(ctx), username, ctx.now());
    if (options.json) printJson(ctx.io, { username, temporaryPassword: temporary });
    else {
      printLine(ctx.io, temporary);
      printNote(
        ctx.io,
        `Temporary password for ${username} (shown once): they should change it with tradesense user passwd.`,
      );
    }
  });
}

export function userResetTokenCommand(ctx: Context): Command {
  return adminCommand(
    "reset-token",
    "Issue a one-time password reset token for a user (valid 60 minutes; hand it over privately)",
    "bob",
  ).action(async (username: string, options: { json?: boolean }) => {
    const me = await actor(ctx);
    const { token, expiresAt } = await issueResetToken(await ctx.database(), me, username, ctx.now());
    if (options.json) printJson(ctx.io, { username, token, expiresAt });
    else {
      printLine(ctx.io, token);
      printNote(
        ctx.io,
        `Reset token for ${username}, valid once until ${formatDateTime(expiresAt, "UTC")} UTC: tradesense user reset --username ${username}`,
      );
    }
  });
}
