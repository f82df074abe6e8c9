// The domain computes, io/ declares the JSON (#12): a --json document's envelope (its `version`, the period as
// printed) is built in src/io from the domain's figures (io/report-json.ts, io/weekly-json.ts), so no object in
// src/domain or src/import carries a `version` key and none of them names a JSON version constant.
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parsedSource, sourceFiles } from "../support/sources.js";

const DIRECTORIES = ["src/domain", "src/import"];

/** Each `version` key of an object literal or a type, and each identifier naming a JSON version, in `file`. */
function envelopeOf(file: string): string[] {
  const source = parsedSource(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const named =
      ts.isPropertyAssignment(node) ||
      ts.isShorthandPropertyAssignment(node) ||
      ts.isPropertySignature(node) ||
      ts.isPropertyDeclaration(node);
    if (named && node.name.getText(source) === "version") found.push(node.getText(source));
    if (ts.isIdentifier(node) && /JSON_VERSION$/.test(node.text)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...new Set(found)];
}

describe("JSON envelopes outside io/", () => {
  const files = DIRECTORIES.flatMap(sourceFiles);

  it("reads the files it guards and sees an envelope where one is built", () => {
    expect(files).toContain(join("src", "domain", "weekly-report.ts"));
    expect(files).toContain(join("src", "domain", "report-charts.ts"));
    expect(envelopeOf("src/io/weekly-json.ts")).toEqual(
      expect.arrayContaining(["version: number;", "version: REPORT_JSON_VERSION", "REPORT_JSON_VERSION"]),
    );
  });

  it.each(files)("%s builds no version key", (file) => {
    expect(envelopeOf(file), "build the document in src/io from the domain's figures").toEqual([]);
  });
});
