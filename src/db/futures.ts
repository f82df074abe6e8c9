// A user's own futures contracts (user_futures_contracts, migration 060): every query about them.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface UserContractRow {
  id: number;
  root: string;
  point_value: string;
  tick_size: string | null;
  exchange: string | null;
  currency: string | null;
}

export async function listUserContracts(db: Db, userId: number): Promise<UserContractRow[]> {
  return db
    .selectFrom("user_futures_contracts")
    .select(["id", "root", "point_value", "tick_size", "exchange", "currency"])
    .where("user_id", "=", userId)
    .orderBy("root")
    .execute();
}

export async function findUserContract(db: Db, userId: number, root: string): Promise<UserContractRow | undefined> {
  return db
    .selectFrom("user_futures_contracts")
    .select(["id", "root", "point_value", "tick_size", "exchange", "currency"])
    .where("user_id", "=", userId)
    .where("root", "=", root)
    .executeTakeFirst();
}

export interface UserContractValues {
  point_value: string;
  tick_size: string | null;
  exchange: string | null;
  currency: string | null;
}

/** Inserts the root's row or replaces its values; returns the row. */
export async function upsertUserContract(
  db: Db,
  userId: number,
  root: string,
  values: UserContractValues,
): Promise<UserContractRow> {
  return db
    .insertInto("user_futures_contracts")
    .values({ user_id: userId, root, ...values })
    .onConflict((oc) => oc.columns(["user_id", "root"]).doUpdateSet(values))
    .returning(["id", "root", "point_value", "tick_size", "exchange", "currency"])
    .executeTakeFirstOrThrow();
}

export async function deleteUserContract(db: Db, userId: number, root: string): Promise<UserContractRow | undefined> {
  return db
    .deleteFrom("user_futures_contracts")
    .where("user_id", "=", userId)
    .where("root", "=", root)
    .returning(["id", "root", "point_value", "tick_size", "exchange", "currency"])
    .executeTakeFirst();
}
