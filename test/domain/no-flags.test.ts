// Flag names live in the commands (#12): the domain and the import engine name fields (errors.ts#FieldWording), and
// the command that knows the flag says the message with it. This reads every string in src/domain and src/import
// (comments are not strings) and fails on a `--flag` in one, but for the few below, each with its reason.
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parsedSource, ROOT, sourceFiles } from "../support/sources.js";

const DIRECTORIES = ["src/domain", "src/import"];
const FLAG = /--[a-z]/;

/** file -> the flag-holding strings it may keep, each with why it is not a field the domain should name. */
const ALLOWED: Record<string, Record<string, string>> = {
  "src/domain/settings.ts": {
    "report week mails the report to your verified address, as --mail does (true/false)":
      "a setting's description (config list): it points at another command's flag, not at a value of this one",
  },
  "src/domain/email-verification.ts": {
    "(in a script, pass the token on standard input: tradesense user verify-email --token-stdin < token-file)":
      "the verification mail's body: a whole command line for the reader to run later, not an error",
  },
  "src/domain/futures.ts": {
    "tradesense futures set ${root} --point-value V":
      "a whole command line (futures set) in an import row's reason, not a flag of the running command",
  },
  "src/import/engine.ts": {
    "--strict: ${summary.failedRows} bad row(s), nothing imported":
      "the reason stored in the import's history row (import list shows it later), not an error of the running command",
  },
};

/** Every string literal and template of `file`, as written (a template's `${...}` parts kept as text). */
function stringsOf(file: string): string[] {
  const source = parsedSource(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) found.push(node.getText(source).slice(1, -1));
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("flag names in the domain", () => {
  const files = DIRECTORIES.flatMap(sourceFiles);

  it("reads the files it guards", () => {
    expect(files).toContain(join("src", "domain", "trades.ts"));
    expect(files).toContain(join("src", "import", "engine.ts"));
    // The reader sees strings, templates and their `${...}` parts, not comments.
    expect(stringsOf("src/domain/dates.ts").some((s) => s.includes("{name} is not a valid date"))).toBe(true);
  });

  it.each(files)("%s has no --flag in a string", (file) => {
    const allowed = ALLOWED[relative(ROOT, join(ROOT, file))] ?? {};
    const flagged = stringsOf(file).filter((s) => FLAG.test(s) && !(s in allowed));
    expect(flagged, "name the field (FieldError, FieldWording) and let the command say its flag").toEqual([]);
  });

  it.each(Object.entries(ALLOWED))("%s still holds each string it is allowed", (file, allowed) => {
    const strings = stringsOf(file);
    for (const [text, reason] of Object.entries(allowed)) {
      expect(strings, `stale allowance (${reason})`).toContain(text);
    }
  });
});
