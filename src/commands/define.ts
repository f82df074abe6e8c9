// How a verb is built, as the GitHub CLI builds one (`NewCmdClose(f, runF)` then `closeRun(opts)`): its builder
// declares the flags and, in commander's action, reads and checks them into one typed options object (a bad value or
// a bad combination is a UsageError naming the flag, before anything is opened), then hands that object to its run
// function. The run function is a parameter, so a parse test builds the verb with a recording one and checks the
// options without a database (test/support/parse-table.ts).
import { InvalidArgumentError } from "commander";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";

/** A verb's run step: does the work with options already read and checked. */
export type RunFn<Opts> = (ctx: Context, opts: Opts) => Promise<void>;

/**
 * The parser of an `<id>` argument: a positive whole number that fits an integer column. Commander reports the
 * error as `error: command-argument value 'x' is invalid for argument 'id'. <message>` (exit 2).
 */
export function idArgument(message: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(message);
    return Number(value);
  };
}

/** Refuses flags that contradict each other: `--open and --closed cannot be used together`. */
export function refuseTogether(given: Record<string, boolean>): void {
  const flags = Object.entries(given)
    .filter(([, on]) => on)
    .map(([flag]) => flag);
  if (flags.length > 1) throw new UsageError(`${flags.join(" and ")} cannot be used together`);
}
