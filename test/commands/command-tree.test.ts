// Lazy command loading: `--help` and the completion scripts list every command from commands/command-tree.ts, and a
// run loads only the command it names. These tests keep that file true and check what a real process loads.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { COMMAND_TREE } from "../../src/commands/command-tree.js";
import { describeCommandTree } from "../../src/commands/completion.js";
import { COMMANDS } from "../../src/commands/registry.js";
import { createContext } from "../../src/context.js";
import { bufferedStreams } from "../../src/io/streams.js";
import { buildProgram } from "../../src/program.js";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../../bin/tradesense");

describe("the command tree", () => {
  it("is what the commands themselves declare (run `npm run command-tree` when this fails)", async () => {
    const ctx = createContext({ io: bufferedStreams(), env: {} });
    const loaded = describeCommandTree(await buildProgram(ctx, "all"));
    expect(COMMAND_TREE).toEqual(loaded);
    expect(COMMAND_TREE.commands.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it("builds the same help and the same subcommand tree whether a command is loaded or a placeholder", async () => {
    const help = async (argv: string[]) => {
      const program = await buildProgram(createContext({ io: bufferedStreams(), env: {} }), argv);
      return program.helpInformation();
    };
    const full = await help(["trade", "list"]);
    expect(await help(["--version"])).toBe(full);
    expect(await help(["--debug", "--database-url", "postgres://x@h/db", "journal"])).toBe(full);
  });
});

/**
 * The sources a real `tradesense <args>` process loads: the built files it imports (read with a module resolve hook),
 * and in each the sources esbuild bundled into it (its `// src/...` and `// node_modules/...` markers).
 */
async function sourcesLoaded(args: string[]): Promise<string[]> {
  const dir = inject("scratchDir");
  const hook = join(dir, "resolve-hook.mjs");
  writeFileSync(
    hook,
    `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  process.stderr.write("loaded " + resolved.url + "\\n");
  return resolved;
}`,
  );
  const register = join(dir, "register-hook.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(`file://${hook}`)});\n`);
  const { stderr } = await run(process.execPath, ["--import", register, bin, ...args], {
    env: { PATH: process.env.PATH, TRADESENSE_OWNER: "off", TRADESENSE_HOME: join(dir, "modules-home") },
    encoding: "utf8",
  });
  const files = stderr
    .split("\n")
    .filter((line) => line.startsWith("loaded file:") && line.includes("/dist/"))
    .map((line) => fileURLToPath(line.slice("loaded ".length)));
  const sources = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)) {
      sources.add(match[1] as string);
    }
  }
  return [...sources];
}

describe("what a run loads", () => {
  it("--version and --help load main.js alone: no command module, no commander, no Kysely, no database driver", async () => {
    for (const args of [["--version"], ["--help"]]) {
      const sources = await sourcesLoaded(args);
      expect(sources).toContain("src/main.ts");
      expect(sources).not.toContain("src/program.ts");
      expect(sources.filter((s) => s.startsWith("src/commands/"))).toEqual(["src/commands/command-tree.ts"]);
      expect(
        sources.filter((s) => /^node_modules\/(commander|kysely|@electric-sql|pg|@inquirer|ora)\//.test(s)),
      ).toEqual([]);
    }
  });

  it("a command loads its own noun's modules and no other noun's", async () => {
    const sources = await sourcesLoaded(["trade", "list", "--help"]);
    expect(sources).toContain("src/commands/trade/list.ts");
    const nouns = sources.flatMap((s) => /^src\/commands\/([a-z-]+)(\/|\.ts$)/.exec(s)?.[1] ?? []);
    // define.ts is no noun: the parse/run pieces every verb shares (RunFn, idArgument, refuseTogether).
    expect(new Set(nouns)).toEqual(new Set(["trade", "registry", "command-tree", "define"]));
  });
});
