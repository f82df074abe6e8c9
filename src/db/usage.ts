// api_usage: one row per command invocation (endpoint = the command path, method "CLI", response_code = exit code).
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface UsageEntry {
  userId: number | null;
  endpoint: string;
  responseCode: number;
  responseTimeMs: number;
  /** When the run finished; default: now (the database's clock). Spooled rows carry their own. */
  createdAt?: Date;
}

/** Inserts usage rows in one statement (the caller's transaction, if any). */
export async function insertUsage(db: Db, entries: UsageEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto("api_usage")
    .values(
      entries.map((entry) => ({
        user_id: entry.userId,
        endpoint: entry.endpoint.slice(0, 255),
        method: "CLI",
        response_code: entry.responseCode,
        response_time_ms: Math.min(Math.max(Math.round(entry.responseTimeMs), 0), 2_147_483_647),
        ...(entry.createdAt ? { created_at: entry.createdAt } : {}),
      })),
    )
    .execute();
}

export interface UsageFilter {
  /** Only this user's rows; undefined: every user's (superusers only: the caller checks). */
  userId?: number;
  from?: Date;
  to?: Date;
  /** The IANA zone whose calendar days the summary is grouped by. */
  timeZone: string;
}

export interface UsageSummaryRow {
  day: string;
  endpoint: string;
  calls: number;
  failures: number;
  avgMs: number;
  maxMs: number;
}

/** Calls per command and day (in the user's zone), with failures (non-zero exit) and timings, computed in SQL. */
export async function summariseUsage(db: Db, filter: UsageFilter): Promise<UsageSummaryRow[]> {
  // created_at holds UTC wall-clock time: read it as UTC, then take the date in the user's zone.
  const day = sql<string>`to_char((api_usage.created_at at time zone 'UTC') at time zone ${filter.timeZone}, 'YYYY-MM-DD')`;
  let query = db
    .selectFrom("api_usage")
    .select([
      day.as("day"),
      "endpoint",
      sql<number>`count(*)`.as("calls"),
      sql<number>`count(*) filter (where response_code <> 0)`.as("failures"),
      sql<number>`coalesce(round(avg(response_time_ms)), 0)`.as("avgMs"),
      sql<number>`coalesce(max(response_time_ms), 0)`.as("maxMs"),
    ])
    // By position: the zone is a bind parameter, so a repeated expression would not count as the same one.
    .groupBy([sql`1`, "endpoint"])
    .orderBy(sql`1`, "desc")
    .orderBy("endpoint");
  if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
  if (filter.from) query = query.where("created_at", ">=", filter.from);
  if (filter.to) query = query.where("created_at", "<", filter.to);
  const rows = await query.execute();
  return rows.map((r) => ({
    day: r.day,
    endpoint: r.endpoint,
    calls: Number(r.calls),
    failures: Number(r.failures),
    avgMs: Number(r.avgMs),
    maxMs: Number(r.maxMs),
  }));
}
