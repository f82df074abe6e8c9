// Import progress in a real pseudo-terminal: each phase (reading, storing fills, building trades, committing) is drawn
// with its counts and a percentage or its seconds, inside the terminal's width; nothing of it off a terminal.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { generateFills } from "../../bench/generate-fills.js";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

let home: string;
let file: string;
const env = () => ({ TRADESENSE_HOME: home });

beforeAll(async () => {
  ({ home } = await journalHome("pty-import", {}, ["--username", "pat"]));
  file = join(home, "fills.csv");
  await generateFills(file, 5000);
});

it("shows each phase on a terminal's stderr, within its width", () => {
  const result = runInTerminal(["import", "csv", file, "--dry-run"], [], { ...env(), PTY_COLUMNS: "80" });
  // 5,000 fills on 40 symbols in 3 accounts, every row readable; a sell past the shares held says Short
  // (bench/generate-fills.ts), so no sell is left with nothing to close: a clean import, exit 0.
  expect(result.code, result.screen).toBe(0);
  // A new phase is drawn at once; later counts of the same phase at most every 100 ms, so only the first of each is
  // certain. Each redraw starts with a carriage return and clears the line: the progress lines are what follows one.
  const drawn = result.screen
    .split("\r\u001b[2K")
    .slice(1)
    .map((piece) => plainText(piece).split("\n")[0] as string)
    .filter((line) => line !== "");
  expect(drawn.find((l) => l.startsWith("Importing fills.csv: reading,"))).toMatch(/reading, \d+% \([\d,]+ rows\)$/);
  expect(drawn.find((l) => l.startsWith("Importing fills.csv: storing"))).toMatch(
    /^Importing fills\.csv: storing 5,000 fills \(\d+ s\)$/,
  );
  // Fill i has symbol i % 40 and account i % 3: 40 and 3 share no factor, so every pair occurs: 120 positions.
  expect(drawn).toContain("Importing fills.csv: building trades, 0% (0 of 120 positions)");
  for (const line of drawn) expect(line.length, line).toBeLessThan(80);
  // A dry run commits nothing: no committing phase, and the summary follows a cleared line.
  expect(drawn.some((l) => l.includes("committing"))).toBe(false);
  expect(plainText(result.screen)).toContain("dry run: nothing written");
});

it("draws nothing off a terminal", () => {
  const result = tradesenseSync(["import", "csv", file, "--dry-run"], env());
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).not.toContain("Importing");
  expect(result.stderr).not.toContain("\u001b[2K");
});

it("says it is committing on a real import", () => {
  const result = runInTerminal(["import", "csv", file], [], { ...env(), PTY_COLUMNS: "120" });
  expect(result.code, result.screen).toBe(0);
  expect(plainText(result.screen)).toMatch(/Importing fills\.csv: committing \(\d+ s\)/);
});
