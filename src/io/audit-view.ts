// The declared --json of `audit` and `usage` (README "JSON output"): camelCase, times as ISO-8601 UTC, never the
// audit_logs or api_usage rows printed as they are.
import type { AuditLogRow } from "../db/audit.js";
import type { UsageSummaryRow } from "../db/usage.js";
import { isoTime } from "./json-output.js";

/** One change in `audit --json`: who did what to which row, with what it was asked and what it answered. */
export interface AuditEntryJson {
  id: number;
  createdAt: string | null;
  /** null for an anonymous event (a failed login for an unknown name). */
  userId: number | null;
  username: string | null;
  action: string;
  resourceType: string | null;
  resourceId: number | null;
  /** What the change was asked (the flags' values, as the command recorded them); null when nothing. */
  requestData: unknown;
  /** What it answered (ids, counts); null when nothing. */
  responseData: unknown;
}

export function auditEntryJson(row: AuditLogRow): AuditEntryJson {
  return {
    id: row.id,
    createdAt: isoTime(row.created_at),
    userId: row.user_id,
    username: row.username,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    requestData: row.request_data ?? null,
    responseData: row.response_data ?? null,
  };
}

/** One command on one day (in the user's zone) in `usage --json`: calls, failures (a non-zero exit), timings. */
export interface UsageJson {
  /** The day, YYYY-MM-DD in the user's time zone. */
  day: string;
  /** The command as typed, without its values ("trade add", "--help"). */
  endpoint: string;
  calls: number;
  failures: number;
  avgMs: number;
  maxMs: number;
}

export function usageJson(row: UsageSummaryRow): UsageJson {
  return {
    day: row.day,
    endpoint: row.endpoint,
    calls: row.calls,
    failures: row.failures,
    avgMs: row.avgMs,
    maxMs: row.maxMs,
  };
}
