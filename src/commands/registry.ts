// Every top-level command, by name, with the module that builds it. main.ts loads only the one a run names (as the
// GitHub CLI and npm do), so `--version`, `--help` and each command pay only for their own imports. Adding a noun is
// one line here, then `npm run command-tree` to refresh what `--help` and completion show without loading it.
import type { Command } from "commander";
import type { Context } from "../context.js";

export interface CommandEntry {
  name: string;
  load(): Promise<(ctx: Context) => Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: "init", load: async () => (await import("./init.js")).initCommand },
  { name: "trade", load: async () => (await import("./trade/index.js")).tradeCommand },
  { name: "journal", load: async () => (await import("./journal/index.js")).journalCommand },
  { name: "import", load: async () => (await import("./import/index.js")).importCommand },
  { name: "futures", load: async () => (await import("./futures/index.js")).futuresCommand },
  { name: "positions", load: async () => (await import("./positions.js")).positionsCommand },
  { name: "strategy", load: async () => (await import("./strategy/index.js")).strategyCommand },
  { name: "report", load: async () => (await import("./report/index.js")).reportCommand },
  { name: "db", load: async () => (await import("./db/index.js")).dbCommand },
  { name: "demo", load: async () => (await import("./demo.js")).demoCommand },
  { name: "completion", load: async () => (await import("./completion.js")).completionCommand },
  { name: "audit", load: async () => (await import("./audit.js")).auditCommand },
  { name: "usage", load: async () => (await import("./usage.js")).usageCommand },
  { name: "config", load: async () => (await import("./config/index.js")).configCommand },
  { name: "user", load: async () => (await import("./user/index.js")).userCommand },
  { name: "backup", load: async () => (await import("./backup/index.js")).backupCommand },
  { name: "restore", load: async () => (await import("./restore.js")).restoreCommand },
  { name: "export", load: async () => (await import("./export.js")).exportCommand },
  { name: "notifications", load: async () => (await import("./notifications.js")).notificationsCommand },
];
