// The entry point (dist/main.js). `tradesense --version` and `tradesense --help` are answered here, without commander
// or any command: Node's own start is most of their time, and main.js is bundled alone into one file so that they
// load nothing else. Every other run is handed whole to program.ts (dist/program.js, loaded then).
import { type Context, type ContextOptions, createContext } from "./context.js";
import { ExitCode } from "./errors.js";
import { helpWidth, rootHelp } from "./io/root-help.js";
import { systemStreams } from "./io/streams.js";
import { printVersion } from "./io/version-view.js";
import { endRun, type RunOutcome } from "./run-outcome.js";

/** Runs the command line `argv`: prints what it asks for and returns the exit code. */
export async function main(argv: string[], options: ContextOptions): Promise<number> {
  const started = performance.now();
  const quick = quickRequest(argv);
  if (!quick) return (await import("./program.js")).main(argv, options, started);
  const ctx = createContext(options);
  return endRun(ctx, answerQuickly(ctx, quick), started, false);
}

type QuickRequest = "help" | "version" | "version json";

/**
 * The spellings main answers without commander, each exactly as commander would (the same text, exit code and usage
 * record; test/commands/command-tree.test.ts compares the help). Anything else, a global option beside them
 * included (--debug among them), goes through commander.
 */
function quickRequest(argv: readonly string[]): QuickRequest | undefined {
  const [first, second] = argv;
  const version = first === "--version" || first === "-V";
  if (argv.length === 2) return version && second === "--json" ? "version json" : undefined;
  if (argv.length > 1) return undefined;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") return "help";
  return version ? "version" : undefined;
}

function answerQuickly(ctx: Context, request: QuickRequest): RunOutcome {
  if (request === "help") {
    // Commander wraps to process.stdout's width, not to ctx.io's: so does this.
    ctx.io.stdout.write(rootHelp(helpWidth(process.stdout)));
    return { code: ExitCode.ok, endpoint: "--help" };
  }
  try {
    printVersion(ctx, request === "version json");
    return { code: ExitCode.ok, endpoint: "--version" };
  } catch (error) {
    return { failure: error, endpoint: "tradesense" };
  }
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
