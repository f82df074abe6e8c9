// TRADESENSE_TEST_PAUSE=<moment> (tests only): at that named moment the command prints `paused at <moment>` on stderr
// and waits forever, so a test can kill -9 it exactly there instead of guessing with a timer. Moments:
// `backup-write` (the backup's temporary file half written), `restore-load` (every row loaded, not yet committed),
// `import-stored` (an import's new fills written inside its transaction, not committed).
import type { IOStreams } from "./streams.js";

export function testPauseHook(io: IOStreams, env: NodeJS.ProcessEnv): (moment: string) => Promise<void> {
  return async (moment) => {
    if (env.TRADESENSE_TEST_PAUSE !== moment) return;
    io.stderr.write(`paused at ${moment}\n`);
    await new Promise(() => setInterval(() => {}, 60_000));
  };
}
