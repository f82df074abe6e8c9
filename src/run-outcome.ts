// How every run ends, the same for main.ts's own answers and program.ts's: a failure as one line on stderr with its
// documented exit code, then one usage record. main.js and program.js each bundle a copy of this module.
import type { Context } from "./context.js";
import type { UsageEntry } from "./db/usage.js";
import { conflictFromDatabaseError, DeclinedError, ExitCode, TradesenseError } from "./errors.js";

/** A run's result before it is reported: its exit code, or what it threw; and its api_usage endpoint. */
export type RunOutcome = { code: number; endpoint: string } | { failure: unknown; endpoint: string };

/**
 * Reports the run's failure if any (with its stack when `debug`: the command line said --debug), records its usage
 * and closes what it opened; returns the exit code.
 */
export async function endRun(ctx: Context, outcome: RunOutcome, started: number, debug: boolean): Promise<number> {
  const code = "failure" in outcome ? reportError(ctx, outcome.failure, debug) : outcome.code;
  const usage = { endpoint: outcome.endpoint, responseCode: code, responseTimeMs: performance.now() - started };
  await recordUsage(ctx, usage, debug);
  await ctx.close().catch(() => {});
  return code;
}

/**
 * Every run leaves one api_usage row, best effort: it never changes the exit code and never opens a database of its
 * own. A run that opened one writes its row there (after the spooled rows of earlier runs); any other run (help,
 * version, a parse error, a failed connection, `db connect`) appends it to the usage spool, which the next run with
 * a database writes. user_id is null when no user could be told (before init, not logged in).
 */
async function recordUsage(ctx: Context, usage: Omit<UsageEntry, "userId">, debug: boolean): Promise<void> {
  const note = (what: string, error: unknown) => {
    if (debug) ctx.io.stderr.write(`note: usage ${what}: ${error instanceof Error ? error.message : error}\n`);
  };
  const db = ctx.openedDatabase();
  if (db) {
    try {
      await ctx.flushSpooledUsage();
      const user = await ctx.quietUser();
      const { insertUsage } = await import("./db/usage.js");
      await insertUsage(db, [{ ...usage, userId: user?.id ?? null }]);
      return;
    } catch (error) {
      note("not written to the database, spooled instead", error);
    }
  }
  try {
    ctx.spoolUsage(usage);
  } catch (error) {
    note("not recorded", error);
  }
}

function reportError(ctx: Context, thrown: unknown, debug: boolean): number {
  // A write that lost a race for a unique name is a conflict like any the command checked itself.
  const error = conflictFromDatabaseError(thrown) ?? thrown;
  if (error instanceof DeclinedError) {
    ctx.io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TradesenseError) {
    ctx.io.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) ctx.io.stderr.write(`${error.stack}\n`);
    if (debug && error.cause instanceof Error && error.cause.stack)
      ctx.io.stderr.write(`cause: ${error.cause.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.io.stderr.write(
    `error: unexpected failure: ${message.split("\n")[0]}${debug ? "" : " (run with --debug for details)"}\n`,
  );
  if (debug && error instanceof Error && error.stack) ctx.io.stderr.write(`${error.stack}\n`);
  return ExitCode.unexpected;
}
