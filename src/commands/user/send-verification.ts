import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { EMAIL_VERIFICATION_HOURS, sendEmailVerification } from "../../domain/email-verification.js";
import { UsageError } from "../../errors.js";
import { isoTime, printJsonDocument } from "../../io/json-output.js";
import { configuredMailer, HOW_TO_CONFIGURE_MAIL } from "../../io/mail.js";
import { formatDateTime, printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface UserSendVerificationOpts {
  json: boolean;
}

export function userSendVerificationCommand(
  ctx: Context,
  run: RunFn<UserSendVerificationOpts> = runUserSendVerification,
): Command {
  return new Command("send-verification")
    .description(`Mail yourself a new email verification token (valid ${EMAIL_VERIFICATION_HOURS} hours, once)`)
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense user send-verification
  $ tradesense user verify-email          # then paste the token from the mail

The mail leaves through the command in TRADESENSE_SENDMAIL (e.g. 'sendmail -t -i') or "mail": {"sendmail": ...}
in the config file; a new token replaces the one sent before.`,
    )
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runUserSendVerification(ctx: Context, opts: UserSendVerificationOpts): Promise<void> {
  const user = await ctx.currentUser();
  const mailer = configuredMailer(ctx.env, ctx.config());
  if (!mailer) {
    throw new UsageError(
      `no mail command is configured: ${HOW_TO_CONFIGURE_MAIL} (or ask a superuser: tradesense user verify-email ${user.username})`,
    );
  }
  const { email, expiresAt } = await sendEmailVerification(await ctx.database(), user.id, {
    mailer,
    now: ctx.now(),
    where: describeLocation(ctx.location()),
  });
  if (opts.json) printJsonDocument(ctx.io, { email, sent: expiresAt !== null, expiresAt: isoTime(expiresAt) });
  else if (!expiresAt) printLine(ctx.io, `Your email ${email} is already verified: nothing sent.`);
  else
    printLine(
      ctx.io,
      `Sent a verification token to ${email}, valid once until ${formatDateTime(expiresAt, "UTC")} UTC: run tradesense user verify-email and paste it.`,
    );
}
