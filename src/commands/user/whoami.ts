import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { printJson, printLine } from "../../io/render.js";

export function userWhoamiCommand(ctx: Context): Command {
  return new Command("whoami")
    .description("Print the user commands act as")
    .option("--json", "print the user as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense user whoami\n  $ tradesense user whoami --json")
    .action(async (options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      if (options.json) printJson(ctx.io, { ...user, location: describeLocation(ctx.location()) });
      else printLine(ctx.io, user.username);
    });
}
