import { Command } from "commander";
import type { Context } from "../context.js";
import { type AuditFilter, type AuditLogRow, listAuditLogs } from "../db/audit.js";
import { parseDateRange } from "../domain/dates.js";
import { UsageError } from "../errors.js";
import { formatDateTime, printJson, printTable } from "../io/render.js";
import { parseLimit } from "./trade/list.js";

interface AuditOptions {
  action?: string;
  from?: string;
  to?: string;
  all?: boolean;
  limit?: number;
  json?: boolean;
}

export function auditCommand(ctx: Context): Command {
  return new Command("audit")
    .description("List the audit trail of changes: your own, or everyone's for a superuser (--all)")
    .option("--action <action>", "only this action (trade.create) or family (trade, user, settings)")
    .option("--from <date>", "on or after this date (your time zone)")
    .option("--to <date>", "before this date (your time zone)")
    .option("--all", "every user's rows (superusers only)")
    .option("--limit <n>", "at most this many rows (default 100)", parseLimit)
    .option("--json", "print the rows as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense audit
  $ tradesense audit --action user --from 2024-03-01
  $ tradesense audit --all --action user.login_failed --json`,
    )
    .action(async (options: AuditOptions) => {
      const user = await ctx.currentUser();
      if (options.all && !user.isSuperuser) throw new UsageError("--all is for superusers: you can see your own rows");
      const filter: AuditFilter = { limit: options.limit ?? 100 };
      if (!options.all) filter.userId = user.id;
      if (options.action) filter.action = options.action.trim();
      Object.assign(filter, parseDateRange(options, user.timezone, ctx.now()));
      const rows = await listAuditLogs(await ctx.database(), filter);
      if (options.json) {
        printJson(ctx.io, rows);
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
    });
}
