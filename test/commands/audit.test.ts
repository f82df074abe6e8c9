import { appendFileSync, existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, expect, it } from "vitest";
import { recordAudit } from "../../src/db/audit.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape, type JsonShape, versioned } from "../support/json-shape.js";

const USAGE_JSON: JsonShape = {
  day: "string",
  endpoint: "string",
  calls: "integer",
  failures: "integer",
  avgMs: "integer",
  maxMs: "integer",
};

describeEachBackend("audit trail and usage records", (backend) => {
  const fx = useJournal(backend, "ann");
  beforeEach(async () => {
    await fx.database.db.deleteFrom("audit_logs").execute();
    await fx.database.db.deleteFrom("api_usage").execute();
    await fx.database.db.deleteFrom("trades").execute();
  });

  it("trade add writes exactly one audit row and one usage row; a refused one writes no audit row", async () => {
    const ok = await fx.cli(["trade", "add", "--symbol", "msft", "--side", "long", "--qty", "5", "--price", "400.10"]);
    expect(ok.code).toBe(0);
    const trade = await fx.database.db.selectFrom("trades").selectAll().executeTakeFirstOrThrow();
    const audit = await fx.database.db.selectFrom("audit_logs").selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      user_id: fx.userId,
      action: "trade.create",
      resource_type: "trade",
      resource_id: trade.id,
      request_data: { symbol: "msft", side: "long", qty: "5", price: "400.10" },
      response_data: { status: "open", pnl: null },
    });

    // A bad value is refused before the journal is opened (like a parse error): its usage row waits in the spool
    // and the next command that opens the journal writes it.
    const bad = await fx.cli(["trade", "add", "--symbol", "msft", "--side", "long", "--qty", "five", "--price", "1"]);
    expect(bad.code).toBe(2);
    expect(await fx.database.db.selectFrom("audit_logs").select("id").execute()).toHaveLength(1);
    expect((await fx.cli(["trade", "list"])).code).toBe(0);

    const usage = await fx.database.db.selectFrom("api_usage").selectAll().orderBy("id").execute();
    expect(usage.map((u) => [u.user_id, u.endpoint, u.method, u.response_code])).toEqual([
      [fx.userId, "trade add", "CLI", 0],
      [fx.userId, "trade add", "CLI", 2],
      [fx.userId, "trade list", "CLI", 0],
    ]);
    expect(usage.every((u) => typeof u.response_time_ms === "number" && u.response_time_ms >= 0)).toBe(true);
  });

  it("help, version and parse errors open no database: their rows wait in the spool for the next command", async () => {
    const spool = join(fx.cli.home, "data", "usage-spool.jsonl");
    const at = new Date("2024-03-05T15:00:00Z");
    expect((await fx.cli(["--version"], { now: at })).code).toBe(0);
    expect((await fx.cli(["--help"], { now: at })).code).toBe(0);
    expect((await fx.cli(["trade", "add", "--help"], { now: at })).code).toBe(0);
    expect((await fx.cli(["trade", "add", "--nonsense"], { now: at })).code).toBe(2);
    expect((await fx.cli(["no-such-command"], { now: at })).code).toBe(2);
    expect(await fx.database.db.selectFrom("api_usage").selectAll().execute()).toEqual([]);

    // One line per run, only its owner can read it, and no argument the user typed is in it.
    expect(statSync(spool).mode & 0o777).toBe(0o600);
    const text = readFileSync(spool, "utf8");
    expect(text).not.toMatch(/nonsense|no-such-command/);
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.endpoint, l.method, l.response_code, l.created_at, l.username])).toEqual([
      ["--version", "CLI", 0, at.toISOString(), "ann"],
      ["--help", "CLI", 0, at.toISOString(), "ann"],
      ["trade add --help", "CLI", 0, at.toISOString(), "ann"],
      ["trade add", "CLI", 2, at.toISOString(), "ann"],
      ["tradesense", "CLI", 2, at.toISOString(), "ann"],
    ]);

    // The next command that opens the database writes them before it reads: usage shows them at once.
    const usage = await fx.cli(["usage", "--json"]);
    expect(usage.code).toBe(0);
    const usageJson = JSON.parse(usage.stdout);
    expectJsonShape(usageJson, versioned({ usage: "array" }), "usage --json");
    for (const row of usageJson.usage) expectJsonShape(row, USAGE_JSON, "a usage row");
    expect(usageJson.usage).toEqual([
      {
        day: "2024-03-05",
        endpoint: "--help",
        calls: 1,
        failures: 0,
        avgMs: expect.any(Number),
        maxMs: expect.any(Number),
      },
      {
        day: "2024-03-05",
        endpoint: "--version",
        calls: 1,
        failures: 0,
        avgMs: expect.any(Number),
        maxMs: expect.any(Number),
      },
      {
        day: "2024-03-05",
        endpoint: "trade add",
        calls: 1,
        failures: 1,
        avgMs: expect.any(Number),
        maxMs: expect.any(Number),
      },
      {
        day: "2024-03-05",
        endpoint: "trade add --help",
        calls: 1,
        failures: 0,
        avgMs: expect.any(Number),
        maxMs: expect.any(Number),
      },
      {
        day: "2024-03-05",
        endpoint: "tradesense",
        calls: 1,
        failures: 1,
        avgMs: expect.any(Number),
        maxMs: expect.any(Number),
      },
    ]);
    expect(existsSync(spool)).toBe(false);
    const rows = await fx.database.db.selectFrom("api_usage").selectAll().orderBy("id").execute();
    expect(rows.map((u) => [u.user_id, u.endpoint, u.method, u.response_code, u.created_at?.toISOString()])).toEqual([
      [fx.userId, "--version", "CLI", 0, at.toISOString()],
      [fx.userId, "--help", "CLI", 0, at.toISOString()],
      [fx.userId, "trade add --help", "CLI", 0, at.toISOString()],
      [fx.userId, "trade add", "CLI", 2, at.toISOString()],
      [fx.userId, "tradesense", "CLI", 2, at.toISOString()],
      [fx.userId, "usage", "CLI", 0, expect.any(String)],
    ]);

    // A run that opened the database writes its own row there, once, and spools nothing.
    expect((await fx.cli(["trade", "list"])).code).toBe(0);
    expect(existsSync(spool)).toBe(false);
    const after = await fx.database.db.selectFrom("api_usage").select("endpoint").orderBy("id").execute();
    expect(after.map((u) => u.endpoint)).toEqual([...rows.map((u) => u.endpoint), "trade list"]);
  });

  it("a spooled row for another database stays in the spool; a corrupt line is dropped with a --debug note", async () => {
    const spool = join(fx.cli.home, "data", "usage-spool.jsonl");
    // --database-url is a global option: parsed before the subcommand fails, it names where the row belongs.
    const elsewhere = await fx.cli([
      "--database-url",
      "postgres://ann@elsewhere.example:5433/journal",
      "trade",
      "list",
      "--bad",
    ]);
    expect(elsewhere.code).toBe(2);
    appendFileSync(spool, "{not json\n");
    expect((await fx.cli(["--version"])).code).toBe(0);

    const list = await fx.cli(["trade", "list", "--debug"]);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe(`note: dropped 1 unreadable line(s) of ${spool}\n`);
    const rows = await fx.database.db.selectFrom("api_usage").selectAll().orderBy("id").execute();
    expect(rows.map((u) => [u.user_id, u.endpoint, u.response_code])).toEqual([
      [fx.userId, "--version", 0],
      [fx.userId, "trade list", 0],
    ]);
    const kept = readFileSync(spool, "utf8").trim().split("\n");
    expect(kept.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        endpoint: "trade list",
        response_code: 2,
        location: "server:postgres://ann@elsewhere.example:5433/journal",
        username: null,
      }),
    ]);
    rmSync(spool);
  });

  it("audit lists the user's own rows, filters by action family and date, and refuses --all to a non-superuser", async () => {
    await fx.database.db
      .insertInto("audit_logs")
      .values([
        {
          user_id: fx.userId,
          action: "trade.create",
          resource_type: "trade",
          resource_id: 7,
          created_at: "2024-03-01 15:00:00",
        },
        {
          user_id: fx.userId,
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
    const all = await fx.cli(["audit"]);
    expect(all).toEqual({
      code: 0,
      stdout:
        "When\tUser\tAction\tResource\tRequest\tResult\n" +
        '2024-03-02 10:00\tann\tsettings.update\tuser_settings 1\t{"key":"theme","value":"dark"}\t\n' +
        "2024-03-01 10:00\tann\ttrade.create\ttrade 7\t\t\n",
      stderr: "",
    });
    const trades = JSON.parse((await fx.cli(["audit", "--action", "trade", "--json"])).stdout);
    expectJsonShape(trades, versioned({ entries: "array" }), "audit --json");
    expect(trades.entries).toEqual([
      {
        id: expect.any(Number),
        createdAt: "2024-03-01T15:00:00.000Z",
        userId: fx.userId,
        username: "ann",
        action: "trade.create",
        resourceType: "trade",
        resourceId: 7,
        requestData: null,
        responseData: null,
      },
    ]);
    const since = JSON.parse((await fx.cli(["audit", "--from", "2024-03-02", "--json"])).stdout);
    expect(since.entries.map((r: { action: string }) => r.action)).toEqual(["settings.update"]);
    expectJsonShape(
      since.entries[0],
      {
        id: "integer",
        createdAt: "time",
        userId: "integer?",
        username: "string?",
        action: "string",
        resourceType: "string?",
        resourceId: "integer?",
        requestData: "object?",
        responseData: "object?",
      },
      "an audit entry",
    );
    expect(since.entries[0].requestData).toEqual({ key: "theme", value: "dark" });

    // ann is init's superuser: --all shows the anonymous failed login too.
    const everyone = await fx.cli(["audit", "--all", "--json"]);
    expect(JSON.parse(everyone.stdout).entries.map((r: { action: string }) => r.action)).toEqual([
      "user.login_failed",
      "settings.update",
      "trade.create",
    ]);
    await fx.database.db.updateTable("users").set({ is_superuser: false }).where("id", "=", fx.userId).execute();
    try {
      expect(await fx.cli(["audit", "--all"])).toEqual({
        code: 2,
        stdout: "",
        stderr: "error: --all is for superusers: you can see your own rows\n",
      });
    } finally {
      await fx.database.db.updateTable("users").set({ is_superuser: true }).where("id", "=", fx.userId).execute();
    }
  });

  it("usage summarises calls per command and day in the user's time zone", async () => {
    await fx.database.db
      .insertInto("api_usage")
      .values([
        {
          user_id: fx.userId,
          endpoint: "trade add",
          method: "CLI",
          response_code: 0,
          response_time_ms: 100,
          created_at: "2024-03-02 03:00:00",
        },
        {
          user_id: fx.userId,
          endpoint: "trade add",
          method: "CLI",
          response_code: 2,
          response_time_ms: 50,
          created_at: "2024-03-01 20:00:00",
        },
        {
          user_id: fx.userId,
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
    const result = await fx.cli(["usage", "--to", "2024-03-03"]);
    expect(result).toEqual({
      code: 0,
      stdout:
        "Day\tCommand\tCalls\tFailed\tAvg ms\tMax ms\n" +
        "2024-03-02\ttrade list\t1\t0\t31\t31\n" +
        "2024-03-01\ttrade add\t2\t1\t75\t100\n",
      stderr: "",
    });
    // The same as JSON: (100 + 50) / 2 = 75 ms on average, 100 the longest.
    const json = JSON.parse((await fx.cli(["usage", "--to", "2024-03-03", "--json"])).stdout);
    expect(json).toEqual({
      version: 1,
      usage: [
        { day: "2024-03-02", endpoint: "trade list", calls: 1, failures: 0, avgMs: 31, maxMs: 31 },
        { day: "2024-03-01", endpoint: "trade add", calls: 2, failures: 1, avgMs: 75, maxMs: 100 },
      ],
    });
    // and the usage command itself was recorded afterwards, both runs
    const own = await fx.database.db
      .selectFrom("api_usage")
      .select(["endpoint", "user_id"])
      .where("endpoint", "=", "usage")
      .execute();
    expect(own).toEqual([
      { endpoint: "usage", user_id: fx.userId },
      { endpoint: "usage", user_id: fx.userId },
    ]);
  });

  it("recordAudit drops anything that looks like a secret, at any depth", async () => {
    await recordAudit(fx.database.db, {
      userId: fx.userId,
      action: "user.password_change",
      requestData: {
        username: "ann",
        password: "hunter22",
        nested: { resetToken: "tsr_x", keep: 1 },
        list: [{ secret: 1 }],
      },
    });
    const row = await fx.database.db.selectFrom("audit_logs").selectAll().executeTakeFirstOrThrow();
    expect(row.request_data).toEqual({ username: "ann", nested: { keep: 1 }, list: [{}] });
    expect(JSON.stringify(row)).not.toContain("hunter22");
  });
});
