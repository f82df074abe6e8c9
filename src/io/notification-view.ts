// Notifications as a table (newest first) or as JSON (version 1, camelCase, times in ISO 8601 UTC).
import type { JsonObject } from "../db/schema.js";
import { formatDateTime, printJson, printNote, printTable, type TableColumn } from "./render.js";
import type { IOStreams } from "./streams.js";

export const NOTIFICATIONS_JSON_VERSION = 1;

export interface NotificationRow {
  id: number;
  type: string;
  title: string;
  message: string | null;
  data: JsonObject | null;
  is_read: boolean | null;
  read_at: Date | null;
  created_at: Date | null;
}

export function printNotifications(
  io: IOStreams,
  rows: NotificationRow[],
  options: { json: boolean; timeZone: string },
): void {
  if (options.json) {
    printJson(io, {
      version: NOTIFICATIONS_JSON_VERSION,
      notifications: rows.map((row) => ({
        id: row.id,
        type: row.type,
        title: row.title,
        message: row.message,
        data: row.data ?? {},
        read: row.is_read === true,
        readAt: row.read_at?.toISOString() ?? null,
        createdAt: row.created_at?.toISOString() ?? null,
      })),
    });
    return;
  }
  if (rows.length === 0) {
    printNote(io, "No notifications.");
    return;
  }
  printTable(io, COLUMNS(options.timeZone), rows);
}

const COLUMNS = (timeZone: string): TableColumn<NotificationRow>[] => [
  { header: "ID", value: (row) => String(row.id), align: "right" },
  { header: "Created", value: (row) => formatDateTime(row.created_at, timeZone) },
  { header: "Read", value: (row) => (row.is_read ? "yes" : "no") },
  { header: "Title", value: (row) => row.title },
  { header: "Message", value: (row) => row.message ?? "" },
];
