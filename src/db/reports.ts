// Every report figure, computed by PostgreSQL with aggregates and window functions. Two sources feed the same figure
// SQL: the rollups (report_round_trips, report_days: migration 030, kept current by triggers on trades), used when a
// report has no filter, and the trades themselves, grouped the same way, used with filters (and by the test that
// proves both give the same figures). Money stays NUMERIC; ratios come back rounded to 4 places, percentages to 2.
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

// What a report asks for, as the queries take it (domain/report-rules.ts parses and names these for the user).

/** A round trip is a scratch when |net| (money) or |R| (r) is at most `tolerance`; default: net exactly 0. */
export interface ScratchRule {
  unit: "money" | "r";
  /** A non-negative decimal string. */
  tolerance: string;
  /** How scratches count: apart (neither win nor loss), or as a win or a loss. */
  countAs: "apart" | "win" | "loss";
}

/** Which trades a report covers; every field optional. */
export interface ReportFilters {
  accountId?: string;
  symbol?: string;
  strategyId?: number;
  tag?: string;
  side?: "long" | "short";
  assetType?: string;
  /**
   * Only trades in this currency ("" for trades whose file gave none). Reports never add two currencies: a journal
   * holding more than one reports each apart. The rollups are kept per currency, so this filter keeps them in use.
   */
  currency?: string;
}

export function hasFilters(filters: ReportFilters): boolean {
  return Object.entries(filters).some(([key, v]) => v !== undefined && key !== "currency");
}

/** The groups a breakdown cuts by (domain/report-rules.ts#BREAKDOWNS describes each). */
export type BreakdownKind =
  | "daily"
  | "weekly"
  | "monthly"
  | "yearly"
  | "symbols"
  | "strategies"
  | "tags"
  | "sides"
  | "accounts"
  | "asset-types"
  | "weekdays"
  | "hours"
  | "durations"
  | "r";

export const BREAKDOWN_SORT_KEYS = ["group", "net", "round-trips", "win-rate", "expectancy", "profit-factor"] as const;
export type BreakdownSortKey = (typeof BREAKDOWN_SORT_KEYS)[number];

export interface BreakdownSort {
  key: BreakdownSortKey;
  direction: "asc" | "desc";
}

/** Holding-time buckets of `report durations`: [label, upper bound in seconds (exclusive), null = no bound]. */
export const DURATION_BUCKETS: [string, number | null][] = [
  ["< 1m", 60],
  ["1-5m", 300],
  ["5-15m", 900],
  ["15-60m", 3600],
  ["1-4h", 14400],
  ["4h-1d", 86400],
  ["1-7d", 604800],
  ["1-4w", 2419200],
  [">= 4w", null],
];

/** R buckets of `report r`: [label, upper bound (exclusive), null = no bound]; round trips without R go under "no R". */
export const R_BUCKETS: [string, string | null][] = [
  ["< -2R", "-2"],
  ["-2R to -1R", "-1"],
  ["-1R to 0R", "0"],
  ["0R to 1R", "1"],
  ["1R to 2R", "2"],
  ["2R to 3R", "3"],
  [">= 3R", null],
];

export interface ReportScope {
  userId: number;
  timeZone: string;
  /** UTC instants of the period, `to` exclusive; null for all time. */
  from: Date | null;
  to: Date | null;
  /** The same bounds as local dates (report_days is keyed by them). */
  fromDay: string | null;
  toDay: string | null;
  filters: ReportFilters;
  scratch: ScratchRule;
  /** The zone and shift trading days are cut in (domain/trading-day.ts); the calendar day in timeZone by default. */
  dayZone?: string;
  dayShiftHours?: number;
  /** "auto": the rollups unless a filter or a breakdown needs the trades. */
  source?: "auto" | "rollup" | "trades";
}

/** A UTC timestamp column as a local timestamp in the user's zone. */
function local(column: RawBuilder<unknown>, scope: ReportScope): RawBuilder<unknown> {
  return sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${scope.timeZone})`;
}

/** A UTC timestamp column as the wall-clock time whose date is its trading day (the report.session setting). */
function tradingTime(column: RawBuilder<unknown>, scope: ReportScope): RawBuilder<unknown> {
  const zone = scope.dayZone ?? scope.timeZone;
  const shift = scope.dayShiftHours ?? 0;
  return sql`(((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${zone}) + make_interval(hours => ${shift}::int))`;
}

function useRollup(scope: ReportScope, needsTradeColumns = false): boolean {
  if (scope.source === "trades") return false;
  if (scope.source === "rollup") return true;
  return !needsTradeColumns && !hasFilters(scope.filters);
}

/** The filter on trades (alias t) shared by every per-trade source. */
function tradeFilter(scope: ReportScope): RawBuilder<unknown> {
  const f = scope.filters;
  const parts: RawBuilder<unknown>[] = [sql`t.user_id = ${scope.userId}`];
  if (f.accountId !== undefined) parts.push(sql`coalesce(t.account_id, '') = ${f.accountId}`);
  if (f.symbol !== undefined) parts.push(sql`t.symbol = ${f.symbol}`);
  if (f.strategyId !== undefined) parts.push(sql`t.strategy_id = ${f.strategyId}`);
  if (f.tag !== undefined) parts.push(sql`${f.tag} = any(t.tags)`);
  if (f.side !== undefined) parts.push(sql`t.side = ${f.side}`);
  if (f.assetType !== undefined) parts.push(sql`t.asset_type = ${f.assetType}`);
  if (f.currency !== undefined) parts.push(sql`coalesce(t.currency, '') = ${f.currency}`);
  return sql.join(parts, sql` and `);
}

function exitInPeriod(column: RawBuilder<unknown>, scope: ReportScope): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`${column} is not null`];
  if (scope.from) parts.push(sql`${column} >= ${scope.from}`);
  if (scope.to) parts.push(sql`${column} < ${scope.to}`);
  return sql.join(parts, sql` and `);
}

/** Closed rows' realized P&L per local exit day: day (date), net, commission, closed_rows. */
function daysSource(scope: ReportScope): RawBuilder<unknown> {
  if (useRollup(scope)) {
    const parts: RawBuilder<unknown>[] = [sql`user_id = ${scope.userId}`];
    if (scope.fromDay) parts.push(sql`day >= ${scope.fromDay}::date`);
    if (scope.toDay) parts.push(sql`day < ${scope.toDay}::date`);
    if (scope.filters.currency !== undefined) parts.push(sql`currency = ${scope.filters.currency}`);
    return sql`select day, net, commission, closed_rows from report_days where ${sql.join(parts, sql` and `)}`;
  }
  return sql`select ${tradingTime(sql`t.exit_date`, scope)}::date as day, sum(t.pnl) as net,
      sum(coalesce(t.commission, 0)) as commission, count(*) as closed_rows
    from trades t where ${tradeFilter(scope)} and t.status = 'closed' and ${exitInPeriod(sql`t.exit_date`, scope)}
    group by 1`;
}

/**
 * Round trips that went flat in the period: trip_key, account_id, symbol, side, asset_type, strategy_id, tags,
 * opened_at, flat_at, net, commission, risk. A round trip is its rows; with a filter, only its matching rows.
 */
function tripsSource(scope: ReportScope, needsTradeColumns = false): RawBuilder<unknown> {
  if (useRollup(scope, needsTradeColumns)) {
    return sql`select trip_key, coalesce(account_id, '') as account_id, symbol, side, asset_type,
        null::integer as strategy_id, null::text[] as tags, opened_at, flat_at, net, commission, risk
      from report_round_trips where user_id = ${scope.userId} and ${exitInPeriod(sql`flat_at`, scope)}
        ${scope.filters.currency !== undefined ? sql`and currency = ${scope.filters.currency}` : sql``}`;
  }
  return sql`select coalesce(t.round_trip_id, -t.id::bigint) as trip_key, min(coalesce(t.account_id, '')) as account_id,
      min(t.symbol) as symbol, min(t.side) as side, min(t.asset_type) as asset_type,
      (array_agg(t.strategy_id order by t.entry_date, t.id))[1] as strategy_id,
      array(select distinct unnest(array_agg(coalesce(t.tags, '{}')))) as tags,
      min(t.entry_date) as opened_at, max(t.exit_date) as flat_at,
      coalesce(sum(t.pnl), 0) as net, coalesce(sum(coalesce(t.commission, 0)), 0) as commission,
      case when count(*) filter (where t.initial_risk is null) = 0 then sum(t.initial_risk) end as risk
    from trades t where ${tradeFilter(scope)}
    group by 1
    having count(*) filter (where t.status = 'open') = 0 and ${exitInPeriod(sql`max(t.exit_date)`, scope)}`;
}

/** The round trips with their R, gross and outcome ('win', 'loss' or 'scratch') under the scratch rule. */
function classifiedTrips(scope: ReportScope, needsTradeColumns = false): RawBuilder<unknown> {
  const rule = scope.scratch;
  const isScratch =
    rule.unit === "money"
      ? sql`abs(net) <= ${rule.tolerance}::numeric`
      : sql`case when risk > 0 then abs(net / risk) <= ${rule.tolerance}::numeric else net = 0 end`;
  const scratchOutcome = rule.countAs === "apart" ? "scratch" : rule.countAs;
  return sql`select s.*, net + commission as gross, case when risk > 0 then net / risk end as r,
      (${isScratch}) as is_scratch,
      case when ${isScratch} then ${scratchOutcome}::text when net > 0 then 'win' else 'loss' end as outcome
    from (${tripsSource(scope, needsTradeColumns)}) s`;
}

/** Figures over round trips; the same columns for a summary and for each group of a breakdown. */
const TRIP_FIGURES = sql`count(*) as round_trips,
    count(*) filter (where outcome = 'win') as wins,
    count(*) filter (where outcome = 'loss') as losses,
    count(*) filter (where is_scratch) as scratches,
    round(100.0 * count(*) filter (where outcome = 'win')
      / nullif(count(*) filter (where outcome in ('win', 'loss')), 0), 2)::text as win_rate,
    coalesce(sum(net) filter (where outcome = 'win'), 0)::numeric(17,2)::text as win_total,
    coalesce(sum(net) filter (where outcome = 'loss'), 0)::numeric(17,2)::text as loss_total,
    round(avg(net) filter (where outcome = 'win'), 2)::text as average_win,
    round(avg(net) filter (where outcome = 'loss'), 2)::text as average_loss,
    round(avg(net) filter (where outcome = 'win') / nullif(abs(avg(net) filter (where outcome = 'loss')), 0), 4)::text
      as payoff_ratio,
    round(sum(net) filter (where outcome = 'win') / nullif(abs(sum(net) filter (where outcome = 'loss')), 0), 4)::text
      as profit_factor,
    round(avg(net), 2)::text as expectancy,
    round(avg(r), 4)::text as expectancy_r,
    max(net) filter (where outcome = 'win')::text as largest_win,
    min(net) filter (where outcome = 'loss')::text as largest_loss,
    count(r) as with_r,
    round(sum(r), 4)::text as total_r,
    round(sqrt(count(r)::numeric) * avg(r) / nullif(stddev_samp(r), 0), 2)::text as sqn,
    round(avg(extract(epoch from flat_at - opened_at)) filter (where outcome = 'win'))::bigint as hold_win_seconds,
    round(avg(extract(epoch from flat_at - opened_at)) filter (where outcome = 'loss'))::bigint as hold_loss_seconds,
    coalesce(sum(net), 0)::numeric(17,2)::text as trips_net,
    coalesce(sum(commission), 0)::numeric(17,2)::text as trips_commission`;

export interface TripFigures {
  round_trips: number;
  wins: number;
  losses: number;
  scratches: number;
  win_rate: string | null;
  win_total: string;
  loss_total: string;
  average_win: string | null;
  average_loss: string | null;
  payoff_ratio: string | null;
  profit_factor: string | null;
  expectancy: string | null;
  expectancy_r: string | null;
  largest_win: string | null;
  largest_loss: string | null;
  with_r: number;
  total_r: string | null;
  sqn: string | null;
  hold_win_seconds: number | null;
  hold_loss_seconds: number | null;
  trips_net: string;
  trips_commission: string;
}

export interface DayFigures {
  net: string;
  commission: string;
  trading_days: number;
  best_day: string | null;
  best_day_net: string | null;
  worst_day: string | null;
  worst_day_net: string | null;
}

export interface DrawdownRow {
  /** The day the peak was reached; null when the peak is the period's start (equity 0). */
  start_day: string | null;
  peak: string;
  trough_day: string;
  depth: string;
  /** Depth over the peak, in percent; null when the peak is not above 0. */
  percent: string | null;
  /** The first day equity was back at the peak; null when not recovered. */
  recovery_day: string | null;
}

export interface StreakRow {
  outcome: "win" | "loss";
  length: number;
  first_flat_at: Date;
  last_flat_at: Date;
  net: string;
  run: number;
}

export interface OpenPositionRow {
  symbol: string;
  account_id: string;
  side: "long" | "short";
  asset_type: string;
  trades: number;
  quantity: string;
  cost: string;
}

export async function tripFigures(db: Db, scope: ReportScope): Promise<TripFigures> {
  const result = await sql<TripFigures>`select ${TRIP_FIGURES} from (${classifiedTrips(scope)}) c`.execute(db);
  return normaliseCounts(result.rows[0] as TripFigures);
}

function normaliseCounts<T extends Partial<TripFigures>>(row: T): T {
  for (const key of ["round_trips", "wins", "losses", "scratches", "with_r"] as const) {
    if (row[key] !== undefined) (row as Record<string, unknown>)[key] = Number(row[key]);
  }
  for (const key of ["hold_win_seconds", "hold_loss_seconds"] as const) {
    if (row[key] !== undefined && row[key] !== null) (row as Record<string, unknown>)[key] = Number(row[key]);
  }
  return row;
}

/** The closed-trade equity curve, one point per day with a closed row, and its drawdown periods. */
function drawdownQuery(scope: ReportScope): RawBuilder<unknown> {
  return sql`with curve as (
      select day, sum(net) over (order by day) as equity from (${daysSource(scope)}) d
    ), peaked as (
      select day, equity, greatest(0, max(equity) over (order by day)) as peak from curve
    ), marked as (
      select day, equity, peak, peak - equity as dd,
        count(*) filter (where equity = peak) over (order by day) as grp
      from peaked
    ), periods as (
      select grp, min(day) filter (where dd = 0) as start_day, max(peak) as peak, max(dd) as depth,
        (array_agg(day order by dd desc, day))[1] as trough_day
      from marked group by grp having max(dd) > 0
    )
    select p.start_day::text as start_day, p.peak::text as peak, p.trough_day::text as trough_day,
      p.depth::text as depth, round(p.depth / nullif(p.peak, 0) * 100, 2)::text as percent,
      (select min(m.day) from marked m where m.grp = p.grp + 1)::text as recovery_day
    from periods p`;
}

export async function dayFigures(db: Db, scope: ReportScope): Promise<DayFigures> {
  const result = await sql<DayFigures>`with d as (${daysSource(scope)})
    select coalesce(sum(net), 0)::numeric(17,2)::text as net,
      coalesce(sum(commission), 0)::numeric(17,2)::text as commission,
      count(*) as trading_days,
      (select x.day::text from d x order by x.net desc, x.day limit 1) as best_day,
      (select x.net::text from d x order by x.net desc, x.day limit 1) as best_day_net,
      (select x.day::text from d x order by x.net, x.day limit 1) as worst_day,
      (select x.net::text from d x order by x.net, x.day limit 1) as worst_day_net
    from d`.execute(db);
  const row = result.rows[0] as DayFigures;
  return { ...row, trading_days: Number(row.trading_days) };
}

/** Drawdown periods in order; `largest` keeps only the deepest (the first of equal depths). */
export async function drawdowns(db: Db, scope: ReportScope, options: { largest?: boolean } = {}) {
  const order = options.largest ? sql`order by depth::numeric desc, trough_day limit 1` : sql`order by trough_day`;
  const result = await sql<DrawdownRow>`select * from (${drawdownQuery(scope)}) q ${order}`.execute(db);
  return result.rows;
}

/** Runs of consecutive wins or losses, in order of going flat; a scratch (counted apart) ends a run. */
function runsQuery(scope: ReportScope): RawBuilder<unknown> {
  return sql`with c as (${classifiedTrips(scope)}),
    seq as (
      select c.*, lag(outcome) over (order by flat_at, trip_key) as previous from c
    ), numbered as (
      select seq.*, count(*) filter (where previous is distinct from outcome) over (order by flat_at, trip_key) as run
      from seq
    )`;
}

export async function streaks(db: Db, scope: ReportScope, options: { limit?: number } = {}): Promise<StreakRow[]> {
  const limit = options.limit ?? 1000000;
  const result = await sql<StreakRow>`${runsQuery(scope)}
    select outcome, count(*) as length, min(flat_at) as first_flat_at, max(flat_at) as last_flat_at,
      sum(net)::text as net, run
    from numbered where outcome in ('win', 'loss') group by outcome, run
    order by count(*) desc, min(flat_at), run limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, length: Number(r.length), run: Number(r.run) }));
}

export async function longestStreaks(db: Db, scope: ReportScope): Promise<{ win: number; loss: number }> {
  const result = await sql<{ win: number | null; loss: number | null }>`${runsQuery(scope)},
    runs as (select outcome, count(*) as length from numbered group by outcome, run)
    select max(length) filter (where outcome = 'win') as win, max(length) filter (where outcome = 'loss') as loss
    from runs`.execute(db);
  const row = result.rows[0];
  return { win: Number(row?.win ?? 0), loss: Number(row?.loss ?? 0) };
}

export interface StreakTripRow {
  run: number;
  trip_key: string;
  symbol: string;
  account_id: string;
  side: string;
  opened_at: Date;
  flat_at: Date;
  net: string;
  r: string | null;
}

/** The round trips of the given runs (as numbered by `streaks`). */
export async function streakTrips(db: Db, scope: ReportScope, runs: number[]): Promise<StreakTripRow[]> {
  if (runs.length === 0) return [];
  const result = await sql<StreakTripRow>`${runsQuery(scope)}
    select run, trip_key::text as trip_key, symbol, account_id, side, opened_at, flat_at, net::text as net,
      round(r, 4)::text as r
    from numbered where run = any(${runs}::bigint[]) order by flat_at, trip_key`.execute(db);
  return result.rows.map((r) => ({ ...r, run: Number(r.run) }));
}

/**
 * Positions open at the end of the period (now, for all time): quantity and cost (entry x quantity x multiplier). For
 * a past period end, the rollup's span index (migration 033) finds the round trips open across it, so a week's report
 * does not read the trades of every later week.
 */
export async function openPositionsAt(db: Db, scope: ReportScope): Promise<OpenPositionRow[]> {
  const open = scope.to
    ? sql`t.entry_date < ${scope.to} and (t.status = 'open' or t.exit_date >= ${scope.to})`
    : sql`t.status = 'open'`;
  const spanning =
    scope.to && useRollup(scope)
      ? sql`and t.round_trip_id in (select r.trip_key from report_round_trips r
          where tsrange(r.opened_at, r.flat_at, '(]') @> ${scope.to}::timestamp and r.user_id = ${scope.userId})`
      : sql``;
  const result = await sql<OpenPositionRow>`select t.symbol, coalesce(t.account_id, '') as account_id, t.side,
      t.asset_type, count(*) as trades, sum(t.quantity)::text as quantity,
      round(sum(t.entry_price * t.quantity * t.multiplier), 2)::text as cost
    from trades t where ${tradeFilter(scope)} and ${open} ${spanning}
    group by t.symbol, coalesce(t.account_id, ''), t.side, t.asset_type
    order by t.symbol, 2, t.side, t.asset_type`.execute(db);
  return result.rows.map((r) => ({ ...r, trades: Number(r.trades) }));
}

export interface BreakdownRow extends TripFigures {
  group: string;
  net: string;
  gross: string;
  commission: string;
}

interface GroupKeys {
  /** The group of a realized row (days source d, or trades t), or null when groups come from round trips only. */
  rows: { source: "days" | "trades"; key: RawBuilder<unknown>; unnestTags?: boolean } | null;
  /** The group of a round trip (alias c). */
  trip: RawBuilder<unknown>;
  unnestTripTags?: boolean;
  /** Orders groups naturally (dates, weekday numbers, bucket order). */
  order: RawBuilder<unknown>;
}

function bucketCase(value: RawBuilder<unknown>, buckets: [string, string | number | null][], none: string) {
  const whens = buckets.map(([label, bound], i) =>
    bound === null
      ? sql`when ${value} is not null then ${`${i}|${label}`}::text`
      : sql`when ${value} < ${String(bound)}::numeric then ${`${i}|${label}`}::text`,
  );
  return sql`case ${sql.join(whens, sql` `)} else ${`${buckets.length}|${none}`}::text end`;
}

function groupKeys(kind: BreakdownKind, scope: ReportScope): GroupKeys {
  const unit = { daily: "day", weekly: "week", monthly: "month", yearly: "year" } as const;
  switch (kind) {
    case "daily":
    case "weekly":
    case "monthly":
    case "yearly": {
      const u = unit[kind];
      return {
        rows: { source: "days", key: sql`date_trunc(${u}, d.day::timestamp)::date::text` },
        trip: sql`date_trunc(${u}, ${tradingTime(sql`c.flat_at`, scope)})::date::text`,
        order: sql`g`,
      };
    }
    case "symbols":
      return { rows: { source: "trades", key: sql`t.symbol` }, trip: sql`c.symbol`, order: sql`g` };
    case "accounts":
      return {
        rows: { source: "trades", key: sql`coalesce(t.account_id, '')` },
        trip: sql`c.account_id`,
        order: sql`g`,
      };
    case "sides":
      return { rows: { source: "trades", key: sql`t.side` }, trip: sql`c.side`, order: sql`g` };
    case "asset-types":
      return { rows: { source: "trades", key: sql`t.asset_type` }, trip: sql`c.asset_type`, order: sql`g` };
    case "strategies":
      return {
        rows: {
          source: "trades",
          key: sql`coalesce((select s.name from strategies s where s.id = t.strategy_id), '(none)')`,
        },
        trip: sql`coalesce((select s.name from strategies s where s.id = c.strategy_id), '(none)')`,
        order: sql`g`,
      };
    case "tags":
      return {
        rows: { source: "trades", key: sql`tag`, unnestTags: true },
        trip: sql`tag`,
        unnestTripTags: true,
        order: sql`g`,
      };
    case "weekdays":
      return {
        rows: { source: "trades", key: sql`extract(isodow from ${local(sql`t.entry_date`, scope)})::int::text` },
        trip: sql`extract(isodow from ${local(sql`c.opened_at`, scope)})::int::text`,
        order: sql`g`,
      };
    case "hours":
      return {
        rows: {
          source: "trades",
          key: sql`lpad(extract(hour from ${local(sql`t.entry_date`, scope)})::int::text, 2, '0')`,
        },
        trip: sql`lpad(extract(hour from ${local(sql`c.opened_at`, scope)})::int::text, 2, '0')`,
        order: sql`g`,
      };
    case "durations":
      return {
        rows: null,
        trip: bucketCase(sql`extract(epoch from c.flat_at - c.opened_at)`, DURATION_BUCKETS, "unknown"),
        order: sql`split_part(g, '|', 1)::int`,
      };
    case "r":
      return { rows: null, trip: bucketCase(sql`c.r`, R_BUCKETS, "no R"), order: sql`split_part(g, '|', 1)::int` };
  }
}

const SORT_EXPRESSIONS = {
  net: sql`net::numeric`,
  "round-trips": sql`round_trips`,
  "win-rate": sql`win_rate::numeric`,
  expectancy: sql`expectancy::numeric`,
  "profit-factor": sql`profit_factor::numeric`,
} as const;

/** One row per group with the round-trip figures and the realized P&L booked in it. */
export async function breakdown(
  db: Db,
  scope: ReportScope,
  kind: BreakdownKind,
  options: { sort?: BreakdownSort; limit?: number } = {},
): Promise<BreakdownRow[]> {
  const keys = groupKeys(kind, scope);
  const needsTradeColumns = kind === "strategies" || kind === "tags";
  const tagJoin = keys.unnestTripTags
    ? sql`cross join lateral unnest(case when cardinality(c.tags) > 0 then c.tags else array['(none)'] end) as tag`
    : sql``;
  const trips = sql`select ${keys.trip} as g, ${TRIP_FIGURES}
    from (${classifiedTrips(scope, needsTradeColumns)}) c ${tagJoin} group by 1`;
  let realized: RawBuilder<unknown>;
  if (keys.rows === null) {
    realized = sql`select g, trips_net::numeric as net, trips_commission::numeric as commission from trips`;
  } else if (keys.rows.source === "days") {
    realized = sql`select ${keys.rows.key} as g, sum(d.net) as net, sum(d.commission) as commission
      from (${daysSource(scope)}) d group by 1`;
  } else {
    const rowTags = keys.rows.unnestTags
      ? sql`cross join lateral unnest(case when cardinality(t.tags) > 0 then t.tags else array['(none)'] end) as tag`
      : sql``;
    realized = sql`select ${keys.rows.key} as g, sum(t.pnl) as net, sum(coalesce(t.commission, 0)) as commission
      from trades t ${rowTags}
      where ${tradeFilter(scope)} and t.status = 'closed' and ${exitInPeriod(sql`t.exit_date`, scope)} group by 1`;
  }
  const direction = sql.raw(options.sort?.direction === "desc" ? "desc" : "asc");
  const sortKey = options.sort?.key ?? "group";
  const orderBy =
    sortKey === "group"
      ? sql`${keys.order} ${direction}, g`
      : sql`${SORT_EXPRESSIONS[sortKey]} ${direction} nulls last, ${keys.order}, g`;
  const limit = options.limit !== undefined ? sql`limit ${options.limit}` : sql``;
  const result = await sql<BreakdownRow & { g: string }>`with trips as (${trips}), realized as (${realized})
    select * from (
      select coalesce(r.g, t.g) as g, coalesce(r.net, 0)::numeric(17,2)::text as net,
        (coalesce(r.net, 0) + coalesce(r.commission, 0))::numeric(17,2)::text as gross,
        coalesce(r.commission, 0)::numeric(17,2)::text as commission,
        coalesce(t.round_trips, 0) as round_trips, coalesce(t.wins, 0) as wins, coalesce(t.losses, 0) as losses,
        coalesce(t.scratches, 0) as scratches, t.win_rate, coalesce(t.win_total, '0.00') as win_total,
        coalesce(t.loss_total, '0.00') as loss_total, t.average_win, t.average_loss, t.payoff_ratio, t.profit_factor,
        t.expectancy, t.expectancy_r, t.largest_win, t.largest_loss, coalesce(t.with_r, 0) as with_r, t.total_r,
        t.sqn, t.hold_win_seconds, t.hold_loss_seconds, coalesce(t.trips_net, '0.00') as trips_net,
        coalesce(t.trips_commission, '0.00') as trips_commission
      from realized r full join trips t on t.g = r.g
    ) q order by ${orderBy} ${limit}`.execute(db);
  return result.rows.map((row) => {
    const { g, ...rest } = row;
    const label = kind === "durations" || kind === "r" ? g.slice(g.indexOf("|") + 1) : g;
    return normaliseCounts({ ...rest, group: label });
  });
}

/** Whether any of the user's trades carries the tag (an unknown tag makes an empty report that says so). */
export async function tagInUse(db: Db, userId: number, tag: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`select exists (
      select 1 from trades where user_id = ${userId} and ${tag} = any(tags)) as found`.execute(db);
  return Boolean(result.rows[0]?.found);
}

/** The currencies the user's trades are in ('' for trades whose file gave none), in order. */
export async function currenciesIn(db: Db, userId: number): Promise<string[]> {
  const result = await sql<{ currency: string }>`
    select distinct coalesce(currency, '') as currency from trades where user_id = ${userId} order by 1`.execute(db);
  return result.rows.map((r) => r.currency);
}
