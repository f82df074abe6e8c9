import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashToken } from "../../src/domain/tokens.js";
import { type CliRunner, cliFor, type RunOptions } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { expectJsonShape, versioned } from "../support/json-shape.js";
import { fakeSendmail } from "../support/sendmail.js";

const LOGIN_FAILED = "error: login failed: wrong username or password, or the account is deactivated\n";
const HOW_TO_CONFIGURE_MAIL =
  'set TRADESENSE_SENDMAIL (e.g. \'sendmail -t -i\') or "mail": {"sendmail": ...} in the config file';
const noMailNote = (username: string) =>
  `No verification mail was sent: ${HOW_TO_CONFIGURE_MAIL}, or have a superuser run tradesense user verify-email ${username}.\n`;
const BAD_VERIFICATION =
  "error: invalid or expired verification token: run `tradesense user send-verification` for a new one\n";

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

  const register = (username: string, password: string, options: RunOptions = {}) =>
    admin(
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
      { stdin: `${password}\n`, now, ...options },
    );

  async function loginAs(username: string, password: string): Promise<CliRunner> {
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

  async function registerAndLogin(username: string, password = `${username} password`): Promise<CliRunner> {
    expect(await register(username, password)).toEqual({
      code: 0,
      stdout: `Registered ${username}. Log in with: tradesense user login --username ${username}\n`,
      stderr: noMailNote(username),
    });
    return loginAs(username, password);
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
    // Embedded, a home with no current user is a journal without its user: a database problem (exit 5).
    else
      expect(whoami).toEqual({
        code: 5,
        stdout: "",
        stderr: "error: no current user for this journal: run `tradesense init`\n",
      });
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
      JSON.parse(list.stdout).users.map((u: { username: string; isActive: boolean }) => [u.username, u.isActive]),
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

  it("a mailed verification token works once, for its user, and only its hash is ever stored", async () => {
    const mail = fakeSendmail();
    expect(await register("gina", "gina password", { env: mail.env })).toEqual({
      code: 0,
      stdout: "Registered gina. Log in with: tradesense user login --username gina\n",
      stderr:
        "Sent a verification mail to gina@example.com: once logged in, run tradesense user verify-email and paste its token (valid 24 hours, once).\n",
    });
    // The message went to the command's stdin; its arguments are the operator's own.
    expect(mail.args()).toBe("-t\n-i\n");
    expect(mail.message()).toMatch(
      /^To: gina@example\.com\nSubject: Verify your TradeSense email address\nMIME-Version: 1\.0\nContent-Type: text\/plain; charset=utf-8\n\nHello gina,\n/,
    );
    expect(mail.message()).toContain("\n    tradesense user verify-email\n");
    expect(mail.message()).toContain("Token, valid once until 2024-05-02 12:00 UTC:");
    const token = mail.takeToken();
    expect(token).not.toBe("");

    const gina = await loginAs("gina", "gina password");
    const row = await userRow("gina");
    expect(row.email_verification_token).toBe(hashToken(token));
    expect(row.email_verification_sent_at?.toISOString()).toBe(now.toISOString());
    expect(row.email_verified).toBe(false);
    for (const table of ["users", "audit_logs", "api_usage", "user_sessions"] as const) {
      expect(JSON.stringify(await database.db.selectFrom(table).selectAll().execute())).not.toContain(token);
    }
    const registered = await database.db
      .selectFrom("audit_logs")
      .select("response_data")
      .where("action", "=", "user.register")
      .where("resource_id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(registered.response_data).toMatchObject({ verification_mail: "sent" });

    const verify = (stdin: string) => gina(["user", "verify-email", "--token-stdin"], { stdin });
    const wrong = `tsv_${"A".repeat(43)}`;
    expect(await verify(`${wrong}\n`)).toEqual({ code: 2, stdout: "", stderr: BAD_VERIFICATION });
    expect((await userRow("gina")).email_verified).toBe(false);
    // A token is not an argument: without --token-stdin, off a terminal, it is refused rather than asked for.
    expect(await gina(["user", "verify-email"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --token-stdin is required when not running in a terminal\n",
    });

    expect(await verify(`${token}\n`)).toEqual({
      code: 0,
      stdout: "Your email gina@example.com is verified.\n",
      stderr: "",
    });
    const verified = await userRow("gina");
    expect([verified.email_verified, verified.email_verification_token]).toEqual([true, null]);
    const audit = await database.db
      .selectFrom("audit_logs")
      .select(["action", "resource_id", "request_data"])
      .where("user_id", "=", row.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      action: "user.verify_email",
      resource_id: row.id,
      request_data: { email: "gina@example.com", by: "token" },
    });

    // Once only; and a verified address is not mailed again.
    expect(await verify(`${token}\n`)).toEqual({ code: 2, stdout: "", stderr: BAD_VERIFICATION });
    expect(await gina(["user", "send-verification"], { env: mail.env })).toEqual({
      code: 0,
      stdout: "Your email gina@example.com is already verified: nothing sent.\n",
      stderr: "",
    });
    expect(mail.sent()).toBe(false);
  });

  it("send-verification mails a fresh token (mail command from the config file too); an expired one fails", async () => {
    const hank = await registerAndLogin("hank", "hank password");
    const hankRow = await userRow("hank");
    expect([hankRow.email_verification_token, hankRow.email_verification_sent_at]).toEqual([null, null]);
    const before = await auditActions(hankRow.id);

    expect(await hank(["user", "send-verification"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: no mail command is configured: ${HOW_TO_CONFIGURE_MAIL} (or ask a superuser: tradesense user verify-email hank)\n`,
    });
    const mail = fakeSendmail();
    const configFile = join(hank.home, "config.json");
    // No config file yet (a login keeps only credentials.json): the operator writes one with the mail command.
    expect(existsSync(configFile)).toBe(false);
    writeFileSync(configFile, JSON.stringify({ mail: { sendmail: mail.command, from: "journal@example.com" } }));
    const sent =
      "Sent a verification token to hank@example.com, valid once until 2024-05-02 12:00 UTC: run tradesense user verify-email and paste it.\n";
    expect(await hank(["user", "send-verification"])).toEqual({ code: 0, stdout: sent, stderr: "" });
    expect(mail.message()).toMatch(/^To: hank@example\.com\nFrom: journal@example\.com\nSubject: /);
    const first = mail.takeToken();
    expect((await userRow("hank")).email_verification_token).toBe(hashToken(first));
    expect(await auditActions(hankRow.id)).toEqual([...before, "user.email_verification_sent"]);

    // 24 hours later the token has expired: refused, and nothing changes.
    const sentAt = new Date(now.getTime() - 24 * 3_600_000);
    await database.db
      .updateTable("users")
      .set({ email_verification_sent_at: sentAt })
      .where("id", "=", hankRow.id)
      .execute();
    const verify = (token: string) => hank(["user", "verify-email", "--token-stdin"], { stdin: token });
    expect(await verify(first)).toEqual({ code: 2, stdout: "", stderr: BAD_VERIFICATION });
    const expired = await userRow("hank");
    expect([expired.email_verified, expired.email_verification_token, expired.email_verification_sent_at]).toEqual([
      false,
      hashToken(first),
      sentAt,
    ]);

    // A new token replaces the old one.
    const resent = await hank(["user", "send-verification", "--json"]);
    expect(resent.code).toBe(0);
    const resentJson = JSON.parse(resent.stdout);
    expectJsonShape(
      resentJson,
      versioned({ email: "string", sent: "boolean", expiresAt: "time?" }),
      "send-verification",
    );
    // The test's clock (2024-05-01 12:00 UTC) + 24 hours.
    expect(resentJson).toEqual({
      version: 1,
      email: "hank@example.com",
      sent: true,
      expiresAt: "2024-05-02T12:00:00.000Z",
    });
    const second = mail.takeToken();
    expect(second).not.toBe(first);
    expect(await verify(first)).toEqual({ code: 2, stdout: "", stderr: BAD_VERIFICATION });
    expect(await hank(["user", "verify-email", "hank", "--token-stdin"], { stdin: second })).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: give a username (superusers) or --token-stdin, not both\n",
    });
    const verified = await hank(["user", "verify-email", "--token-stdin", "--json"], { stdin: second });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({
      version: 1,
      username: "hank",
      email: "hank@example.com",
      emailVerified: true,
      changed: true,
    });
    expect((await userRow("hank")).email_verified).toBe(true);
  });

  it("a failing mail command: register still succeeds and says so; send-verification fails and stores nothing", async () => {
    const mail = fakeSendmail(75);
    const why = "the mail command (TRADESENSE_SENDMAIL) exited with code 75: relay refused";
    expect(await register("ivy", "ivy password", { env: mail.env })).toEqual({
      code: 0,
      stdout: "Registered ivy. Log in with: tradesense user login --username ivy\n",
      stderr: `warning: the verification mail was not sent (${why}): once logged in, run tradesense user send-verification.\n`,
    });
    const row = await userRow("ivy");
    expect(row.email_verification_token).toBeNull();
    const ivy = await loginAs("ivy", "ivy password");
    const before = await auditActions(row.id);
    expect(await ivy(["user", "send-verification"], { env: mail.env })).toEqual({
      code: 6,
      stdout: "",
      stderr: `error: ${why}\n`,
    });
    expect((await userRow("ivy")).email_verification_token).toBeNull();
    expect(await auditActions(row.id)).toEqual(before);
  });
  it("every user verb's --json has its declared shape: camelCase, times ISO-8601 UTC, a version", async () => {
    const registered = await admin(
      ["user", "register", "--username", "jill", "--email", "jill@example.com", "--timezone", "UTC"].concat(
        "--password-stdin",
        "--json",
      ),
      { stdin: "jill password\n", now },
    );
    expect(registered.code).toBe(0);
    const jill = JSON.parse(registered.stdout);
    expectJsonShape(
      jill,
      versioned({ id: "integer", username: "string", email: "string", timezone: "string", verificationMail: "string" }),
      "user register",
    );
    expect(jill).toMatchObject({ version: 1, username: "jill", timezone: "UTC", verificationMail: "not configured" });

    const unbound = cliFor(database);
    const login = await unbound(["user", "login", "--username", "jill", "--password-stdin", "--json"], {
      stdin: "jill password",
      now,
    });
    expect(login.code).toBe(0);
    const loginJson = JSON.parse(login.stdout);
    expectJsonShape(loginJson, versioned({ username: "string", location: "string", expiresAt: "time" }), "user login");
    // A login lasts 30 days from the test's clock, 2024-05-01 12:00 UTC.
    expect(loginJson.expiresAt).toBe("2024-05-31T12:00:00.000Z");

    const whoami = JSON.parse((await unbound(["user", "whoami", "--json"], { now })).stdout);
    expectJsonShape(
      whoami,
      versioned({ id: "integer", username: "string", timezone: "string", isSuperuser: "boolean", location: "string" }),
      "user whoami",
    );
    expect(whoami).toMatchObject({ id: jill.id, username: "jill", isSuperuser: false, location: loginJson.location });

    const list = JSON.parse((await admin(["user", "list", "--json"])).stdout);
    expectJsonShape(list, versioned({ users: "array" }), "user list");
    const listedUser = {
      id: "integer",
      username: "string",
      email: "string",
      fullName: "string?",
      isActive: "boolean",
      isSuperuser: "boolean",
      emailVerified: "boolean",
      createdAt: "time",
      lastLogin: "time?",
    } as const;
    for (const user of list.users) expectJsonShape(user, listedUser, "a listed user");
    expect(list.users.find((u: { username: string }) => u.username === "jill")).toMatchObject({
      email: "jill@example.com",
      fullName: null,
      isActive: true,
      isSuperuser: false,
      emailVerified: false,
      lastLogin: "2024-05-01T12:00:00.000Z",
    });

    const json = async (args: string[]) => {
      const result = await admin([...args, "--json"], { now });
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    // jill's one login (above) ends when she is deactivated.
    expect(await json(["user", "deactivate", "jill"])).toEqual({
      version: 1,
      username: "jill",
      active: false,
      changed: true,
      sessionsRevoked: 1,
    });
    expect(await json(["user", "activate", "jill"])).toEqual({
      version: 1,
      username: "jill",
      active: true,
      changed: true,
    });
    const temporary = await json(["user", "set-password", "jill"]);
    expectJsonShape(temporary, versioned({ username: "string", temporaryPassword: "string" }), "user set-password");
    const reset = await json(["user", "reset-token", "jill"]);
    expectJsonShape(reset, versioned({ username: "string", token: "string", expiresAt: "time" }), "user reset-token");
    // Reset tokens are valid 60 minutes from the test's clock.
    expect(reset.expiresAt).toBe("2024-05-01T13:00:00.000Z");
    expect(await json(["user", "verify-email", "jill"])).toEqual({
      version: 1,
      username: "jill",
      email: null,
      emailVerified: true,
      changed: true,
    });
  });
});
