import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { verifyPassword } from "../../src/domain/passwords.js";
import { cliFor } from "../support/cli.js";
import { describeEachBackend, useDatabase } from "../support/databases.js";

describeEachBackend("tradesense init", (backend) => {
  const own = useDatabase(backend, "test");

  it("creates the first user and settings, remembers them, and changes nothing when run again", async () => {
    const cli = cliFor(own.database);
    const args = [
      "init",
      "--yes",
      "--username",
      "alice",
      "--email",
      "alice@example.com",
      "--timezone",
      "Europe/Berlin",
    ];
    const stdin = backend === "server" ? "correct horse battery\n" : undefined;
    const first = await cli(backend === "server" ? [...args, "--password-stdin"] : args, stdin ? { stdin } : {});
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Created your journal at .+ for alice\.\n/);

    const users = await own.database.db.selectFrom("users").selectAll().execute();
    expect(users.map((u) => [u.username, u.email, u.is_active, u.is_superuser])).toEqual([
      ["alice", "alice@example.com", true, true],
    ]);
    // The first user is the journal's superuser; creating them is audited, without the password.
    const audit = await own.database.db.selectFrom("audit_logs").selectAll().execute();
    expect(audit.map((a) => [a.user_id, a.action, a.resource_type, a.resource_id, a.request_data])).toEqual([
      [
        users[0]?.id,
        "user.create",
        "user",
        users[0]?.id,
        { username: "alice", email: "alice@example.com", timezone: "Europe/Berlin" },
      ],
    ]);
    const usage = await own.database.db.selectFrom("api_usage").selectAll().execute();
    expect(usage.map((u) => [u.user_id, u.endpoint, u.method, u.response_code])).toEqual([
      [users[0]?.id, "init", "CLI", 0],
    ]);
    const settings = await own.database.db.selectFrom("user_settings").selectAll().execute();
    expect(settings.map((s) => [s.user_id, s.timezone, s.theme, s.notifications])).toEqual([
      [users[0]?.id, "Europe/Berlin", "light", { email_alerts: true, weekly_reports: true }],
    ]);
    if (backend === "server") {
      expect(users[0]?.hashed_password).toMatch(/^scrypt\$15\$8\$1\$/);
      expect(await verifyPassword("correct horse battery", users[0]?.hashed_password ?? "")).toBe(true);
      expect(await verifyPassword("wrong horse battery", users[0]?.hashed_password ?? "")).toBe(false);
    } else {
      expect(users[0]?.hashed_password).toBe("!");
    }
    const config = readFileSync(join(cli.home, "config.json"), "utf8");
    expect(config).toContain('"alice"');
    expect(config).not.toContain("correct horse");

    const again = await cli(["init", "--yes", "--username", "bob"]);
    expect(again).toEqual({
      code: 0,
      stdout: expect.stringMatching(/is already set up for alice: nothing changed\.\n$/),
      stderr: "",
    });
    expect(await own.database.db.selectFrom("users").select("username").execute()).toEqual([{ username: "alice" }]);
  });

  it("asks for nothing off a terminal: a missing flag is a one-line error and nothing is written", async () => {
    const cli = cliFor(own.database);
    const result = await cli(["init", "--username", "carol"]);
    expect(result.code).toBe(2);
    const hint = backend === "embedded" ? " (or pass --yes for the default)" : "";
    expect(result.stderr).toBe(`error: --email is required when not running in a terminal${hint}\n`);
    const yes = await cli(["init", "--yes", "--username", "carol"]);
    expect(yes.stderr).toBe(
      backend === "embedded" ? "" : "error: --email is required: it has no default on a server\n",
    );
    if (backend === "embedded") return;
    expect(await own.database.db.selectFrom("users").selectAll().execute()).toEqual([]);
  });

  it.each([
    [
      ["--username", "bad name"],
      "error: invalid username 'bad name': use 1-50 letters, digits, '.', '_' or '-', starting with a letter or digit\n",
    ],
    [["--username", "dave", "--email", "not-an-email"], "error: invalid email 'not-an-email'\n"],
    [
      ["--username", "erin", "--email", "erin@example.com", "--timezone", "Mars/Olympus"],
      "error: unknown time zone 'Mars/Olympus': use an IANA name such as America/New_York or UTC\n",
    ],
  ])("rejects %j with one line and writes nothing", async (flags, message) => {
    const cli = cliFor(own.database);
    const result = await cli(["init", "--yes", ...flags]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: message });
    expect(await own.database.db.selectFrom("users").selectAll().execute()).toEqual([]);
  });

  it("refuses a password shorter than 8 characters", async () => {
    const cli = cliFor(own.database);
    const result = await cli(["init", "--yes", "--username", "frank", "--email", "f@example.com", "--password-stdin"], {
      stdin: "short\n",
    });
    expect(result).toEqual({ code: 2, stdout: "", stderr: "error: password must be at least 8 characters\n" });
  });

  it("prints JSON for scripts", async () => {
    const cli = cliFor(own.database);
    const stdin = "a long enough password";
    const result = await cli(
      ["init", "--yes", "--username", "gina", "--email", "g@example.com", "--password-stdin", "--json"],
      { stdin },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      created: true,
      location: expect.any(String),
      username: "gina",
      migrationsApplied: [],
    });
  });
});
