// `npm run test:fast`: the inner loop. Only tests that open no database and start no process (parse tests, pure
// domain and import cores, the importers), in worker threads, without the database templates of the full run. The
// whole suite (`npm test`, what CI runs) includes these files too.
import { defineConfig } from "vitest/config";

export const FAST_TESTS = [
  "test/import/**/*.test.ts",
  // The broker formats' tests import into a journal (describeEachBackend): the full run has them.
  "test/importers/{csv-records,generic,generic-aliases,option-symbols,cell-readers}.test.ts",
  "test/domain/{allocation,fifo,whole-units,futures,inputs,journal,lots,no-flags,no-json-envelope,trade-vocabulary}.test.ts",
  "test/db/split-sql.test.ts",
  "test/config/pgpass.test.ts",
  "test/db/owner-socket.test.ts",
  "test/io/report-terminal.test.ts",
  "test/commands/report-flags.test.ts",
  // Parse tests: every verb's flags and usage errors, with a recording run function and no database.
  "test/commands/parse/**/*.test.ts",
  "test/commands/completion.test.ts",
];

export default defineConfig({
  test: {
    include: FAST_TESTS,
    globalSetup: ["test/support/scratch-setup.ts"],
    pool: "threads",
    testTimeout: 60_000,
    reporters: ["default", "./test/support/totals-reporter.ts"],
  },
});
