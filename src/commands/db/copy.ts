import { Command } from "commander";
import { type Context, openLocation } from "../../context.js";
import { describeLocation, type OpenedDatabase } from "../../db/connect.js";
import { pendingMigrations } from "../../db/migrate.js";
import { findUserByUsername } from "../../db/users.js";
import { copyJournal } from "../../domain/backup.js";
import { DatabaseError, NotFoundError, UsageError } from "../../errors.js";
import { describeCounts } from "../../io/backup-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface DbCopyOptions {
  direction: "to" | "from";
  url: string;
  /** --from: whose journal to take from the server (default: this journal's current user). */
  username?: string;
  json: boolean;
}

const SERVER_URL = /^postgres(ql)?:\/\//;

export function parseDbCopyOptions(raw: {
  to?: string;
  from?: string;
  username?: string;
  json?: boolean;
}): DbCopyOptions {
  if ((raw.to === undefined) === (raw.from === undefined)) {
    throw new UsageError("db copy needs exactly one of --to <url> or --from <url>");
  }
  const direction = raw.to !== undefined ? "to" : "from";
  const url = (raw.to ?? raw.from) as string;
  if (!SERVER_URL.test(url)) throw new UsageError(`--${direction} must be a postgres:// or postgresql:// URL`);
  if (direction === "to" && raw.username !== undefined) throw new UsageError("--username goes with --from");
  return { direction, url, ...(raw.username !== undefined ? { username: raw.username } : {}), json: raw.json === true };
}

async function openServer(ctx: Context, url: string): Promise<OpenedDatabase> {
  const opened = await openLocation({ kind: "server", url }, { create: false }, ctx.env, ctx.io);
  if ((await pendingMigrations(opened.db)).length > 0) {
    await opened.close();
    throw new DatabaseError(
      `${describeLocation(opened.location)} has pending migrations: run \`tradesense --database-url <url> db migrate\` first`,
    );
  }
  return opened;
}

export async function dbCopyRun(ctx: Context, options: DbCopyOptions): Promise<void> {
  const here = ctx.location();
  const other = await openServer(ctx, options.url);
  try {
    let result: { targetUserId: number; rowCounts: Record<string, number> };
    let username: string;
    if (options.direction === "to") {
      const source = await ctx.database();
      const user = await ctx.currentUser();
      username = user.username;
      result = await copyJournal({ source, sourceUser: user, target: other.db });
    } else {
      const target = await ctx.database({ create: here.kind === "embedded" });
      username = options.username ?? (await ctx.quietUser())?.username ?? "";
      if (!username) throw new UsageError("say whose journal to copy: --username U");
      const sourceUser = await findUserByUsername(other.db, username);
      if (!sourceUser) throw new NotFoundError(`no user '${username}' at ${describeLocation(other.location)}`);
      result = await copyJournal({ source: other.db, sourceUser, target });
      if (here.kind === "embedded" && !(await ctx.quietUser())) ctx.setCurrentUser(username);
    }
    const to = options.direction === "to" ? describeLocation(other.location) : describeLocation(here);
    if (options.json) {
      printJsonDocument(ctx.io, { direction: options.direction, to, username, rowCounts: result.rowCounts });
      return;
    }
    printLine(ctx.io, `Copied ${username}'s journal to ${to}: ${describeCounts(result.rowCounts)}.`);
  } finally {
    await other.close();
  }
}

export function dbCopyCommand(ctx: Context, run: RunFn<DbCopyOptions> = dbCopyRun): Command {
  return new Command("copy")
    .description(
      "Copy your journal to a PostgreSQL server (--to) or from one into this journal (--from), every link kept",
    )
    .option("--to <url>", "copy this journal's rows to the server at <url> (you must have nothing there yet)")
    .option("--from <url>", "copy a journal from the server at <url> into this one (which must hold nothing of yours)")
    .option("--username <name>", "with --from: whose journal (default: this journal's current user)")
    .option("--json", "print what was copied as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense db copy --to postgres://me@db.example.com/journal
  $ TRADESENSE_HOME=~/new tradesense db copy --from postgres://me@db.example.com/journal --username me`,
    )
    .action((raw: { to?: string; from?: string; username?: string; json?: boolean }) =>
      run(ctx, parseDbCopyOptions(raw)),
    );
}
