// Random bearer tokens (logins, password resets, email verification). Only a SHA-256 hash is stored: the token has
// 256 bits of entropy, so a fast hash is enough (unlike passwords) and lookup by hash stays an index hit.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newToken(prefix: string): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token.trim(), "utf8").digest("hex");
}

/**
 * Whether `token` redeems the stored hash before `expiresAt`: the comparison takes the same time wherever the hashes
 * differ, and a missing hash or expiry never matches.
 */
export function tokenRedeemable(
  storedHash: string | null | undefined,
  token: string,
  expiresAt: Date | null | undefined,
  now: Date,
): boolean {
  const given = Buffer.from(hashToken(token), "utf8");
  const stored = Buffer.from(storedHash ?? "", "utf8");
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  return matches && expiresAt != null && expiresAt > now;
}
