// The flags every report verb shares, and the parse step (no database) that turns them into a request. Kept apart
// from each verb's run, as the GitHub CLI does, so that flags are tested table-driven without a database.
import { type Command, Option } from "commander";
import type { Context } from "../../context.js";
import { currenciesIn, tagInUse } from "../../db/reports.js";
import { findStrategyById, findStrategyByName } from "../../db/strategies.js";
import type { ReportRequest } from "../../domain/report-engine.js";
import { NAMED_PERIODS, parsePeriod, type ReportPeriod, rangePeriod } from "../../domain/report-periods.js";
import {
  currencyLabel,
  DEFAULT_SCRATCH,
  parseScratch,
  parseScratchAs,
  type ReportFilters,
  type ScratchRule,
  UNSPECIFIED_CURRENCY,
} from "../../domain/report-rules.js";
import { readSettings } from "../../domain/settings.js";
import { parseAssetType, parseSide, parseSymbol } from "../../domain/trades.js";
import { parseSession, sessionNow, type TradingDayRule, tradingDayRule } from "../../domain/trading-day.js";
import { parsedAs, UsageError } from "../../errors.js";
import { chooseFormat, parseFormat, type ReportOutput } from "../../io/report-view.js";

export interface ReportFlags {
  period?: string;
  from?: string;
  to?: string;
  account?: string;
  symbol?: string;
  strategy?: string;
  tag?: string;
  side?: string;
  assetType?: string;
  currency?: string;
  scratch?: string;
  scratchAs?: string;
  format?: string;
  output?: string;
  json?: boolean;
}

/**
 * The period as typed, checked: its dates are days in the user's time zone, which only the journal knows, so they are
 * read when the report runs (resolvePeriod).
 */
export type PeriodChoice = { period: string } | { from?: string; to?: string };

/**
 * What the flags say, checked: everything a report needs except what only the database knows (the user's time zone,
 * the strategy's id, the report.scratch setting).
 */
export interface ParsedReportFlags {
  period: PeriodChoice;
  filters: Omit<ReportFilters, "strategyId">;
  strategy?: string;
  /** Undefined: the user's report.scratch setting, else exactly 0. */
  scratch?: Pick<ScratchRule, "unit" | "tolerance">;
  scratchAs: ScratchRule["countAs"];
  output: ReportOutput;
}

export function addReportFlags(command: Command, options: { defaultPeriod: string }): Command {
  return command
    .option(
      "--period <period>",
      `today, yesterday, this-week, last-week, this-month, last-month, this-year, ytd, last-year, all, 2025, 2025-06 or 2025-W23 (default: ${options.defaultPeriod})`,
    )
    .option("--from <date>", "first day, YYYY-MM-DD in your time zone")
    .option("--to <date>", "last day, included (default: today)")
    .option("--account <id>", "only this broker account")
    .option("--symbol <symbol>", "only this symbol")
    .option("--strategy <name>", "only trades of this strategy (name or id)")
    .option("--tag <tag>", "only trades with this tag")
    .addOption(new Option("--side <side>", "only long or short trades"))
    .option("--asset-type <type>", "only stock, etf, option, future, forex, crypto or other")
    .option("--currency <code>", "only trades in this currency (EUR, USD...; 'unspecified' for files that gave none)")
    .option(
      "--scratch <tolerance>",
      "a round trip within this net P&L (5) or R (0.1R) is a scratch (default: the report.scratch setting, else 0)",
    )
    .option("--scratch-as <how>", "count scratches apart, as a win or as a loss", "apart")
    .option("--format <format>", "table, json, csv, tsv, markdown or html (default: table on a terminal, tsv off one)")
    .option("-o, --output <file>", "write to a file; the format follows its extension (.json .csv .tsv .md .html)")
    .option("--json", "same as --format json");
}

/**
 * The zone whose calendar day starts first (UTC+14): the parse step checks the period's dates there, so that a day
 * that is already today somewhere is never refused before the user's own zone is known.
 */
const EARLIEST_ZONE = "Etc/GMT-14";

export function parseReportFlags(flags: ReportFlags, context: { now: Date; defaultPeriod: string }): ParsedReportFlags {
  if (flags.period !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new UsageError("--period cannot be used with --from or --to");
  }
  if (flags.json && flags.format !== undefined && flags.format.trim().toLowerCase() !== "json") {
    throw new UsageError("--json cannot be used with --format");
  }
  const period: PeriodChoice =
    flags.from !== undefined || flags.to !== undefined
      ? {
          ...(flags.from !== undefined ? { from: flags.from } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
        }
      : { period: flags.period ?? context.defaultPeriod };
  // parsedAs: a report also runs outside main (the weekly cron, parse tests), where no command names the flag.
  parsedAs({ from: "--from", to: "--to" }, () => resolvePeriod(period, EARLIEST_ZONE, context.now));
  const filters: ParsedReportFlags["filters"] = {};
  if (flags.account !== undefined) filters.accountId = flags.account.trim();
  if (flags.symbol !== undefined) filters.symbol = parsedAs("--symbol", () => parseSymbol(flags.symbol as string));
  if (flags.tag !== undefined) filters.tag = flags.tag.trim().toLowerCase();
  if (flags.side !== undefined) filters.side = parsedAs("--side", () => parseSide(flags.side as string));
  if (flags.assetType !== undefined) {
    filters.assetType = parsedAs("--asset-type", () => parseAssetType(flags.assetType as string));
  }
  if (flags.currency !== undefined) filters.currency = parseCurrency(flags.currency);
  const format = flags.json ? "json" : flags.format !== undefined ? parseFormat(flags.format) : undefined;
  const output: ReportOutput = { format: chooseFormat(format, flags.output) };
  if (flags.output !== undefined) output.output = flags.output;
  return {
    period,
    filters,
    ...(flags.strategy !== undefined ? { strategy: flags.strategy.trim() } : {}),
    ...(flags.scratch !== undefined
      ? { scratch: parsedAs("--scratch", () => parseScratch(flags.scratch as string)) }
      : {}),
    scratchAs: parsedAs("--scratch-as", () => parseScratchAs(flags.scratchAs ?? "apart")),
    output,
  };
}

/** The period's days in the user's zone (checked again there: a --from after today in that zone is refused). */
export function resolvePeriod(choice: PeriodChoice, timeZone: string, now: Date): ReportPeriod {
  return "period" in choice
    ? parsePeriod(choice.period, timeZone, now)
    : rangePeriod(choice.from, choice.to, timeZone, now);
}

function parseCurrency(text: string): string {
  const code = text.trim().toUpperCase();
  if (code === UNSPECIFIED_CURRENCY.toUpperCase()) return "";
  if (!/^[A-Z]{3}$/.test(code))
    throw new UsageError(`--currency must be a 3-letter currency code or '${UNSPECIFIED_CURRENCY}', not '${text}'`);
  return code;
}

/**
 * The journal's currencies when it holds more than one and no --currency chose one: reports never add them together.
 * A verb that shows one set of figures refuses (naming them); `report summary` shows each currency apart.
 */
export async function currenciesToReport(ctx: Context, request: ReportRequest): Promise<string[]> {
  if (request.filters.currency !== undefined) return [request.filters.currency];
  return currenciesIn(await ctx.database(), request.userId);
}

export async function requireOneCurrency(ctx: Context, request: ReportRequest): Promise<void> {
  const currencies = await currenciesToReport(ctx, request);
  if (currencies.length > 1)
    throw new UsageError(
      `this journal holds trades in ${currencies.map(currencyLabel).join(", ")}: reports never add two currencies, so give --currency ${currencyLabel(currencies[0] as string)} (or another)`,
    );
}

/**
 * The request for the run step: the strategy looked up (an unknown one makes an empty report that says so, not an
 * error) and the scratch rule from the flag or the user's setting.
 */
export async function resolveReportRequest(
  ctx: Context,
  parsed: ParsedReportFlags,
): Promise<{ request: ReportRequest; notes: string[] }> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const notes: string[] = [];
  const filters: ReportFilters = { ...parsed.filters };
  if (parsed.strategy !== undefined) {
    const byName = await findStrategyByName(db, user.id, parsed.strategy);
    const strategy =
      byName ??
      (/^\d{1,9}$/.test(parsed.strategy) ? await findStrategyById(db, user.id, Number(parsed.strategy)) : undefined);
    if (strategy) filters.strategyId = strategy.id;
    else {
      // No strategy has id 0: the filter matches nothing, and the note says why the report is empty.
      filters.strategyId = 0;
      notes.push(`No strategy is named '${parsed.strategy}': the report is empty.`);
    }
  }
  if (filters.tag !== undefined && !(await tagInUse(db, user.id, filters.tag))) {
    notes.push(`No trade is tagged '${filters.tag}': the report is empty.`);
  }
  const settings = await readSettings(db, user.id);
  let scratch = parsed.scratch;
  if (!scratch) {
    const setting = settings["report.scratch"];
    scratch = typeof setting === "string" ? parseScratch(setting, "report.scratch") : undefined;
  }
  const session = settings["report.session"];
  const tradingDay = tradingDayRule(typeof session === "string" ? parseSession(session) : null, user.timezone);
  return {
    request: {
      userId: user.id,
      timeZone: user.timezone,
      period: sessionPeriod(resolvePeriod(parsed.period, user.timezone, ctx.now()), tradingDay, ctx.now()),
      tradingDay,
      filters,
      scratch: { ...(scratch ?? DEFAULT_SCRATCH), countAs: parsed.scratchAs },
    },
    notes,
  };
}

/**
 * Under a trading session, "today", "this-week"... are the session's: at 19:00 ET "today" is tomorrow's CME session.
 * Dates the user typed (2025-06, --from) name trading days as they are.
 */
function sessionPeriod(period: ReportPeriod, rule: TradingDayRule, now: Date): ReportPeriod {
  if (rule.shiftHours === 0 || !(NAMED_PERIODS as readonly string[]).includes(period.label)) return period;
  return parsePeriod(period.label, rule.zone, sessionNow(now, rule));
}
