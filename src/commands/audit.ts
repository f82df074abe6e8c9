import { Command } from "commander";
import type { Context } from "../context.js";
import { type AuditFilter, type AuditLogRow, listAuditLogs } from "../db/audit.js";
import { parseDateRange } from "../domain/dates.js";
import { UsageError } from "../errors.js";
import { auditEntryJson } from "../io/audit-view.js";
import { printJsonDocument } from "../io/json-output.js";
import { formatDateTime, printTable } from "../io/render.js";
import type { RunFn } from "./define.js";
import { parseLimit } from "./trade/list.js";

interface AuditFlags {
  action?: string;
  from?: string;
  to?: string;
  all?: boolean;
  limit?: number;
  json?: boolean;
}

/** Which rows to list; dates stay text until the user's time zone is known. */
export interface AuditOpts {
  /** An action (trade.create) or a family (trade), trimmed. */
  action?: string;
  from?: string;
  to?: string;
  /** Every user's rows: refused in the run step to a user who is not a superuser. */
  all: boolean;
  limit: number;
  json: boolean;
}

const DEFAULT_LIMIT = 100;

export function auditCommand(ctx: Context, run: RunFn<AuditOpts> = runAudit): Command {
  return new Command("audit")
    .description("List the audit trail of changes: your own, or everyone's for a superuser (--all)")
    .option("--action <action>", "only this action (trade.create) or family (trade, user, settings)")
    .option("--from <date>", "on or after this date (your time zone)")
    .option("--to <date>", "before this date (your time zone)")
    .option("--all", "every user's rows (superusers only)")
    .option("--limit <n>", `at most this many rows (default ${DEFAULT_LIMIT})`, parseLimit)
    .option("--json", "print the rows as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense audit
  $ tradesense audit --action user --from 2024-03-01
  $ tradesense audit --all --action user.login_failed --json`,
    )
    .action((flags: AuditFlags) => run(ctx, parseAudit(flags)));
}

export function parseAudit(flags: AuditFlags): AuditOpts {
  const action = flags.action?.trim();
  return {
    action: action || undefined,
    from: flags.from,
    to: flags.to,
    all: Boolean(flags.all),
    limit: flags.limit ?? DEFAULT_LIMIT,
    json: Boolean(flags.json),
  };
}

export async function runAudit(ctx: Context, options: AuditOpts): Promise<void> {
  const user = await ctx.currentUser();
  if (options.all && !user.isSuperuser) throw new UsageError("--all is for superusers: you can see your own rows");
  const filter: AuditFilter = { limit: options.limit };
  if (!options.all) filter.userId = user.id;
  if (options.action) filter.action = options.action;
  Object.assign(filter, parseDateRange(options, user.timezone, ctx.now()));
  const rows = await listAuditLogs(await ctx.database(), filter);
  if (options.json) {
    printJsonDocument(ctx.io, { entries: rows.map(auditEntryJson) });
    return;
  }
  const detail = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));
  printTable<AuditLogRow>(
    ctx.io,
    [
      { header: "When", value: (r) => formatDateTime(r.created_at, user.timezone) },
      { header: "User", value: (r) => r.username ?? "" },
      { header: "Action", value: (r) => r.action },
      {
        header: "Resource",
        value: (r) => (r.resource_type ? `${r.resource_type} ${r.resource_id ?? ""}`.trim() : ""),
      },
      { header: "Request", value: (r) => detail(r.request_data) },
      { header: "Result", value: (r) => detail(r.response_data) },
    ],
    rows,
  );
}
