// The rollups (report_round_trips, report_days, kept by triggers) give exactly the figures of the per-trade
// computation, on random histories written the ways the product writes them (multi-row inserts as an import does,
// single-row changes as trade add/close/edit/delete do, a time zone change), on both databases.
import { Decimal } from "decimal.js";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { breakdown, drawdowns, type ReportScope, streaks } from "../../src/db/reports.js";
import { type ReportRequest, scopeOf, summaryReport } from "../../src/domain/report-engine.js";
import { parsePeriod } from "../../src/domain/report-periods.js";
import { BREAKDOWNS, type BreakdownKind, DEFAULT_SCRATCH, type ScratchRule } from "../../src/domain/report-rules.js";
import {
  type Session,
  startOfTradingDay,
  type TradingDayRule,
  tradingDayOf,
  tradingDayRule,
} from "../../src/domain/trading-day.js";
import { describeEachBackend } from "../support/databases.js";
import { insertUser, useJournal } from "../support/journal.js";

/** mulberry32: a small seeded generator, so every run writes the same "random" history. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const now = new Date("2025-06-30T12:00:00Z");
const SYMBOLS = ["AAPL", "MSFT", "ES", "SPY250321C500"] as const;

describeEachBackend("report rollups", (backend) => {
  const journal = useJournal(backend);

  async function writeHistory(seed: number, roundTrips: number): Promise<void> {
    const random = seeded(seed);
    const db = journal.database.db;
    const userId = journal.userId;
    // Spring around the DST change (2025-03-09 in New York), times spread over the whole day and night.
    const start = Date.parse("2025-02-20T00:00:00Z");
    const batch: Record<string, unknown>[] = [];
    for (let i = 0; i < roundTrips; i++) {
      const symbol = random.pick(SYMBOLS);
      const side = random.pick(["long", "short"] as const);
      const account = random.pick(["U1", "U2", null]);
      const opened = new Date(start + random.int(0, 60 * 24 * 60) * 60_000);
      const trip = await db
        .insertInto("round_trips")
        .values({ user_id: userId, account_id: account ?? "", symbol, side, opened_at: opened })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = random.int(1, 4);
      let exit = opened.getTime();
      for (let r = 0; r < rows; r++) {
        const open = r === rows - 1 && random.chance(0.15);
        exit += random.int(1, 3 * 24 * 60) * 60_000;
        const entryPrice = `${random.int(50, 150)}.${random.int(0, 99)}`;
        batch.push({
          user_id: userId,
          round_trip_id: trip.id,
          symbol,
          side,
          account_id: account,
          asset_type: symbol.length > 6 ? "option" : "stock",
          multiplier: symbol.length > 6 ? "100" : "1",
          quantity: String(random.int(1, 50)),
          entry_price: entryPrice,
          entry_date: opened,
          exit_price: open ? null : `${random.int(50, 150)}.${random.int(0, 99)}`,
          exit_date: open ? null : new Date(exit),
          status: open ? "open" : "closed",
          // Some round trips net exactly 0 (scratches): same prices, no commission.
          commission: random.chance(0.2) ? "0" : `${random.int(0, 5)}.${random.int(10, 99)}`,
          initial_risk: random.chance(0.6) ? `${random.int(20, 400)}.00` : null,
          strategy_id: null,
          tags: random.chance(0.3) ? ["gap"] : null,
        });
        if (random.chance(0.1)) {
          const last = batch[batch.length - 1] as Record<string, unknown>;
          if (last.exit_price !== null) {
            last.exit_price = last.entry_price;
            last.commission = "0";
          }
        }
      }
    }
    // Written in a few multi-row statements, as an import's COPY is.
    for (let i = 0; i < batch.length; i += 40) {
      await db
        .insertInto("trades")
        .values(batch.slice(i, i + 40) as never)
        .execute();
    }
  }

  async function changeHistory(seed: number): Promise<void> {
    const random = seeded(seed);
    const db = journal.database.db;
    const ids = (await db.selectFrom("trades").select(["id", "status"]).orderBy("id").execute()).map((r) => r);
    for (const row of ids) {
      const roll = random.int(0, 99);
      if (roll < 5) await db.deleteFrom("trades").where("id", "=", row.id).execute();
      else if (row.status === "open" && random.chance(0.5)) {
        await db
          .updateTable("trades")
          .set({ status: "closed", exit_price: "101.01", exit_date: new Date("2025-04-28T03:30:00Z") })
          .where("id", "=", row.id)
          .execute();
      } else if (roll >= 95) {
        await db
          .updateTable("trades")
          .set({ exit_price: "99.99" })
          .where("id", "=", row.id)
          .where("status", "=", "closed")
          .execute();
      }
    }
    // A bulk update touching many round trips in one statement.
    await sql`update trades set commission = commission + 0.01 where id % 7 = 0`.execute(db);
  }

  const periods = ["all", "2025-03", "2025-W10", "2025-W11", "2025-04", "2025"];
  const scratches: ScratchRule[] = [
    DEFAULT_SCRATCH,
    { unit: "money", tolerance: "25", countAs: "apart" },
    { unit: "r", tolerance: "0.1", countAs: "loss" },
  ];

  async function expectSameFigures(timeZone: string): Promise<void> {
    const db = journal.database.db;
    let compared = 0;
    for (const label of periods) {
      for (const scratch of scratches) {
        const request = (source: ReportScope["source"]): ReportRequest => ({
          userId: journal.userId,
          timeZone,
          period: parsePeriod(label, timeZone, now),
          filters: {},
          scratch,
          source,
        });
        const rollup = await summaryReport(db, request("rollup"), { comparePrevious: label !== "all" });
        const trades = await summaryReport(db, request("trades"), { comparePrevious: label !== "all" });
        expect(rollup).toEqual(trades);
        const rollupScope = scopeOf(request("rollup"));
        const tradesScope = scopeOf(request("trades"));
        for (const kind of Object.keys(BREAKDOWNS) as BreakdownKind[]) {
          if (kind === "strategies" || kind === "tags") continue; // always per trade
          expect(await breakdown(db, rollupScope, kind)).toEqual(await breakdown(db, tradesScope, kind));
        }
        expect(await drawdowns(db, rollupScope)).toEqual(await drawdowns(db, tradesScope));
        expect(await streaks(db, rollupScope)).toEqual(await streaks(db, tradesScope));
        compared++;
      }
    }
    expect(compared).toBe(periods.length * scratches.length);
    // The history is not trivial: flat round trips, open ones, scratches and both outcomes are all there.
    const all = await summaryReport(db, {
      userId: journal.userId,
      timeZone,
      period: parsePeriod("all", timeZone, now),
      filters: {},
      scratch: DEFAULT_SCRATCH,
      source: "trades",
    });
    expect(all.figures.wins).toBeGreaterThan(5);
    expect(all.figures.losses).toBeGreaterThan(5);
    expect(all.figures.scratches).toBeGreaterThan(0);
    expect(all.openPositions.length).toBeGreaterThan(0);
  }

  it("matches the per-trade computation after bulk inserts, single-row changes and a time zone change", async () => {
    await writeHistory(20250309, 120);
    await expectSameFigures("America/New_York");
    await changeHistory(7);
    await expectSameFigures("America/New_York");
    await journal.cli(["config", "set", "timezone", "Asia/Kolkata"], { now });
    await expectSameFigures("Asia/Kolkata");
  }, 120_000);

  // An INSERT adds its closed rows' sums to the days' rows (migration 071) instead of summing the days again: after
  // each bulk insert into days that already have rows, report_days must be exactly the trades summed per trading day
  // (computed here from the stored trades with luxon and decimal.js, not by the database).
  it("adds each bulk insert to the days it touches, exactly as summing every trade again", async () => {
    const db = journal.database.db;
    const users: { name: string; zone: string | null; session: Session | null }[] = [
      { name: "rollup-ny", zone: "America/New_York", session: null },
      // The CME session: the day starts at 18:00 New York the evening before, whatever the user's own zone.
      { name: "rollup-globex", zone: "Europe/London", session: "cme" },
      // No settings row: UTC.
      { name: "rollup-utc", zone: null, session: null },
      // Chile changes its clocks at local midnight: 2025-09-07 has no 00:00, 2025-04-05 has 23:00-24:00 twice.
      { name: "rollup-santiago", zone: "America/Santiago", session: null },
    ];
    const rules = new Map<number, TradingDayRule>();
    for (const user of users) {
      const id = await insertUser(journal.database, user.name);
      if (user.zone !== null) {
        await db
          .insertInto("user_settings")
          .values({ user_id: id, timezone: user.zone, settings: user.session ? { session: user.session } : {} })
          .execute();
      }
      rules.set(id, tradingDayRule(user.session, user.zone ?? "UTC"));
    }
    const userIds = [...rules.keys()];
    // New York's DST changes (03-09, 11-02), Santiago's (04-06, 09-07), and ordinary days; Sundays, so the CME
    // session's evening start is in play.
    const days = ["2025-03-08", "2025-03-09", "2025-03-10", "2025-04-05", "2025-04-06", "2025-06-15", "2025-09-07"];
    days.push("2025-09-08", "2025-11-02", "2025-11-03");
    const random = seeded(71);

    // Exits exactly at a day's start in each user's rule, a millisecond either side of it, and inside the day.
    function exitNear(rule: TradingDayRule): Date {
      const start = startOfTradingDay(random.pick(days), rule).getTime();
      const offset = random.pick([0, 0, 0, -1, 1, -3_600_000, 3_600_000, random.int(1, 86_399) * 1000]);
      return new Date(start + offset);
    }

    function baseTrade(userId: number) {
      return {
        user_id: userId,
        symbol: random.pick(SYMBOLS),
        side: random.pick(["long", "short"] as const),
        asset_type: "stock" as const,
        multiplier: "1",
        quantity: String(random.int(1, 30)),
        entry_price: `${random.int(50, 150)}.${random.int(0, 99)}`,
        entry_date: new Date("2025-03-01T00:00:00Z"),
        exit_price: `${random.int(50, 150)}.${random.int(0, 99)}`,
        status: "closed" as "open" | "closed",
        commission: random.chance(0.2) ? "0" : `${random.int(0, 3)}.${random.int(0, 99)}`,
      };
    }

    // Each batch opens two round trips per user and adds rows to them and to the earlier ones (which have rollup
    // rows by then); a tenth of the rows have none (lone trades).
    const trips = new Map<number, number[]>(userIds.map((id) => [id, []]));
    async function insertBatch(rows: number): Promise<void> {
      for (const userId of userIds) {
        for (let i = 0; i < 2; i++) {
          const trip = await db
            .insertInto("round_trips")
            .values({
              user_id: userId,
              account_id: "",
              symbol: "AAPL",
              side: "long",
              opened_at: new Date("2025-03-01"),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          trips.get(userId)?.push(trip.id);
        }
      }
      const batch = [];
      for (let i = 0; i < rows; i++) {
        const userId = random.pick(userIds);
        const trade = {
          ...baseTrade(userId),
          currency: random.pick([null, null, "USD", "EUR"]),
          round_trip_id: random.chance(0.1) ? null : random.pick(trips.get(userId) as number[]),
          initial_risk: random.chance(0.7) ? `${random.int(20, 400)}.00` : null,
        };
        batch.push(
          random.chance(0.1)
            ? { ...trade, exit_price: null, exit_date: null, status: "open" as const }
            : { ...trade, exit_date: exitNear(rules.get(userId) as TradingDayRule) },
        );
      }
      await db.insertInto("trades").values(batch).execute();
    }

    // report_round_trips as refresh_report_round_trips computes it again from trades for every round trip.
    async function expectRoundTripsOfTheTrades(): Promise<void> {
      const rows = () =>
        db.selectFrom("report_round_trips").selectAll().where("user_id", "in", userIds).orderBy("trip_key").execute();
      const kept = await rows();
      const users = sql.join(userIds);
      await sql`select refresh_report_round_trips(
                  array(select distinct round_trip_id from trades where user_id in (${users}) and round_trip_id is not null),
                  array(select id from trades where user_id in (${users}) and round_trip_id is null))`.execute(db);
      const recomputed = await rows();
      expect(kept).toEqual(recomputed);
      expect(recomputed.length).toBeGreaterThan(0);
    }

    // The (user, day, currency) rows an insert added to, each counted once per insert that found it already there.
    const counted = new Map<string, number>();
    const addedTo: string[] = [];
    async function expectDaysOfTheTrades(): Promise<void> {
      const trades = await db
        .selectFrom("trades")
        .select(["user_id", "exit_date", "currency", "pnl", "commission"])
        .where("user_id", "in", userIds)
        .where("status", "=", "closed")
        .execute();
      const sums = new Map<string, { net: Decimal; commission: Decimal; closed_rows: number }>();
      for (const trade of trades) {
        const userId = trade.user_id as number;
        const day = tradingDayOf(trade.exit_date as Date, rules.get(userId) as TradingDayRule);
        const key = `${userId} ${day} ${trade.currency ?? ""}`;
        const sum = sums.get(key) ?? { net: new Decimal(0), commission: new Decimal(0), closed_rows: 0 };
        // A row without a commission has no pnl (the generated column); sums leave it out, as SQL's sum does.
        if (trade.pnl !== null) sum.net = sum.net.plus(trade.pnl);
        sum.commission = sum.commission.plus(trade.commission ?? "0");
        sum.closed_rows++;
        sums.set(key, sum);
      }
      const expected = [...sums.entries()]
        .map(([key, sum]) => `${key} ${sum.net.toFixed(2)} ${sum.commission.toFixed(2)} ${sum.closed_rows}`)
        .sort();
      const rows = await db
        .selectFrom("report_days")
        .select(["user_id", "day", "currency", "net", "commission", "closed_rows"])
        .where("user_id", "in", userIds)
        .execute();
      const actual = rows
        .map((r) => `${r.user_id} ${r.day} ${r.currency} ${r.net} ${r.commission} ${r.closed_rows}`)
        .sort();
      expect(actual).toEqual(expected);
      for (const [key, sum] of sums) {
        const before = counted.get(key);
        if (before !== undefined && before < sum.closed_rows) addedTo.push(key);
        counted.set(key, sum.closed_rows);
      }
    }

    for (const rows of [60, 120, 1, 200, 150]) {
      await insertBatch(rows);
      await expectDaysOfTheTrades();
      await expectRoundTripsOfTheTrades();
    }
    // Inserts added to existing rows of every user and currency, '' too, many times over.
    expect(new Set(addedTo.map((key) => key.split(" ")[0])).size).toBe(users.length);
    expect(new Set(addedTo.map((key) => key.split(" ")[2] ?? ""))).toEqual(new Set(["", "USD", "EUR"]));
    expect(addedTo.length).toBeGreaterThan(60);
    // Rows without a commission (another tool's) have no pnl: added to days that have rows, they count as closed rows
    // and leave the sums as they were. On a day of their own, the sum is NULL and the write is refused, as the full
    // refresh refused it (report_days.net is NOT NULL).
    const known = await db
      .selectFrom("trades")
      .select(["user_id", "exit_date", "currency"])
      .where("user_id", "in", userIds)
      .where("status", "=", "closed")
      .orderBy("id")
      .limit(40)
      .execute();
    await db
      .insertInto("trades")
      .values(known.map((row) => ({ ...baseTrade(row.user_id as number), ...row, commission: null })))
      .execute();
    await expectDaysOfTheTrades();
    await expectRoundTripsOfTheTrades();
    const lone = { ...baseTrade(userIds[0] as number), commission: null, exit_date: new Date("2030-01-02T15:00:00Z") };
    await expect(db.insertInto("trades").values(lone).execute()).rejects.toThrow(/"net"/);
    await expectDaysOfTheTrades();
    // The bulk update and delete paths (full refresh of the touched days) keep them too. The update gives every row
    // a commission, so that no delete leaves a day of rows without pnl.
    await sql`update trades set commission = coalesce(commission, 0) + 0.01
              where (id % 3 = 0 or commission is null) and user_id in (${sql.join(userIds)})`.execute(db);
    await expectDaysOfTheTrades();
    await sql`delete from trades where id % 4 = 0 and user_id in (${sql.join(userIds)})`.execute(db);
    await expectDaysOfTheTrades();
    await expectRoundTripsOfTheTrades();
  }, 120_000);
});
