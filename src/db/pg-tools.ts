// PostgreSQL's own client tools (Debian's postgresql-client) for a superuser's whole-server-database backup: pg_dump's
// custom format out, pg_restore in one transaction back. Optional: without them `backup --all` writes rows instead.
import { spawn, spawnSync } from "node:child_process";
import type { Readable } from "node:stream";
import { DatabaseError } from "../errors.js";
import { redactUrl } from "./connect.js";

export function hasPgTool(tool: "pg_dump" | "pg_restore", env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(tool, ["--version"], { env, stdio: "ignore" });
  return result.status === 0;
}

/** pg_dump --format=custom of the database at `url`, as a stream; the stream errors with pg_dump's first line. */
export function pgDumpStream(url: string, env: NodeJS.ProcessEnv): Readable {
  const child = spawn("pg_dump", ["--format=custom", "--no-owner", "--dbname", url], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on("close", (code) => {
    if (code !== 0) {
      child.stdout.destroy(
        new DatabaseError(`pg_dump of ${redactUrl(url)} failed: ${stderr.split("\n")[0] || `exit ${code}`}`),
      );
    }
  });
  return child.stdout;
}

/** pg_restore --clean of a custom-format dump into `url`, in one transaction (all or nothing). */
export async function pgRestore(file: Readable, url: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(
    "pg_restore",
    ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--dbname", url],
    { env, stdio: ["pipe", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  file.pipe(child.stdin);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) {
    throw new DatabaseError(`pg_restore into ${redactUrl(url)} failed: ${stderr.split("\n")[0] || `exit ${code}`}`);
  }
}
