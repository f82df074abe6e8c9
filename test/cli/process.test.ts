// The built CLI as a user's shell runs it: a real process, real exit codes, real streams.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { defaultMigrationsDir, listMigrationFiles } from "../../src/db/migrate.js";
import { serverAvailable } from "../support/databases.js";
import { runTradesense } from "../support/processes.js";
import { tradeFlags } from "../support/trades.js";

/** Every file in migrations/: other branches add theirs, so the count is read, not written down. */
const migrationCount = listMigrationFiles(defaultMigrationsDir).length;

async function tradesense(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { code, stdout, stderr } = await runTradesense(args, env, "");
  return { code, stdout, stderr };
}

function scratch(): string {
  return mkdtempSync(join(inject("scratchDir"), "process-"));
}

describe("the tradesense process", () => {
  beforeAll(() => {
    if (!existsSync(join(import.meta.dirname, "../../dist/main.js"))) {
      throw new Error("dist/ is missing: npm test builds it first (npm run build)");
    }
  });

  it("prints its version and help without opening a database", async () => {
    const home = scratch();
    const version = await tradesense(["--version"], { TRADESENSE_HOME: home });
    const ours = JSON.parse(readFileSync("package.json", "utf8")).version;
    expect(version).toEqual({
      code: 0,
      stdout: `tradesense ${ours} (Node.js ${process.version})\njournal: ${home}/data/pglite (embedded)\n`,
      stderr: "",
    });
    const versionJson = await tradesense(["--version", "--json"], { TRADESENSE_HOME: home });
    expect(JSON.parse(versionJson.stdout)).toEqual({
      version: 1,
      tradesense: ours,
      node: process.version,
      database: { kind: "embedded", location: `${home}/data/pglite` },
    });
    const onServer = await tradesense(["--database-url", "postgres://me:secret@db.example:5432/j", "--version"], {
      TRADESENSE_HOME: home,
    });
    expect(onServer.stdout).toContain("journal: postgres://me:****@db.example:5432/j (server)\n");
    expect(onServer.stdout).not.toContain("secret");
    const help = await tradesense(["--help"], { TRADESENSE_HOME: home });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tradesense \[options\] \[command\]/);
    for (const group of ["init", "trade", "db", "demo", "completion"]) expect(help.stdout).toContain(`\n  ${group}`);
    for (const group of ["trade", "db"]) {
      const groupHelp = await tradesense([group, "--help"], { TRADESENSE_HOME: home });
      expect(groupHelp.code).toBe(0);
      expect(groupHelp.stdout).toMatch(new RegExp(`^Usage: tradesense ${group}`));
    }
    const addHelp = await tradesense(["trade", "add", "--help"], { TRADESENSE_HOME: home });
    expect(addHelp.stdout).toContain("Examples:");
    // No database was created: the only trace is the usage spool, one line per run, for a later run to write.
    expect(readdirSync(home)).toEqual(["data"]);
    expect(readdirSync(join(home, "data"))).toEqual(["usage-spool.jsonl"]);
    const spooled = readFileSync(join(home, "data", "usage-spool.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(spooled.map((line) => JSON.parse(line).endpoint)).toEqual([
      "--version",
      "--version",
      "--version",
      "--help",
      "trade --help",
      "db --help",
      "trade add --help",
    ]);
  });

  it("answers a bad input with one line on stderr, a non-zero exit and no stack trace", async () => {
    const home = scratch();
    const unknown = await tradesense(["trade", "frobnicate"], { TRADESENSE_HOME: home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    const noJournal = await tradesense(["trade", "list"], { TRADESENSE_HOME: home });
    expect(noJournal).toEqual({
      code: 5,
      stdout: "",
      stderr: `error: no journal at ${home}/data/pglite: run \`tradesense init\` first\n`,
    });
    const badUrl = await tradesense(["db", "status", "--database-url", "mysql://x"], { TRADESENSE_HOME: home });
    expect(badUrl).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: database URL must start with postgres:// or postgresql://\n",
    });
    const debug = await tradesense(["db", "status", "--database-url", "mysql://x", "--debug"], {
      TRADESENSE_HOME: home,
    });
    expect(debug.stderr).toMatch(
      /^error: database URL must start with postgres:\/\/ or postgresql:\/\/\nUsageError: .*\n\s+at /,
    );
  });

  it("creates an embedded journal with init --yes, reports every migration, and re-runs as a no-op", async () => {
    const home = scratch();
    const init = await tradesense(["init", "--yes", "--username", "newcomer"], { TRADESENSE_HOME: home });
    expect(init).toEqual({
      code: 0,
      stdout: `Created your journal at ${home}/data/pglite for newcomer.\nApplied ${migrationCount} migrations. Next: tradesense trade add --help\n`,
      stderr: "",
    });
    const status = await tradesense(["db", "status", "--json"], { TRADESENSE_HOME: home });
    const parsed = JSON.parse(status.stdout);
    expect(parsed).toMatchObject({ kind: "embedded", location: `${home}/data/pglite`, pending: 0 });
    expect(parsed.migrations.filter((m: { applied: boolean }) => m.applied)).toHaveLength(migrationCount);
    const again = await tradesense(["init", "--yes"], { TRADESENSE_HOME: home });
    expect(again.stdout).toBe(`Journal at ${home}/data/pglite is already set up for newcomer: nothing changed.\n`);
    const added = await tradesense(
      [
        "trade",
        "add",
        ...tradeFlags({
          symbol: "SPY",
          side: "long",
          qty: "30",
          price: "512.30",
          exitPrice: "514.05",
          commission: "0.60",
        }),
      ],
      { TRADESENSE_HOME: home },
    );
    expect(added.code).toBe(0);
    const list = await tradesense(["trade", "list"], { TRADESENSE_HOME: home, NO_COLOR: "1" });
    expect(list.stdout).toMatch(/\tSPY\tlong\t30\t512.3\t514.05\t.*\t51.90\t0.34\t\tclosed\n$/);
  });

  it.runIf(serverAvailable())("points at a server with --database-url and never prints its password", async () => {
    const admin = new URL(inject("serverAdminUrl"));
    admin.password = "not-the-password";
    const home = scratch();
    const status = await tradesense(["db", "status", "--database-url", admin.toString()], { TRADESENSE_HOME: home });
    // Whatever the server's answer, the password in the URL is never echoed.
    expect(`${status.stdout}${status.stderr}`).not.toContain("not-the-password");
  });

  it("prints completion scripts that the shells accept", async () => {
    const bash = await tradesense(["completion", "bash"]);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain("complete -F _tradesense tradesense");
    expect(spawnSync("bash", ["-n"], { input: bash.stdout }).status).toBe(0);
    const completed = spawnSync(
      "bash",
      ["-c", `${bash.stdout}\nCOMP_WORDS=(tradesense trade ""); COMP_CWORD=2; _tradesense; echo "\${COMPREPLY[*]}"`],
      {
        encoding: "utf8",
      },
    );
    expect(completed.stdout.split(" ")).toEqual(expect.arrayContaining(["add", "list"]));
    const zsh = await tradesense(["completion", "zsh"]);
    expect(zsh.stdout).toMatch(/^#compdef tradesense/);
    const fish = await tradesense(["completion", "fish"]);
    expect(fish.stdout).toContain("complete -c tradesense -n '__tradesense_at trade' -a add");
    const bad = await tradesense(["completion", "tcsh"]);
    expect(bad).toEqual({ code: 2, stdout: "", stderr: "error: unknown shell 'tcsh': use bash, zsh or fish\n" });
  });

  it("honours NO_COLOR: no escape sequences anywhere", async () => {
    const help = await tradesense(["--help"], { NO_COLOR: "1", FORCE_COLOR: "1" });
    expect(help.stdout).not.toContain("\u001b[");
  });
});
