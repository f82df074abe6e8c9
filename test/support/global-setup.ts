// Runs once per test run: migrates one embedded template and one server template, which every test file then copies.
// initdb costs seconds and hundreds of MB (STACK.md), so no test pays it; a server database is copied with
// CREATE DATABASE ... TEMPLATE, which takes milliseconds.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateToLatest } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";

declare module "vitest" {
  export interface ProvidedContext {
    embeddedTemplate: string;
    /** A URL to the server's maintenance database, or "" when no server is used in this run. */
    serverAdminUrl: string;
    serverTemplate: string;
    scratchDir: string;
    /** Prefix of every server database this run creates, so teardown finds leftovers of crashed files. */
    runId: string;
  }
}

const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

async function serverAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Migrates a fresh embedded database and writes its data directory to a tar file, which test files load. */
async function writeEmbeddedTemplate(scratchDir: string): Promise<string> {
  const lite = await PGlite.create();
  const liteDb = new Kysely<Database>({ dialect: new PGliteDialect(lite) });
  await migrateToLatest(liteDb);
  const dump = await lite.dumpDataDir("none");
  const embeddedTemplate = join(scratchDir, "embedded-template.tar");
  writeFileSync(embeddedTemplate, Buffer.from(await dump.arrayBuffer()));
  await liteDb.destroy();
  return embeddedTemplate;
}

/** Migrates the server template database; the admin URL when a server is used in this run, "" when not. */
async function createServerTemplate(serverTemplate: string): Promise<string> {
  const wanted = process.env.TEST_DATABASE_URL;
  const adminUrl = wanted ?? DEFAULT_SERVER;
  if (process.env.TEST_DATABASE === "embedded") return "";
  if (!(await serverAnswers(adminUrl))) {
    if (wanted || process.env.CI || process.env.TEST_DATABASE === "server") {
      throw new Error(`the PostgreSQL server at ${wanted ?? DEFAULT_SERVER} does not answer; it is required here`);
    }
    console.warn(
      `No PostgreSQL server answers at ${DEFAULT_SERVER}: server tests are skipped (set TEST_DATABASE_URL).`,
    );
    return "";
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${serverTemplate}`);
  await admin.query(`CREATE DATABASE ${serverTemplate}`);
  await admin.end();
  const templateDb = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: withDatabase(adminUrl, serverTemplate) }),
    }),
  });
  await migrateToLatest(templateDb);
  await templateDb.destroy();
  return adminUrl;
}

export default async function setup(project: TestProject) {
  const scratchDir = mkdtempSync(join(tmpdir(), "tradesense-test-"));
  const serverTemplate = `tradesense_tpl_${process.pid}`;
  // Both at once: no test file starts before they are done, and the server's migration waits on the server while
  // PGlite's runs here.
  const [embeddedTemplate, serverAdminUrl] = await Promise.all([
    writeEmbeddedTemplate(scratchDir),
    createServerTemplate(serverTemplate),
  ]);

  project.provide("embeddedTemplate", embeddedTemplate);
  project.provide("serverAdminUrl", serverAdminUrl);
  project.provide("serverTemplate", serverTemplate);
  project.provide("scratchDir", scratchDir);
  project.provide("runId", String(process.pid));
  writeFileSync(join(scratchDir, "README"), "TradeSense test run scratch space; removed at the end of the run.\n");

  return async () => {
    if (serverAdminUrl) {
      const admin = new pg.Client({ connectionString: serverAdminUrl });
      await admin.connect();
      const leftovers = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2",
        [`tradesense_t_${process.pid}_%`, serverTemplate],
      );
      for (const row of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(scratchDir, { recursive: true, force: true });
  };
}
