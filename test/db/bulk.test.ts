import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { copyInto, copyLayout, copyTimestamp, copyValue } from "../../src/db/bulk.js";
import type { JsonObject } from "../../src/db/schema.js";
import { describeEachBackend, useDatabase } from "../support/databases.js";

describeEachBackend("COPY through a Kysely transaction", (backend) => {
  const own = useDatabase(backend);
  beforeAll(async () => {
    await sql`create table copied (id int, label text, amount numeric(12, 2), at timestamp)`.execute(own.database.db);
  });

  it("copies rows with awkward text exactly, inside the transaction, and reports the count", async () => {
    const labels = ["plain", "tab\there", "new\nline", "back\\slash", "cr\rlf", "é 😀", ""];
    async function* rows() {
      for (const [i, label] of labels.entries()) {
        yield `${i}\t${copyValue(label)}\t${copyValue(i === 0 ? null : `${i}.25`)}\t${copyTimestamp(new Date(Date.UTC(2024, 2, 10, 7, i)))}\n`;
      }
    }
    const count = await own.database.db
      .transaction()
      .execute((trx) => copyInto(trx, "copied", ["id", "label", "amount", "at"], rows()));
    expect(count).toBe(labels.length);
    const stored = await sql<{ id: number; label: string; amount: string | null; at: Date }>`
      select id, label, amount, at from copied order by id`.execute(own.database.db);
    expect(stored.rows.map((r) => r.label)).toEqual(labels);
    expect(stored.rows[0]?.amount).toBeNull();
    expect(stored.rows[3]?.amount).toBe("3.25");
    expect(stored.rows[6]?.at.toISOString()).toBe("2024-03-10T07:06:00.000Z");
  });

  it("copyLayout writes each value as its column's type in schema.ts takes it: text escaped, JSON, booleans, nulls", async () => {
    const user = await own.database.db
      .insertInto("users")
      .values({ username: "copier", email: "copier@example.com", hashed_password: "!" })
      .returning("id")
      .executeTakeFirstOrThrow();
    type Note = { title: string; message: string | null; data: JsonObject | string; read: Date | null };
    const layout = copyLayout<"notifications", Note>("notifications", {
      user_id: () => user.id,
      type: () => "copied",
      title: (n) => n.title,
      message: (n) => n.message,
      data: (n) => n.data,
      is_read: (n) => n.read !== null,
      read_at: (n) => n.read,
    });
    expect(layout.columns).toEqual(["user_id", "type", "title", "message", "data", "is_read", "read_at"]);
    const notes: Note[] = [
      { title: "tab\there", message: "new\nline and back\\slash", data: { week: "2024-W10", n: 2 }, read: null },
      { title: "plain", message: null, data: '{"a": "b"}', read: new Date(Date.UTC(2024, 2, 10, 7, 5, 30, 250)) },
    ];
    await copyInto(own.database.db, layout.table, layout.columns, [notes.map((n) => layout.line(n)).join("")]);
    const stored = await own.database.db
      .selectFrom("notifications")
      .select(["title", "message", "data", "is_read", "read_at"])
      .where("user_id", "=", user.id)
      .orderBy("id")
      .execute();
    expect(stored).toEqual([
      {
        title: "tab\there",
        message: "new\nline and back\\slash",
        data: { week: "2024-W10", n: 2 },
        is_read: false,
        read_at: null,
      },
      { title: "plain", message: null, data: { a: "b" }, is_read: true, read_at: new Date("2024-03-10T07:05:30.250Z") },
    ]);
  });

  it("rolls back copied rows with the transaction, and a bad row fails the whole COPY", async () => {
    await sql`delete from copied`.execute(own.database.db);
    await expect(
      own.database.db.transaction().execute(async (trx) => {
        await copyInto(trx, "copied", ["id", "label"], ["1\tkept until rollback\n"]);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await expect(
      copyInto(own.database.db, "copied", ["id", "label"], ["1\tok\n", "not-a-number\tbad\n"]),
    ).rejects.toThrow(/invalid input syntax for type integer/);
    const left = await sql<{ n: number }>`select count(*)::int as n from copied`.execute(own.database.db);
    expect(left.rows[0]?.n).toBe(0);
  });

  it("streams many rows in several pieces", async () => {
    await sql`delete from copied`.execute(own.database.db);
    function* rows() {
      for (let start = 0; start < 200_000; start += 10_000) {
        let chunk = "";
        for (let i = start; i < start + 10_000; i++) chunk += `${i}\tlabel number ${i} with some padding text\n`;
        yield chunk;
      }
    }
    expect(await copyInto(own.database.db, "copied", ["id", "label"], rows())).toBe(200_000);
    const sum = await sql<{ s: string }>`select sum(id)::text as s from copied`.execute(own.database.db);
    expect(sum.rows[0]?.s).toBe(String((199_999 * 200_000) / 2));
  });
});
