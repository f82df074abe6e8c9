// `db` and `config` verbs: what each command line parses into, or the one error line it gets; no database (fast tier).
import { resolve } from "node:path";
import { describe } from "vitest";
import { configGetCommand } from "../../../src/commands/config/get.js";
import { configListCommand } from "../../../src/commands/config/list.js";
import { configSetCommand } from "../../../src/commands/config/set.js";
import { dbConnectCommand } from "../../../src/commands/db/connect.js";
import { dbCopyCommand } from "../../../src/commands/db/copy.js";
import { dbDisconnectCommand } from "../../../src/commands/db/disconnect.js";
import { dbMigrateCommand } from "../../../src/commands/db/migrate.js";
import { dbStatusCommand } from "../../../src/commands/db/status.js";
import { parseTable } from "../../support/parse-table.js";

const URL = "postgres://alice@db.example.com:5432/journal";

describe("db connect / disconnect", () => {
  parseTable(dbConnectCommand, [
    { argv: [URL], opts: { to: "server", url: URL, passwordStdin: false, json: false } },
    {
      argv: [URL, "--password-stdin", "--json"],
      opts: { to: "server", url: URL, passwordStdin: true, json: true },
    },
    { argv: "--embedded", opts: { to: "embedded", json: false } },
    { argv: "--embedded some/dir --json", opts: { to: "embedded", path: resolve("some/dir"), json: true } },
    { argv: [URL, "--embedded"], error: "error: give either a server URL or --embedded, not both" },
    { argv: "", error: "error: a server URL (postgres://user@host/database) or --embedded is required" },
    { argv: "mysql://alice@db/journal", error: "error: database URL must start with postgres://" },
    { argv: "postgres://db.example.com/journal", error: "error: the URL needs a user: postgres://user@host/database" },
    { argv: ["not a url"], error: "error: database URL must look like postgres://user@host:port/database" },
  ]);
  parseTable(dbDisconnectCommand, [
    { argv: "", opts: {} },
    { argv: "--json", error: "error: unknown option '--json'" },
  ]);
});

describe("db copy / migrate / status", () => {
  parseTable(dbCopyCommand, [
    { argv: ["--to", URL], opts: { direction: "to", url: URL, json: false } },
    {
      argv: ["--from", URL, "--username", "me", "--json"],
      opts: { direction: "from", url: URL, username: "me", json: true },
    },
    { argv: "", error: "error: db copy needs exactly one of --to <url> or --from <url>" },
    { argv: ["--to", URL, "--from", URL], error: "error: db copy needs exactly one of --to <url> or --from <url>" },
    { argv: "--to /tmp/journal", error: "error: --to must be a postgres:// or postgresql:// URL" },
    { argv: ["--to", URL, "--username", "me"], error: "error: --username goes with --from" },
  ]);
  parseTable(dbMigrateCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
  parseTable(dbStatusCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
    { argv: "--all", error: "error: unknown option '--all'" },
  ]);
});

describe("config get / set / list", () => {
  parseTable(configGetCommand, [
    { argv: "timezone", opts: { key: "timezone", json: false } },
    { argv: "display.page_size --json", opts: { key: "display.page_size", json: true } },
    { argv: "colour", error: /^error: unknown setting 'colour': one of timezone, theme, / },
    { argv: "", error: "error: missing required argument 'key'" },
  ]);
  parseTable(configSetCommand, [
    { argv: "timezone Europe/London", opts: { key: "timezone", value: "Europe/London", json: false } },
    {
      argv: "notifications.weekly_reports off --json",
      opts: { key: "notifications.weekly_reports", value: "off", json: true },
    },
    { argv: "theme purple", error: "error: theme must be one of light, dark, system, not 'purple'" },
    { argv: "display.page_size 0", error: "error: display.page_size must be a whole number from 1 to 1000, not '0'" },
    { argv: "timezone Mars/Olympus", error: /^error: unknown time zone 'Mars\/Olympus' for timezone/ },
    { argv: "colour red", error: /^error: unknown setting 'colour'/ },
    { argv: "theme", error: "error: missing required argument 'value'" },
  ]);
  parseTable(configListCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
});
