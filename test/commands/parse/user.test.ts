// `user` verbs: what each command line parses into, or the one error line it gets; no database (fast tier).
// Secrets are never flags: they are read by the run step (stdin or a hidden prompt), so no row carries one.
import { describe } from "vitest";
import {
  userActivateCommand,
  userDeactivateCommand,
  userResetTokenCommand,
  userSetPasswordCommand,
} from "../../../src/commands/user/admin.js";
import { userListCommand } from "../../../src/commands/user/list.js";
import { userLoginCommand } from "../../../src/commands/user/login.js";
import { userLogoutCommand } from "../../../src/commands/user/logout.js";
import { userPasswdCommand } from "../../../src/commands/user/passwd.js";
import { userRegisterCommand } from "../../../src/commands/user/register.js";
import { userResetCommand } from "../../../src/commands/user/reset.js";
import { userSendVerificationCommand } from "../../../src/commands/user/send-verification.js";
import { userVerifyEmailCommand } from "../../../src/commands/user/verify-email.js";
import { userWhoamiCommand } from "../../../src/commands/user/whoami.js";
import { parseTable } from "../../support/parse-table.js";

describe("user register", () => {
  parseTable(userRegisterCommand, [
    { argv: "", opts: { passwordStdin: false, json: false } },
    {
      argv: [
        "--username",
        " bob ",
        "--email",
        "bob@example.com",
        "--full-name",
        "Bob B",
        "--timezone",
        "Europe/Paris",
      ].concat(["--password-stdin", "--json"]),
      opts: {
        username: "bob",
        email: "bob@example.com",
        fullName: "Bob B",
        timezone: "Europe/Paris",
        passwordStdin: true,
        json: true,
      },
    },
    { argv: "--username -bob", error: /^error: invalid username '-bob'/ },
    { argv: "--email bob", error: "error: invalid email 'bob'" },
    { argv: "--timezone Mars/Olympus", error: /^error: unknown time zone 'Mars\/Olympus'/ },
    { argv: "--password secret", error: "error: unknown option '--password'" },
  ]);
});

describe("user login / logout / whoami / passwd / reset", () => {
  parseTable(userLoginCommand, [
    { argv: "", opts: { passwordStdin: false, json: false } },
    { argv: "--username alice --password-stdin --json", opts: { username: "alice", passwordStdin: true, json: true } },
    { argv: "--username", error: "error: option '--username <name>' argument missing" },
  ]);
  parseTable(userLogoutCommand, [
    { argv: "", opts: {} },
    { argv: "--json", error: "error: unknown option '--json'" },
  ]);
  parseTable(userWhoamiCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
  parseTable(userPasswdCommand, [
    { argv: "", opts: { passwordStdin: false } },
    { argv: "--password-stdin", opts: { passwordStdin: true } },
  ]);
  parseTable(userResetCommand, [
    { argv: "--username bob --password-stdin", opts: { username: "bob", passwordStdin: true } },
    { argv: "", opts: { passwordStdin: false } },
    { argv: "--token abc", error: "error: unknown option '--token'" },
  ]);
});

describe("user send-verification / verify-email", () => {
  parseTable(userSendVerificationCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
  parseTable(userVerifyEmailCommand, [
    { argv: "", opts: { tokenStdin: false, json: false } },
    { argv: "--token-stdin --json", opts: { tokenStdin: true, json: true } },
    { argv: "bob", opts: { username: "bob", tokenStdin: false, json: false } },
    { argv: "bob --token-stdin", error: "error: give a username (superusers) or --token-stdin, not both" },
    { argv: "bob carol", error: "error: too many arguments. Expected 1 argument but got 2." },
  ]);
});

describe("user list and the superuser verbs", () => {
  parseTable(userListCommand, [
    { argv: "", opts: { json: false } },
    { argv: "--json", opts: { json: true } },
  ]);
  for (const build of [userDeactivateCommand, userActivateCommand, userSetPasswordCommand, userResetTokenCommand]) {
    parseTable(build, [
      { argv: "bob", opts: { username: "bob", json: false } },
      { argv: "bob --json", opts: { username: "bob", json: true } },
      { argv: "", error: "error: missing required argument 'username'" },
    ]);
  }
});
