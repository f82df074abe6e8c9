// `strategy` verbs: what each command line parses into, or the one error line it gets; no database (fast tier).
import { describe } from "vitest";
import { strategyAddCommand } from "../../../src/commands/strategy/add.js";
import { strategyActivateCommand, strategyArchiveCommand } from "../../../src/commands/strategy/archive.js";
import { strategyDeleteCommand } from "../../../src/commands/strategy/delete.js";
import { strategyEditCommand } from "../../../src/commands/strategy/edit.js";
import { strategyListCommand } from "../../../src/commands/strategy/list.js";
import { strategyShowCommand } from "../../../src/commands/strategy/show.js";
import { parseTable } from "../../support/parse-table.js";

describe("strategy add", () => {
  parseTable(strategyAddCommand, [
    { argv: "ORB", opts: { name: "ORB", rules: [], json: false } },
    {
      argv: ["Opening range", "--description", "Break", "--rule", "entry: High", "--rule", "stop: 0.50", "--json"],
      opts: { name: "Opening range", description: "Break", rules: ["entry: High", "stop: 0.50"], json: true },
    },
    { argv: ["ORB", "--rule", "whenever"], error: /^error: --rule must start with entry:/ },
    { argv: "", error: "error: missing required argument 'name'" },
  ]);
});

describe("strategy edit", () => {
  parseTable(strategyEditCommand, [
    { argv: "3 --name New", opts: { strategy: "3", name: "New", json: false } },
    {
      argv: ["ORB", "--rule", "exit: Target", "--add-rule", "check: Volume", "--json"],
      opts: { strategy: "ORB", rules: ["exit: Target"], addRules: ["check: Volume"], json: true },
    },
    { argv: "ORB", error: "error: give --name, --description, --rule or --add-rule" },
    { argv: ["ORB", "--add-rule", "nonsense"], error: /^error: --rule must start with entry:/ },
  ]);
});

describe("strategy list, show, archive, activate and delete", () => {
  parseTable(strategyListCommand, [
    { argv: "", opts: { active: false, json: false } },
    { argv: "--active --json", opts: { active: true, json: true } },
  ]);
  parseTable(strategyShowCommand, [{ argv: "ORB --json", opts: { strategy: "ORB", json: true } }]);
  parseTable(strategyArchiveCommand, [{ argv: "ORB", opts: { strategy: "ORB", json: false } }]);
  parseTable(strategyActivateCommand, [{ argv: "7 --json", opts: { strategy: "7", json: true } }]);
  parseTable(strategyDeleteCommand, [
    { argv: "ORB", opts: { strategy: "ORB", detach: false, yes: false, json: false } },
    { argv: "ORB --detach -y --json", opts: { strategy: "ORB", detach: true, yes: true, json: true } },
    { argv: "ORB --force", error: "error: unknown option '--force'" },
  ]);
});
