// The user's settings (user_settings): the keys `tradesense config` knows, how each value is checked, and the one
// operation that changes a setting (with its audit row, in one transaction).
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import type { Database, JsonObject, JsonValue } from "../db/schema.js";
import { findUserSettings, type SettingsPatch, updateUserSettings } from "../db/users.js";
import { DatabaseError, ValidationError } from "../errors.js";
import { parseScratch } from "./report-rules.js";
import { isValidTimeZone } from "./timezones.js";
import { parseSession } from "./trading-day.js";

type SettingsRow = NonNullable<Awaited<ReturnType<typeof findUserSettings>>>;

interface SettingSpec {
  description: string;
  /** Checks and converts the typed text; throws ValidationError with the accepted values. */
  parse(text: string, key: string): JsonValue;
  read(row: SettingsRow): JsonValue | undefined;
  patch(row: SettingsRow, value: JsonValue): SettingsPatch;
}

function parseBoolean(text: string, key: string): boolean {
  const value = text.trim().toLowerCase();
  if (["true", "on", "yes", "1"].includes(value)) return true;
  if (["false", "off", "no", "0"].includes(value)) return false;
  throw new ValidationError(`${key} must be true or false (also on/off, yes/no), not '${text}'`);
}

function inObject(
  column: "notifications" | "display_preferences" | "settings",
  name: string,
): Pick<SettingSpec, "read" | "patch"> {
  return {
    read: (row) => row[column]?.[name],
    patch: (row, value) => ({ [column]: JSON.stringify({ ...(row[column] ?? {}), [name]: value } as JsonObject) }),
  };
}

const THEMES = ["light", "dark", "system"];

export const SETTINGS: Record<string, SettingSpec> = {
  timezone: {
    description: "IANA time zone for dates you type and reports (e.g. America/New_York)",
    parse(text, key) {
      const zone = text.trim();
      if (!isValidTimeZone(zone)) {
        throw new ValidationError(`unknown time zone '${text}' for ${key}: use an IANA name such as Europe/London`);
      }
      return zone;
    },
    read: (row) => row.timezone ?? undefined,
    patch: (_row, value) => ({ timezone: String(value) }),
  },
  theme: {
    description: `colour theme: ${THEMES.join(", ")}`,
    parse(text, key) {
      const theme = text.trim().toLowerCase();
      if (!THEMES.includes(theme))
        throw new ValidationError(`${key} must be one of ${THEMES.join(", ")}, not '${text}'`);
      return theme;
    },
    read: (row) => row.theme ?? undefined,
    patch: (_row, value) => ({ theme: String(value) }),
  },
  "notifications.email_alerts": {
    description: "email me alerts (true/false)",
    parse: parseBoolean,
    ...inObject("notifications", "email_alerts"),
  },
  "notifications.weekly_reports": {
    description: "email me a weekly report (true/false)",
    parse: parseBoolean,
    ...inObject("notifications", "weekly_reports"),
  },
  "display.currency": {
    description: "currency code shown beside amounts (ISO 4217, e.g. USD)",
    parse(text, key) {
      const code = text.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(code)) throw new ValidationError(`${key} must be a 3-letter currency code, not '${text}'`);
      return code;
    },
    ...inObject("display_preferences", "currency"),
  },
  "display.page_size": {
    description: "rows per page in long listings (1-1000)",
    parse(text, key) {
      const value = Number(text.trim());
      if (!/^\d+$/.test(text.trim()) || value < 1 || value > 1000) {
        throw new ValidationError(`${key} must be a whole number from 1 to 1000, not '${text}'`);
      }
      return value;
    },
    ...inObject("display_preferences", "page_size"),
  },
  "display.compact": {
    description: "compact tables (true/false)",
    parse: parseBoolean,
    ...inObject("display_preferences", "compact"),
  },
  "report.scratch": {
    description: "a round trip within this net P&L (5, money) or R (0.1R) is a scratch; default 0",
    parse(text, key) {
      const rule = parseScratch(text, key);
      return rule.unit === "r" ? `${rule.tolerance}R` : rule.tolerance;
    },
    ...inObject("settings", "report_scratch"),
  },
  "report.session": {
    description:
      "the trading day reports book a trade on: calendar (your zone's day, default) or cme (18:00 ET to 18:00 ET)",
    parse: (text, key) => parseSession(text, key),
    ...inObject("settings", "session"),
  },
  "report.mail": {
    description: "report week mails the report to your verified address, as --mail does (true/false)",
    parse: parseBoolean,
    ...inObject("settings", "report_mail"),
  },
};

export function settingSpec(key: string): SettingSpec {
  const spec = SETTINGS[key];
  if (!spec) throw new ValidationError(`unknown setting '${key}': one of ${Object.keys(SETTINGS).join(", ")}`);
  return spec;
}

async function settingsRow(db: Kysely<Database> | Transaction<Database>, userId: number): Promise<SettingsRow> {
  const row = await findUserSettings(db, userId);
  if (!row) throw new DatabaseError("your settings row is missing: the users table was changed by hand");
  return row;
}

/** Every known setting with its current value (null when unset). */
export async function readSettings(db: Kysely<Database>, userId: number): Promise<Record<string, JsonValue>> {
  const row = await settingsRow(db, userId);
  return Object.fromEntries(Object.entries(SETTINGS).map(([key, spec]) => [key, spec.read(row) ?? null]));
}

export async function changeSetting(
  db: Kysely<Database>,
  userId: number,
  key: string,
  text: string,
): Promise<{ key: string; value: JsonValue; previous: JsonValue }> {
  const spec = settingSpec(key);
  const value = spec.parse(text, key);
  return db.transaction().execute(async (trx) => {
    const row = await settingsRow(trx, userId);
    const previous = spec.read(row) ?? null;
    const updated = await updateUserSettings(trx, userId, spec.patch(row, value));
    await recordAudit(trx, {
      userId,
      action: "settings.update",
      resourceType: "user_settings",
      resourceId: updated.id,
      requestData: { key, value },
      responseData: { previous },
    });
    return { key, value, previous };
  });
}
