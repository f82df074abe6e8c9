// pgpass ships no types: the helper functions TradeSense uses (config/pgpass.ts).
declare module "pgpass/lib/helper.js" {
  interface PgpassEntry {
    host: string;
    port: string;
    database: string;
    user: string;
    password: string;
  }
  const helper: {
    getFileName(env?: NodeJS.ProcessEnv): string;
    parseLine(line: string): PgpassEntry | null;
    isValidEntry(entry: PgpassEntry): boolean;
    match(target: { host: string; port: string; database: string; user: string }, entry: PgpassEntry): boolean;
  };
  export default helper;
}
