// Accounts on a shared database: registration, login (a revocable token), logout, password changes and resets,
// and what a superuser may do to other accounts. Every change writes its audit row in the same transaction.
import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import type { Database } from "../db/schema.js";
import {
  clearLoginThrottle,
  countFailedLogin,
  findLoginThrottle,
  findUserByEmail,
  findUserById,
  findUserByUsername,
  insertSession,
  insertUserWithSettings,
  lockLogins,
  revokeSession,
  revokeUserSessions,
  updateUser,
  updateUserWithToken,
} from "../db/users.js";
import { ConflictError, NotFoundError, UsageError, ValidationError } from "../errors.js";
import { offerVerification, type VerificationRequest } from "./email-verification.js";
import { hashPassword, NO_PASSWORD, verifyPassword } from "./passwords.js";
import { hashToken, newToken, tokenRedeemable } from "./tokens.js";

export const SESSION_DAYS = 30;
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
export const RESET_TOKEN_MINUTES = 60;

/** One answer for every failed login, so it never tells which part was wrong or whether the user exists. */
export const LOGIN_FAILED = "login failed: wrong username or password, or the account is deactivated";

export interface Actor {
  id: number;
  username: string;
  isSuperuser: boolean;
}

export interface RegisterInput {
  username: string;
  email: string;
  password: string | null;
  fullName?: string | null;
  timezone: string;
  isSuperuser?: boolean;
  /** Mail a verification token to the new address, in the same transaction (its outcome goes in the audit row). */
  verification?: VerificationRequest | undefined;
}

/** Creates a user and their settings; `action` is "user.register" or "user.create" (init). */
export async function createUser(db: Kysely<Database>, input: RegisterInput, action = "user.register") {
  const hashedPassword = input.password === null ? NO_PASSWORD : await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByUsername(trx, input.username)) {
      throw new ConflictError(`user '${input.username}' already exists`);
    }
    if (await findUserByEmail(trx, input.email)) {
      throw new ConflictError(`email '${input.email}' is already used by another user`);
    }
    const user = await insertUserWithSettings(trx, {
      username: input.username,
      email: input.email,
      hashedPassword,
      fullName: input.fullName ?? null,
      timezone: input.timezone,
      isSuperuser: input.isSuperuser ?? false,
    });
    const verification = input.verification ? await offerVerification(trx, user, input.verification) : undefined;
    await recordAudit(trx, {
      userId: user.id,
      action,
      resourceType: "user",
      resourceId: user.id,
      requestData: { username: input.username, email: input.email, timezone: input.timezone },
      responseData: {
        id: user.id,
        is_superuser: user.is_superuser,
        ...(verification ? { verification_mail: verification.status } : {}),
      },
    });
    return { ...user, verification };
  });
}

let dummyHash: Promise<string> | undefined;

/** Spends the same scrypt work as a real check, so an unknown username answers as slowly as a wrong password. */
async function verifyOrBurn(password: string, stored: string | undefined): Promise<boolean> {
  if (stored && stored !== NO_PASSWORD) return verifyPassword(password, stored);
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await dummyHash);
  return false;
}

export interface LoginResult {
  user: { id: number; username: string; isSuperuser: boolean };
  token: string;
  expiresAt: Date;
}

/** One `user.login_failed` audit row: the username tried (never the password) and why it failed. */
function auditFailedLogin(
  db: Kysely<Database> | Transaction<Database>,
  user: { id: number } | undefined,
  username: string,
  responseData: Record<string, unknown>,
) {
  return recordAudit(db, {
    userId: user?.id ?? null,
    action: "user.login_failed",
    resourceType: "user",
    resourceId: user?.id ?? null,
    requestData: { username },
    responseData,
  });
}

export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; now: Date },
): Promise<LoginResult> {
  const { username, password, now } = input;
  const throttle = await findLoginThrottle(db, username);
  if (throttle?.locked_until && throttle.locked_until > now) {
    await auditFailedLogin(db, await findUserByUsername(db, username), username, {
      reason: "locked",
      locked_until: throttle.locked_until,
    });
    throw new UsageError(
      `too many failed logins for '${username}': try again after ${throttle.locked_until.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    );
  }
  const user = await findUserByUsername(db, username);
  const passwordOk = await verifyOrBurn(password, user?.hashed_password);
  if (!user || !passwordOk || user.is_active !== true) {
    const locked = await db.transaction().execute(async (trx) => {
      const failures = await countFailedLogin(trx, username, now);
      const lock = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
      if (lock) await lockLogins(trx, username, lock);
      await auditFailedLogin(trx, user, username, {
        failed_in_a_row: failures,
        ...(lock ? { locked_until: lock } : {}),
      });
      return lock;
    });
    throw new UsageError(
      locked ? `${LOGIN_FAILED}; further attempts are locked for ${LOCK_MINUTES} minutes` : LOGIN_FAILED,
    );
  }
  const session = await db.transaction().execute(async (trx) => {
    const created = await openSession(trx, user.id, now);
    await clearLoginThrottle(trx, username);
    await recordAudit(trx, {
      userId: user.id,
      action: "user.login",
      resourceType: "session",
      resourceId: created.id,
      requestData: { username },
      responseData: { expires_at: created.expiresAt },
    });
    return created;
  });
  return {
    user: { id: user.id, username: user.username, isSuperuser: user.is_superuser === true },
    token: session.token,
    expiresAt: session.expiresAt,
  };
}

/** A new login for a user whose password was just checked (login) or just set (init): the token is returned once. */
export async function openSession(db: Kysely<Database> | Transaction<Database>, userId: number, now: Date) {
  const { token, hash } = newToken("tsl");
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  const created = await insertSession(db, userId, hash, expiresAt);
  await updateUser(db, userId, { last_login: now });
  return { id: created.id, token, expiresAt };
}

/** Revokes the session behind `token`; true when there was one to revoke. */
export async function logout(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeSession(trx, hashToken(token), now);
    if (!revoked) return false;
    await recordAudit(trx, {
      userId: revoked.user_id,
      action: "user.logout",
      resourceType: "session",
      resourceId: revoked.id,
    });
    return true;
  });
}

export async function changePassword(
  db: Kysely<Database>,
  userId: number,
  input: { current: string | null; next: string },
): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError(`user ${userId} not found`);
  const hasPassword = user.hashed_password !== NO_PASSWORD;
  if (hasPassword && (input.current === null || !(await verifyPassword(input.current, user.hashed_password)))) {
    await recordAudit(db, {
      userId,
      action: "user.password_change_failed",
      resourceType: "user",
      resourceId: userId,
    });
    throw new ValidationError("the current password is wrong: nothing changed");
  }
  const hashed = await hashPassword(input.next);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, {
      hashed_password: hashed,
      password_reset_token: null,
      password_reset_expires: null,
    });
    await recordAudit(trx, {
      userId,
      action: "user.password_change",
      resourceType: "user",
      resourceId: userId,
      responseData: { had_password: hasPassword },
    });
  });
}

function requireSuperuser(actor: Actor): void {
  if (!actor.isSuperuser) throw new UsageError("only a superuser can do this");
}

async function targetUser(db: Kysely<Database>, username: string) {
  const user = await findUserByUsername(db, username);
  if (!user) throw new NotFoundError(`no user '${username}'`);
  return user;
}

/** A superuser issues a one-time reset token for a user (there is no mail server: they hand it over). */
export async function issueResetToken(db: Kysely<Database>, actor: Actor, username: string, now: Date) {
  requireSuperuser(actor);
  const user = await targetUser(db, username);
  const { token, hash } = newToken("tsr");
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_MINUTES * 60_000);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_reset_token: hash, password_reset_expires: expiresAt });
    await recordAudit(trx, {
      userId: actor.id,
      action: "user.reset_token_issue",
      resourceType: "user",
      resourceId: user.id,
      requestData: { username },
      responseData: { expires_at: expiresAt },
    });
  });
  return { token, expiresAt };
}

export const RESET_FAILED = "invalid or expired reset token: ask a superuser for a new one";

/** Sets a new password with a reset token; the token works once, before it expires, for that user only. */
export async function resetPassword(
  db: Kysely<Database>,
  input: { username: string; token: string; password: string; now: Date },
): Promise<void> {
  const user = await findUserByUsername(db, input.username);
  if (!user || !tokenRedeemable(user.password_reset_token, input.token, user.password_reset_expires, input.now)) {
    await recordAudit(db, {
      userId: user?.id ?? null,
      action: "user.password_reset_failed",
      resourceType: "user",
      resourceId: user?.id ?? null,
      requestData: { username: input.username },
    });
    throw new ValidationError(RESET_FAILED);
  }
  const hashed = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    const used = await updateUserWithToken(trx, user.id, "password_reset_token", hashToken(input.token), {
      hashed_password: hashed,
      password_reset_token: null,
      password_reset_expires: null,
    });
    if (!used) throw new ValidationError(RESET_FAILED);
    const revoked = await revokeUserSessions(trx, user.id, input.now);
    await clearLoginThrottle(trx, user.username);
    await recordAudit(trx, {
      userId: user.id,
      action: "user.password_reset",
      resourceType: "user",
      resourceId: user.id,
      responseData: { sessions_revoked: revoked },
    });
  });
}

export async function setUserActive(
  db: Kysely<Database>,
  actor: Actor,
  username: string,
  active: boolean,
  now: Date,
): Promise<{ changed: boolean; sessionsRevoked: number }> {
  requireSuperuser(actor);
  const user = await targetUser(db, username);
  if (!active && user.id === actor.id) throw new UsageError("you cannot deactivate yourself");
  return db.transaction().execute(async (trx) => {
    const changed = user.is_active !== active;
    if (changed) await updateUser(trx, user.id, { is_active: active });
    const sessionsRevoked = active ? 0 : await revokeUserSessions(trx, user.id, now);
    await recordAudit(trx, {
      userId: actor.id,
      action: active ? "user.activate" : "user.deactivate",
      resourceType: "user",
      resourceId: user.id,
      requestData: { username },
      responseData: { changed, sessions_revoked: sessionsRevoked },
    });
    return { changed, sessionsRevoked };
  });
}

export async function verifyUserEmail(db: Kysely<Database>, actor: Actor, username: string): Promise<boolean> {
  requireSuperuser(actor);
  const user = await targetUser(db, username);
  return db.transaction().execute(async (trx) => {
    const changed = user.email_verified !== true;
    if (changed) await updateUser(trx, user.id, { email_verified: true, email_verification_token: null });
    await recordAudit(trx, {
      userId: actor.id,
      action: "user.verify_email",
      resourceType: "user",
      resourceId: user.id,
      requestData: { username, email: user.email },
      responseData: { changed },
    });
    return changed;
  });
}

/** A superuser sets a random temporary password (printed once) and ends the user's logins. */
export async function setTemporaryPassword(db: Kysely<Database>, actor: Actor, username: string, now: Date) {
  requireSuperuser(actor);
  const user = await targetUser(db, username);
  const temporary = randomBytes(12).toString("base64url");
  const hashed = await hashPassword(temporary);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      hashed_password: hashed,
      password_reset_token: null,
      password_reset_expires: null,
    });
    const revoked = await revokeUserSessions(trx, user.id, now);
    await clearLoginThrottle(trx, user.username);
    await recordAudit(trx, {
      userId: actor.id,
      action: "user.temporary_password",
      resourceType: "user",
      resourceId: user.id,
      requestData: { username },
      responseData: { sessions_revoked: revoked },
    });
  });
  return temporary;
}
