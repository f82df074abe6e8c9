// The order test files start in. vitest runs maxWorkers files at a time, taking the next file as one ends: a long file
// that starts near the end keeps the run going alone after the others are done. The longest files start first, so
// the short ones fill in around them and end the run together. vitest's own order uses durations it caches from an
// earlier run on this checkout, which CI (a fresh install) never has; there it starts the largest files first.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, longest first (seconds on a quiet 2-core machine, whole suite, both databases).
 * A file missing here only starts later; measure with `--reporter=json` and keep the top of the list current.
 */
export const LONGEST_FILES = [
  "test/cli/owner.test.ts",
  "test/cli/terminal.test.ts",
  "test/cli/owner-process.test.ts",
  "test/commands/backup.test.ts",
  "test/cli/backup-kill.test.ts",
  "test/commands/import-fuzz.test.ts",
  "test/db/report-rollup.test.ts",
  "test/cli/open-path.test.ts",
  "test/importers/same-scenario.test.ts",
  "test/cli/prompts.test.ts",
  "test/importers/futures-platforms.test.ts",
  "test/cli/process.test.ts",
  "test/importers/csv-records.test.ts",
  "test/commands/db-connect.test.ts",
  "test/cli/init-input.test.ts",
  "test/commands/trade-list-stream.test.ts",
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FILES.indexOf(relative(file.project.config.root, file.moduleId));
      return index === -1 ? LONGEST_FILES.length : index;
    };
    // A stable sort: the files not listed keep the order vitest gives them, after the listed ones.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
