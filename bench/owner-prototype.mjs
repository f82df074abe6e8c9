// A prototype of the owner process (issue 11), for measuring only: one process keeps the embedded journal open and
// serves it on a Unix socket that only the user can reach (in a 0700 directory); later commands connect with pg
// instead of starting PGlite themselves. Not part of the product (the single-owner lock decides who may hold the data
// directory; this ignores it).
//   node bench/owner-prototype.mjs serve <data dir> <socket dir>   serves until killed, prints "ready" when listening
//   node bench/owner-prototype.mjs query <socket dir>              one client: connect, SELECT 100 trades, disconnect
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

const [, , mode, first, second] = process.argv;
if (mode === "serve" && first && second) {
  mkdirSync(second, { recursive: true, mode: 0o700 });
  chmodSync(second, 0o700);
  const db = await PGlite.create(first);
  // pg finds a server's socket as <dir>/.s.PGSQL.<port>.
  const server = new PGLiteSocketServer({ db, path: join(second, ".s.PGSQL.5432"), maxConnections: 8 });
  await server.start();
  process.stdout.write("ready\n");
  const stop = async () => {
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else if (mode === "query" && first) {
  const client = new pg.Client({ host: first, port: 5432, user: "postgres", database: "postgres" });
  await client.connect();
  const { rows } = await client.query("SELECT * FROM trades ORDER BY entry_date DESC, id DESC LIMIT 100");
  await client.end();
  if (rows.length === 0) process.exit(1);
} else {
  console.error("usage: node bench/owner-prototype.mjs serve <data dir> <socket dir> | query <socket dir>");
  process.exit(2);
}
