// A unique index hit that a command's own check did not see (another process inserted the same name in between) is a
// conflict: exit 4 and one line naming what exists. Any other database error still reads as the failure it is.
import { sql } from "kysely";
import { expect, it } from "vitest";
import { insertStrategy } from "../../src/db/strategies.js";
import { insertUserWithSettings } from "../../src/db/users.js";
import { ConflictError, conflictFromDatabaseError, ExitCode } from "../../src/errors.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

describeEachBackend("unique violations", (backend) => {
  const fx = useJournal(backend);

  /** The error the database raises for `write`, which must fail. */
  async function raised(write: () => Promise<unknown>): Promise<unknown> {
    try {
      await write();
    } catch (error) {
      return error;
    }
    throw new Error("the write succeeded");
  }

  it("maps a real unique_violation to a conflict naming the key, leaving the owner's id out", async () => {
    await insertStrategy(fx.database.db, fx.userId, { name: "Gap, then go", description: null, rules: {} });
    const duplicate = await raised(() =>
      insertStrategy(fx.database.db, fx.userId, { name: "Gap, then go", description: null, rules: {} }),
    );
    const conflict = conflictFromDatabaseError(duplicate);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict?.exitCode).toBe(ExitCode.conflict);
    expect(conflict?.message).toBe("a strategy with name 'Gap, then go' already exists");

    const user = await raised(() =>
      insertUserWithSettings(fx.database.db, {
        username: "trader",
        email: "new@example.com",
        hashedPassword: "!",
        timezone: "UTC",
      }),
    );
    expect(conflictFromDatabaseError(user)?.message).toBe("a user with username 'trader' already exists");

    // Not a unique violation: left alone, so it is still reported as the failure it is.
    const notNull = await raised(() =>
      sql`insert into strategies (user_id, name) values (${fx.userId}, null)`.execute(fx.database.db),
    );
    expect((notNull as { code?: string }).code).toBe("23502");
    expect(conflictFromDatabaseError(notNull)).toBeUndefined();
    expect(conflictFromDatabaseError(new Error("boom"))).toBeUndefined();
  });

  it("a command that loses the race for a name exits 4 with one line; other database errors are not hidden", async () => {
    // Stands in for a second process: a trigger inserts the same name between the command's check and its insert.
    await sql
      .raw(`CREATE FUNCTION race_for_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() = 1 AND NEW.name = 'Raced' THEN
    INSERT INTO strategies (user_id, name) VALUES (NEW.user_id, NEW.name);
  END IF;
  IF NEW.name = 'Broken' THEN
    RAISE EXCEPTION 'disk on fire';
  END IF;
  RETURN NEW;
END $$`)
      .execute(fx.database.db);
    await sql
      .raw("CREATE TRIGGER race_for_name BEFORE INSERT ON strategies FOR EACH ROW EXECUTE FUNCTION race_for_name()")
      .execute(fx.database.db);
    try {
      expect(await fx.cli(["strategy", "add", "Raced"])).toEqual({
        code: 4,
        stdout: "",
        stderr: "error: a strategy with name 'Raced' already exists\n",
      });
      // Nothing half-applied: the whole command rolled back, the racing row with it, and no audit row.
      const raced = await fx.database.db.selectFrom("strategies").select("id").where("name", "=", "Raced").execute();
      expect(raced).toEqual([]);
      const audit = await fx.database.db
        .selectFrom("audit_logs")
        .select("action")
        .where("action", "=", "strategy.create")
        .execute();
      expect(audit).toEqual([]);
      const usage = await fx.database.db
        .selectFrom("api_usage")
        .select(["endpoint", "response_code"])
        .where("endpoint", "=", "strategy add")
        .execute();
      expect(usage).toEqual([{ endpoint: "strategy add", response_code: 4 }]);

      expect(await fx.cli(["strategy", "add", "Broken"])).toEqual({
        code: 1,
        stdout: "",
        stderr: "error: unexpected failure: disk on fire (run with --debug for details)\n",
      });
    } finally {
      await sql.raw("DROP TRIGGER race_for_name ON strategies").execute(fx.database.db);
      await sql.raw("DROP FUNCTION race_for_name()").execute(fx.database.db);
    }
  });
});
