import { Command } from "commander";
import type { Context } from "../context.js";
import { summariseUsage, type UsageFilter, type UsageSummaryRow } from "../db/usage.js";
import { parseDateRange } from "../domain/dates.js";
import { UsageError } from "../errors.js";
import { usageJson } from "../io/audit-view.js";
import { printJsonDocument } from "../io/json-output.js";
import { printTable } from "../io/render.js";
import type { RunFn } from "./define.js";

interface UsageFlags {
  from?: string;
  to?: string;
  all?: boolean;
  json?: boolean;
}

/** Which usage to summarise; dates stay text until the user's time zone is known. */
export interface UsageOpts {
  from?: string;
  to?: string;
  /** Every user's usage: refused in the run step to a user who is not a superuser. */
  all: boolean;
  json: boolean;
}

export function usageCommand(ctx: Context, run: RunFn<UsageOpts> = runUsage): Command {
  return new Command("usage")
    .description("Summarise command usage per command and day (in your time zone): calls, failures, timings")
    .option("--from <date>", "on or after this date (your time zone)")
    .option("--to <date>", "before this date (your time zone)")
    .option("--all", "every user's usage (superusers only)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense usage
  $ tradesense usage --from 2024-03-01 --json`,
    )
    .action((flags: UsageFlags) =>
      run(ctx, { from: flags.from, to: flags.to, all: Boolean(flags.all), json: Boolean(flags.json) }),
    );
}

export async function runUsage(ctx: Context, options: UsageOpts): Promise<void> {
  const user = await ctx.currentUser();
  if (options.all && !user.isSuperuser) throw new UsageError("--all is for superusers: you can see your own usage");
  const filter: UsageFilter = { timeZone: user.timezone };
  if (!options.all) filter.userId = user.id;
  Object.assign(filter, parseDateRange(options, user.timezone, ctx.now()));
  const rows = await summariseUsage(await ctx.database(), filter);
  if (options.json) {
    printJsonDocument(ctx.io, { usage: rows.map(usageJson) });
    return;
  }
  printTable<UsageSummaryRow>(
    ctx.io,
    [
      { header: "Day", value: (r) => r.day },
      { header: "Command", value: (r) => r.endpoint },
      { header: "Calls", value: (r) => String(r.calls), align: "right" },
      { header: "Failed", value: (r) => String(r.failures), align: "right" },
      { header: "Avg ms", value: (r) => String(r.avgMs), align: "right" },
      { header: "Max ms", value: (r) => String(r.maxMs), align: "right" },
    ],
    rows,
  );
}
