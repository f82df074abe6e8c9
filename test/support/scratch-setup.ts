// The fast tier's global setup: only the scratch directory (no database templates: no test of that tier opens one).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export default function setup(project: TestProject) {
  const scratchDir = mkdtempSync(join(tmpdir(), "tradesense-fast-"));
  project.provide("scratchDir", scratchDir);
  return () => rmSync(scratchDir, { recursive: true, force: true });
}
