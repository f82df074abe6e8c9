// The floor of an embedded import: PGlite alone writing the rows an import of the same file wrote (its import_history
// row, executions, round trips and trades, dumped by bench/run.ts from a journal the CLI imported into) into a fresh
// journal of the same schema, with COPY, in one transaction: no parsing, no matching, no dedup.
//   node bench/floor-import.mjs <data dir> <dump dir>   (the dump dir holds "tables", one name a line in the order to
//   load them, and for each <table>.columns and <table>.copy)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

const [, , dataDir, dumpDir] = process.argv;
if (dataDir && dumpDir) {
  const db = await PGlite.create(dataDir);
  await db.transaction(async (tx) => {
    for (const table of readFileSync(join(dumpDir, "tables"), "utf8").split("\n").filter(Boolean)) {
      const columns = readFileSync(join(dumpDir, `${table}.columns`), "utf8");
      const blob = new Blob([readFileSync(join(dumpDir, `${table}.copy`))]);
      await tx.query(`COPY ${table} (${columns}) FROM '/dev/blob'`, [], { blob });
    }
  });
  await db.close();
}
