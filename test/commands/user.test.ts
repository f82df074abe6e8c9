import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashToken } from "../../src/domain/tokens.js";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";

const LOGIN_FAILED = "error: login failed: wrong username or password, or the account is deactivated\n";

describeEachBackend("tradesense user", (backend) => {
  let database: TestDatabase;
  let admin: CliRunner;
  const now = new Date("2024-05-01T12:00:00Z");
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    admin = cliFor(database);
    const init = await admin(
      ["init", "--yes", "--username", "root", "--email", "root@example.com", "--timezone", "UTC", "--password-stdin"],
      { stdin: "root password 1" },
    );
    expect(init.code).toBe(0);
  });
  afterAll(async () => {
    await database?.close();
  });

  const userRow = (username: string) =>
    database.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
  const auditActions = async (userId: number | null) =>
    (
      await database.db
        .selectFrom("audit_logs")
        .select("action")
        .where("user_id", userId === null ? "is" : "=", userId)
        .orderBy("id")
        .execute()
    ).map((r) => r.action);

  async function registerAndLogin(username: string, password = `${username} password`): Promise<CliRunner> {
    const reg = await admin(
      [
        "user",
        "register",
        "--username",
        username,
        "--email",
        `${username}@example.com`,
        "--timezone",
        "UTC",
        "--password-stdin",
      ],
      { stdin: `${password}\n` },
    );
    expect(reg).toEqual({
      code: 0,
      stdout: `Registered ${username}. Log in with: tradesense user login --username ${username}\n`,
      stderr: "",
    });
    const unbound = cliFor(database);
    // This user's clock is the test's: their login expires 30 days after `now`.
    const cli: CliRunner = Object.assign((args: string[], options = {}) => unbound(args, { now, ...options }), {
      home: unbound.home,
    });
    const login = await cli(["user", "login", "--username", username, "--password-stdin"], { stdin: password, now });
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    return cli;
  }

  it("registers, logs in with a revocable token (never the password), knows who you are, and logs out", async () => {
    const bob = await registerAndLogin("bob", "bob's secret pw");
    const row = await userRow("bob");
    expect(row.hashed_password).toMatch(/^scrypt\$/);
    expect(row.last_login?.toISOString()).toBe(now.toISOString());
    expect(row.is_superuser).toBe(false);

    const file = join(bob.home, "credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, { token: string }>)[0];
    expect(readFileSync(file, "utf8")).not.toContain("bob's secret pw");
    const session = await database.db
      .selectFrom("user_sessions")
      .selectAll()
      .where("user_id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(session.token_hash).toBe(hashToken(saved?.token ?? ""));
    expect(session.token_hash).not.toContain(saved?.token ?? "");

    expect(await bob(["user", "whoami"], { now })).toEqual({ code: 0, stdout: "bob\n", stderr: "" });
    expect((await bob(["user", "logout"], { now })).stdout).toMatch(/^Logged out bob from .+\.\n$/);
    expect(existsSync(file)).toBe(false);
    const revoked = await database.db
      .selectFrom("user_sessions")
      .select("revoked_at")
      .where("id", "=", session.id)
      .executeTakeFirstOrThrow();
    expect(revoked.revoked_at?.toISOString()).toBe(now.toISOString());
    expect(await auditActions(row.id)).toEqual(["user.register", "user.login", "user.logout"]);
    const audit = await database.db.selectFrom("audit_logs").select(["request_data", "response_data"]).execute();
    expect(JSON.stringify(audit)).not.toContain("bob's secret pw");
    expect(JSON.stringify(audit)).not.toContain(saved?.token);

    // A copy of the revoked token is worthless.
    const whoami = await bob(["user", "whoami"], { now });
    if (backend === "server") expect(whoami.stderr).toMatch(/^error: not logged in to .+: run `tradesense user login`/);
    else expect(whoami.code).toBe(2);
  });

  it("answers a wrong password and an unknown user the same way, and locks after five failures in a row", async () => {
    await registerAndLogin("carl", "carl password");
    const carl = await userRow("carl");
    const stranger = cliFor(database);
    const wrong = await stranger(["user", "login", "--username", "carl", "--password-stdin"], {
      stdin: "nope nope",
      now,
    });
    const unknown = await stranger(["user", "login", "--username", "nobody", "--password-stdin"], {
      stdin: "nope nope",
      now,
    });
    expect(wrong).toEqual({ code: 2, stdout: "", stderr: LOGIN_FAILED });
    expect(unknown).toEqual({ code: 2, stdout: "", stderr: LOGIN_FAILED });
    expect(await auditActions(null)).toContain("user.login_failed");

    for (let i = 0; i < 3; i++) {
      await stranger(["user", "login", "--username", "carl", "--password-stdin"], { stdin: "still wrong", now });
    }
    const fifth = await stranger(["user", "login", "--username", "carl", "--password-stdin"], {
      stdin: "still wrong",
      now,
    });
    expect(fifth.stderr).toBe(
      "error: login failed: wrong username or password, or the account is deactivated; further attempts are locked for 15 minutes\n",
    );
    const locked = await stranger(["user", "login", "--username", "carl", "--password-stdin"], {
      stdin: "carl password",
      now,
    });
    expect(locked).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: too many failed logins for 'carl': try again after 2024-05-01 12:15 UTC\n",
    });
    const later = new Date(now.getTime() + 16 * 60_000);
    const ok = await stranger(["user", "login", "--username", "carl", "--password-stdin"], {
      stdin: "carl password",
      now: later,
    });
    expect(ok.code).toBe(0);
    expect(await database.db.selectFrom("login_throttle").selectAll().where("username", "=", "carl").execute()).toEqual(
      [],
    );
    expect((await auditActions(carl.id)).filter((a) => a === "user.login_failed")).toHaveLength(6);
  });

  it("a deactivated user's logins end and they cannot log in; only a superuser may deactivate", async () => {
    const dora = await registerAndLogin("dora", "dora password");
    expect(await dora(["user", "deactivate", "bob"], { now })).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: only a superuser can do this\n",
    });
    expect((await admin(["user", "deactivate", "dora"], { now })).stdout).toBe(
      "dora is deactivated; 1 login(s) ended.\n",
    );
    expect((await dora(["user", "whoami"], { now })).stderr).toMatch(
      /^error: your login to .+ has expired or was revoked/,
    );
    const again = await dora(["user", "login", "--username", "dora", "--password-stdin"], {
      stdin: "dora password",
      now,
    });
    expect(again).toEqual({ code: 2, stdout: "", stderr: LOGIN_FAILED });
    expect((await admin(["user", "activate", "dora"], { now })).code).toBe(0);
    expect(
      (await dora(["user", "login", "--username", "dora", "--password-stdin"], { stdin: "dora password", now })).code,
    ).toBe(0);
    const list = await admin(["user", "list", "--json"]);
    expect(
      JSON.parse(list.stdout).map((u: { username: string; is_active: boolean }) => [u.username, u.is_active]),
    ).toEqual(
      expect.arrayContaining([
        ["dora", true],
        ["root", true],
      ]),
    );
    expect((await dora(["user", "list"])).stderr).toBe("error: only a superuser can list users\n");
  });

  it("a reset token works once, for its user, and not after it expires", async () => {
    await registerAndLogin("erin", "erin password");
    const issued = await admin(["user", "reset-token", "erin"], { now });
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^tsr_[A-Za-z0-9_-]{43}$/);
    expect((await userRow("erin")).password_reset_token).toBe(hashToken(token));

    const user = cliFor(database);
    const reset = (stdin: string, at: Date, username = "erin") =>
      user(["user", "reset", "--username", username, "--password-stdin"], { stdin, now: at });
    const badToken = "error: invalid or expired reset token: ask a superuser for a new one\n";
    expect(await reset(`${token}\nnew erin password\n`, now, "bob")).toEqual({ code: 2, stdout: "", stderr: badToken });
    expect((await reset(`${token}\nnew erin password\n`, now)).code).toBe(0);
    expect(await reset(`${token}\nthird erin password\n`, now)).toEqual({ code: 2, stdout: "", stderr: badToken });
    const login = await user(["user", "login", "--username", "erin", "--password-stdin"], {
      stdin: "new erin password",
      now,
    });
    expect(login.code).toBe(0);

    const second = (await admin(["user", "reset-token", "erin"], { now })).stdout.trim();
    const late = new Date(now.getTime() + 61 * 60_000);
    expect(await reset(`${second}\nlate erin password\n`, late)).toEqual({ code: 2, stdout: "", stderr: badToken });
    // The reset ended erin's login too.
    expect((await user(["user", "whoami"], { now })).code).toBe(0);
  });

  it("passwd needs the current password; set-password and verify-email are audited superuser verbs", async () => {
    const fay = await registerAndLogin("fay", "fay password");
    const fayRow = await userRow("fay");
    const wrong = await fay(["user", "passwd", "--password-stdin"], { stdin: "not it at all\nnew fay password\n" });
    expect(wrong).toEqual({ code: 2, stdout: "", stderr: "error: the current password is wrong: nothing changed\n" });
    const ok = await fay(["user", "passwd", "--password-stdin"], { stdin: "fay password\nnew fay password\n" });
    expect(ok).toEqual({ code: 0, stdout: "Password changed for fay.\n", stderr: "" });

    const temp = await admin(["user", "set-password", "fay"], { now });
    expect(temp.stderr).toMatch(/^Temporary password for fay \(shown once\)/);
    const login = await fay(["user", "login", "--username", "fay", "--password-stdin"], {
      stdin: temp.stdout.trim(),
      now,
    });
    expect(login.code).toBe(0);
    expect((await admin(["user", "verify-email", "fay"])).stdout).toBe("fay's email is verified.\n");
    expect((await userRow("fay")).email_verified).toBe(true);
    expect(await auditActions(fayRow.id)).toEqual([
      "user.register",
      "user.login",
      "user.password_change_failed",
      "user.password_change",
      "user.login",
    ]);
    const rootId = (await userRow("root")).id;
    expect((await auditActions(rootId)).slice(-2)).toEqual(["user.temporary_password", "user.verify_email"]);
  });
});
