// The program as commander sees it: global options, every command (the one a run names loaded from its module, the
// others as placeholders from commands/command-tree.ts), and what a parse ends in. main.ts loads this module for
// every run but `--version` and `--help`, which it answers itself.
import { Command, CommanderError, Help } from "commander";
import { COMMAND_TREE } from "./commands/command-tree.js";
import { COMMANDS } from "./commands/registry.js";
import { type Context, type ContextOptions, createContext } from "./context.js";
import { ExitCode, namingFlagOf, UsageError } from "./errors.js";
import { GLOBAL_OPTIONS, HELP_EXAMPLES, PROGRAM_DESCRIPTION } from "./io/root-help.js";
import { setColor } from "./io/streams.js";
import { printVersion } from "./io/version-view.js";
import { endRun, type RunOutcome } from "./run-outcome.js";

/**
 * The program for one run: its global options, the command the arguments name loaded from its module, and every
 * other command as a placeholder with the name, usage and description `--help` lists (from commands/command-tree.ts),
 * so a run loads one command's modules, or none for `--help` and `--version`. "all" loads every command (the
 * command-tree generator and its test).
 */
export async function buildProgram(ctx: Context, argv: readonly string[] | "all"): Promise<Command> {
  const program = new Command("tradesense").description(PROGRAM_DESCRIPTION);
  for (const [flags, description] of GLOBAL_OPTIONS) program.option(flags, description);
  program.addHelpText("after", HELP_EXAMPLES);
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

/**
 * Runs the command line `argv` through commander (every run but main.ts's own answers): the command it names, or
 * commander's help, version and usage errors. `started`: when main began, for the usage record.
 */
export async function main(argv: string[], options: ContextOptions, started = performance.now()): Promise<number> {
  const ctx = createContext(options);
  const debug = argv.includes("--debug");
  ctx.globals.debug = debug;
  return endRun(ctx, await runProgram(ctx, argv), started, debug);
}

async function runProgram(ctx: Context, argv: readonly string[]): Promise<RunOutcome> {
  let program: Command | undefined;
  try {
    program = await buildProgram(ctx, argv);
    await program.parseAsync(argv, { from: "user" });
    return { code: ctx.exitCode, endpoint: usageEndpoint(ctx, undefined) };
  } catch (error) {
    const endpoint = usageEndpoint(ctx, error);
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help text).
      const shown = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return { code: shown ? ExitCode.ok : ExitCode.usage, endpoint };
    }
    return { failure: flagNamed(error, program, ctx.globals.commandPath), endpoint };
  }
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
