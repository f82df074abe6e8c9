// Two users on one database: neither can see or use the other's rows through any command on this branch.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { tradeFlags } from "../support/trades.js";

describeEachBackend("isolation between users", (backend) => {
  let database: TestDatabase;
  let alice: CliRunner;
  let bob: CliRunner;
  let aliceId: number;
  let bobId: number;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    alice = cliFor(database);
    const init = await alice(
      ["init", "--yes", "--username", "alice", "--email", "a@example.com", "--timezone", "UTC", "--password-stdin"],
      { stdin: "alice password" },
    );
    expect(init.code).toBe(0);
    const reg = await alice(
      ["user", "register", "--username", "bob", "--email", "b@example.com", "--timezone", "UTC", "--password-stdin"],
      { stdin: "bob password" },
    );
    expect(reg.code).toBe(0);
    bob = cliFor(database);
    expect(
      (await bob(["user", "login", "--username", "bob", "--password-stdin"], { stdin: "bob password" })).code,
    ).toBe(0);
    const users = await database.db.selectFrom("users").select(["id", "username"]).orderBy("id").execute();
    aliceId = users[0]?.id ?? 0;
    bobId = users[1]?.id ?? 0;

    const strategy = await database.db
      .insertInto("strategies")
      .values({ user_id: aliceId, name: "breakout" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const add = await alice([
      "trade",
      "add",
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "10", price: "100", exitPrice: "110", strategy: "breakout" }),
    ]);
    expect(add.code).toBe(0);
    expect(strategy.id).toBeGreaterThan(0);
    await database.db
      .insertInto("import_history")
      .values({ user_id: aliceId, filename: "alice.csv", status: "completed" })
      .execute();
    await database.db
      .insertInto("notifications")
      .values({ user_id: aliceId, type: "info", title: "for alice" })
      .execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("each command acts as the logged-in user", async () => {
    expect((await alice(["user", "whoami"])).stdout).toBe("alice\n");
    expect((await bob(["user", "whoami"])).stdout).toBe("bob\n");
    if (backend === "server") {
      // No login, no access: a config file naming a user is not enough on a shared server.
      const nobody = await cliFor(database)(["trade", "list"]);
      expect(nobody).toMatchObject({ code: 2, stdout: "" });
      expect(nobody.stderr).toMatch(/^error: not logged in to .+: run `tradesense user login`/);
    }
  });

  it("bob's trade list shows none of alice's trades, and the totals count none of them", async () => {
    const list = await bob(["trade", "list", "--json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ trades: [], totals: { trades: 0, netPnl: "0.00" } });
    const own = await alice(["trade", "list", "--json"]);
    expect(JSON.parse(own.stdout).trades).toHaveLength(1);
  });

  it("bob cannot file a trade under alice's strategy: it answers as a missing one", async () => {
    const addUnder = (strategy: string) =>
      bob([..."trade add --symbol X --side long --qty 1 --price 1 --strategy".split(" "), strategy]);
    const result = await addUnder("breakout");
    const missing = await addUnder("no-such");
    expect(result).toEqual({ code: 2, stdout: "", stderr: "error: unknown strategy 'breakout'\n" });
    expect(missing.stderr).toBe("error: unknown strategy 'no-such'\n");
    expect(await database.db.selectFrom("trades").select("user_id").execute()).toEqual([{ user_id: aliceId }]);
  });

  it("bob's audit trail, usage and settings are his own; --all is refused to him", async () => {
    const audit = JSON.parse((await bob(["audit", "--json"])).stdout).entries as { userId: number; action: string }[];
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((r) => r.userId === bobId)).toBe(true);
    expect((await bob(["audit", "--all"])).stderr).toBe("error: --all is for superusers: you can see your own rows\n");
    const usage = JSON.parse((await bob(["usage", "--json"])).stdout).usage as { endpoint: string }[];
    expect(usage.map((u) => u.endpoint)).not.toContain("init");
    expect((await bob(["config", "set", "theme", "dark"])).code).toBe(0);
    const themes = await database.db
      .selectFrom("user_settings")
      .select(["user_id", "theme"])
      .orderBy("user_id")
      .execute();
    expect(themes).toEqual([
      { user_id: aliceId, theme: "light" },
      { user_id: bobId, theme: "dark" },
    ]);
  });
});
