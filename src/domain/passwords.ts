// Password hashing with scrypt, a memory-hard KDF from node:crypto. Stored as
// "scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>" so the parameters can be raised later without breaking old hashes.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// N = 2^15, r = 8: 32 MiB of memory per hash, about 100 ms here; OWASP's minimum for scrypt is N = 2^17 with r = 8
// and p = 1 *or* equivalents trading memory for passes; we keep p = 1 and N = 2^15 x r = 8 = 32 MiB for a CLI.
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Marks an account that has no password (the embedded journal's local user): no password ever matches it. */
export const NO_PASSWORD = "!";

function maxmemFor(logN: number, r: number): number {
  return 128 * r * 2 ** logN * 2;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, {
    N: 2 ** LOG_N,
    r: R,
    p: P,
    maxmem: maxmemFor(LOG_N, R),
  });
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, logN, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64"), expected.length, {
    N: 2 ** Number(logN),
    r: Number(r),
    p: Number(p),
    maxmem: maxmemFor(Number(logN), Number(r)),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
