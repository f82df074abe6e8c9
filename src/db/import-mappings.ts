// The import_mappings table: a user's saved column mappings (`import csv --save-map`, `--map-name`).
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function findMapping(db: Db, userId: number, name: string) {
  return db
    .selectFrom("import_mappings")
    .select(["id", "mapping"])
    .where("user_id", "=", userId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export async function saveMapping(db: Db, userId: number, name: string, mapping: Record<string, string>) {
  await db
    .insertInto("import_mappings")
    .values({ user_id: userId, name, mapping: JSON.stringify(mapping) })
    .onConflict((oc) => oc.columns(["user_id", "name"]).doUpdateSet({ mapping: JSON.stringify(mapping) }))
    .execute();
}
