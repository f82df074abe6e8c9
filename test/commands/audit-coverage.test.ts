// Every mutating trade, strategy and journal command leaves exactly one audit_logs row naming what it changed, and a
// refused command leaves none.
import { describe, expect, it } from "vitest";
import type { CliRunner } from "../support/cli.js";
import { describeEachBackend, type TestDatabase } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

interface Fixture {
  cli: CliRunner;
  database: TestDatabase;
}

/** Runs a setup command that must succeed and returns the id of the row it printed as JSON. */
async function created(fx: Fixture, args: string[], now?: Date): Promise<number> {
  const result = await fx.cli([...args, "--json"], now ? { now } : {});
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { id: number }).id;
}

let symbolCount = 0;
function openTrade(fx: Fixture, extra: string[] = []): Promise<number> {
  symbolCount += 1;
  const symbol = `AUD${symbolCount}`;
  return created(fx, ["trade", "add", "--symbol", symbol, "--side", "long", "--qty", "10", "--price", "50", ...extra]);
}

let strategyCount = 0;
function newStrategy(fx: Fixture): Promise<number> {
  strategyCount += 1;
  return created(fx, ["strategy", "add", `Setup ${strategyCount}`]);
}

function newEntry(fx: Fixture, extra: string[] = []): Promise<number> {
  return created(fx, ["journal", "write", "--title", "Notes", "--content", "Body", ...extra]);
}

const apr1 = new Date("2024-04-01T16:00:00Z");
const apr2 = new Date("2024-04-02T16:00:00Z");

interface Case {
  name: string;
  /** Creates what the command works on; returns the command line and the id the audit row must name. */
  prepare: (fx: Fixture) => Promise<{ args: string[]; id: number | "new"; now?: Date; stdin?: string }>;
  action: string;
  resourceType: string;
  /** Checks on the row's response_data, when the case has something a reviewer needs. */
  response?: (data: Record<string, unknown>, fx: Fixture) => Promise<void>;
}

const cases: Case[] = [
  {
    name: "trade close",
    action: "trade.close",
    resourceType: "trade",
    prepare: async (fx) => {
      const id = await openTrade(fx);
      return { args: ["trade", "close", String(id), "--price", "55"], id };
    },
    response: async (data) => {
      expect(data).toEqual({ pnl: "50.00", remainderId: null });
    },
  },
  {
    name: "trade close (partial: one row naming the remainder)",
    action: "trade.close",
    resourceType: "trade",
    prepare: async (fx) => {
      const id = await openTrade(fx);
      return { args: ["trade", "close", String(id), "--price", "55", "--qty", "4"], id };
    },
    response: async (data, fx) => {
      const remainder = await fx.database.db
        .selectFrom("trades")
        .select("id")
        .where("status", "=", "open")
        .where("quantity", "=", "6")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(data).toEqual({ pnl: "20.00", remainderId: remainder.id });
    },
  },
  {
    name: "trade edit",
    action: "trade.update",
    resourceType: "trade",
    prepare: async (fx) => {
      const id = await openTrade(fx);
      return { args: ["trade", "edit", String(id), "--qty", "12"], id };
    },
  },
  {
    name: "trade delete",
    action: "trade.delete",
    resourceType: "trade",
    prepare: async (fx) => {
      const id = await openTrade(fx);
      return { args: ["trade", "delete", String(id), "--yes"], id };
    },
  },
  {
    name: "trade tag",
    action: "trade.tag",
    resourceType: "trade",
    prepare: async (fx) => {
      const id = await openTrade(fx, ["--tags", "old"]);
      return { args: ["trade", "tag", String(id), "--add", "Gap", "--remove", "old"], id };
    },
    response: async (data) => {
      expect(data).toEqual({ tags: ["gap"] });
    },
  },
  {
    name: "strategy add",
    action: "strategy.create",
    resourceType: "strategy",
    prepare: async () => ({ args: ["strategy", "add", "Brand new", "--rule", "risk: 50"], id: "new" }),
  },
  {
    name: "strategy edit",
    action: "strategy.update",
    resourceType: "strategy",
    prepare: async (fx) => {
      const id = await newStrategy(fx);
      return { args: ["strategy", "edit", String(id), "--description", "Changed"], id };
    },
  },
  {
    name: "strategy archive",
    action: "strategy.archive",
    resourceType: "strategy",
    prepare: async (fx) => {
      const id = await newStrategy(fx);
      return { args: ["strategy", "archive", String(id)], id };
    },
  },
  {
    name: "strategy activate",
    action: "strategy.activate",
    resourceType: "strategy",
    prepare: async (fx) => {
      const id = await newStrategy(fx);
      expect((await fx.cli(["strategy", "archive", String(id)])).code).toBe(0);
      return { args: ["strategy", "activate", String(id)], id };
    },
  },
  {
    name: "strategy delete (detaching its trades)",
    action: "strategy.delete",
    resourceType: "strategy",
    prepare: async (fx) => {
      const id = await newStrategy(fx);
      await openTrade(fx, ["--strategy", String(id)]);
      return { args: ["strategy", "delete", String(id), "--detach", "--yes"], id };
    },
    response: async (data) => {
      expect(data.detachedTrades).toBe(1);
    },
  },
  {
    name: "journal write",
    action: "journal.create",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const trade = await openTrade(fx);
      return { args: ["journal", "write", "--title", "New", "--content", "x", "--trade", String(trade)], id: "new" };
    },
  },
  {
    name: "journal write --daily (creating today's note)",
    action: "journal.create",
    resourceType: "journal_entry",
    prepare: async () => ({ args: ["journal", "write", "--daily", "--content", "Morning"], id: "new", now: apr1 }),
  },
  {
    name: "journal write --daily (adding to today's note)",
    action: "journal.update",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const id = await created(fx, ["journal", "write", "--daily", "--content", "Morning"], apr2);
      return { args: ["journal", "write", "--daily", "--content", "Afternoon"], id, now: apr2 };
    },
  },
  {
    name: "journal edit",
    action: "journal.update",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const id = await newEntry(fx);
      return { args: ["journal", "edit", String(id), "--title", "Renamed"], id };
    },
  },
  {
    name: "journal link",
    action: "journal.link",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const id = await newEntry(fx);
      const trade = await openTrade(fx);
      return { args: ["journal", "link", String(id), "--trade", String(trade)], id };
    },
  },
  {
    name: "journal unlink",
    action: "journal.unlink",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const trade = await openTrade(fx);
      const id = await newEntry(fx, ["--trade", String(trade)]);
      return { args: ["journal", "unlink", String(id), "--trade", String(trade)], id };
    },
  },
  {
    name: "journal archive",
    action: "journal.archive",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const id = await newEntry(fx);
      return { args: ["journal", "archive", String(id)], id };
    },
  },
  {
    name: "journal unarchive",
    action: "journal.unarchive",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const id = await newEntry(fx);
      expect((await fx.cli(["journal", "archive", String(id)])).code).toBe(0);
      return { args: ["journal", "unarchive", String(id)], id };
    },
  },
  {
    name: "journal delete",
    action: "journal.delete",
    resourceType: "journal_entry",
    prepare: async (fx) => {
      const trade = await openTrade(fx);
      const id = await newEntry(fx, ["--trade", String(trade)]);
      return { args: ["journal", "delete", String(id), "--yes"], id };
    },
    response: async (data) => {
      expect(data).toEqual({ title: "Notes", links: 1 });
    },
  },
  {
    name: "futures set",
    action: "futures_contract.set",
    resourceType: "futures_contract",
    prepare: async () => ({ args: ["futures", "set", "FDAX", "--point-value", "25"], id: "new" }),
  },
  {
    name: "futures unset",
    action: "futures_contract.unset",
    resourceType: "futures_contract",
    prepare: async (fx) => {
      expect((await fx.cli(["futures", "set", "FGBL", "--point-value", "1000"])).code).toBe(0);
      const row = await fx.database.db
        .selectFrom("user_futures_contracts")
        .select("id")
        .where("root", "=", "FGBL")
        .executeTakeFirstOrThrow();
      return { args: ["futures", "unset", "FGBL"], id: row.id };
    },
    response: async (data) => {
      expect(data).toEqual({ pointValue: "1000.0000" });
    },
  },
];

interface Refusal {
  name: string;
  prepare: (fx: Fixture) => Promise<string[]>;
  code: number;
}

const refusals: Refusal[] = [
  {
    name: "trade close with a bad price",
    code: 2,
    prepare: async (fx) => ["trade", "close", String(await openTrade(fx)), "--price", "-1"],
  },
  {
    name: "trade edit with a bad quantity",
    code: 2,
    prepare: async (fx) => ["trade", "edit", String(await openTrade(fx)), "--qty", "0"],
  },
  { name: "trade delete of a missing trade", code: 3, prepare: async () => ["trade", "delete", "999999", "--yes"] },
  { name: "strategy add with a blank name", code: 2, prepare: async () => ["strategy", "add", "  "] },
  {
    name: "strategy delete without --yes off a terminal",
    code: 2,
    prepare: async (fx) => ["strategy", "delete", String(await newStrategy(fx))],
  },
  {
    name: "journal write with a bad confidence",
    code: 2,
    prepare: async () => ["journal", "write", "--title", "x", "--content", "y", "--confidence", "12"],
  },
  {
    name: "journal edit with a bad confidence",
    code: 2,
    prepare: async (fx) => ["journal", "edit", String(await newEntry(fx)), "--confidence", "12", "--title", "Changed"],
  },
  {
    name: "futures set with a zero point value",
    code: 2,
    prepare: async () => ["futures", "set", "XYZ", "--point-value", "0"],
  },
  { name: "futures unset of a built-in root", code: 3, prepare: async () => ["futures", "unset", "ES"] },
  {
    name: "journal link to a missing trade",
    code: 3,
    prepare: async (fx) => ["journal", "link", String(await newEntry(fx)), "--trade", "999999"],
  },
];

describeEachBackend("audit trail coverage", (backend) => {
  const fx = useJournal(backend);

  const auditRowsAfter = (lastId: number) =>
    fx.database.db.selectFrom("audit_logs").selectAll().where("id", ">", lastId).orderBy("id").execute();
  const lastAuditId = async () =>
    Number(
      (
        await fx.database.db
          .selectFrom("audit_logs")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0,
    );

  describe("a change writes exactly one audit row", () => {
    it.each(cases)("$name", async ({ prepare, action, resourceType, response }) => {
      const run = await prepare(fx);
      const before = await lastAuditId();
      const result = await fx.cli(run.args, run.now ? { now: run.now } : {});
      expect(result.code, result.stderr).toBe(0);
      const rows = await auditRowsAfter(before);
      expect(rows.map((row) => row.action)).toEqual([action]);
      const [row] = rows;
      expect(row?.user_id).toBe(fx.userId);
      expect(row?.resource_type).toBe(resourceType);
      if (run.id === "new") {
        const table =
          resourceType === "strategy"
            ? "strategies"
            : resourceType === "futures_contract"
              ? "user_futures_contracts"
              : "journal_entries";
        const newest = await fx.database.db
          .selectFrom(table)
          .select("id")
          .where("user_id", "=", fx.userId)
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow();
        expect(row?.resource_id).toBe(newest.id);
      } else {
        expect(row?.resource_id).toBe(run.id);
      }
      if (response) await response(row?.response_data as Record<string, unknown>, fx);
    });
  });

  describe("a refused command writes no audit row", () => {
    it.each(refusals)("$name", async ({ prepare, code }) => {
      const args = await prepare(fx);
      const before = await lastAuditId();
      const result = await fx.cli(args);
      expect(result.code, result.stdout).toBe(code);
      expect(result.stderr).toMatch(/^error: /);
      expect(await auditRowsAfter(before)).toEqual([]);
    });
  });
});
