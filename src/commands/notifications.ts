// `tradesense notifications`: the current user's own notifications (the weekly report's, import summaries), listed,
// marked read and deleted. Every query is scoped to the acting user: another user's id is simply not found.
import { Command } from "commander";
import type { Context } from "../context.js";
import { listNotifications } from "../db/notifications.js";
import { readNotifications, removeNotifications } from "../domain/notifications.js";
import { UsageError } from "../errors.js";
import { printNotifications } from "../io/notification-view.js";
import { printNote } from "../io/render.js";
import type { RunFn } from "./define.js";

/** One notification by id, or --all of them: exactly one of the two. */
export function parseTarget(id: string | undefined, all: boolean | undefined, verb: string): number | null {
  if (all && id !== undefined) throw new UsageError(`notifications ${verb} takes an id or --all, not both`);
  if (all) return null;
  if (id === undefined) throw new UsageError(`notifications ${verb} needs an id or --all`);
  if (!/^\d{1,9}$/.test(id.trim())) throw new UsageError(`notification id must be a whole number, got '${id}'`);
  return Number(id.trim());
}

export interface NotificationsListOpts {
  unreadOnly: boolean;
  json: boolean;
}

/** `read` and `delete`: one notification's id, or null for --all of them. */
export interface NotificationsTargetOpts {
  target: number | null;
}

export async function runNotificationsList(ctx: Context, options: NotificationsListOpts): Promise<void> {
  const user = await ctx.currentUser();
  const rows = await listNotifications(await ctx.database(), user.id, { unreadOnly: options.unreadOnly });
  printNotifications(ctx.io, rows, { json: options.json, timeZone: user.timezone });
}

export async function runNotificationsRead(ctx: Context, { target }: NotificationsTargetOpts): Promise<void> {
  const user = await ctx.currentUser();
  const count = await readNotifications(await ctx.database(), user.id, target, ctx.now());
  printNote(ctx.io, target === null ? `Marked ${count} notification(s) read.` : `Marked notification ${target} read.`);
}

export async function runNotificationsDelete(ctx: Context, { target }: NotificationsTargetOpts): Promise<void> {
  const user = await ctx.currentUser();
  const count = await removeNotifications(await ctx.database(), user.id, target);
  printNote(ctx.io, target === null ? `Deleted ${count} notification(s).` : `Deleted notification ${target}.`);
}

export function notificationsListCommand(
  ctx: Context,
  run: RunFn<NotificationsListOpts> = runNotificationsList,
): Command {
  return new Command("list")
    .description("Your notifications, newest first")
    .option("--unread", "only those not read yet")
    .option("--json", "print as JSON")
    .action((flags: { unread?: boolean; json?: boolean }) =>
      run(ctx, { unreadOnly: Boolean(flags.unread), json: Boolean(flags.json) }),
    );
}

/** A verb on one notification by id, or on --all of them. */
function targetCommand(
  ctx: Context,
  verb: string,
  description: string,
  all: string,
  run: RunFn<NotificationsTargetOpts>,
): Command {
  return new Command(verb)
    .description(description)
    .argument("[id]", "the notification's id (see notifications list)")
    .option("--all", all)
    .action((id: string | undefined, flags: { all?: boolean }) =>
      run(ctx, { target: parseTarget(id, flags.all, verb) }),
    );
}

export function notificationsReadCommand(
  ctx: Context,
  run: RunFn<NotificationsTargetOpts> = runNotificationsRead,
): Command {
  return targetCommand(
    ctx,
    "read",
    "Mark a notification read (sets its read time), or --all of them",
    "every unread one",
    run,
  );
}

export function notificationsDeleteCommand(
  ctx: Context,
  run: RunFn<NotificationsTargetOpts> = runNotificationsDelete,
): Command {
  return targetCommand(ctx, "delete", "Delete a notification, or --all of yours", "every one of yours", run);
}

export function notificationsCommand(ctx: Context): Command {
  return new Command("notifications")
    .description("Your notifications: weekly reports and import summaries; list, mark read, delete")
    .addCommand(notificationsListCommand(ctx), { isDefault: true })
    .addCommand(notificationsReadCommand(ctx))
    .addCommand(notificationsDeleteCommand(ctx))
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense notifications --unread
  $ tradesense notifications read 12
  $ tradesense notifications read --all
  $ tradesense notifications delete --all
  $ tradesense notifications list --json | jq '.notifications[] | .title'`,
    );
}
