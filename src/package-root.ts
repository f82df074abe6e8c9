// The installed package's root (package.json, migrations/, fixtures/), found by walking up from this module: the same
// directory from src/ (tsx, tests) and from the bundled dist/ files, whatever file a bundler put this code in.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** This program's version (`--version`, and the product version a backup records). */
export const version: string = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version;
