import { Command } from "commander";
import type { Context } from "../../context.js";
import { listUsers } from "../../db/users.js";
import { UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { formatDateTime, printTable } from "../../io/render.js";
import { listedUserJson } from "../../io/user-view.js";
import type { RunFn } from "../define.js";

type UserListRow = Awaited<ReturnType<typeof listUsers>>[number];

export interface UserListOpts {
  json: boolean;
}

export function userListCommand(ctx: Context, run: RunFn<UserListOpts> = runUserList): Command {
  return new Command("list")
    .description("List the users of this database (superusers only)")
    .option("--json", "print the users as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense user list\n  $ tradesense user list --json")
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runUserList(ctx: Context, opts: UserListOpts): Promise<void> {
  const me = await ctx.currentUser();
  if (!me.isSuperuser) throw new UsageError("only a superuser can list users");
  const users = await listUsers(await ctx.database());
  if (opts.json) {
    printJsonDocument(ctx.io, { users: users.map(listedUserJson) });
    return;
  }
  const yes = (value: boolean | null) => (value ? "yes" : "no");
  printTable<UserListRow>(
    ctx.io,
    [
      { header: "ID", value: (u) => String(u.id), align: "right" },
      { header: "Username", value: (u) => u.username },
      { header: "Email", value: (u) => u.email },
      { header: "Active", value: (u) => yes(u.is_active) },
      { header: "Superuser", value: (u) => yes(u.is_superuser) },
      { header: "Verified", value: (u) => yes(u.email_verified) },
      { header: "Last login", value: (u) => formatDateTime(u.last_login, me.timezone) },
    ],
    users,
  );
}
