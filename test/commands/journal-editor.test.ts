// journal write/edit in a real terminal: $VISUAL/$EDITOR is opened on the template (a title line, then the body) and
// what the user saved is what is stored. The "editor" is a small shell script that records what it was given.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, inject, it } from "vitest";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

let home: string;
// The help the template ends with (src/domain/journal.ts), written out: a change of it is a change users see.
const HELP =
  "<!-- tradesense: the first line is the title, the lines after it are the entry (Markdown).\n" +
  "     Save and quit to keep it; delete everything to cancel. This comment is not saved. -->\n";
let scratch: string;

const run = (args: string[]) => tradesenseSync(args, { TRADESENSE_HOME: home });

/** An editor script: saves what it was opened on (and whether stdin was a terminal), then runs `action` on "$1". */
function editorScript(name: string, action: string): string {
  const path = join(scratch, name);
  writeFileSync(
    path,
    `#!/bin/sh\ncp "$1" "${scratch}/${name}.template"\nif [ -t 0 ]; then echo tty > "${scratch}/${name}.stdin"; fi\n${action}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(inject("scratchDir"), "editor-"));
  ({ home } = await journalHome("pty-journal", {}, ["--username", "pat", "--timezone", "Europe/London"]));
});

it("journal write opens $EDITOR on the template in the terminal and saves what was written", () => {
  const editor = editorScript("write", `printf '# Gap and go\\n\\nHeld the opening drive.\\nSized half.\\n' > "$1"`);
  const result = runInTerminal(["journal", "write", "--mood", "calm", "--tags", "gap"], [], {
    TRADESENSE_HOME: home,
    EDITOR: editor,
  });
  const text = plainText(result.screen);
  expect(text, text).toContain("Saved journal entry #1: Gap and go");
  expect(result.code).toBe(0);
  expect(readFileSync(join(scratch, "write.template"), "utf8")).toBe(`\n\n\n${HELP}`);
  expect(readFileSync(join(scratch, "write.stdin"), "utf8")).toBe("tty\n");
  const shown = JSON.parse(run(["journal", "show", "1", "--json"]).stdout);
  expect(shown.entry).toMatchObject({
    title: "Gap and go",
    content: "Held the opening drive.\nSized half.",
    mood: "calm",
    tags: ["gap"],
  });
});

it("journal edit opens $VISUAL (before $EDITOR) on the entry and saves the change", () => {
  const visual = editorScript("edit", `sed -i 's/Sized half./Sized full./' "$1"`);
  const result = runInTerminal(["journal", "edit", "1"], [], {
    TRADESENSE_HOME: home,
    VISUAL: visual,
    EDITOR: "false",
  });
  expect(plainText(result.screen)).toContain("Saved journal entry #1: Gap and go");
  expect(result.code).toBe(0);
  expect(readFileSync(join(scratch, "edit.template"), "utf8")).toBe(
    `Gap and go\n\nHeld the opening drive.\nSized half.\n\n${HELP}`,
  );
  expect(JSON.parse(run(["journal", "show", "1", "--json"]).stdout).entry.content).toBe(
    "Held the opening drive.\nSized full.",
  );
});

it("an editor closed on an empty body aborts and saves nothing", () => {
  const result = runInTerminal(["journal", "write", "--title", "Nothing to say"], [], {
    TRADESENSE_HOME: home,
    EDITOR: "true",
  });
  expect(plainText(result.screen)).toContain("error: the entry is empty: nothing saved");
  expect(result.code).toBe(2);
  expect(JSON.parse(run(["journal", "list", "--json"]).stdout).entries).toHaveLength(1);
});

it("journal delete asks in a terminal before deleting", () => {
  const result = runInTerminal(["journal", "delete", "1"], [{ expect: "Delete journal entry #1", send: "y\r" }], {
    TRADESENSE_HOME: home,
  });
  const text = plainText(result.screen);
  expect(text, text).toContain("Deleted journal entry #1.");
  expect(result.code).toBe(0);
  expect(run(["journal", "list"]).stdout).toBe("No journal entries match.\n");
});

it("journal write --daily opens today's note in the editor, and opens the same note again later that day", () => {
  const first = editorScript("daily1", `printf 'Plan: only A+ setups.\\n' >> "$1"`);
  const created = runInTerminal(["journal", "write", "--daily"], [], { TRADESENSE_HOME: home, EDITOR: first });
  const createdText = plainText(created.screen);
  expect(createdText, createdText).toMatch(/Saved journal entry #(\d+): Daily note \d{4}-\d{2}-\d{2}/);
  expect(created.code).toBe(0);
  const title = readFileSync(join(scratch, "daily1.template"), "utf8").split("\n")[0] ?? "";
  expect(title).toMatch(/^Daily note \d{4}-\d{2}-\d{2}$/);

  const second = editorScript("daily2", `printf 'Review: followed the plan.\\n' >> "$1"`);
  const updated = runInTerminal(["journal", "write", "--daily"], [], { TRADESENSE_HOME: home, EDITOR: second });
  expect(plainText(updated.screen)).toContain(`Updated daily note #`);
  expect(readFileSync(join(scratch, "daily2.template"), "utf8")).toBe(`${title}\n\nPlan: only A+ setups.\n\n${HELP}`);
  const notes = JSON.parse(run(["journal", "list", "--tag", "daily", "--json"]).stdout).entries;
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({
    title,
    content: "Plan: only A+ setups.\nReview: followed the plan.",
    tags: ["daily"],
  });
});
