// Changes to a user's notifications, each with its audit row in the same transaction: marking read and deleting
// are the user's own acts on their data, and the audit trail covers every change (README "Audit trail").
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import { deleteNotifications, markNotificationsRead } from "../db/notifications.js";
import type { Database } from "../db/schema.js";
import { NotFoundError } from "../errors.js";

/** One change to one notification (id) or all of them (null), with its audit row; an unknown id is not found. */
async function changeNotifications(
  db: Kysely<Database>,
  userId: number,
  id: number | null,
  action: "notification.read" | "notification.delete",
  change: (trx: Transaction<Database>) => Promise<number>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const count = await change(trx);
    if (id !== null && count === 0) throw new NotFoundError(`notification ${id} was not found`);
    const audit = { userId, action, resourceType: "notification", resourceId: id };
    await recordAudit(trx, { ...audit, requestData: { all: id === null }, responseData: { count } });
    return count;
  });
}

/** Marks one notification (id) or every unread one (null) read; returns how many. */
export function readNotifications(db: Kysely<Database>, userId: number, id: number | null, now: Date) {
  return changeNotifications(db, userId, id, "notification.read", (trx) => markNotificationsRead(trx, userId, id, now));
}

/** Deletes one notification (id) or all of the user's (null); returns how many. */
export function removeNotifications(db: Kysely<Database>, userId: number, id: number | null) {
  return changeNotifications(db, userId, id, "notification.delete", (trx) => deleteNotifications(trx, userId, id));
}
