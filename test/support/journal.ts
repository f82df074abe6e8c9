// A journal with one current user (New York time unless a test names another zone), and a second user whose rows must stay invisible.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { type CliRunner, cliFor, initUser } from "./cli.js";
import { type Backend, createTestDatabase, type TestDatabase, useDatabase } from "./databases.js";

export async function initJournal(
  cli: CliRunner,
  database: TestDatabase,
  username = "trader",
  timezone = "America/New_York",
): Promise<number> {
  await initUser(cli, timezone, username);
  const user = await database.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return user.id;
}

export interface JournalFixture {
  database: TestDatabase;
  cli: CliRunner;
  userId: number;
  /** A scratch directory for the files the tests write (exports, CSVs). */
  dir: string;
  /** Another database on the same backend (a restore's target, a re-import's journal), closed with the file's. */
  anotherDatabase(): Promise<TestDatabase>;
}

/**
 * A test file's database with one journal user (initJournal) and their CLI, set up before its tests and closed
 * after them. The fields are filled in by the time a test runs.
 */
export function useJournal(backend: Backend, username = "trader", timezone = "America/New_York"): JournalFixture {
  const own = useDatabase(backend);
  const others: TestDatabase[] = [];
  const fixture = {
    async anotherDatabase() {
      const other = await createTestDatabase(backend);
      others.push(other);
      return other;
    },
  } as JournalFixture;
  beforeAll(async () => {
    fixture.dir = mkdtempSync(join(inject("scratchDir"), "journal-"));
    fixture.database = own.database;
    fixture.cli = cliFor(fixture.database);
    fixture.userId = await initJournal(fixture.cli, fixture.database, username, timezone);
  });
  afterAll(async () => {
    for (const other of others) await other.close();
  });
  return fixture;
}

/** A user row inserted directly (no password: `!`), as another user or a journal's owner; returns its id. */
export async function insertUser(database: TestDatabase, username: string, email = `${username}@example.com`) {
  const user = await database.db
    .insertInto("users")
    .values({ username, email, hashed_password: "!" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return user.id;
}

/** Another user with one open trade and one strategy, inserted directly. */
export async function otherUser(
  database: TestDatabase,
): Promise<{ userId: number; tradeId: number; strategyId: number }> {
  const userId = await insertUser(database, "someone-else", "else@example.com");
  const strategy = await database.db
    .insertInto("strategies")
    .values({ user_id: userId, name: "Theirs" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const trade = await database.db
    .insertInto("trades")
    .values({
      user_id: userId,
      symbol: "XYZ",
      side: "long",
      quantity: "10",
      entry_price: "5",
      entry_date: "2024-03-01T15:00:00Z",
      status: "open",
      strategy_id: strategy.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { userId, tradeId: trade.id, strategyId: strategy.id };
}

/** A fresh journal (its own database and one user, initJournal) at each call, all closed after the file's tests. */
export function useFreshJournals(backend: Backend): () => Promise<{ database: TestDatabase; cli: CliRunner }> {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of opened) await database.close();
  });
  return async () => {
    const database = await createTestDatabase(backend);
    opened.push(database);
    const cli = cliFor(database);
    await initJournal(cli, database);
    return { database, cli };
  };
}
