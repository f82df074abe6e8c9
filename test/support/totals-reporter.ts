// Prints the run's totals as one plain line, "N passed, N failed[, N skipped]", which CI reads (vitest's own summary
// is not), and writes it to $TRADESENSE_TOTALS_FILE when set so .ci/run can print it as its very last line.
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.TRADESENSE_TOTALS_FILE) writeFileSync(process.env.TRADESENSE_TOTALS_FILE, `${line}\n`);
  }
}
