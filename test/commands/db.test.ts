import { expect, it } from "vitest";
import { defaultMigrationsDir, listMigrationFiles } from "../../src/db/migrate.js";
import { cliFor } from "../support/cli.js";
import { describeEachBackend, useDatabase } from "../support/databases.js";
import { expectJsonShape, versioned } from "../support/json-shape.js";

describeEachBackend("tradesense db", (backend) => {
  const own = useDatabase(backend);

  it("db status lists the eight seed migrations as applied, with the database's location", async () => {
    const cli = cliFor(own.database);
    const result = await cli(["db", "status", "--json"]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    // The declared shape (README "JSON output"), written by hand.
    expectJsonShape(
      status,
      versioned({ kind: "string", location: "string", migrations: "array", pending: "integer" }),
      "db status",
    );
    for (const m of status.migrations) {
      expectJsonShape(m, { file: "string", applied: "boolean", appliedAt: "time?" }, "a migration");
    }
    expect(status.kind).toBe(backend);
    expect(status.pending).toBe(0);
    expect(status.migrations.slice(0, 8).map((m: { file: string; applied: boolean }) => [m.file, m.applied])).toEqual([
      ["001_initial_schema.sql", true],
      ["002_add_email_verification.sql", true],
      ["003_add_password_reset.sql", true],
      ["004_add_user_settings.sql", true],
      ["005_add_subscriptions.sql", true],
      ["006_add_audit_logs.sql", true],
      ["007_add_fulltext_search.sql", true],
      ["008_add_generated_columns.sql", true],
    ]);
    if (backend === "server") expect(status.location).toBe(own.database.url);
    else expect(status.location).toBe(`${cli.home}/data/pglite`);
  });

  it("db status prints a tab-separated table off a terminal", async () => {
    const result = await cliFor(own.database)(["db", "status"]);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^Database: ${backend} at `));
    expect(lines[1]).toBe("Migration\tStatus\tApplied at (UTC)");
    expect(lines[2]).toMatch(/^001_initial_schema\.sql\tapplied\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(result.stdout).toMatch(
      new RegExp(`\n${listMigrationFiles(defaultMigrationsDir).length} applied, 0 pending\\.\n$`),
    );
  });

  it("db migrate on an up-to-date database changes nothing, twice", async () => {
    const cli = cliFor(own.database);
    const json = await cli(["db", "migrate", "--json"]);
    const migrated = JSON.parse(json.stdout);
    expectJsonShape(migrated, versioned({ location: "string", applied: "string[]" }), "db migrate");
    expect(migrated.applied).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const result = await cli(["db", "migrate"]);
      expect(result).toEqual({
        code: 0,
        stdout: expect.stringMatching(/is up to date: nothing to apply\.\n$/),
        stderr: "",
      });
    }
  });
});

it("never shows a server password: the location is redacted", async () => {
  const { redactUrl } = await import("../../src/db/connect.js");
  expect(redactUrl("postgres://me:s3cret@db.example.com:5432/journal")).toBe(
    "postgres://me:****@db.example.com:5432/journal",
  );
  expect(redactUrl("postgres://me@db.example.com/journal")).toBe("postgres://me@db.example.com/journal");
});
