import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { copyInto, copyTimestamp, copyValue } from "../../src/db/bulk.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";

describeEachBackend("COPY through a Kysely transaction", (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await sql`create table copied (id int, label text, amount numeric(12, 2), at timestamp)`.execute(database.db);
  });
  afterAll(() => database.close());

  it("copies rows with awkward text exactly, inside the transaction, and reports the count", async () => {
    const labels = ["plain", "tab\there", "new\nline", "back\\slash", "cr\rlf", "é 😀", ""];
    async function* rows() {
      for (const [i, label] of labels.entries()) {
        yield `${i}\t${copyValue(label)}\t${copyValue(i === 0 ? null : `${i}.25`)}\t${copyTimestamp(new Date(Date.UTC(2024, 2, 10, 7, i)))}\n`;
      }
    }
    const count = await database.db
      .transaction()
      .execute((trx) => copyInto(trx, "copied", ["id", "label", "amount", "at"], rows()));
    expect(count).toBe(labels.length);
    const stored = await sql<{ id: number; label: string; amount: string | null; at: Date }>`
      select id, label, amount, at from copied order by id`.execute(database.db);
    expect(stored.rows.map((r) => r.label)).toEqual(labels);
    expect(stored.rows[0]?.amount).toBeNull();
    expect(stored.rows[3]?.amount).toBe("3.25");
    expect(stored.rows[6]?.at.toISOString()).toBe("2024-03-10T07:06:00.000Z");
  });

  it("rolls back copied rows with the transaction, and a bad row fails the whole COPY", async () => {
    await sql`delete from copied`.execute(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await copyInto(trx, "copied", ["id", "label"], ["1\tkept until rollback\n"]);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await expect(copyInto(database.db, "copied", ["id", "label"], ["1\tok\n", "not-a-number\tbad\n"])).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    const left = await sql<{ n: number }>`select count(*)::int as n from copied`.execute(database.db);
    expect(left.rows[0]?.n).toBe(0);
  });

  it("streams many rows in several pieces", async () => {
    await sql`delete from copied`.execute(database.db);
    function* rows() {
      for (let start = 0; start < 200_000; start += 10_000) {
        let chunk = "";
        for (let i = start; i < start + 10_000; i++) chunk += `${i}\tlabel number ${i} with some padding text\n`;
        yield chunk;
      }
    }
    expect(await copyInto(database.db, "copied", ["id", "label"], rows())).toBe(200_000);
    const sum = await sql<{ s: string }>`select sum(id)::text as s from copied`.execute(database.db);
    expect(sum.rows[0]?.s).toBe(String((199_999 * 200_000) / 2));
  });
});
