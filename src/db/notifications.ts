// The notifications table: the weekly report's one row per ISO week (an upsert on the partial unique index of
// migration 040), an import's notification, and a user's own rows listed, marked read and deleted. Every query is
// scoped to one user.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, JsonObject } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export const WEEKLY_REPORT_TYPE = "weekly_report";

/** Inserts the week's notification, or refreshes the one already there; `created` tells which. */
export async function upsertWeeklyNotification(
  db: Db,
  input: { userId: number; week: string; title: string; message: string; data: JsonObject },
): Promise<{ id: number; created: boolean }> {
  const data = JSON.stringify({ ...input.data, week: input.week });
  const result = await sql<{ id: number; created: boolean }>`
    insert into notifications (user_id, type, title, message, data)
    values (${input.userId}, ${WEEKLY_REPORT_TYPE}, ${input.title.slice(0, 255)}, ${input.message}, ${data}::jsonb)
    on conflict (user_id, (data ->> 'week')) where type = ${sql.lit(WEEKLY_REPORT_TYPE)}
    do update set title = excluded.title, message = excluded.message, data = excluded.data
    returning id, (xmax = 0) as created`.execute(db);
  const row = result.rows[0] as { id: number; created: boolean };
  return { id: row.id, created: row.created };
}

export async function listNotifications(db: Db, userId: number, options: { unreadOnly: boolean }) {
  let query = db
    .selectFrom("notifications")
    .select(["id", "type", "title", "message", "data", "is_read", "read_at", "created_at"])
    .where("user_id", "=", userId);
  if (options.unreadOnly) query = query.where((eb) => eb.or([eb("is_read", "=", false), eb("is_read", "is", null)]));
  return query.orderBy("created_at", "desc").orderBy("id", "desc").execute();
}

/** Marks one notification (id) or all of the user's unread ones read; returns how many rows it matched. */
export async function markNotificationsRead(db: Db, userId: number, id: number | null, now: Date): Promise<number> {
  let query = db
    .updateTable("notifications")
    .set({ is_read: true, read_at: sql`coalesce(read_at, ${now})` })
    .where("user_id", "=", userId);
  query = id === null ? query.where("read_at", "is", null) : query.where("id", "=", id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes one notification (id) or all of the user's; returns how many went. */
export async function deleteNotifications(db: Db, userId: number, id: number | null): Promise<number> {
  let query = db.deleteFrom("notifications").where("user_id", "=", userId);
  if (id !== null) query = query.where("id", "=", id);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What a weekly run needs to know about its user: zone, preferences, scratch rule and the address to mail. */
export interface WeeklyRecipient {
  id: number;
  username: string;
  email: string;
  emailVerified: boolean;
  timezone: string;
  notifications: JsonObject | null;
  settings: JsonObject | null;
}

function recipients(db: Db) {
  return db
    .selectFrom("users")
    .leftJoin("user_settings", "user_settings.user_id", "users.id")
    .select([
      "users.id",
      "users.username",
      "users.email",
      "users.email_verified",
      "user_settings.timezone",
      "user_settings.notifications",
      "user_settings.settings",
    ]);
}

function recipientOf(row: Awaited<ReturnType<ReturnType<typeof recipients>["execute"]>>[number]): WeeklyRecipient {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    emailVerified: row.email_verified === true,
    timezone: row.timezone ?? "UTC",
    notifications: row.notifications ?? null,
    settings: row.settings ?? null,
  };
}

export async function findWeeklyRecipient(db: Db, userId: number): Promise<WeeklyRecipient | undefined> {
  const row = await recipients(db).where("users.id", "=", userId).executeTakeFirst();
  return row ? recipientOf(row) : undefined;
}

/** Every active user, in id order (report week --all-users). */
export async function activeWeeklyRecipients(db: Db): Promise<WeeklyRecipient[]> {
  const rows = await recipients(db).where("users.is_active", "=", true).orderBy("users.id").execute();
  return rows.map(recipientOf);
}

export async function insertNotification(
  db: Db,
  input: { userId: number; type: string; title: string; message: string; data: JsonObject },
) {
  await db
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      type: input.type,
      title: input.title.slice(0, 255),
      message: input.message,
      data: JSON.stringify(input.data),
    })
    .execute();
}
