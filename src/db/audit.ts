// The audit trail: one audit_logs row per change, written with the same transaction (or Kysely instance) as the
// change itself, so a change that rolls back leaves no row and a committed change always has one.
//
//   await db.transaction().execute(async (trx) => {
//     const trade = await insertTrade(trx, userId, fields, null);
//     await recordAudit(trx, { userId, action: "trade.create", resourceType: "trade", resourceId: trade.id,
//                              requestData: { symbol: fields.symbol }, responseData: { status: trade.status } });
//   });
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import type { Database, JsonValue } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  /** The acting user; null for an anonymous event (a failed login for an unknown username). */
  userId: number | null;
  /** `<resource>.<verb>`, e.g. "trade.create", "user.login", "settings.update". */
  action: string;
  resourceType?: string | null;
  resourceId?: number | null;
  requestData?: unknown;
  responseData?: unknown;
}

// Any key that smells of a credential is dropped, whatever the caller passed: the trail must never hold a secret.
const SECRET_KEY = /pass(word)?|secret|token|hash|credential|api[_-]?key/i;

/** A JSON copy of `value` without secret-looking keys; Dates become ISO strings, undefined values disappear. */
export function scrubSecrets(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (typeof value === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner === undefined || SECRET_KEY.test(key)) continue;
      out[key] = scrubSecrets(inner);
    }
    return out;
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(scrubSecrets(value))); // JSONB parameters travel as text
  await db
    .insertInto("audit_logs")
    .values({
      user_id: entry.userId,
      action: entry.action,
      resource_type: entry.resourceType ?? null,
      resource_id: entry.resourceId ?? null,
      request_data: json(entry.requestData),
      response_data: json(entry.responseData),
    })
    .execute();
}

export interface AuditFilter {
  /** Only this user's rows; undefined means every user's (superusers only: the caller checks). */
  userId?: number;
  action?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

export async function listAuditLogs(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom("audit_logs")
    .leftJoin("users", "users.id", "audit_logs.user_id")
    .select([
      "audit_logs.id",
      "audit_logs.created_at",
      "audit_logs.user_id",
      "users.username",
      "audit_logs.action",
      "audit_logs.resource_type",
      "audit_logs.resource_id",
      "audit_logs.request_data",
      "audit_logs.response_data",
    ])
    .where((eb: ExpressionBuilder<Database, "audit_logs" | "users">) => {
      const conditions = [];
      if (filter.userId !== undefined) conditions.push(eb("audit_logs.user_id", "=", filter.userId));
      if (filter.action) {
        // "trade" matches every trade.* action; "trade.create" matches exactly.
        conditions.push(
          filter.action.includes(".")
            ? eb("audit_logs.action", "=", filter.action)
            : eb("audit_logs.action", "like", `${filter.action.replace(/[\\%_]/g, "\\$&")}.%`),
        );
      }
      if (filter.from) conditions.push(eb("audit_logs.created_at", ">=", filter.from));
      if (filter.to) conditions.push(eb("audit_logs.created_at", "<", filter.to));
      return eb.and(conditions);
    })
    .orderBy("audit_logs.created_at", "desc")
    .orderBy("audit_logs.id", "desc");
  if (filter.limit) query = query.limit(filter.limit);
  return query.execute();
}

export type AuditLogRow = Awaited<ReturnType<typeof listAuditLogs>>[number];

/** Used by tests and by `audit` to show how many rows a filter left out. */
export async function countAuditLogs(db: Db, userId?: number): Promise<number> {
  let query = db.selectFrom("audit_logs").select(sql<number>`count(*)`.as("n"));
  if (userId !== undefined) query = query.where("user_id", "=", userId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
