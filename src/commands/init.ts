import { userInfo } from "node:os";
import { Command } from "commander";
import type { Context } from "../context.js";
import { locationKey } from "../context.js";
import { describeLocation, isEmbeddedInitialised } from "../db/connect.js";
import { hasSchema } from "../db/migrate.js";
import { openSession } from "../domain/accounts.js";
import {
  applyMigrations,
  createFirstUser,
  type FirstUserInput,
  inspectJournal,
  validateEmail,
  validatePassword,
  validateTimeZone,
  validateUsername,
} from "../domain/setup.js";
import { systemTimeZone } from "../domain/timezones.js";
import { UsageError } from "../errors.js";
import { printJsonDocument } from "../io/json-output.js";
import { checkedBy } from "../io/prompter.js";
import { readSecret } from "../io/read-stdin.js";
import { printLine, printNote } from "../io/render.js";
import { withSpinner } from "../io/spinner.js";
import { canPrompt } from "../io/streams.js";
import type { RunFn } from "./define.js";

interface InitFlags {
  username?: string;
  email?: string;
  passwordStdin?: boolean;
  timezone?: string;
  yes?: boolean;
  json?: boolean;
}

/** Every value given, checked before anything is created or migrated: a bad one leaves no half-made journal. */
export interface InitOpts {
  username?: string;
  email?: string;
  /** Undefined: asked in a terminal, else this machine's. */
  timezone?: string;
  passwordStdin: boolean;
  yes: boolean;
  json: boolean;
}

export function initCommand(ctx: Context, run: RunFn<InitOpts> = runInit): Command {
  return new Command("init")
    .description("Create the journal: the database (embedded by default), its schema, and your user")
    .option("--username <name>", "your username (default: your login name, with --yes)")
    .option("--email <address>", "your email (default: <username>@localhost on the embedded journal, with --yes)")
    .option("--password-stdin", "read your password from standard input (required on a server)")
    .option("--timezone <zone>", "your IANA time zone for dates and reports (default: this machine's)")
    .option("-y, --yes", "accept the defaults instead of asking")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense init                                   # asks for what it needs
  $ tradesense init --yes                             # embedded journal, your login name, no password
  $ echo "$PW" | tradesense init --database-url postgres://me@db/journal --username me --email me@example.com --password-stdin`,
    )
    .action((flags: InitFlags) => run(ctx, parseInit(flags)));
}

export function parseInit(flags: InitFlags): InitOpts {
  return {
    ...(flags.username !== undefined ? { username: validateUsername(flags.username) } : {}),
    ...(flags.email !== undefined ? { email: validateEmail(flags.email) } : {}),
    ...(flags.timezone !== undefined ? { timezone: validateTimeZone(flags.timezone) } : {}),
    passwordStdin: Boolean(flags.passwordStdin),
    yes: Boolean(flags.yes),
    json: Boolean(flags.json),
  };
}

export async function runInit(ctx: Context, options: InitOpts): Promise<void> {
  const location = ctx.location();
  const embedded = location.kind === "embedded";
  const interactive = canPrompt(ctx.io) && !options.yes;
  const given: GivenInput = {
    username: options.username,
    email: options.email,
    timezone: options.timezone ?? validateTimeZone(systemTimeZone()),
  };
  // A new journal's user is asked for (or found missing) before its directory or schema exists, so a refusal or
  // Ctrl-C at a prompt leaves nothing behind. An existing one is inspected first: running init again asks nothing.
  let input: FirstUserInput | undefined;
  const firstTime = embedded && !isEmbeddedInitialised(location.path);
  if (firstTime) {
    input = await readInput(ctx, options, given, embedded, interactive);
    if (!options.json && ctx.io.stderrIsTTY) announce(ctx, describeLocation(location), input);
  }
  const db = await withSpinner(
    ctx.io,
    firstTime
      ? "Creating the embedded database (the first time takes a few seconds, up to a minute on a slow disk)"
      : "Opening the journal",
    () => ctx.database({ create: true, skipMigrationCheck: true }),
  );
  if (!embedded && !(await hasSchema(db))) input = await readInput(ctx, options, given, embedded, interactive);
  const applied = await applyMigrations(db);
  const currentUsername = ctx.config().currentUser?.[locationKey(location)];
  const journal = await inspectJournal(db, currentUsername);
  const where = describeLocation(location);

  if (journal.state === "current-user" || (journal.state === "has-users" && embedded && journal.onlyUsername)) {
    const username = journal.state === "current-user" ? journal.username : (journal.onlyUsername as string);
    if (journal.state === "has-users") ctx.setCurrentUser(username);
    report(ctx, options, { created: false, location: where, username, migrationsApplied: applied });
    return;
  }
  if (journal.state === "has-users") {
    throw new UsageError(
      `${where} already has ${journal.count} users: log in as one of them instead: tradesense user login --username <name>`,
    );
  }

  // A journal with no user yet (a new one, or an init interrupted after migrating) is finished here.
  input ??= await readInput(ctx, options, given, embedded, interactive);
  const user = await createFirstUser(db, input);
  ctx.setCurrentUser(user.username);
  if (!embedded) {
    // On a server the creator is logged in at once: later commands act through this revocable token.
    const session = await openSession(db, user.id, ctx.now());
    ctx.saveLogin({ username: user.username, token: session.token });
  }
  report(ctx, options, { created: true, location: where, username: user.username, migrationsApplied: applied });
}

interface GivenInput {
  username: string | undefined;
  email: string | undefined;
  timezone: string;
}

/** The first user's details: from flags, defaults (with --yes) or prompts, each checked as it comes. */
async function readInput(
  ctx: Context,
  options: InitOpts,
  given: GivenInput,
  embedded: boolean,
  interactive: boolean,
): Promise<FirstUserInput> {
  const username =
    given.username ??
    validateUsername(
      interactive
        ? await ctx.prompter.input({
            message: "Username",
            flag: "--username",
            default: defaultUsername(),
            validate: checkedBy(validateUsername),
          })
        : requireDefault(options, "--username", defaultUsername()),
    );
  const email =
    given.email ??
    validateEmail(
      interactive
        ? await ctx.prompter.input({
            message: "Email",
            flag: "--email",
            default: `${username}@localhost`,
            validate: checkedBy(validateEmail),
          })
        : requireDefault(options, "--email", embedded ? `${username}@localhost` : undefined),
    );
  const timezone =
    interactive && options.timezone === undefined
      ? validateTimeZone(
          await ctx.prompter.input({
            message: "Time zone (for the dates you type and how days and weeks are cut)",
            flag: "--timezone",
            default: given.timezone,
            validate: checkedBy(validateTimeZone),
          }),
        )
      : given.timezone;
  let password: string | null = null;
  if (options.passwordStdin) {
    password = validatePassword(await readSecret(ctx.io.stdin));
  } else if (interactive) {
    const entered = await ctx.prompter.password({
      message: embedded ? "Password (optional on this machine, Enter to skip)" : "Password",
      flag: "--password-stdin",
      validate: checkedBy((text) => (text === "" && embedded) || validatePassword(text)),
    });
    if (entered !== "" || !embedded) password = validatePassword(entered);
  } else if (!embedded) {
    throw new UsageError("--password-stdin is required to create a user on a server");
  }
  return { username, email, password, timezone };
}

/** What a first init is about to create, said before it starts (the database takes a few seconds to make). */
function announce(ctx: Context, where: string, input: FirstUserInput): void {
  printNote(ctx.io, `Creating your journal at ${where} for ${input.username} (time zone ${input.timezone}).`);
}

function defaultUsername(): string {
  const name = userInfo()
    .username.replace(/[^A-Za-z0-9._-]/g, "")
    .slice(0, 50);
  return /^[A-Za-z0-9]/.test(name) ? name : "trader";
}

function requireDefault(options: InitOpts, flag: string, fallback: string | undefined): string {
  if (options.yes && fallback !== undefined) return fallback;
  if (options.yes) throw new UsageError(`${flag} is required: it has no default on a server`);
  const hint = fallback !== undefined ? " (or pass --yes for the default)" : "";
  throw new UsageError(`${flag} is required when not running in a terminal${hint}`);
}

interface InitReport {
  created: boolean;
  location: string;
  username: string;
  migrationsApplied: string[];
}

function report(ctx: Context, options: InitOpts, result: InitReport): void {
  if (options.json) {
    printJsonDocument(ctx.io, result);
    return;
  }
  if (result.created) {
    printLine(ctx.io, `Created your journal at ${result.location} for ${result.username}.`);
    printLine(ctx.io, `Applied ${result.migrationsApplied.length} migrations. Next: tradesense trade add --help`);
  } else if (result.migrationsApplied.length > 0) {
    printLine(
      ctx.io,
      `Journal at ${result.location} already set up for ${result.username}; applied ${result.migrationsApplied.length} pending migration(s).`,
    );
  } else {
    printLine(ctx.io, `Journal at ${result.location} is already set up for ${result.username}: nothing changed.`);
  }
}
