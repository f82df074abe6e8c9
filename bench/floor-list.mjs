// The floor of an embedded `trade list`: Node opening the same data directory with PGlite, one SELECT of 100 trades,
// closing it. Plain JavaScript run by node itself, so it pays nothing the CLI would not have to.
import { PGlite } from "@electric-sql/pglite";

const db = await PGlite.create(process.argv[2]);
const { rows } = await db.query("SELECT * FROM trades ORDER BY entry_date DESC, id DESC LIMIT 100");
await db.close();
if (rows.length === 0) process.exit(1);
