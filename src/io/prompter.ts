// Prompts, drawn on stderr, only when both stdin and stdout are terminals. Off a terminal every question is an error
// naming the flag that answers it, so scripts never hang waiting for input.
import { CancelledError, UsageError } from "../errors.js";
import { canPrompt, type IOStreams } from "./streams.js";

export interface Prompter {
  input(question: {
    message: string;
    flag: string;
    default?: string;
    validate?: (value: string) => true | string;
  }): Promise<string>;
  password(question: { message: string; flag: string }): Promise<string>;
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
      return password({ message: q.message, mask: "*" }, context).catch(cancelled);
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
