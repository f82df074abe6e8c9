import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { recordAudit } from "../../src/db/audit.js";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";

describeEachBackend("audit trail and usage records", (backend) => {
  let database: TestDatabase;
  let cli: CliRunner;
  let userId: number;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    cli = cliFor(database);
    const init = await cli(
      ["init", "--yes", "--username", "ann", "--email", "ann@example.com", "--timezone", "America/New_York"].concat(
        backend === "server" ? ["--password-stdin"] : [],
      ),
      { stdin: "a long enough password" },
    );
    expect(init.code).toBe(0);
    userId = (await database.db.selectFrom("users").select("id").executeTakeFirstOrThrow()).id;
  });
  beforeEach(async () => {
    await database.db.deleteFrom("audit_logs").execute();
    await database.db.deleteFrom("api_usage").execute();
    await database.db.deleteFrom("trades").execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("trade add writes exactly one audit row and one usage row; a refused one writes no audit row", async () => {
    const ok = await cli(["trade", "add", "--symbol", "msft", "--side", "long", "--qty", "5", "--price", "400.10"]);
    expect(ok.code).toBe(0);
    const trade = await database.db.selectFrom("trades").selectAll().executeTakeFirstOrThrow();
    const audit = await database.db.selectFrom("audit_logs").selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      user_id: userId,
      action: "trade.create",
      resource_type: "trade",
      resource_id: trade.id,
      request_data: { symbol: "msft", side: "long", qty: "5", price: "400.10" },
      response_data: { status: "open", pnl: null },
    });

    const bad = await cli(["trade", "add", "--symbol", "msft", "--side", "long", "--qty", "five", "--price", "1"]);
    expect(bad.code).toBe(2);
    expect(await database.db.selectFrom("audit_logs").select("id").execute()).toHaveLength(1);

    const usage = await database.db.selectFrom("api_usage").selectAll().orderBy("id").execute();
    expect(usage.map((u) => [u.user_id, u.endpoint, u.method, u.response_code])).toEqual([
      [userId, "trade add", "CLI", 0],
      [userId, "trade add", "CLI", 2],
    ]);
    expect(usage.every((u) => typeof u.response_time_ms === "number" && u.response_time_ms >= 0)).toBe(true);
  });

  it("help, version and parse errors open no database and record nothing", async () => {
    expect((await cli(["trade", "add", "--help"])).code).toBe(0);
    expect((await cli(["--version"])).code).toBe(0);
    expect((await cli(["trade", "add", "--nonsense"])).code).toBe(2);
    expect(await database.db.selectFrom("api_usage").selectAll().execute()).toEqual([]);
  });

  it("audit lists the user's own rows, filters by action family and date, and refuses --all to a non-superuser", async () => {
    await database.db
      .insertInto("audit_logs")
      .values([
        {
          user_id: userId,
          action: "trade.create",
          resource_type: "trade",
          resource_id: 7,
          created_at: "2024-03-01 15:00:00",
        },
        {
          user_id: userId,
          action: "settings.update",
          resource_type: "user_settings",
          resource_id: 1,
          request_data: JSON.stringify({ key: "theme", value: "dark" }),
          created_at: "2024-03-02 15:00:00",
        },
        {
          user_id: null,
          action: "user.login_failed",
          request_data: JSON.stringify({ username: "ghost" }),
          created_at: "2024-03-02 16:00:00",
        },
      ])
      .execute();
    const all = await cli(["audit"]);
    expect(all).toEqual({
      code: 0,
      stdout:
        "When\tUser\tAction\tResource\tRequest\tResult\n" +
        '2024-03-02 10:00\tann\tsettings.update\tuser_settings 1\t{"key":"theme","value":"dark"}\t\n' +
        "2024-03-01 10:00\tann\ttrade.create\ttrade 7\t\t\n",
      stderr: "",
    });
    const trades = await cli(["audit", "--action", "trade", "--json"]);
    expect(JSON.parse(trades.stdout).map((r: { action: string }) => r.action)).toEqual(["trade.create"]);
    const since = await cli(["audit", "--from", "2024-03-02", "--json"]);
    expect(JSON.parse(since.stdout).map((r: { action: string }) => r.action)).toEqual(["settings.update"]);

    // ann is init's superuser: --all shows the anonymous failed login too.
    const everyone = await cli(["audit", "--all", "--json"]);
    expect(JSON.parse(everyone.stdout).map((r: { action: string }) => r.action)).toEqual([
      "user.login_failed",
      "settings.update",
      "trade.create",
    ]);
    await database.db.updateTable("users").set({ is_superuser: false }).where("id", "=", userId).execute();
    try {
      expect(await cli(["audit", "--all"])).toEqual({
        code: 2,
        stdout: "",
        stderr: "error: --all is for superusers: you can see your own rows\n",
      });
    } finally {
      await database.db.updateTable("users").set({ is_superuser: true }).where("id", "=", userId).execute();
    }
  });

  it("usage summarises calls per command and day in the user's time zone", async () => {
    await database.db
      .insertInto("api_usage")
      .values([
        {
          user_id: userId,
          endpoint: "trade add",
          method: "CLI",
          response_code: 0,
          response_time_ms: 100,
          created_at: "2024-03-02 03:00:00",
        },
        {
          user_id: userId,
          endpoint: "trade add",
          method: "CLI",
          response_code: 2,
          response_time_ms: 50,
          created_at: "2024-03-01 20:00:00",
        },
        {
          user_id: userId,
          endpoint: "trade list",
          method: "CLI",
          response_code: 0,
          response_time_ms: 31,
          created_at: "2024-03-02 15:00:00",
        },
        {
          user_id: null,
          endpoint: "init",
          method: "CLI",
          response_code: 0,
          response_time_ms: 9,
          created_at: "2024-03-02 15:00:00",
        },
      ])
      .execute();
    // 2024-03-02 03:00 UTC is still March 1st in New York: both trade add calls fall on that day.
    const result = await cli(["usage", "--to", "2024-03-03"]);
    expect(result).toEqual({
      code: 0,
      stdout:
        "Day\tCommand\tCalls\tFailed\tAvg ms\tMax ms\n" +
        "2024-03-02\ttrade list\t1\t0\t31\t31\n" +
        "2024-03-01\ttrade add\t2\t1\t75\t100\n",
      stderr: "",
    });
    // and the usage command itself was recorded afterwards
    const own = await database.db
      .selectFrom("api_usage")
      .select(["endpoint", "user_id"])
      .where("endpoint", "=", "usage")
      .execute();
    expect(own).toEqual([{ endpoint: "usage", user_id: userId }]);
  });

  it("recordAudit drops anything that looks like a secret, at any depth", async () => {
    await recordAudit(database.db, {
      userId,
      action: "user.password_change",
      requestData: {
        username: "ann",
        password: "hunter22",
        nested: { resetToken: "tsr_x", keep: 1 },
        list: [{ secret: 1 }],
      },
    });
    const row = await database.db.selectFrom("audit_logs").selectAll().executeTakeFirstOrThrow();
    expect(row.request_data).toEqual({ username: "ann", nested: { keep: 1 }, list: [{}] });
    expect(JSON.stringify(row)).not.toContain("hunter22");
  });
});
