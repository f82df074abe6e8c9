// Every query about users and their settings.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function findUserByUsername(db: Db, username: string) {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function findUserSettings(db: Db, userId: number) {
  return db.selectFrom("user_settings").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface NewUserInput {
  username: string;
  email: string;
  hashedPassword: string;
  fullName?: string | null;
  timezone: string;
  isSuperuser?: boolean;
}

/** Creates the user and their settings row together; the caller owns the transaction. */
export async function insertUserWithSettings(db: Db, input: NewUserInput) {
  const user = await db
    .insertInto("users")
    .values({
      username: input.username,
      email: input.email,
      hashed_password: input.hashedPassword,
      full_name: input.fullName ?? null,
      is_superuser: input.isSuperuser ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto("user_settings").values({ user_id: user.id, timezone: input.timezone }).execute();
  return user;
}

/** Some user's name (the only user's, where there is one): init asks whether to continue as them. */
export async function findAnyUsername(db: Db): Promise<string | undefined> {
  return (await db.selectFrom("users").select("username").limit(1).executeTakeFirst())?.username;
}

export async function findUserById(db: Db, id: number) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

export async function listUsers(db: Db) {
  return db
    .selectFrom("users")
    .select([
      "id",
      "username",
      "email",
      "full_name",
      "is_active",
      "is_superuser",
      "email_verified",
      "created_at",
      "last_login",
    ])
    .orderBy("id")
    .execute();
}

export type UserPatch = Partial<{
  hashed_password: string;
  is_active: boolean;
  is_superuser: boolean;
  email_verified: boolean;
  email_verification_token: string | null;
  email_verification_sent_at: Date | null;
  last_login: Date;
  password_reset_token: string | null;
  password_reset_expires: Date | null;
}>;

export async function updateUser(db: Db, userId: number, patch: UserPatch): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", userId).execute();
}

/**
 * Applies `patch` only while `column` still holds `tokenHash`, so a one-time token works once even when two runs
 * redeem it together; false when it no longer matched.
 */
export async function updateUserWithToken(
  db: Db,
  userId: number,
  column: "password_reset_token" | "email_verification_token",
  tokenHash: string,
  patch: UserPatch,
): Promise<boolean> {
  const updated = await db
    .updateTable("users")
    .set(patch)
    .where("id", "=", userId)
    .where(column, "=", tokenHash)
    .returning("id")
    .executeTakeFirst();
  return updated !== undefined;
}

// --- sessions (logins remembered by token hash) ---

export async function insertSession(db: Db, userId: number, tokenHash: string, expiresAt: Date) {
  return db
    .insertInto("user_sessions")
    .values({ user_id: userId, token_hash: tokenHash, expires_at: expiresAt })
    .returning(["id", "expires_at"])
    .executeTakeFirstOrThrow();
}

/** The user behind a login token, if the session is unrevoked, unexpired and the user active. */
export async function findSessionUser(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom("user_sessions")
    .innerJoin("users", "users.id", "user_sessions.user_id")
    .select(["user_sessions.id as session_id", "users.id", "users.username", "users.is_superuser"])
    .where("user_sessions.token_hash", "=", tokenHash)
    .where("user_sessions.revoked_at", "is", null)
    .where("user_sessions.expires_at", ">", now)
    .where("users.is_active", "=", true)
    .executeTakeFirst();
}

export async function revokeSession(db: Db, tokenHash: string, now: Date) {
  return db
    .updateTable("user_sessions")
    .set({ revoked_at: now })
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .returning(["id", "user_id"])
    .executeTakeFirst();
}

export async function revokeUserSessions(db: Db, userId: number, now: Date): Promise<number> {
  const rows = await db
    .updateTable("user_sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  return rows.length;
}

// --- failed-login throttling, per username ---

export async function findLoginThrottle(db: Db, username: string) {
  return db.selectFrom("login_throttle").selectAll().where("username", "=", username).executeTakeFirst();
}

/** Counts one failed login; returns the new count. */
export async function countFailedLogin(db: Db, username: string, now: Date): Promise<number> {
  const row = await db
    .insertInto("login_throttle")
    .values({ username, failed_count: 1, last_failed_at: now })
    .onConflict((oc) =>
      oc.column("username").doUpdateSet((eb) => ({
        failed_count: eb("login_throttle.failed_count", "+", 1),
        last_failed_at: now,
      })),
    )
    .returning("failed_count")
    .executeTakeFirstOrThrow();
  return row.failed_count;
}

export async function lockLogins(db: Db, username: string, until: Date): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set({ locked_until: until, failed_count: 0 })
    .where("username", "=", username)
    .execute();
}

export async function clearLoginThrottle(db: Db, username: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("username", "=", username).execute();
}

// --- settings ---

export type SettingsPatch = Partial<{
  timezone: string;
  theme: string;
  notifications: string;
  display_preferences: string;
}>;

export async function updateUserSettings(db: Db, userId: number, patch: SettingsPatch) {
  return db
    .updateTable("user_settings")
    .set(patch)
    .where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
