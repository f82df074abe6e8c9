// Where TradeSense keeps its config file and its embedded database. TRADESENSE_HOME moves both together (tests,
// scripts, several journals side by side); otherwise each follows the platform's convention.
import { homedir } from "node:os";
import { join } from "node:path";

export interface Paths {
  configFile: string;
  /** The embedded database's data directory (PGlite). */
  embeddedDataDir: string;
  /** Usage records of runs that never opened a database, waiting for the next run that does (beside the data). */
  usageSpoolFile: string;
  /** Where `backup` writes by default (beside the data). */
  backupsDir: string;
}

const SPOOL_NAME = "usage-spool.jsonl";
const BACKUPS_NAME = "backups";

export function resolvePaths(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): Paths {
  if (env.TRADESENSE_HOME) {
    return {
      configFile: join(env.TRADESENSE_HOME, "config.json"),
      embeddedDataDir: join(env.TRADESENSE_HOME, "data", "pglite"),
      usageSpoolFile: join(env.TRADESENSE_HOME, "data", SPOOL_NAME),
      backupsDir: join(env.TRADESENSE_HOME, "data", BACKUPS_NAME),
    };
  }
  if (platform === "darwin") {
    const base = join(home, "Library", "Application Support", "tradesense");
    return {
      configFile: join(base, "config.json"),
      embeddedDataDir: join(base, "pglite"),
      usageSpoolFile: join(base, SPOOL_NAME),
      backupsDir: join(base, BACKUPS_NAME),
    };
  }
  if (platform === "win32") {
    const roaming = env.APPDATA ?? join(home, "AppData", "Roaming");
    const local = env.LOCALAPPDATA ?? join(home, "AppData", "Local");
    return {
      configFile: join(roaming, "tradesense", "config.json"),
      embeddedDataDir: join(local, "tradesense", "pglite"),
      usageSpoolFile: join(local, "tradesense", SPOOL_NAME),
      backupsDir: join(local, "tradesense", BACKUPS_NAME),
    };
  }
  // XDG Base Directory specification: relative values are invalid and must be ignored.
  const xdg = (name: string, fallback: string) => {
    const value = env[name];
    return value?.startsWith("/") ? value : join(home, fallback);
  };
  const data = join(xdg("XDG_DATA_HOME", ".local/share"), "tradesense");
  return {
    configFile: join(xdg("XDG_CONFIG_HOME", ".config"), "tradesense", "config.json"),
    embeddedDataDir: join(data, "pglite"),
    usageSpoolFile: join(data, SPOOL_NAME),
    backupsDir: join(data, BACKUPS_NAME),
  };
}
