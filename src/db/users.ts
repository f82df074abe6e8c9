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
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto("user_settings").values({ user_id: user.id, timezone: input.timezone }).execute();
  return user;
}
