// Email verification by token: a user proves an address is theirs by redeeming a token mailed to it. Tokens are
// random (256 bits), stored only as SHA-256 hashes in users.email_verification_token, expire
// EMAIL_VERIFICATION_HOURS after users.email_verification_sent_at, and work once: the same rules and code as password
// reset tokens (domain/tokens.ts, db/users.ts#updateUserWithToken).
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import type { Database } from "../db/schema.js";
import { findUserById, updateUser, updateUserWithToken } from "../db/users.js";
import { MailDeliveryError, NotFoundError, ValidationError } from "../errors.js";
import { hashToken, newToken, tokenRedeemable } from "./tokens.js";

/** Long enough for a mail that arrives late or is read the next morning; short enough that an old inbox is stale. */
export const EMAIL_VERIFICATION_HOURS = 24;

export const VERIFY_FAILED =
  "invalid or expired verification token: run `tradesense user send-verification` for a new one";

/** What delivers a message: io/mail.ts#configuredMailer. */
export interface VerificationMailer {
  from?: string;
  send(message: string): Promise<void>;
}

export interface VerificationRequest {
  mailer: VerificationMailer;
  now: Date;
  /** The database the account lives on, as the user would recognise it (a redacted URL or a path). */
  where: string;
}

export type VerificationOutcome = { status: "sent"; expiresAt: Date } | { status: "failed"; reason: string };

interface Addressee {
  id: number;
  username: string;
  email: string;
}

export function verificationExpiry(sentAt: Date): Date {
  return new Date(sentAt.getTime() + EMAIL_VERIFICATION_HOURS * 3_600_000);
}

/** The message handed to the mail command: headers (the recipient is read from To:), a blank line, the body. */
export function verificationMail(input: {
  to: string;
  from?: string | undefined;
  username: string;
  token: string;
  expiresAt: Date;
  where: string;
}): string {
  const header = (name: string, value: string) => {
    // A line break in a header value would let it add headers of its own (a Bcc:).
    if (/[\r\n]/.test(value)) throw new ValidationError(`a mail ${name} header cannot contain a line break`);
    return `${name}: ${value}`;
  };
  const expires = `${input.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return [
    header("To", input.to),
    ...(input.from ? [header("From", input.from)] : []),
    header("Subject", "Verify your TradeSense email address"),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello ${input.username},`,
    "",
    `This address was given for the TradeSense account '${input.username}' on ${input.where}.`,
    `To confirm it is yours, run this while logged in as ${input.username} and paste the token when asked:`,
    "",
    "    tradesense user verify-email",
    "",
    "(in a script, pass the token on standard input: tradesense user verify-email --token-stdin < token-file)",
    "",
    `Token, valid once until ${expires}:`,
    "",
    `    ${input.token}`,
    "",
    "If you did not expect this mail, ignore it: nothing changes until the token is used.",
    "",
  ].join("\n");
}

/**
 * Mails a new token to the user and stores its hash (replacing any earlier one) in the caller's transaction. The mail
 * goes first: when the mail command fails, the error propagates and the transaction stores nothing.
 */
async function mailNewToken(trx: Transaction<Database>, user: Addressee, request: VerificationRequest): Promise<Date> {
  const { token, hash } = newToken("tsv");
  const expiresAt = verificationExpiry(request.now);
  await request.mailer.send(
    verificationMail({
      to: user.email,
      from: request.mailer.from,
      username: user.username,
      token,
      expiresAt,
      where: request.where,
    }),
  );
  await updateUser(trx, user.id, { email_verification_token: hash, email_verification_sent_at: request.now });
  return expiresAt;
}

/**
 * At registration the account matters more than the mail: a mail command that fails is reported, not fatal (the user
 * can ask again with `user send-verification`).
 */
export async function offerVerification(
  trx: Transaction<Database>,
  user: Addressee,
  request: VerificationRequest,
): Promise<VerificationOutcome> {
  try {
    return { status: "sent", expiresAt: await mailNewToken(trx, user, request) };
  } catch (error) {
    if (error instanceof MailDeliveryError) return { status: "failed", reason: error.message };
    throw error;
  }
}

/** `user send-verification`: a fresh token for the acting user; nothing is sent when the address is verified. */
export async function sendEmailVerification(
  db: Kysely<Database>,
  userId: number,
  request: VerificationRequest,
): Promise<{ email: string; expiresAt: Date | null }> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError("your user no longer exists");
  if (user.email_verified === true) return { email: user.email, expiresAt: null };
  const expiresAt = await db.transaction().execute(async (trx) => {
    const expires = await mailNewToken(trx, user, request);
    await recordAudit(trx, {
      userId,
      action: "user.email_verification_sent",
      resourceType: "user",
      resourceId: userId,
      requestData: { email: user.email },
      responseData: { expires_at: expires },
    });
    return expires;
  });
  return { email: user.email, expiresAt };
}

/**
 * Redeems a verification token for the acting user: their email becomes verified and the token is cleared. A wrong,
 * expired or used token changes nothing and says so in one line.
 */
export async function verifyEmailWithToken(
  db: Kysely<Database>,
  userId: number,
  token: string,
  now: Date,
): Promise<{ email: string; changed: boolean }> {
  const user = await findUserById(db, userId);
  const sentAt = user?.email_verification_sent_at;
  if (!user || !sentAt || !tokenRedeemable(user.email_verification_token, token, verificationExpiry(sentAt), now)) {
    throw new ValidationError(VERIFY_FAILED);
  }
  await db.transaction().execute(async (trx) => {
    const used = await updateUserWithToken(trx, user.id, "email_verification_token", hashToken(token), {
      email_verified: true,
      email_verification_token: null,
    });
    if (!used) throw new ValidationError(VERIFY_FAILED);
    await recordAudit(trx, {
      userId,
      action: "user.verify_email",
      resourceType: "user",
      resourceId: userId,
      requestData: { email: user.email, by: "token" },
      responseData: { changed: user.email_verified !== true },
    });
  });
  return { email: user.email, changed: user.email_verified !== true };
}
