import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { createUser } from "../../domain/accounts.js";
import { EMAIL_VERIFICATION_HOURS } from "../../domain/email-verification.js";
import { validateEmail, validatePassword, validateTimeZone, validateUsername } from "../../domain/setup.js";
import { systemTimeZone } from "../../domain/timezones.js";
import { ValidationError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { configuredMailer, HOW_TO_CONFIGURE_MAIL } from "../../io/mail.js";
import { printLine, printNote } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { askSecrets, askUsername } from "./secrets.js";

interface UserRegisterFlags {
  username?: string;
  email?: string;
  fullName?: string;
  timezone?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

/** Each value given is checked here; one left out is asked for in a terminal (the time zone: this machine's). */
export interface UserRegisterOpts {
  username?: string;
  email?: string;
  fullName?: string;
  timezone?: string;
  passwordStdin: boolean;
  json: boolean;
}

export function userRegisterCommand(ctx: Context, run: RunFn<UserRegisterOpts> = runUserRegister): Command {
  return new Command("register")
    .description("Create a user on this database (then log in with `tradesense user login`)")
    .option("--username <name>", "the new username")
    .option("--email <address>", "their email")
    .option("--full-name <name>", "their full name")
    .option("--timezone <zone>", "their IANA time zone (default: this machine's)")
    .option("--password-stdin", "read the password from standard input")
    .option("--json", "print the new user as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense user register                     # asks for what it needs
  $ echo "$PW" | tradesense user register --username bob --email bob@example.com --password-stdin

With a mail command configured (TRADESENSE_SENDMAIL='sendmail -t -i', or "mail": {"sendmail": ...} in the config
file), a verification token is mailed to the address: redeem it with tradesense user verify-email.`,
    )
    .action((flags: UserRegisterFlags) => run(ctx, parseUserRegister(flags)));
}

export function parseUserRegister(flags: UserRegisterFlags): UserRegisterOpts {
  return {
    ...(flags.username !== undefined ? { username: validateUsername(flags.username) } : {}),
    ...(flags.email !== undefined ? { email: validateEmail(flags.email) } : {}),
    ...(flags.fullName !== undefined ? { fullName: flags.fullName } : {}),
    ...(flags.timezone !== undefined ? { timezone: validateTimeZone(flags.timezone) } : {}),
    passwordStdin: Boolean(flags.passwordStdin),
    json: Boolean(flags.json),
  };
}

export async function runUserRegister(ctx: Context, opts: UserRegisterOpts): Promise<void> {
  const username = opts.username ?? validateUsername(await askUsername(ctx, undefined));
  const email = opts.email ?? validateEmail(await ctx.prompter.input({ message: "Email", flag: "--email" }));
  const timezone = opts.timezone ?? validateTimeZone(systemTimeZone());
  const questions = [{ message: "Password", name: "the password" }];
  if (!opts.passwordStdin) questions.push({ message: "Password again", name: "the password again" });
  const [password, again] = await askSecrets(ctx, opts.passwordStdin, questions);
  if (again !== undefined && again !== password) throw new ValidationError("the passwords do not match");
  const mailer = configuredMailer(ctx.env, ctx.config());
  const user = await createUser(await ctx.database(), {
    username,
    email,
    password: validatePassword(password ?? ""),
    fullName: opts.fullName ?? null,
    timezone,
    verification: mailer && { mailer, now: ctx.now(), where: describeLocation(ctx.location()) },
  });
  const verificationMail = user.verification?.status ?? "not configured";
  if (opts.json) {
    printJsonDocument(ctx.io, { id: user.id, username: user.username, email: user.email, timezone, verificationMail });
  } else {
    printLine(ctx.io, `Registered ${user.username}. Log in with: tradesense user login --username ${user.username}`);
  }
  if (!user.verification) {
    printNote(
      ctx.io,
      `No verification mail was sent: ${HOW_TO_CONFIGURE_MAIL}, or have a superuser run tradesense user verify-email ${user.username}.`,
    );
  } else if (user.verification.status === "sent") {
    printNote(
      ctx.io,
      `Sent a verification mail to ${user.email}: once logged in, run tradesense user verify-email and paste its token (valid ${EMAIL_VERIFICATION_HOURS} hours, once).`,
    );
  } else {
    printNote(
      ctx.io,
      `warning: the verification mail was not sent (${user.verification.reason}): once logged in, run tradesense user send-verification.`,
    );
  }
}
