// `report week`: the week's report, its notification and (when asked) its mail, for the current user or, on a
// server, for every active user in turn (a superuser's cron job). Parse (no database) and run are kept apart.
import { extname, resolve } from "node:path";
import { Command } from "commander";
import type { Kysely } from "kysely";
import type { Context } from "../../context.js";
import {
  activeWeeklyRecipients,
  findWeeklyRecipient,
  upsertWeeklyNotification,
  type WeeklyRecipient,
} from "../../db/notifications.js";
import type { Database } from "../../db/schema.js";
import { DEFAULT_SCRATCH, parseScratch } from "../../domain/report-rules.js";
import { parseSession, tradingDayRule } from "../../domain/trading-day.js";
import { weeklyPeriod, weeklyReport } from "../../domain/weekly-report.js";
import { MailDeliveryError, NotFoundError, parsedAs, TradesenseError, UsageError } from "../../errors.js";
import { configuredMailer, HOW_TO_CONFIGURE_MAIL } from "../../io/mail.js";
import { printJson, printLine, printNote } from "../../io/render.js";
import { writeWhole } from "../../io/report-view.js";
import type { IOStreams } from "../../io/streams.js";
import { type WeeklyReport, weeklyDocument, weeklyJson } from "../../io/weekly-json.js";
import { weeklyHtml, weeklyMail, weeklyMarkdown, weeklyNetPnl, weeklyText } from "../../io/weekly-view.js";
import type { RunFn } from "../define.js";

export interface WeeklyFlags {
  week?: string;
  cron?: boolean;
  json?: boolean;
  output?: string;
  mail?: boolean;
  allUsers?: boolean;
}

export interface WeeklyOptions {
  /** "2025-W23"; undefined: the last full week in each user's zone. */
  week?: string;
  /** No colour, no prompt: set by --cron and whenever stdout is not a terminal. */
  cron: boolean;
  json: boolean;
  output?: { path: string; format: WeeklyFileFormat };
  mail: boolean;
  allUsers: boolean;
}

/** The placeholder --all-users needs in --output, so that each user's report gets its own file. */
const USER_PLACEHOLDER = "{user}";

type WeeklyFileFormat = "markdown" | "json" | "html";

function outputFormat(path: string): WeeklyFileFormat {
  const extension = extname(path).toLowerCase();
  if (extension === ".md" || extension === ".markdown") return "markdown";
  if (extension === ".json") return "json";
  if (extension === ".html" || extension === ".htm") return "html";
  throw new UsageError(`cannot tell the format of '${path}' from its extension: use .md, .json or .html`);
}

function weeklyFile(report: WeeklyReport, format: WeeklyFileFormat): string {
  if (format === "json") return `${JSON.stringify(weeklyJson(report), null, 2)}\n`;
  return format === "html" ? weeklyHtml(report) : weeklyMarkdown(report);
}

export function parseWeeklyFlags(flags: WeeklyFlags, context: { stdoutIsTTY: boolean; now: Date }): WeeklyOptions {
  // Checked here, before any database is opened; each user's zone decides the dates later.
  if (flags.week !== undefined) parsedAs("--week", () => weeklyPeriod(flags.week, "UTC", context.now));
  if (flags.json && flags.output !== undefined) throw new UsageError("--json cannot be used with --output");
  if (flags.allUsers && flags.json) throw new UsageError("--all-users prints one line per user: --json cannot be used");
  if (flags.allUsers && flags.output !== undefined && !flags.output.includes(USER_PLACEHOLDER)) {
    throw new UsageError(
      `with --all-users, --output must contain ${USER_PLACEHOLDER} (e.g. weekly-${USER_PLACEHOLDER}.md)`,
    );
  }
  return {
    ...(flags.week !== undefined ? { week: flags.week.trim().toUpperCase() } : {}),
    cron: Boolean(flags.cron) || !context.stdoutIsTTY,
    json: Boolean(flags.json),
    ...(flags.output !== undefined ? { output: { path: flags.output, format: outputFormat(flags.output) } } : {}),
    mail: Boolean(flags.mail),
    allUsers: Boolean(flags.allUsers),
  };
}

export interface WeeklyOutcome {
  report: WeeklyReport;
  outputs: string[];
  notification: "created" | "updated" | "off";
  mailed: boolean;
}

async function reportFor(
  db: Kysely<Database>,
  user: WeeklyRecipient,
  options: WeeklyOptions,
  now: Date,
): Promise<WeeklyReport> {
  const setting = user.settings?.report_scratch;
  const scratch = typeof setting === "string" ? parseScratch(setting, "report.scratch") : DEFAULT_SCRATCH;
  const session = user.settings?.session;
  // Days and the week are trading days by report.session, as in every other report.
  const tradingDay = tradingDayRule(typeof session === "string" ? parseSession(session) : null, user.timezone);
  const request = {
    userId: user.id,
    timeZone: user.timezone,
    period: weeklyPeriod(options.week, user.timezone, now, tradingDay),
    tradingDay,
    filters: {},
    scratch: { unit: scratch.unit, tolerance: scratch.tolerance, countAs: "apart" as const },
  };
  return weeklyDocument(request, await weeklyReport(db, request));
}

function plain(io: IOStreams): IOStreams {
  return { ...io, colorEnabled: false };
}

/**
 * One user's weekly run: the report (printed when `print`, written when --output), then the notification, then the
 * mail. Each step is kept when a later one fails: a mail command that fails leaves the report and notification.
 */
async function weeklyFor(
  ctx: Context,
  db: Kysely<Database>,
  user: WeeklyRecipient,
  options: WeeklyOptions,
  print: boolean,
): Promise<WeeklyOutcome> {
  const report = await reportFor(db, user, options, ctx.now());
  const io = options.cron ? plain(ctx.io) : ctx.io;
  const outputs: string[] = [];
  if (options.output) {
    const path = options.output.path.replaceAll(USER_PLACEHOLDER, user.username);
    writeWhole(path, weeklyFile(report, options.output.format));
    outputs.push(resolve(path));
    if (print) printNote(io, `Wrote ${path}`);
  } else if (print) {
    if (options.json) printJson(io, weeklyJson(report));
    else printLine(io, weeklyText(io, report).trimEnd());
  }
  const wantsMail = options.mail || user.settings?.report_mail === true;
  if (user.notifications?.weekly_reports === false) {
    if (print && options.mail) printNote(io, "Not mailed: notifications.weekly_reports is off.");
    return { report, outputs, notification: "off", mailed: false };
  }
  const { week, byCurrency } = report;
  const one = byCurrency.length === 1 ? byCurrency[0] : undefined;
  const notification = await upsertWeeklyNotification(db, {
    userId: user.id,
    week: week.week,
    title: `Weekly report ${week.week} ready`,
    message: one
      ? `Net P&L ${one.figures.netPnl} over ${one.figures.roundTrips} round trip(s); the week before ${one.previousWeek.figures.netPnl}.`
      : `Net P&L ${byCurrency.map((r) => `${r.currency} ${r.figures.netPnl} over ${r.figures.roundTrips} round trip(s)`).join(", ")}; the week before ${byCurrency.map((r) => `${r.currency} ${r.previousWeek.figures.netPnl}`).join(", ")}. Currencies are never added together.`,
    data: {
      from: week.from,
      to: week.to,
      timeZone: week.timeZone,
      ...(one
        ? {
            currency: one.currency,
            netPnl: one.figures.netPnl,
            roundTrips: one.figures.roundTrips,
            winRate: one.figures.winRate,
            previousNetPnl: one.previousWeek.figures.netPnl,
          }
        : {
            byCurrency: byCurrency.map((r) => ({
              currency: r.currency,
              netPnl: r.figures.netPnl,
              roundTrips: r.figures.roundTrips,
              winRate: r.figures.winRate,
              previousNetPnl: r.previousWeek.figures.netPnl,
            })),
          }),
      outputs,
    },
  });
  const outcome: WeeklyOutcome = {
    report,
    outputs,
    notification: notification.created ? "created" : "updated",
    mailed: false,
  };
  if (!wantsMail) return outcome;
  if (!user.emailVerified) {
    throw new MailDeliveryError(
      `not mailed: ${user.email} is not verified (run tradesense user send-verification); the report and its notification were made`,
    );
  }
  const mailer = configuredMailer(ctx.env, ctx.config());
  if (!mailer) {
    throw new MailDeliveryError(
      `not mailed: no mail command is configured: ${HOW_TO_CONFIGURE_MAIL}; the report and its notification were made`,
    );
  }
  const text = weeklyText(plain(ctx.io), report);
  try {
    await mailer.send(weeklyMail({ to: user.email, from: mailer.from, report, text, html: weeklyHtml(report) }));
  } catch (error) {
    if (error instanceof MailDeliveryError) {
      throw new MailDeliveryError(`not mailed: ${error.message}; the report and its notification were made`);
    }
    throw error;
  }
  return { ...outcome, mailed: true };
}

function outcomeLine(username: string, outcome: WeeklyOutcome): string {
  const parts = [`${username}: ${outcome.report.week.week} net P&L ${weeklyNetPnl(outcome.report)}`];
  parts.push(outcome.notification === "off" ? "no notification (weekly_reports off)" : "notified");
  if (outcome.mailed) parts.push("mailed");
  parts.push(...outcome.outputs.map((path) => `wrote ${path}`));
  return parts.join(", ");
}

export async function runWeekly(ctx: Context, options: WeeklyOptions): Promise<void> {
  const me = await ctx.currentUser();
  const db = await ctx.database();
  if (!options.allUsers) {
    const user = await findWeeklyRecipient(db, me.id);
    if (!user) throw new NotFoundError(`user '${me.username}' was not found`);
    await weeklyFor(ctx, db, user, options, true);
    return;
  }
  if (ctx.location().kind !== "server") {
    throw new UsageError("--all-users is for a journal on a PostgreSQL server: the embedded journal has one user");
  }
  if (!me.isSuperuser) throw new UsageError("only a superuser can run --all-users");
  for (const user of await activeWeeklyRecipients(db)) {
    try {
      printLine(ctx.io, outcomeLine(user.username, await weeklyFor(ctx, db, user, options, false)));
    } catch (error) {
      // One user's failure is theirs alone: it is reported, and the others still get their report.
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      ctx.io.stderr.write(`error: ${user.username}: ${message}\n`);
      ctx.exitCode = error instanceof TradesenseError ? error.exitCode : 1;
    }
  }
}

/** The flags only the weekly report has: any of them makes `report weekly` the weekly report (see breakdown.ts). */
export const WEEKLY_REPORT_FLAGS = ["week", "cron", "mail", "allUsers"] as const;

/** Declares the weekly report's own flags (the ones WEEKLY_REPORT_FLAGS names) on a command. */
export function addWeeklyReportFlags(command: Command): Command {
  return command
    .option("--week <week>", "an ISO week such as 2025-W23 (default: the last full week in your time zone)")
    .option("--cron", "for cron: no colour and no prompt (also the case whenever stdout is not a terminal)")
    .option("--mail", "mail it to your verified address (also when the report.mail setting is on)")
    .option("--all-users", "on a server, as a superuser: each active user's report, notification and mail in turn");
}

export function reportWeeklyCommand(ctx: Context, run: RunFn<WeeklyOptions> = runWeekly): Command {
  return addWeeklyReportFlags(
    new Command("week").description(
      "The last full week (Monday to Sunday) beside the week before and the 4 before; notifies, can mail",
    ),
  )
    .option("--json", "print the report as JSON")
    .option("-o, --output <file>", "write the report to a file: .md, .json or .html")
    .addHelpText(
      "after",
      `
Unless notifications.weekly_reports is off, each run leaves one notification for its week (a second run of the
same week refreshes it). See README "Weekly report from cron" for crontab lines.

Examples:
  $ tradesense report week
  $ tradesense report week --week 2025-W23 -o week23.md
  $ tradesense report week --cron --mail
  $ tradesense report weekly --cron --mail        # the same: report weekly with a weekly-report flag
  $ tradesense report week --cron --all-users -o '/srv/reports/weekly-{user}.json'`,
    )
    .action((flags: WeeklyFlags) =>
      run(ctx, parseWeeklyFlags(flags, { stdoutIsTTY: ctx.io.stdoutIsTTY, now: ctx.now() })),
    );
}
