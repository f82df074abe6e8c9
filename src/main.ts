// Builds the program and maps every failure to one line on stderr and a documented exit code. The only place that
// decides how the process ends.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Help } from "commander";
import { COMMAND_TREE } from "./commands/command-tree.js";
import { COMMANDS } from "./commands/registry.js";
import { type Context, type ContextOptions, createContext } from "./context.js";
import { describeLocation } from "./db/location.js";
import type { UsageEntry } from "./db/usage.js";
import {
  conflictFromDatabaseError,
  DeclinedError,
  ExitCode,
  namingFlagOf,
  TradesenseError,
  UsageError,
} from "./errors.js";
import { setColor, systemStreams } from "./io/streams.js";
import { packageRoot } from "./package-root.js";

export const version: string = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version;

/**
 * The program for one run: its global options, the command the arguments name loaded from its module, and every
 * other command as a placeholder with the name, usage and description `--help` lists (from commands/command-tree.ts),
 * so a run loads one command's modules, or none for `--help` and `--version`. "all" loads every command (the
 * command-tree generator and its test).
 */
export async function buildProgram(ctx: Context, argv: readonly string[] | "all"): Promise<Command> {
  const program = new Command("tradesense")
    .description("A terminal-first trading journal: trades, journal, playbooks, broker imports and reports.")
    .option("-V, --version", "print the version, the Node.js version and where the journal is (--json too)")
    .option("--database-url <url>", "use this PostgreSQL server instead of the embedded journal (or DATABASE_URL)")
    .option("--no-color", "turn off colour (also NO_COLOR=1 or TERM=dumb)")
    .option("--debug", "show stack traces for errors")
    .option("--wait <seconds>", "wait this long for another tradesense using the embedded journal (default 60)")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense init --yes                 # create your journal (embedded, no server needed)
  $ tradesense trade add --symbol AAPL --side long --qty 100 --price 187.20
  $ tradesense trade list --open
  $ tradesense demo                       # a scratch journal with sample data

Data lives in an embedded PostgreSQL under your data directory (TRADESENSE_HOME moves it);
--database-url or DATABASE_URL points at a PostgreSQL server instead.
Exit codes: 0 ok, 1 unexpected error, 2 bad usage or value, 3 not found, 4 conflict, 5 database,
10 import with bad rows, 11 nothing imported, 130 cancelled.`,
    );
  program.on("option:version", () => {
    const databaseUrl = program.opts<{ databaseUrl?: string }>().databaseUrl;
    if (databaseUrl !== undefined) ctx.globals.databaseUrl = databaseUrl;
    printVersion(ctx, argv !== "all" && argv.includes("--json"));
    throw new CommanderError(ExitCode.ok, "commander.version", "(version)");
  });
  const named = argv === "all" ? undefined : commandNamed(program, argv);
  await addCommands(program, ctx, (name) => argv === "all" || name === named);

  // The global options are parsed before a subcommand is dispatched, so they apply even to a run that then fails
  // to parse (its usage record must name the database --database-url chose).
  const applyGlobals = () => {
    const globals = program.opts<{ databaseUrl?: string; color?: boolean; debug?: boolean; wait?: string }>();
    if (globals.databaseUrl !== undefined) ctx.globals.databaseUrl = globals.databaseUrl;
    if (globals.wait !== undefined) ctx.globals.waitSeconds = parseWaitSeconds(globals.wait);
    ctx.globals.debug = Boolean(globals.debug);
    if (globals.color === false) setColor(ctx.io, false);
  };
  program.hook("preSubcommand", applyGlobals);
  program.hook("preAction", (_program, action) => {
    ctx.globals.commandPath = commandPath(action);
    applyGlobals();
  });

  configureTree(program, ctx);
  return program;
}

/**
 * What a bug report needs first: this program's version, the Node.js running it, and which journal it would open
 * (a server URL with its password masked). Opens nothing. JSON: { version: 1, tradesense, node, database: { kind,
 * location } }.
 */
function printVersion(ctx: Context, json: boolean): void {
  const location = ctx.location();
  const where = describeLocation(location);
  if (json) {
    const shape = {
      version: 1,
      tradesense: version,
      node: process.version,
      database: { kind: location.kind, location: where },
    };
    ctx.io.stdout.write(`${JSON.stringify(shape, null, 2)}\n`);
    return;
  }
  ctx.io.stdout.write(
    `tradesense ${version} (Node.js ${process.version})\njournal: ${where} (${location.kind === "embedded" ? "embedded" : "server"})\n`,
  );
}

/** Adds every registered command: loaded when wanted (or when the tree does not know it yet), else a placeholder. */
async function addCommands(program: Command, ctx: Context, wanted: (name: string) => boolean): Promise<void> {
  const placeholders = new Map<Command, string>();
  for (const entry of COMMANDS) {
    const summary = COMMAND_TREE.commands.find((c) => c.name === entry.name);
    if (wanted(entry.name) || !summary) {
      program.addCommand((await entry.load())(ctx));
    } else {
      const placeholder = new Command(entry.name).description(summary.description);
      placeholders.set(placeholder, summary.term);
      program.addCommand(placeholder);
    }
  }
  program.configureHelp({
    subcommandTerm(this: Help, command: Command) {
      return placeholders.get(command) ?? Help.prototype.subcommandTerm.call(this, command);
    },
  });
}

/**
 * The command a run names: the first word that is not a global option or its value (`help trade` names trade).
 * Read with the program's own option declarations, so a new global option needs nothing here.
 */
function commandNamed(program: Command, argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const option = program.options.find((o) => o.long === arg || o.short === arg);
      if (option?.required || (option?.optional && !(argv[i + 1] ?? "-").startsWith("-"))) i++;
      continue;
    }
    words.push(arg);
  }
  return words[0] === "help" ? words[1] : words[0];
}

function parseWaitSeconds(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || Number(text) > 86_400) {
    throw new UsageError(`--wait must be a number of seconds from 0 to 86400, not '${text}'`);
  }
  return Number(text);
}

/** Settings every command needs; addCommand does not copy them from the parent, so they are applied to the tree. */
function configureTree(command: Command, ctx: Context): void {
  // The deepest command reached, even when its own options then fail to parse: that run's usage endpoint.
  command.hook("preSubcommand", (_command, subcommand) => {
    ctx.globals.commandPath = commandPath(subcommand);
  });
  command
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
    });
  if (command.commands.length > 0) helpWhenBare(command);
  for (const sub of command.commands) configureTree(sub, ctx);
}

/**
 * Commander answers a bare group (`tradesense`, `tradesense trade`) with help on stderr as if it were a mistake, and
 * `help <unknown>` with the same help and exit 0. Asking a group what it holds is a fair question (help on stdout,
 * exit 0); naming a command that does not exist is a usage error (exit 2), as gh has it.
 */
function helpWhenBare(command: Command): void {
  const help = command.help.bind(command);
  command.help = ((context?: { error: boolean }) => {
    if (!context?.error) return help(context);
    // Reached from `help <name>` with a name no command has; a bare group has no operands.
    const [, unknown] = command.args;
    if (unknown !== undefined) {
      const group = ["tradesense", commandPath(command)].filter(Boolean).join(" ");
      command.error(`error: unknown command '${unknown}' (see: ${group} --help)`, {
        code: "commander.unknownCommand",
        exitCode: ExitCode.usage,
      });
    }
    return help();
  }) as Command["help"];
}

/** "trade add" for `tradesense trade add ...`: the command's names below the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

export async function main(argv: string[], options: ContextOptions): Promise<number> {
  const ctx = createContext(options);
  const debug = argv.includes("--debug");
  ctx.globals.debug = debug;
  const started = performance.now();
  let code: number = ExitCode.ok;
  let failure: unknown;
  let program: Command | undefined;
  try {
    program = await buildProgram(ctx, argv);
    await program.parseAsync(argv, { from: "user" });
    code = ctx.exitCode;
  } catch (error) {
    failure = error;
    code = reportError(ctx, flagNamed(error, program, ctx.globals.commandPath), debug);
  }
  const usage = {
    endpoint: usageEndpoint(ctx, failure),
    responseCode: code,
    responseTimeMs: performance.now() - started,
  };
  await recordUsage(ctx, usage, debug);
  await ctx.close().catch(() => {});
  return code;
}

/**
 * The api_usage endpoint of a run: the command path ("trade add"), also when its options failed to parse; help and
 * version displays are named by their flag ("trade add --help", "--version"); "tradesense" when no command was named
 * or the name was unknown (the words typed are never recorded).
 */
function usageEndpoint(ctx: Context, failure: unknown): string {
  const path = ctx.globals.commandPath ?? "";
  if (failure instanceof CommanderError) {
    if (failure.code === "commander.version") return "--version";
    if (failure.code === "commander.helpDisplayed" || failure.code === "commander.help") {
      return path ? `${path} --help` : "--help";
    }
  }
  return path || "tradesense";
}

/**
 * Every run leaves one api_usage row, best effort: it never changes the exit code and never opens a database of its
 * own. A run that opened one writes its row there (after the spooled rows of earlier runs); any other run (help,
 * version, a parse error, a failed connection, `db connect`) appends it to the usage spool, which the next run with
 * a database writes. user_id is null when no user could be told (before init, not logged in).
 */
async function recordUsage(ctx: Context, usage: Omit<UsageEntry, "userId">, debug: boolean): Promise<void> {
  const note = (what: string, error: unknown) => {
    if (debug) ctx.io.stderr.write(`note: usage ${what}: ${error instanceof Error ? error.message : error}\n`);
  };
  const db = ctx.openedDatabase();
  if (db) {
    try {
      await ctx.flushSpooledUsage();
      const user = await ctx.quietUser();
      const { insertUsage } = await import("./db/usage.js");
      await insertUsage(db, [{ ...usage, userId: user?.id ?? null }]);
      return;
    } catch (error) {
      note("not written to the database, spooled instead", error);
    }
  }
  try {
    ctx.spoolUsage(usage);
  } catch (error) {
    note("not recorded", error);
  }
}

/**
 * An error naming fields (errors.ts#FieldWording: a FieldError, or a conflict's or refused import's hint) said again
 * with the flags of the running command's options of those names (`qty` is --qty): the domain names fields, the
 * commands' declared options name flags. Any other error, or a field no option carries (a prompt's answer, a file's
 * column), is left as it was.
 */
function flagNamed(error: unknown, program: Command | undefined, path: string | undefined): unknown {
  if (!program || !path) return error;
  let command: Command | undefined = program;
  for (const name of path.split(" ")) command = command?.commands.find((c) => c.name() === name);
  return namingFlagOf(error, command);
}

function reportError(ctx: Context, thrown: unknown, debug: boolean): number {
  // A write that lost a race for a unique name is a conflict like any the command checked itself.
  const error = conflictFromDatabaseError(thrown) ?? thrown;
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help text).
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof DeclinedError) {
    ctx.io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TradesenseError) {
    ctx.io.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) ctx.io.stderr.write(`${error.stack}\n`);
    if (debug && error.cause instanceof Error && error.cause.stack)
      ctx.io.stderr.write(`cause: ${error.cause.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.io.stderr.write(
    `error: unexpected failure: ${message.split("\n")[0]}${debug ? "" : " (run with --debug for details)"}\n`,
  );
  if (debug && error instanceof Error && error.stack) ctx.io.stderr.write(`${error.stack}\n`);
  return ExitCode.unexpected;
}

export async function run(): Promise<void> {
  // `tradesense ... | head` closes the pipe early: that is the reader's choice, not a failure.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const argv = process.argv.slice(2);
  // dist/ is bundled: --debug's stack traces name the source files and lines through the source maps beside it.
  if (argv.includes("--debug")) process.setSourceMapsEnabled(true);
  const io = systemStreams(process.env, argv.includes("--no-color"));
  const code = await main(argv, { io, env: process.env });
  // Let stdout drain into a pipe before exiting; process.exit() could cut it short.
  process.exitCode = code;
  // A handle a driver leaked (pg leaves its socket open when SCRAM fails for want of a password) must not keep a
  // finished command alive: unref'd, this fires only if something else still holds the event loop.
  setTimeout(() => process.exit(code), 1000).unref();
}
