// npm run build: the CLI as a few bundled ES modules in dist/ (esbuild). Loading Kysely's 280 files or commander's
// and our own 30 cost more than `node -e 0` itself; one file per command family loads in a fraction of that.
// program.js runs a command line through commander; each command family (commands/<noun>/index.js,
// commands/<verb>.js) is its own entry, loaded by commands/registry.ts only when a run names it; code they share goes
// to dist/chunks/.
// main.js, the entry bin/tradesense loads, is built apart as one file: it answers `--version` and `--help` itself and
// hands every other run to program.js. Node compiles each ES module file it loads on its own (a resolve, a read and a
// parse each), so the dozen chunks its modules would be split into cost those two runs about a tenth of their time.
// Left outside the bundle: PGlite (it loads its WebAssembly and data files from its own package), pg and
// pg-copy-streams (CommonJS with optional native parts), keytar (optional, native) and cli-table3 (loaded on use).
import { readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const src = join(root, "src");
const commands = join(src, "commands");
// owner-main.js: the embedded journal's owner process (src/db/owner-process.ts), started by commands.
const entryPoints = [join(src, "program.ts"), join(src, "owner-main.ts")];
for (const name of readdirSync(commands)) {
  const path = join(commands, name);
  if (statSync(path).isDirectory()) entryPoints.push(join(path, "index.ts"));
  else if (name.endsWith(".ts")) entryPoints.push(path);
}

const common = {
  bundle: true,
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
};

/**
 * main.js keeps its import of ./program.js (the built file beside it). What its modules import lazily (context.ts's
 * database, prompts and user lookups) is never reached from its two answers, which open nothing: it is left out, and
 * an import of it fails naming the file, instead of main.js carrying a second copy of every driver.
 */
const mainAlone = {
  name: "main-alone",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      if (args.path === "./program.js" && args.importer === join(src, "main.ts"))
        return { path: args.path, external: true };
      return { path: `${relative(root, args.importer)} -> ${args.path}`, namespace: "left-out" };
    });
    build.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`dist/main.js leaves out ${args.path}: only program.js may load it`)});`,
    }));
  },
};

rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  ...common,
  entryPoints,
  outbase: src,
  outdir: join(root, "dist"),
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
});
await build({
  ...common,
  entryPoints: [join(src, "main.ts")],
  outfile: join(root, "dist", "main.js"),
  plugins: [mainAlone],
});
