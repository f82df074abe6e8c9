// `notifications`, `audit` and `usage`: what each command line parses into, or the one error line it gets; no
// database (fast tier). Whether --all is allowed depends on the user, so the run step decides that.
import { describe } from "vitest";
import { auditCommand } from "../../../src/commands/audit.js";
import {
  notificationsDeleteCommand,
  notificationsListCommand,
  notificationsReadCommand,
} from "../../../src/commands/notifications.js";
import { usageCommand } from "../../../src/commands/usage.js";
import { parseTable } from "../../support/parse-table.js";

describe("notifications list", () => {
  parseTable(notificationsListCommand, [
    { argv: "", opts: { unreadOnly: false, json: false } },
    { argv: "--unread --json", opts: { unreadOnly: true, json: true } },
  ]);
});

describe("notifications read", () => {
  parseTable(notificationsReadCommand, [
    { argv: "12", opts: { target: 12 } },
    { argv: " 7 ", opts: { target: 7 } },
    { argv: "--all", opts: { target: null } },
    { argv: "", error: "error: notifications read needs an id or --all" },
    { argv: "12 --all", error: "error: notifications read takes an id or --all, not both" },
    { argv: "twelve", error: "error: notification id must be a whole number, got 'twelve'" },
  ]);
});

describe("notifications delete", () => {
  parseTable(notificationsDeleteCommand, [
    { argv: "3", opts: { target: 3 } },
    { argv: "--all", opts: { target: null } },
    { argv: "", error: "error: notifications delete needs an id or --all" },
    { argv: "3 --all", error: "error: notifications delete takes an id or --all, not both" },
    { argv: "1.5", error: "error: notification id must be a whole number, got '1.5'" },
  ]);
});

describe("audit", () => {
  parseTable(auditCommand, [
    { argv: "", opts: { all: false, limit: 100, json: false } },
    {
      argv: ["--action", " trade ", "--from", "2024-03-01", "--to", "2024-04-01", "--all", "--limit", "5", "--json"],
      opts: { action: "trade", from: "2024-03-01", to: "2024-04-01", all: true, limit: 5, json: true },
    },
    { argv: ["--action", "  "], opts: { all: false, limit: 100, json: false } },
    {
      argv: "--limit 0",
      error: /^error: option '--limit <n>' argument '0' is invalid\. must be a whole number from 1/,
    },
    { argv: "--limit ten", error: /^error: option '--limit <n>' argument 'ten' is invalid\./ },
    { argv: "--action", error: "error: option '--action <action>' argument missing" },
  ]);
});

describe("usage", () => {
  parseTable(usageCommand, [
    { argv: "", opts: { all: false, json: false } },
    {
      argv: "--from 2024-03-01 --to 2024-03-08 --all --json",
      opts: { from: "2024-03-01", to: "2024-03-08", all: true, json: true },
    },
    { argv: "--limit 5", error: "error: unknown option '--limit'" },
  ]);
});
