// Issue 18: mutated broker exports never crash an import. A seeded fuzz over the seed corpus in fixtures/fuzz: every
// run ends with a documented exit code (never 1, "unexpected failure"), one-line errors and no stack trace, and every
// completed import's summary matches what it wrote (checkingImports).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { CliRunner } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { checkingImports } from "../support/imports.js";
import { useJournal } from "../support/journal.js";

/** FUZZ_SEED=n runs another seed (to look for more); the suite always runs this one. */
const SEED = Number(process.env.FUZZ_SEED ?? 18_2024);
const FILES = 300;
const corpusDir = join(import.meta.dirname, "../../fixtures/fuzz");
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith(".csv"))
  .sort()
  .map((name) => readFileSync(join(corpusDir, name)));

/** mulberry32: a small seeded generator, so a failing file can be made again from its number. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  "",
  "-",
  "--",
  "0",
  "-0",
  "99999999999999999999",
  "123456789012",
  "9".repeat(5000),
  "1e5",
  "NaN",
  "Infinity",
  "0.00001",
  "(((1)))",
  "$-1,2,3",
  "0000-01-01",
  "1800-01-01",
  "9999-12-31",
  "2024-02-30",
  "2024-03-01 24:00:00",
  "2024-03-10 02:30:00",
  "13/45/2024",
  "\u0000",
  "A\u0000B",
  "A\nB",
  "A\rB",
  "\t",
  '"',
  '""',
  "'",
  "x".repeat(300),
  "١٢٣",
  "😀",
  "\uFFFD",
  "=cmd|' /C calc'!A0",
  "Robert'); drop table trades;--",
  "buy to cover sell",
  "constructor",
  "__proto__",
  "null",
  "USD 12.30",
];

function mutate(source: Buffer, random: () => number): Buffer {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  let text = source.toString("utf8");
  const rounds = 1 + Math.floor(random() * 4);
  for (let round = 0; round < rounds; round++) {
    const lines = text.split("\n");
    const at = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 9)) {
      case 0:
      case 1:
      case 2: {
        // A field replaced with a nasty value, quoted or not.
        const fields = (lines[at] ?? "").split(",");
        const value = pick(NASTY);
        fields[Math.floor(random() * fields.length)] = random() < 0.5 ? value : `"${value.replaceAll('"', '""')}"`;
        lines[at] = fields.join(",");
        break;
      }
      case 3:
        lines.splice(at, 0, lines[Math.floor(random() * lines.length)] ?? "");
        break;
      case 4:
        lines.splice(at, 1);
        break;
      case 5: {
        const cut = Math.floor(random() * text.length);
        return Buffer.from(text.slice(0, cut));
      }
      case 6: {
        // A byte inserted, removed or flipped anywhere (it may break the UTF-8 or the quoting).
        const bytes = Buffer.from(lines.join("\n"));
        const i = Math.floor(random() * bytes.length);
        const op = Math.floor(random() * 3);
        const byte = Math.floor(random() * 256);
        if (op === 0) return Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
        if (op === 1) return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
        bytes[i] = byte;
        return bytes;
      }
      case 7:
        lines[at] = (lines[at] ?? "").replaceAll(",", pick([";", "\t", ",,", ""]));
        break;
      default:
        // Many copies of a row: a larger file, and repeated fills.
        lines.splice(at, 0, ...Array.from({ length: 50 }, () => lines[at] ?? ""));
    }
    text = lines.join("\n");
  }
  return Buffer.from(text);
}

const DOCUMENTED = [0, 2, 3, 4, 10, 11];

describeEachBackend("import csv of mutated exports", (backend) => {
  const journal = useJournal(backend, "fuzzer");
  let cli: CliRunner;
  let dir: string;
  beforeAll(() => {
    dir = journal.dir;
    cli = checkingImports(journal.cli, journal.database);
  });

  it(`ends ${FILES} mutated files (seed ${SEED}) with a documented exit code, one-line errors and no stack trace`, async () => {
    const random = generator(SEED);
    const now = new Date("2024-04-01T12:00:00Z");
    const outcomes = new Map<number, number>();
    for (let n = 0; n < FILES; n++) {
      const path = join(dir, `mutant-${n}.csv`);
      writeFileSync(path, mutate(corpus[n % corpus.length] as Buffer, random));
      const extra = [[], ["--json"], ["--dry-run"], ["--strict"], ["--broker", "generic"]][n % 5] as string[];
      const result = await cli(["import", "csv", path, ...extra], { now });
      const what = `mutant ${n} (${extra.join(" ")}): exit ${result.code}\n${result.stderr}`;
      expect(DOCUMENTED, what).toContain(result.code);
      expect(result.stderr, what).not.toMatch(/unexpected failure|\n\s+at |Error:/);
      // Each line on stderr is one error or warning: the command's ("error: ...", "warning: ..."), or a row's
      // ("file:line: column: ...", "file:line: sold ... with no open position").
      for (const line of result.stderr.split("\n").slice(0, -1))
        expect(line, what).toMatch(
          /^(error: |warning: |mutant-\d+\.csv:\d+: |\.\.\. and (\d+ )?more (bad rows|unmatched))/,
        );
      outcomes.set(result.code, (outcomes.get(result.code) ?? 0) + 1);
    }
    // The mutations reach every outcome: clean files, partial imports and refused ones.
    expect([...outcomes.keys()].sort((a, b) => a - b)).toEqual(expect.arrayContaining([0, 10, 11]));
  }, 120_000);
});
