// Reading the project's own source for the tests that guard a layering rule (test/domain/no-*.test.ts): the .ts files
// under a directory, and a file parsed by the TypeScript compiler (so comments are never mistaken for code).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Every .ts file under `directory` (relative to the project root), as a path relative to the root. */
export function sourceFiles(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(directory, name));
}

/** `file` (relative to the project root) parsed, with parent links so a node's text can be read back. */
export function parsedSource(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
}
