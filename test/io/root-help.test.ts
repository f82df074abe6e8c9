// `tradesense --help` is drawn twice over: by io/root-help.ts for the spellings main.ts answers without commander
// (`--help`, `-h`, `help`, nothing), and by commander for every other (`--no-color --help`, `--debug help`). A user
// must not be able to tell which drew it, at any terminal width.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { createContext } from "../../src/context.js";
import { helpWidth, rootHelp } from "../../src/io/root-help.js";
import { bufferedStreams } from "../../src/io/streams.js";
import { main } from "../../src/main.js";
import { buildProgram } from "../../src/program.js";

/** Commander's help for the program, as `tradesense --help` would print it on a terminal this wide. */
async function commanderHelp(width: number): Promise<string> {
  const io = bufferedStreams();
  const program = await buildProgram(createContext({ io, env: {} }), ["--help"]);
  program.configureOutput({ getOutHelpWidth: () => width });
  program.outputHelp();
  await new Promise((resolve) => setImmediate(resolve));
  return io.stdoutText();
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferedStreams();
  const home = mkdtempSync(join(inject("scratchDir"), "root-help-"));
  const code = await main(argv, { io, env: { TRADESENSE_HOME: home } });
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe("the program's help without commander", () => {
  it.each([20, 39, 40, 50, 61, 67, 68, 80, 81, 97, 120, 200])("is commander's at %i columns", async (width) => {
    expect(rootHelp(width)).toBe(await commanderHelp(width));
  });

  it("wraps to the terminal's width, and to 80 columns off a terminal or when the width is unknown", () => {
    expect(helpWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(helpWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(helpWidth({ isTTY: true })).toBe(80);
    expect(helpWidth({})).toBe(80);
  });

  it("is what main prints for every spelling, whichever of the two answers it", async () => {
    const commanders = await run(["--no-color", "--help"]);
    expect(commanders.stdout).toMatch(/^Usage: tradesense \[options\] \[command\]\n/);
    expect(commanders.stdout).toContain("\nExamples:\n");
    for (const argv of [["--help"], ["-h"], ["help"], [], ["--debug", "help"]]) {
      expect(await run(argv)).toEqual({ code: 0, stdout: commanders.stdout, stderr: "" });
    }
  });
});
