import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { whoamiJson } from "../../io/user-view.js";
import type { RunFn } from "../define.js";

export interface UserWhoamiOpts {
  json: boolean;
}

export function userWhoamiCommand(ctx: Context, run: RunFn<UserWhoamiOpts> = runUserWhoami): Command {
  return new Command("whoami")
    .description("Print the user commands act as")
    .option("--json", "print the user as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense user whoami\n  $ tradesense user whoami --json")
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runUserWhoami(ctx: Context, opts: UserWhoamiOpts): Promise<void> {
  const user = await ctx.currentUser();
  if (opts.json) printJsonDocument(ctx.io, whoamiJson(user, describeLocation(ctx.location())));
  else printLine(ctx.io, user.username);
}
