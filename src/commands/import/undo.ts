import { Command } from "commander";
import type { Context } from "../../context.js";
import { DeclinedError } from "../../errors.js";
import { undoImport } from "../../import/undo.js";
import { importUndoJson } from "../../io/import-history-view.js";
import { describeDetached } from "../../io/import-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { parseId } from "./history.js";

export interface ImportUndoOpts {
  id: number;
  yes: boolean;
  json: boolean;
}

export function importUndoCommand(ctx: Context, run: RunFn<ImportUndoOpts> = runImportUndo): Command {
  return new Command("undo")
    .description("Remove an import's fills and the trades built from them (other imports' trades are rebuilt)")
    .argument("<id>", "import id (see `import history`)", parseId)
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense import undo 12\n  $ tradesense import undo 12 --yes --json")
    .action((id: number, flags: { yes?: boolean; json?: boolean }) =>
      run(ctx, { id, yes: Boolean(flags.yes), json: Boolean(flags.json) }),
    );
}

export async function runImportUndo(ctx: Context, opts: ImportUndoOpts): Promise<void> {
  const id = opts.id;
  const user = await ctx.currentUser();
  const db = await ctx.database();
  if (!opts.yes) {
    // Off a terminal the prompter refuses with "--yes is required when not running in a terminal".
    const sure = await ctx.prompter.confirm({
      message: `Remove import ${id}'s fills and the trades built from them?`,
      flag: "--yes",
    });
    if (!sure) throw new DeclinedError("Nothing removed.");
  }
  const result = await undoImport(db, user.id, id, ctx.now());
  if (opts.json) printJsonDocument(ctx.io, importUndoJson(result));
  else {
    printLine(
      ctx.io,
      `Undid import ${id}: ${result.positions} position(s) rebuilt, ${result.tradesRemoved} trade(s) removed, ${result.tradesCreated} recreated.`,
    );
    if (result.fillsKept > 0)
      printLine(
        ctx.io,
        `  kept ${result.fillsKept} fill(s) that ${result.keptFor.map((k) => `import ${k.importId}`).join(", ")} also contained`,
      );
    for (const line of describeDetached(result.detached)) printLine(ctx.io, line);
  }
}
