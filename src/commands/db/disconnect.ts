import { Command } from "commander";
import { KeychainUnavailable, keychainAccount, keychainDelete } from "../../config/keychain.js";
import type { Context } from "../../context.js";
import { redactUrl } from "../../db/connect.js";
import { UsageError } from "../../errors.js";
import { printLine, printNote } from "../../io/render.js";
import type { RunFn } from "../define.js";

/** `db disconnect` takes no flags: its options object is empty. */
export type DbDisconnectOpts = Record<string, never>;

export function dbDisconnectCommand(ctx: Context, run: RunFn<DbDisconnectOpts> = runDbDisconnect): Command {
  return new Command("disconnect")
    .description("Forget the saved server: its URL in the config and its password in the keychain")
    .addHelpText("after", "\nExamples:\n  $ tradesense db disconnect")
    .action(() => run(ctx, {}));
}

export async function runDbDisconnect(ctx: Context, _opts: DbDisconnectOpts): Promise<void> {
  const config = ctx.config();
  const url = config.database?.url;
  if (!url) throw new UsageError("no saved server connection: nothing to disconnect");
  let removed = false;
  try {
    removed = await keychainDelete(keychainAccount(url));
  } catch (error) {
    if (!(error instanceof KeychainUnavailable)) throw error;
    printNote(ctx.io, `note: ${error.message}: no keychain entry could be removed`);
  }
  const { url: _dropped, ...database } = config.database ?? {};
  ctx.saveConfig({ ...config, database });
  printLine(
    ctx.io,
    `Disconnected from ${redactUrl(url)}${removed ? "; its password was removed from the keychain" : ""}. The embedded journal is used again.`,
  );
}
