// Prompts, drawn on stderr, only when both stdin and stdout are terminals. Off a terminal every question is an error
// naming the flag that answers it, so scripts never hang waiting for input.

import { CancelledError, parsedAs, TradesenseError, UsageError } from "../errors.js";
import { canPrompt, type IOStreams } from "./streams.js";

export interface Prompter {
  input(question: {
    message: string;
    flag: string;
    default?: string;
    validate?: (value: string) => true | string;
  }): Promise<string>;
  password(question: { message: string; flag: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(question: { message: string; flag: string; default?: boolean }): Promise<boolean>;
  select<T extends string>(question: {
    message: string;
    flag: string;
    choices: { name: string; value: T }[];
  }): Promise<T>;
}

export function terminalPrompter(io: IOStreams): Prompter {
  const context = { input: io.stdin, output: io.stderr, clearPromptOnDone: false };
  const guard = (flag: string) => {
    if (!canPrompt(io)) throw new UsageError(`${flag} is required when not running in a terminal`);
  };
  const cancelled = (error: unknown): never => {
    if (error instanceof Error && error.name === "ExitPromptError") throw new CancelledError("cancelled");
    throw error;
  };
  return {
    async input(q) {
      guard(q.flag);
      const { input } = await import("@inquirer/prompts");
      return input(
        {
          message: q.message,
          ...(q.default !== undefined ? { default: q.default } : {}),
          ...(q.validate ? { validate: q.validate } : {}),
        },
        context,
      ).catch(cancelled);
    },
    async password(q) {
      guard(q.flag);
      const { password } = await import("@inquirer/prompts");
      return password(
        { message: q.message, mask: "*", ...(q.validate ? { validate: q.validate } : {}) },
        context,
      ).catch(cancelled);
    },
    async confirm(q) {
      guard(q.flag);
      const { confirm } = await import("@inquirer/prompts");
      return confirm({ message: q.message, default: q.default ?? false }, context).catch(cancelled);
    },
    async select(q) {
      guard(q.flag);
      const { select } = await import("@inquirer/prompts");
      return select({ message: q.message, choices: q.choices }, context).catch(cancelled) as Promise<
        (typeof q.choices)[number]["value"]
      >;
    },
  };
}

/**
 * A prompt's validate function from the parser the matching flag goes through: an answer is checked as it is typed
 * and asked for again with the parser's own message, instead of failing after the last question with every answer
 * lost.
 */
export function checkedBy(parse: (value: string) => unknown, flag?: string): (value: string) => true | string {
  return (value) => {
    try {
      // An error naming the value's field is said with the flag the prompt stands for, as on a command line.
      if (flag === undefined) parse(value);
      else parsedAs(flag, () => parse(value));
      return true;
    } catch (error) {
      if (error instanceof TradesenseError) return error.message;
      throw error;
    }
  };
}

/** "--a, --b and --c". */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
