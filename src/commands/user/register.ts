import { Command } from "commander";
import type { Context } from "../../context.js";
import { createUser } from "../../domain/accounts.js";
import { validateEmail, validatePassword, validateTimeZone, validateUsername } from "../../domain/setup.js";
import { systemTimeZone } from "../../domain/timezones.js";
import { ValidationError } from "../../errors.js";
import { printJson, printLine } from "../../io/render.js";
import { askSecrets, askUsername } from "./secrets.js";

interface RegisterOptions {
  username?: string;
  email?: string;
  fullName?: string;
  timezone?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

export function userRegisterCommand(ctx: Context): Command {
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
  $ echo "$PW" | tradesense user register --username bob --email bob@example.com --password-stdin`,
    )
    .action(async (options: RegisterOptions) => {
      const username = validateUsername(await askUsername(ctx, options.username));
      const email = validateEmail(options.email ?? (await ctx.prompter.input({ message: "Email", flag: "--email" })));
      const timezone = validateTimeZone(options.timezone ?? systemTimeZone());
      const questions = [{ message: "Password", name: "the password" }];
      if (!options.passwordStdin) questions.push({ message: "Password again", name: "the password again" });
      const [password, again] = await askSecrets(ctx, options.passwordStdin, questions);
      if (again !== undefined && again !== password) throw new ValidationError("the passwords do not match");
      const user = await createUser(await ctx.database(), {
        username,
        email,
        password: validatePassword(password ?? ""),
        fullName: options.fullName ?? null,
        timezone,
      });
      if (options.json) printJson(ctx.io, { id: user.id, username: user.username, email: user.email, timezone });
      else
        printLine(
          ctx.io,
          `Registered ${user.username}. Log in with: tradesense user login --username ${user.username}`,
        );
    });
}
