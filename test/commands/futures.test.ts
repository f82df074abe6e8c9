// `tradesense futures list|set|unset`: the built-in table, a user's additions and overrides (never another user's),
// and the one-line refusals.
import { describe, expect, it } from "vitest";
import { type CliRunner, cliFor } from "../support/cli.js";
import type { TestDatabase } from "../support/databases.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape, type JsonShape, versioned } from "../support/json-shape.js";

/** A contract's spec in `futures --json` (README "JSON output"): decimals as the table writes them. */
const CONTRACT_SPEC_JSON: JsonShape = {
  pointValue: "decimal",
  tickSize: "string",
  exchange: "string",
  currency: "string",
  name: "string",
};
const CONTRACT_JSON: JsonShape = { root: "string", ...CONTRACT_SPEC_JSON };

/** A second user registered on the same database and logged in on their own CLI. */
async function secondUser(cli: CliRunner, database: TestDatabase): Promise<CliRunner> {
  const password = { stdin: "other password" };
  const register = ["user", "register", "--username", "other", "--email", "o@example.com", "--password-stdin"];
  expect((await cli(register, password)).code).toBe(0);
  const other = cliFor(database);
  expect((await other(["user", "login", "--username", "other", "--password-stdin"], password)).code).toBe(0);
  return other;
}

interface Listed {
  root: string;
  pointValue: string;
  tickSize: string;
  exchange: string;
  currency: string;
  source: string;
}

describeEachBackend("tradesense futures", (backend) => {
  const fx = useJournal(backend);
  const list = async (cli = fx.cli) => {
    const result = await cli(["futures", "list", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expectJsonShape(document, versioned({ contracts: "array" }), "futures list --json");
    for (const c of document.contracts) expectJsonShape(c, { ...CONTRACT_JSON, source: "string" }, c.root);
    return new Map((document.contracts as Listed[]).map((c) => [c.root, c]));
  };

  it("lists the built-in contracts with their exchange multipliers", async () => {
    const contracts = await list();
    expect(contracts.get("ES")).toMatchObject({
      pointValue: "50",
      tickSize: "0.25",
      exchange: "CME",
      currency: "USD",
      source: "built-in",
    });
    expect(contracts.get("MYM")).toMatchObject({ pointValue: "0.5", exchange: "CBOT" });
    expect(contracts.get("6E")).toMatchObject({ pointValue: "125000", tickSize: "0.00005" });
    const table = await fx.cli(["futures", "list"]);
    expect(table.stdout.split("\n")[0]).toBe("Root\tPoint value\tTick\tExchange\tCurrency\tContract\tSource");
    expect(table.stdout).toContain("\nMES\t5\t0.25\tCME\tUSD\tMicro E-mini S&P 500\tbuilt-in\n");
  });

  it("adds a root, overrides a built-in one, and unsets both", async () => {
    expect(
      await fx.cli([
        "futures",
        "set",
        "fdax",
        "--point-value",
        "25",
        "--tick-size",
        "0.5",
        "--exchange",
        "eurex",
        "--currency",
        "eur",
      ]),
    ).toEqual({ code: 0, stdout: "FDAX: point value 25 EUR, tick 0.5, EUREX\n", stderr: "" });
    const override = await fx.cli(["futures", "set", "ES", "--point-value", "10", "--json"]);
    expect(override.code).toBe(0);
    const overridden = JSON.parse(override.stdout);
    expectJsonShape(overridden, versioned({ contract: "object" }), "futures set --json");
    expect(overridden.contract).toEqual({
      root: "ES",
      pointValue: "10",
      tickSize: "0.25",
      exchange: "CME",
      currency: "USD",
      name: "E-mini S&P 500",
    });
    let contracts = await list();
    expect(contracts.get("FDAX")).toMatchObject({ pointValue: "25", currency: "EUR", source: "yours" });
    // An override keeps the built-in tick, exchange and currency it does not name.
    expect(contracts.get("ES")).toMatchObject({
      pointValue: "10",
      tickSize: "0.25",
      exchange: "CME",
      source: "yours (built-in: 50)",
    });

    const unset = await fx.cli(["futures", "unset", "ES", "--json"]);
    expect(unset.code).toBe(0);
    const unsetJson = JSON.parse(unset.stdout);
    expectJsonShape(unsetJson, versioned({ root: "string", builtIn: "object?" }), "futures unset --json");
    expectJsonShape(unsetJson.builtIn, CONTRACT_SPEC_JSON, "the built-in row");
    expect(unsetJson).toMatchObject({ root: "ES", builtIn: { pointValue: "50" } });
    expect((await fx.cli(["futures", "set", "ES", "--point-value", "10"])).code).toBe(0);
    expect(await fx.cli(["futures", "unset", "ES"])).toEqual({
      code: 0,
      stdout: "ES: your point value removed; the built-in 50 applies\n",
      stderr: "",
    });
    expect(await fx.cli(["futures", "unset", "FDAX"])).toEqual({ code: 0, stdout: "FDAX: removed\n", stderr: "" });
    contracts = await list();
    expect(contracts.get("ES")).toMatchObject({ pointValue: "50", source: "built-in" });
    expect(contracts.has("FDAX")).toBe(false);
    expect(await fx.database.db.selectFrom("user_futures_contracts").selectAll().execute()).toEqual([]);
  });

  it("a user never sees another's contracts", async () => {
    expect((await fx.cli(["futures", "set", "FESX", "--point-value", "10"])).code).toBe(0);
    const other = await secondUser(fx.cli, fx.database);
    expect((await list(other)).has("FESX")).toBe(false);
    expect((await other(["futures", "unset", "FESX"])).code).toBe(3);
    expect((await list()).get("FESX")?.pointValue).toBe("10");
  });

  describe("refusals", () => {
    it.each([
      [["futures", "set", "ES", "--point-value", "0"], 2, "error: --point-value must be greater than 0, got '0'\n"],
      [["futures", "set", "ES", "--point-value", "abc"], 2, "error: --point-value must be a number, got 'abc'\n"],
      [
        ["futures", "set", "ESZ25X", "--point-value", "5"],
        2,
        "error: 'ESZ25X' is not a futures root: 1-4 letters and digits, e.g. ES, MNQ, 6E, SR3\n",
      ],
      [
        ["futures", "set", "ES", "--point-value", "5", "--currency", "dollars"],
        2,
        "error: --currency must be a 3-letter currency code, got 'dollars'\n",
      ],
      [["futures", "set", "ES"], 2, "error: required option '--point-value <value>' not specified\n"],
      [
        ["futures", "unset", "NQ"],
        3,
        "error: NQ has no point value of yours to remove: it is a built-in contract (20)\n",
      ],
      [["futures", "unset", "ZZZ"], 3, "error: no futures contract 'ZZZ' of yours\n"],
    ])("%j exits %i", async (args, code, stderr) => {
      const result = await fx.cli(args as string[]);
      expect(result).toEqual({ code, stdout: "", stderr });
    });
  });
});
