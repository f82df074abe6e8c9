// Interactive use in a real terminal: init asks for what it needs.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { plainText, runInTerminal } from "../support/pty.js";

it("init asks for username, email and an optional password in a terminal, then creates the journal", () => {
  const home = mkdtempSync(join(inject("scratchDir"), "pty-"));
  const result = runInTerminal(
    ["init", "--timezone", "Europe/London"],
    [
      { expect: "Username", send: "\u0015pat\r" },
      { expect: "Email", send: "\u0015pat@example.com\r" },
      { expect: "Password", send: "\r" },
    ],
    { TRADESENSE_HOME: home },
  );
  const text = plainText(result.screen);
  expect(text, text).toContain(`Created your journal at ${home}/data/pglite for pat.`);
  expect(result.code).toBe(0);
});
