// npm run build: the CLI as a few bundled ES modules in dist/ (esbuild). Loading Kysely's 280 files or commander's
// and our own 30 cost more than `node -e 0` itself; one file per command family loads in a fraction of that.
// main.js is the entry; each command family (commands/<noun>/index.js, commands/<verb>.js) is its own entry, loaded
// by commands/registry.ts only when a run names it; code they share goes to dist/chunks/.
// Left outside the bundle: PGlite (it loads its WebAssembly and data files from its own package), pg and
// pg-copy-streams (CommonJS with optional native parts), keytar (optional, native) and cli-table3 (loaded on use).
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const commands = join(root, "src", "commands");
// owner-main.js: the embedded journal's owner process (src/db/owner-process.ts), started by commands.
const entryPoints = [join(root, "src", "main.ts"), join(root, "src", "owner-main.ts")];
for (const name of readdirSync(commands)) {
  const path = join(commands, name);
  if (statSync(path).isDirectory()) entryPoints.push(join(path, "index.ts"));
  else if (name.endsWith(".ts")) entryPoints.push(path);
}

rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  entryPoints,
  outbase: join(root, "src"),
  outdir: join(root, "dist"),
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external: ["@electric-sql/pglite", "pg", "pg-copy-streams", "keytar", "cli-table3"],
  // Bundled CommonJS (commander) calls require() for Node's own modules: give ES module output one.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});
