// Creating a journal: migrations plus the first user, who becomes the current user. Running it again changes nothing.
import type { Kysely } from "kysely";
import { migrateToLatest } from "../db/migrate.js";
import type { Database } from "../db/schema.js";
import { countUsers, findAnyUsername, findUserByUsername } from "../db/users.js";
import { ValidationError } from "../errors.js";
import { createUser } from "./accounts.js";
import { isValidTimeZone } from "./timezones.js";

export interface FirstUserInput {
  username: string;
  email: string;
  /** null: no password (allowed on the embedded journal only). */
  password: string | null;
  timezone: string;
}

export function validateUsername(value: string): string {
  const username = value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/.test(username)) {
    throw new ValidationError(
      `invalid username '${value}': use 1-50 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return username;
}

export function validateEmail(value: string): string {
  const email = value.trim();
  if (email.length > 255 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new ValidationError(`invalid email '${value}'`);
  }
  return email;
}

export function validatePassword(value: string): string {
  if (value.length < 8) throw new ValidationError("password must be at least 8 characters");
  if (value.length > 1024) throw new ValidationError("password must be at most 1024 characters");
  return value;
}

export function validateTimeZone(value: string): string {
  if (!isValidTimeZone(value)) {
    throw new ValidationError(`unknown time zone '${value}': use an IANA name such as America/New_York or UTC`);
  }
  return value;
}

export async function applyMigrations(db: Kysely<Database>): Promise<string[]> {
  return (await migrateToLatest(db)).applied;
}

export type ExistingJournal =
  | { state: "empty" }
  | { state: "current-user"; username: string }
  | { state: "has-users"; count: number; onlyUsername: string | null };

export async function inspectJournal(
  db: Kysely<Database>,
  currentUsername: string | undefined,
): Promise<ExistingJournal> {
  if (currentUsername && (await findUserByUsername(db, currentUsername))) {
    return { state: "current-user", username: currentUsername };
  }
  const count = await countUsers(db);
  if (count === 0) return { state: "empty" };
  const only = count === 1 ? ((await findAnyUsername(db)) ?? null) : null;
  return { state: "has-users", count, onlyUsername: only };
}

/** The journal's first user is its superuser: on a server they manage the accounts that follow. */
export async function createFirstUser(db: Kysely<Database>, input: FirstUserInput) {
  return createUser(db, { ...input, isSuperuser: true }, "user.create");
}
