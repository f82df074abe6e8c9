// Parse tests, as the GitHub CLI writes them: build a verb with a recording run function, hand it argv, and compare
// the one options object it would run with (or the one error line a user would see) with what the row expects. No
// database, no process: the context refuses to open a journal, so a parse step that reaches for one fails loudly.
import type { Command } from "commander";
import { CommanderError } from "commander";
import { expect, it } from "vitest";
import type { RunFn } from "../../src/commands/define.js";
import { type Context, createContext } from "../../src/context.js";
import { namingFlagOf, TradesenseError } from "../../src/errors.js";
import { bufferedStreams } from "../../src/io/streams.js";

/** A verb's builder: `tradeCloseCommand` is one (its run function is the second parameter). */
export type VerbBuilder<Opts> = (ctx: Context, run: RunFn<Opts>) => Command;

export type ParseOutcome<Opts> =
  /** The options the run function received. */
  | { opts: Opts }
  /** The line on stderr a user would see (`error: ...`), the run function never called. */
  | { error: string };

/** A context for parsing: buffered streams, no terminal, and a journal that cannot be opened. */
export function parseContext(options: { tty?: boolean } = {}): Context {
  return createContext({
    io: bufferedStreams({ tty: options.tty ?? false }),
    env: { TRADESENSE_HOME: "/nonexistent/tradesense-parse-test" },
    now: () => new Date("2024-03-15T12:00:00Z"),
    openDatabase: async () => {
      throw new Error("a parse test opened the database: the parse step must not");
    },
  });
}

/**
 * Parses argv (the words after the verb, e.g. ["42", "--price", "10"]) with the verb built around a recording run
 * function. Commander's exits become thrown errors (exitOverride) and its output is kept off the terminal.
 */
export async function parseVerb<Opts>(build: VerbBuilder<Opts>, argv: readonly string[]): Promise<ParseOutcome<Opts>> {
  const received: Opts[] = [];
  const ctx = parseContext();
  const command = build(ctx, async (_ctx, opts) => {
    received.push(opts);
  });
  const stderr: string[] = [];
  command.exitOverride().configureOutput({
    writeOut: () => {},
    writeErr: (text) => stderr.push(text),
  });
  try {
    await command.parseAsync([...argv], { from: "user" });
  } catch (thrown) {
    // As main.ts does: a field the domain names is shown by the verb's flag for it.
    const error = namingFlagOf(thrown, command);
    expect(received, "the run function was called before the error").toEqual([]);
    if (error instanceof CommanderError) return { error: error.message };
    if (error instanceof TradesenseError) return { error: `error: ${error.message}` };
    throw error;
  }
  expect(received, "the run function is called once").toHaveLength(1);
  return { opts: received[0] as Opts };
}

/** One row of a parse table: argv (a string is split at spaces) and the options, or the error line, it gives. */
export type ParseRow<Opts> = { argv: string | readonly string[] } & ({ opts: Opts } | { error: string | RegExp });

/** Registers one `it` per row: `parse table: <argv>`. */
export function parseTable<Opts>(build: VerbBuilder<Opts>, rows: readonly ParseRow<Opts>[]): void {
  it.each(
    rows.map((row) => [(typeof row.argv === "string" ? row.argv : row.argv.join(" ")) || "(nothing)", row] as const),
  )("%s", async (_name, row) => {
    const argv = typeof row.argv === "string" ? row.argv.split(" ").filter(Boolean) : row.argv;
    const outcome = await parseVerb(build, argv);
    if ("opts" in row) {
      expect(outcome).toEqual({ opts: row.opts });
    } else if (typeof row.error === "string") {
      expect(outcome).toEqual({ error: row.error });
    } else {
      expect("error" in outcome ? outcome.error : outcome).toMatch(row.error);
    }
  });
}
