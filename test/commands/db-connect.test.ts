// Server passwords for real: a PostgreSQL started here with scram-sha-256 (the shared test server trusts everyone, so
// it cannot tell whether a password was used), a real gnome-keyring in a private D-Bus session for the keychain, and
// no Secret Service at all for the PGPASSWORD and .pgpass fallbacks. Every run is the built CLI as its own process.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const PASSWORD = "scram p@ss: with spaces";
const bin = join(import.meta.dirname, "../../bin/tradesense");
const tools = ["dbus-run-session", "gnome-keyring-daemon", "secret-tool", "runuser"].every(
  (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0,
);
const available = tools && existsSync(`${PG_BIN}/initdb`);
if (!available && process.env.CI) throw new Error("keychain tests need gnome-keyring, dbus and initdb: see .ci/run");

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function asPostgres(args: string[]) {
  const result = spawnSync("runuser", ["-u", "postgres", "--", ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!available)("db connect: passwords from the keychain, PGPASSWORD and .pgpass", () => {
  let dir: string;
  let url: string;
  let account: string;
  let home: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(inject("scratchDir"), "scram-"));
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout);
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
    chmodSync(inject("scratchDir"), 0o755);
    chownSync(dir, uid, gid);
    writeFileSync(join(dir, "pw"), PASSWORD);
    chownSync(join(dir, "pw"), uid, gid);
    asPostgres([
      `${PG_BIN}/initdb`,
      "-D",
      join(dir, "data"),
      "-U",
      "postgres",
      `--pwfile=${join(dir, "pw")}`,
      "-A",
      "scram-sha-256",
    ]);
    const port = await freePort();
    asPostgres([
      `${PG_BIN}/pg_ctl`,
      "-D",
      join(dir, "data"),
      "-l",
      join(dir, "log"),
      "-w",
      "start",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    ]);
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    account = `postgres@127.0.0.1:${port}/postgres`;
  });
  afterAll(() => {
    if (dir && existsSync(join(dir, "data", "postmaster.pid"))) {
      asPostgres([`${PG_BIN}/pg_ctl`, "-D", join(dir, "data"), "-m", "immediate", "stop"]);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function newHome(): string {
    home = mkdtempSync(join(inject("scratchDir"), "keyhome-"));
    mkdirSync(join(home, "run"), { mode: 0o700 });
    return home;
  }

  /** The CLI as a process; with `keyring`, inside a private D-Bus session with an unlocked gnome-keyring. */
  function run(args: string[], options: { keyring?: boolean; stdin?: string; env?: NodeJS.ProcessEnv } = {}): Run {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_DATA_HOME: join(home, "data"),
      XDG_RUNTIME_DIR: join(home, "run"),
      TRADESENSE_HOME: join(home, "ts"),
      ...options.env,
    };
    const command = options.keyring
      ? [
          "dbus-run-session",
          "--",
          "sh",
          "-c",
          // The daemon gets no pipe of ours: one that outlives its bus (it can, when the session ends before it joins) and
          // holds the test's stderr would keep spawnSync waiting for EOF forever (seen once: a CI run hung 12 minutes).
          'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"',
          "sh",
        ]
      : [];
    const [file, ...rest] = [...command, process.execPath, bin, ...args] as [string, ...string[]];
    const result = spawnSync(file, rest, { env, input: options.stdin ?? "", encoding: "utf8", timeout: 60_000 });
    // dbus-daemon complains it cannot raise its fd limit when run as root: not ours.
    const stderr = result.stderr.replace(/^dbus-daemon\[\d+\]: .*fd limit.*\n/gm, "");
    return { code: result.status ?? -1, stdout: result.stdout, stderr };
  }

  const lookup = () =>
    spawnSync(
      "dbus-run-session",
      [
        "--",
        "sh",
        "-c",
        'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; secret-tool lookup service tradesense account "$1"',
        "sh",
        account,
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          XDG_DATA_HOME: join(home, "data"),
          XDG_RUNTIME_DIR: join(home, "run"),
        },
        encoding: "utf8",
        timeout: 60_000,
      },
    ).stdout;

  it("stores the password in the keychain only, and a later command connects with it; a wrong one fails clearly", () => {
    newHome();
    const connect = run(["db", "connect", url, "--password-stdin"], { keyring: true, stdin: `${PASSWORD}\n` });
    expect(connect).toEqual({
      code: 0,
      stdout: `Connected to ${url}; password stored in the keychain (account ${account}).\n`,
      stderr: "",
    });
    const config = readFileSync(join(home, "ts", "config.json"), "utf8");
    expect(JSON.parse(config).database).toEqual({ url });
    expect(config).not.toContain("scram p@ss");
    expect(lookup()).toBe(PASSWORD);

    const migrate = run(["db", "migrate", "--json"], { keyring: true });
    expect(migrate.stderr).toBe("");
    expect(migrate.code).toBe(0);
    const status = run(["db", "status", "--json"], { keyring: true });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).location).toBe(url);

    // The same command without the keychain's password is refused by the server.
    const without = run(["db", "status"]);
    expect(without.code).toBe(5);
    expect(without.stderr).toMatch(
      /^error: cannot connect to .+: the server asks for a password and none was found \(keychain unavailable \(.+\), no PGPASSWORD, no \.pgpass entry\): run `tradesense db connect <url>` or set PGPASSWORD\n$/,
    );

    const disconnect = run(["db", "disconnect"], { keyring: true });
    expect(disconnect.stdout).toBe(
      `Disconnected from ${url}; its password was removed from the keychain. The embedded journal is used again.\n`,
    );
    expect(lookup()).toBe("");
    expect(JSON.parse(readFileSync(join(home, "ts", "config.json"), "utf8")).database).toEqual({});
  });

  it("moves a password written in the URL to the keychain, with a warning; a wrong password fails with the server's words", () => {
    newHome();
    const withPassword = url.replace("postgres@", `postgres:${encodeURIComponent(PASSWORD)}@`);
    const connect = run(["db", "connect", withPassword], { keyring: true });
    expect(connect.stderr).toBe(
      "warning: the URL carried a password: it is moved to the keychain and left out of the config\n",
    );
    expect(connect.code).toBe(0);
    expect(readFileSync(join(home, "ts", "config.json"), "utf8")).not.toContain("scram");
    expect(lookup()).toBe(PASSWORD);
    const wrong = run(["db", "connect", url, "--password-stdin"], { keyring: true, stdin: "not the password" });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toBe(`error: cannot connect to ${url}: password authentication failed for user "postgres"\n`);
    expect(lookup()).toBe(PASSWORD);
  });

  it("with no Secret Service, falls back to PGPASSWORD, then .pgpass / PGPASSFILE, and says which it used", () => {
    newHome();
    const connect = run(["db", "connect", url, "--password-stdin"], { stdin: PASSWORD });
    expect(connect.code).toBe(0);
    expect(connect.stderr).toMatch(
      /^note: no usable Secret Service: .+: the password was not saved; use PGPASSWORD or ~\/\.pgpass \(PGPASSFILE\) on this machine\n$/,
    );
    expect(connect.stdout).toBe(`Connected to ${url}.\n`);

    const viaEnv = run(["db", "migrate"], { env: { PGPASSWORD: PASSWORD } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stderr).toMatch(
      /^note: keychain unavailable \(no usable Secret Service: .+\): using the password from PGPASSWORD; set up a Secret Service \(gnome-keyring\) and run `tradesense db connect <url>` to use the keychain\n$/,
    );

    const pgpass = join(home, "pgpass");
    const escaped = PASSWORD.replace(/[\\:]/g, "\\$&");
    writeFileSync(pgpass, `# comment\notherhost:*:*:*:nope\n127.0.0.1:${new URL(url).port}:*:postgres:${escaped}\n`, {
      mode: 0o600,
    });
    const viaFile = run(["db", "status"], { env: { PGPASSFILE: pgpass } });
    expect(viaFile.code).toBe(0);
    expect(viaFile.stderr).toMatch(
      new RegExp(`^note: keychain unavailable \\(.+\\): using the password from ${pgpass};`),
    );

    writeFileSync(join(home, ".pgpass"), `*:*:*:postgres:${escaped}\n`, { mode: 0o600 });
    expect(run(["db", "status"]).code).toBe(0);
    chmodSync(join(home, ".pgpass"), 0o644);
    const loose = run(["db", "status"]);
    expect(loose.code).toBe(5);
    expect(loose.stderr).toContain("is readable by others (chmod 0600 it): ignored");

    const wrongEnv = run(["db", "status"], { env: { PGPASSWORD: "wrong" } });
    expect(wrongEnv.code).toBe(5);
    expect(wrongEnv.stderr).toMatch(
      /error: cannot connect to .+: password authentication failed for user "postgres"\n$/,
    );
  });
});
