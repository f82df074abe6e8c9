// Completion scripts: each command path is offered its own subcommands and options, never another's. The fish script
// is run by fish itself where it is installed (`complete -C` completes a typed command line); the structure test
// below runs everywhere.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fishScript } from "../../src/commands/completion.js";
import { createContext } from "../../src/context.js";
import { bufferedStreams } from "../../src/io/streams.js";
import { buildProgram } from "../../src/program.js";

const hasFish = spawnSync("fish", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "tradesense-completion-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fish(): Promise<string> {
  return fishScript(await buildProgram(createContext({ io: bufferedStreams(), env: {} }), ["completion", "fish"]));
}

/** The long options the fish script offers under each `-n` condition. */
function optionsByCondition(script: string): Map<string, string[]> {
  const offered = new Map<string, string[]>();
  for (const [, condition, option] of script.matchAll(/^complete -c tradesense -n '([^']*)' -l (\S+)$/gm)) {
    offered.set(condition as string, [...(offered.get(condition as string) ?? []), `--${option}`]);
  }
  return offered;
}

describe("fish completion", () => {
  it("offers `strategy add` its own options only: none of `trade add`'s, which shares the verb", async () => {
    const byCondition = optionsByCondition(await fish());
    // --side is trade add's (and trade list's), --rule strategy add's and strategy edit's: no path has both.
    const mixed = [...byCondition].filter(([, options]) => options.includes("--side") && options.includes("--rule"));
    expect(mixed).toEqual([]);
    expect(byCondition.get("__tradesense_at strategy add")?.sort()).toEqual([
      "--description",
      "--help",
      "--json",
      "--rule",
    ]);
  });

  it.skipIf(!hasFish)("completes a typed command line in fish itself, by the whole command path", async () => {
    const file = join(dir, "tradesense.fish");
    writeFileSync(file, await fish());
    const complete = (line: string) => {
      const result = spawnSync("fish", ["--no-config", "-c", `source ${file}; complete -C '${line}'`], {
        encoding: "utf8",
      });
      expect(result.stderr).toBe("");
      return result.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]);
    };
    expect(complete("tradesense strategy add --").sort()).toEqual(["--description", "--help", "--json", "--rule"]);
    expect(complete("tradesense journal --")).toEqual(["--help"]);
    expect(complete("tradesense --debug trade add --sym")).toEqual(["--symbol"]);
    expect(complete("tradesense trade ")).toEqual(["add", "close", "delete", "edit", "list", "show", "tag"]);
  });
});
