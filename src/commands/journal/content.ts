// Where an entry's text comes from, shared by write and edit: --content, --file (or `-` for stdin), standard input
// when it is not a terminal, or the editor when it is.
import { readFileSync } from "node:fs";
import type { Context } from "../../context.js";
import { parseId } from "../../domain/journal.js";
import { UsageError } from "../../errors.js";
import { readAll } from "../../io/read-stdin.js";

export interface ContentOptions {
  content?: string;
  file?: string;
}

/** Commander collector for a repeatable --trade <id>. */
export function collectTradeId(value: string, previous: number[] = []): number[] {
  return [...previous, parseId(value, "--trade")];
}

export async function readContentFlag(ctx: Context, options: ContentOptions): Promise<string | undefined> {
  if (options.content !== undefined && options.file !== undefined) {
    throw new UsageError("--content and --file cannot be used together");
  }
  if (options.content !== undefined) return options.content;
  if (options.file === "-") return readAll(ctx.io.stdin);
  if (options.file !== undefined) {
    try {
      return readFileSync(options.file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read --file ${options.file}: ${code === "ENOENT" ? "no such file" : code}`);
    }
  }
  return undefined;
}

/**
 * The text for a new entry: a flag, else piped standard input, else undefined (the caller opens the editor, which
 * needs a terminal on stdin).
 */
export async function readNewContent(ctx: Context, options: ContentOptions): Promise<string | undefined> {
  const flagged = await readContentFlag(ctx, options);
  if (flagged !== undefined) return flagged;
  if (!ctx.io.stdinIsTTY) return readAll(ctx.io.stdin);
  return undefined;
}
