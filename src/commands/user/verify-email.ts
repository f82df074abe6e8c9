// Two ways to verify an email: the user redeems the token mailed to them, or a superuser vouches for someone's.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { verifyUserEmail } from "../../domain/accounts.js";
import { verifyEmailWithToken } from "../../domain/email-verification.js";
import { UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { readSecret } from "../../io/read-stdin.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { actor } from "./admin.js";

export interface UserVerifyEmailOpts {
  /** A superuser marking this user's email verified; undefined: the acting user redeems a token. */
  username?: string;
  tokenStdin: boolean;
  json: boolean;
}

export function userVerifyEmailCommand(ctx: Context, run: RunFn<UserVerifyEmailOpts> = runUserVerifyEmail): Command {
  return new Command("verify-email")
    .description("Verify your email with the token mailed to you, or (superusers) mark a user's email verified")
    .argument("[username]", "a superuser: the user whose email to mark verified")
    .option("--token-stdin", "read the token from standard input (otherwise asked for, hidden, in a terminal)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense user verify-email                         # paste the token from the mail when asked
  $ tradesense user verify-email --token-stdin < token.txt
  $ tradesense user verify-email bob                     # a superuser vouches for bob's address

The token is never taken as an argument: process arguments are visible to other users of the machine.`,
    )
    .action((username: string | undefined, flags: { tokenStdin?: boolean; json?: boolean }) => {
      if (username !== undefined && flags.tokenStdin) {
        throw new UsageError("give a username (superusers) or --token-stdin, not both");
      }
      return run(ctx, {
        ...(username !== undefined ? { username } : {}),
        tokenStdin: Boolean(flags.tokenStdin),
        json: Boolean(flags.json),
      });
    });
}

export async function runUserVerifyEmail(ctx: Context, opts: UserVerifyEmailOpts): Promise<void> {
  if (opts.username !== undefined) {
    const { username } = opts;
    const changed = await verifyUserEmail(await ctx.database(), await actor(ctx), username);
    // A superuser vouching names the user only: their address is not looked up for the answer.
    if (opts.json) printJsonDocument(ctx.io, { username, email: null, emailVerified: true, changed });
    else printLine(ctx.io, `${username}'s email is verified${changed ? "" : " (already was)"}.`);
    return;
  }
  const user = await ctx.currentUser();
  const token = opts.tokenStdin
    ? await readSecret(ctx.io.stdin)
    : await ctx.prompter.password({ message: "Verification token", flag: "--token-stdin" });
  const { email, changed } = await verifyEmailWithToken(await ctx.database(), user.id, token.trim(), ctx.now());
  if (opts.json) printJsonDocument(ctx.io, { username: user.username, email, emailVerified: true, changed });
  else printLine(ctx.io, `Your email ${email} is verified.`);
}
