// The buffer cache every embedded journal runs with (db/embedded-settings.ts): PostgreSQL's shared buffers live in
// PGlite's WebAssembly memory, which never shrinks, so their size is most of a large import's peak memory (issue 11).
// Checked where a user's commands meet PGlite: a command that opens the journal itself, the owner process that
// serves commands (a real process, asked over its socket), and the in-memory copy a backup is verified in.
import { sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase, openScratchEmbedded } from "../../src/db/connect.js";
import { currentBuild, encodeClientName, ownerPlace } from "../../src/db/owner-socket.js";
import { journalHome, runTradesense, takeJournal } from "../support/processes.js";

describe("an embedded journal's buffer cache", () => {
  it("is 16 MB when a command opens the journal itself and in a scratch copy", async () => {
    const { dataDir } = await journalHome("buffers-own");
    const opened = await openDatabase({ kind: "embedded", path: dataDir });
    try {
      const shown = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(opened.db);
      expect(shown.rows[0]?.shared_buffers).toBe("16MB");
    } finally {
      await opened.close();
    }
    const scratch = await openScratchEmbedded();
    try {
      const shown = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(scratch.db);
      expect(shown.rows[0]?.shared_buffers).toBe("16MB");
    } finally {
      await scratch.close();
    }
  });

  it("is 16 MB in the owner process that serves commands", async () => {
    const { home, dataDir } = await journalHome("buffers-owner");
    const env = { TRADESENSE_OWNER: "auto", TRADESENSE_HOME: home };
    // The first command starts the owner; the client below then speaks to it as a command's pg client does.
    expect((await runTradesense(["trade", "list"], env)).code).toBe(0);
    const client = new pg.Client({
      host: ownerPlace(dataDir, {}).dir,
      port: 5432,
      user: "postgres",
      database: "postgres",
      application_name: encodeClientName({ build: currentBuild(), pid: process.pid, command: "trade list" }),
    });
    await client.connect();
    try {
      const shown = await client.query<{ shared_buffers: string }>("show shared_buffers");
      expect(shown.rows[0]?.shared_buffers).toBe("16MB");
    } finally {
      await client.end();
      await takeJournal(dataDir).then((claim) => claim.release());
    }
  }, 600_000);
});
