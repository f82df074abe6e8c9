// Notifications as a table (newest first) or as JSON (version 1, camelCase, times in ISO 8601 UTC).
import type { JsonObject } from "../db/schema.js";
import { isoTime, printJsonDocument } from "./json-output.js";
import { formatDateTime, printNote, printTable, type TableColumn } from "./render.js";
import type { IOStreams } from "./streams.js";

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

/** A notification in `notifications list --json` (README "JSON output"). */
export interface NotificationJson {
  id: number;
  type: string;
  title: string;
  message: string | null;
  /** What the notification is about (a weekly report's figures, an import's counts); {} when nothing. */
  data: JsonObject;
  read: boolean;
  readAt: string | null;
  createdAt: string | null;
}

export function notificationJson(row: NotificationRow): NotificationJson {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    message: row.message,
    data: row.data ?? {},
    read: row.is_read === true,
    readAt: isoTime(row.read_at),
    createdAt: isoTime(row.created_at),
  };
}

export function printNotifications(
  io: IOStreams,
  rows: NotificationRow[],
  options: { json: boolean; timeZone: string },
): void {
  if (options.json) {
    printJsonDocument(io, { notifications: rows.map(notificationJson) });
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
