// Two ways to verify an email: the user redeems the token mailed to them, or a superuser vouches for someone's.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { verifyUserEmail } from "../../domain/accounts.js";
import { verifyEmailWithToken } from "../../domain/email-verification.js";
import { UsageError } from "../../errors.js";
import { readSecret } from "../../io/read-stdin.js";
import { printJson, printLine } from "../../io/render.js";
import { actor } from "./admin.js";

interface VerifyEmailOptions {
  tokenStdin?: boolean;
  json?: boolean;
}

export function userVerifyEmailCommand(ctx: Context): Command {
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
    .action(async (username: string | undefined, options: VerifyEmailOptions) => {
      if (username !== undefined) {
        if (options.tokenStdin) throw new UsageError("give a username (superusers) or --token-stdin, not both");
        const changed = await verifyUserEmail(await ctx.database(), await actor(ctx), username);
        if (options.json) printJson(ctx.io, { username, emailVerified: true, changed });
        else printLine(ctx.io, `${username}'s email is verified${changed ? "" : " (already was)"}.`);
        return;
      }
      const user = await ctx.currentUser();
      const token = options.tokenStdin
        ? await readSecret(ctx.io.stdin)
        : await ctx.prompter.password({ message: "Verification token", flag: "--token-stdin" });
      const { email } = await verifyEmailWithToken(await ctx.database(), user.id, token.trim(), ctx.now());
      if (options.json) printJson(ctx.io, { username: user.username, email, emailVerified: true });
      else printLine(ctx.io, `Your email ${email} is verified.`);
    });
}
