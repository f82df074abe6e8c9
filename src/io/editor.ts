// Opens the user's editor on a text, as git does for a commit message: $VISUAL, then $EDITOR, then vi, run through
// the shell so "code --wait" or "vim -u NONE" work, on a temporary file that is removed afterwards.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";

export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || "vi";
}

/** Returns what the user saved. The editor draws on the real terminal (stdio inherited). */
export function editText(env: NodeJS.ProcessEnv, initial: string, fileName = "entry.md"): string {
  const dir = mkdtempSync(join(tmpdir(), "tradesense-edit-"));
  const file = join(dir, fileName);
  try {
    writeFileSync(file, initial, { mode: 0o600 });
    const editor = editorCommand(env);
    const result = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit", env });
    if (result.error) throw new UsageError(`cannot start the editor '${editor}': ${result.error.message}`);
    if (result.status !== 0) {
      throw new UsageError(
        `the editor '${editor}' exited with ${result.status ?? result.signal}: nothing saved (set $VISUAL or $EDITOR)`,
      );
    }
    return readFileSync(file, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
