// A fresh, migrated database per test file (or per test), on either backend, copied from the run's templates.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, inject } from "vitest";
import {
  type DatabaseLocation,
  dumpEmbedded,
  embeddedKysely,
  type OpenedDatabase,
  openDatabase,
  typeParsers,
} from "../../src/db/connect.js";

export type Backend = "embedded" | "server";

export interface TestDatabase extends OpenedDatabase {
  backend: Backend;
  /** For server databases: the URL a CLI run can be pointed at. */
  url?: string;
}

let templateBlob: Blob | undefined;

function embeddedTemplate(): Blob {
  templateBlob ??= new Blob([readFileSync(inject("embeddedTemplate"))]);
  return templateBlob;
}

function serverUrl(database: string): string {
  const parsed = new URL(inject("serverAdminUrl"));
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function serverAvailable(): boolean {
  return inject("serverAdminUrl") !== "";
}

export function backends(): Backend[] {
  return serverAvailable() ? ["embedded", "server"] : ["embedded"];
}

/** describe() once per available backend; the server block is reported as skipped when no server is used. */
export function describeEachBackend(name: string, body: (backend: Backend) => void): void {
  for (const backend of ["embedded", "server"] as const) {
    const block = backend === "server" && !serverAvailable() ? describe.skip : describe;
    block(`${name} [${backend}]`, () => body(backend));
  }
}

/**
 * A fresh database, copied from the run's template: the file's own (created before its tests, closed after them), or
 * with per "test" one for each test (closed after it). `database` is set when a test runs.
 */
export function useDatabase(backend: Backend, per: "file" | "test" = "file"): { database: TestDatabase } {
  const fixture = {} as { database: TestDatabase };
  (per === "file" ? beforeAll : beforeEach)(async () => {
    fixture.database = await createTestDatabase(backend);
  });
  (per === "file" ? afterAll : afterEach)(async () => {
    await fixture.database?.close();
  });
  return fixture;
}

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === "embedded") {
    const client = await PGlite.create({ loadDataDir: embeddedTemplate(), parsers: typeParsers });
    await client.exec("SET TimeZone = 'UTC'");
    const db = embeddedKysely(client, PGliteDialect);
    const location: DatabaseLocation = { kind: "embedded", path: "memory://" };
    return { backend, db, location, close: () => db.destroy(), dumpDataDir: () => dumpEmbedded(db, client) };
  }
  const name = `tradesense_t_${inject("runId")}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: inject("serverAdminUrl") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("serverTemplate")}`);
  } finally {
    await admin.end();
  }
  const url = serverUrl(name);
  const opened = await openDatabase({ kind: "server", url });
  return {
    backend,
    url,
    db: opened.db,
    location: opened.location,
    close: async () => {
      await opened.close();
      const dropper = new pg.Client({ connectionString: inject("serverAdminUrl") });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
