// Secrets for user commands: asked with hidden input in a terminal, or read from stdin with --password-stdin, one per
// line in the order the command documents. Never from a flag: process arguments are visible to other users.
import type { Context } from "../../context.js";
import { UsageError } from "../../errors.js";
import { readAll } from "../../io/read-stdin.js";

export interface SecretQuestion {
  message: string;
  /** What the line on stdin is called in the error when it is missing. */
  name: string;
}

export async function askSecrets(ctx: Context, fromStdin: boolean | undefined, questions: SecretQuestion[]) {
  if (fromStdin) {
    const lines = (await readAll(ctx.io.stdin)).split(/\r?\n/);
    if (lines.length < questions.length || questions.some((_, i) => lines[i] === "")) {
      throw new UsageError(
        `--password-stdin expects ${questions.length} line(s) on stdin: ${questions.map((q) => q.name).join(", then ")}`,
      );
    }
    return lines.slice(0, questions.length);
  }
  const answers: string[] = [];
  for (const q of questions)
    answers.push(await ctx.prompter.password({ message: q.message, flag: "--password-stdin" }));
  return answers;
}

/** The username from the flag, or asked in a terminal. */
export async function askUsername(ctx: Context, value: string | undefined): Promise<string> {
  return value ?? ctx.prompter.input({ message: "Username", flag: "--username" });
}
