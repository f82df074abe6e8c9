// Where TradeSense keeps its config file and its embedded database. TRADESENSE_HOME moves both together (tests,
// scripts, several journals side by side); otherwise each follows the platform's convention.
import { homedir } from "node:os";
import { join } from "node:path";

export interface Paths {
  configFile: string;
  /** The embedded database's data directory (PGlite). */
  embeddedDataDir: string;
}

export function resolvePaths(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): Paths {
  if (env.TRADESENSE_HOME) {
    return {
      configFile: join(env.TRADESENSE_HOME, "config.json"),
      embeddedDataDir: join(env.TRADESENSE_HOME, "data", "pglite"),
    };
  }
  if (platform === "darwin") {
    const base = join(home, "Library", "Application Support", "tradesense");
    return { configFile: join(base, "config.json"), embeddedDataDir: join(base, "pglite") };
  }
  if (platform === "win32") {
    const roaming = env.APPDATA ?? join(home, "AppData", "Roaming");
    const local = env.LOCALAPPDATA ?? join(home, "AppData", "Local");
    return {
      configFile: join(roaming, "tradesense", "config.json"),
      embeddedDataDir: join(local, "tradesense", "pglite"),
    };
  }
  // XDG Base Directory specification: relative values are invalid and must be ignored.
  const xdg = (name: string, fallback: string) => {
    const value = env[name];
    return value?.startsWith("/") ? value : join(home, fallback);
  };
  return {
    configFile: join(xdg("XDG_CONFIG_HOME", ".config"), "tradesense", "config.json"),
    embeddedDataDir: join(xdg("XDG_DATA_HOME", ".local/share"), "tradesense", "pglite"),
  };
}
