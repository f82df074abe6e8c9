// `init`, `demo`, `completion`, `backup`, `restore` and `export`: what each command line parses into, or the one error
// line it gets; no database (fast tier).
import { join, resolve } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { backupCreateCommand } from "../../../src/commands/backup/create.js";
import { backupListCommand } from "../../../src/commands/backup/list.js";
import { backupVerifyCommand } from "../../../src/commands/backup/verify.js";
import { completionCommand } from "../../../src/commands/completion.js";
import { demoCommand } from "../../../src/commands/demo.js";
import { exportCommand } from "../../../src/commands/export.js";
import { initCommand } from "../../../src/commands/init.js";
import { restoreCommand } from "../../../src/commands/restore.js";
import { parseContext, parseTable, parseVerb } from "../../support/parse-table.js";

describe("init", () => {
  parseTable(initCommand, [
    { argv: "", opts: { passwordStdin: false, yes: false, json: false } },
    {
      argv: "--yes --username gina --email g@example.com --timezone Asia/Tokyo --password-stdin --json",
      opts: {
        username: "gina",
        email: "g@example.com",
        timezone: "Asia/Tokyo",
        passwordStdin: true,
        yes: true,
        json: true,
      },
    },
    { argv: "-y", opts: { passwordStdin: false, yes: true, json: false } },
    { argv: "--username ''", error: /^error: invalid username ''/ },
    { argv: "--email nobody", error: "error: invalid email 'nobody'" },
    { argv: "--timezone EST5", error: /^error: unknown time zone 'EST5'/ },
  ]);
});

describe("demo", () => {
  parseTable(demoCommand, [
    { argv: "", opts: { keep: false } },
    { argv: "--keep", opts: { keep: true } },
    { argv: "--json", error: "error: unknown option '--json'" },
  ]);
});

describe("completion", () => {
  it.each(["bash", "zsh", "fish"])("%s: the shell, and the program around `completion` as the root", async (shell) => {
    let received: unknown;
    const program = new Command("tradesense").option("--debug");
    program.addCommand(
      completionCommand(parseContext(), async (_ctx, opts) => {
        received = opts;
      }),
    );
    await program.parseAsync(["completion", shell], { from: "user" });
    expect(received).toEqual({ shell, root: program });
  });
  it("refuses an unknown shell before printing anything", async () => {
    expect(await parseVerb(completionCommand, ["powershell"])).toEqual({
      error: "error: unknown shell 'powershell': use bash, zsh or fish",
    });
    expect(await parseVerb(completionCommand, [])).toEqual({ error: "error: missing required argument 'shell'" });
  });
});

describe("backup / backup list / backup verify / restore", () => {
  // The default retention keeps 30 days (README "Backup, restore and export").
  parseTable(backupCreateCommand, [
    { argv: "", opts: { keep: { days: 30 }, all: false, json: false } },
    { argv: "-o b.backup", opts: { output: resolve("b.backup"), all: false, json: false } },
    {
      argv: "--output dir --keep 7 --all --json",
      opts: { output: resolve("dir"), keep: { count: 7 }, all: true, json: true },
    },
    { argv: "--keep 14d", opts: { keep: { days: 14 }, all: false, json: false } },
    {
      argv: "--keep forever",
      error: "error: --keep must be a number of days like 30d or a count like 7, not 'forever'",
    },
    { argv: "--keep 0d", error: /^error: --keep must be/ },
  ]);
  parseTable(backupListCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--dir /srv/backups --json", opts: { dir: "/srv/backups", json: true } },
  ]);
  parseTable(backupVerifyCommand, [
    { argv: "j.backup", opts: { file: resolve("j.backup"), json: false } },
    { argv: "/tmp/j.backup --json", opts: { file: "/tmp/j.backup", json: true } },
    { argv: "", error: "error: missing required argument 'file'" },
  ]);
  parseTable(restoreCommand, [
    { argv: "j.backup", opts: { file: resolve("j.backup"), yes: false, json: false } },
    { argv: "/tmp/j.backup -y --json", opts: { file: "/tmp/j.backup", yes: true, json: true } },
    { argv: "", error: "error: missing required argument 'file'" },
  ]);
});

describe("export", () => {
  parseTable(exportCommand, [
    { argv: "all", opts: { kind: "all", format: "json" } },
    {
      argv: "trades --format csv -o fills.csv --from 2024-01-01 --to 2024-02-01 --symbol AAPL --tag gap --account U1",
      opts: {
        kind: "trades",
        format: "csv",
        output: resolve("fills.csv"),
        from: "2024-01-01",
        to: "2024-02-01",
        symbol: "AAPL",
        tag: "gap",
        account: "U1",
      },
    },
    {
      argv: ["journal", "--format", "markdown", "--output", join("/tmp", "notes"), "--strategy", "ORB"],
      opts: { kind: "journal", format: "markdown", output: "/tmp/notes", strategy: "ORB" },
    },
    { argv: "positions", error: "error: export what? one of trades, journal, strategies, all, not 'positions'" },
    { argv: "trades --format xml", error: "error: --format must be csv, json or markdown, not 'xml'" },
    { argv: "trades --format markdown -o d", error: "error: --format markdown is for the journal" },
    { argv: "journal --format markdown", error: /^error: --format markdown writes one file per entry/ },
    { argv: "all --format csv", error: "error: export all is JSON: a CSV file holds one kind" },
    { argv: "trades --from 2024-13-01", error: /^error: --from / },
    { argv: "trades --from 2024-02-01 --to 2024-01-01", error: "error: --from 2024-02-01 is after --to 2024-01-01" },
  ]);
});
