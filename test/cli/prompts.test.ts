// Interactive use in a real terminal: init asks for what it needs.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { journalHome } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";
import { fakeSendmail } from "../support/sendmail.js";

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

it("user login asks for the username and a hidden password in a terminal, and later commands act as that user", async () => {
  // The journal's user has a password (init itself in a terminal is the test above).
  const { home } = await journalHome(
    "pty-login",
    {},
    ["--username", "pat", "--email", "pat@example.com", "--timezone", "UTC", "--password-stdin"],
    "pat's hidden pw",
  );
  const env = { TRADESENSE_HOME: home };
  const login = runInTerminal(
    ["user", "login"],
    [
      { expect: "Username", send: "pat\r" },
      { expect: "Password", send: "pat's hidden pw\r" },
    ],
    env,
  );
  const text = plainText(login.screen);
  expect(text, text).toMatch(/Logged in as pat to .+ until \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
  expect(text).not.toContain("hidden pw");
  expect(login.code).toBe(0);
  const whoami = runInTerminal(["user", "whoami"], [], env);
  expect(plainText(whoami.screen)).toContain("pat");
});

it("user verify-email asks for the mailed token with hidden input in a terminal", async () => {
  const { home } = await journalHome("pty-verify", {}, ["--username", "pat", "--timezone", "UTC"]);
  const mail = fakeSendmail();
  const env = { TRADESENSE_HOME: home, ...mail.env };
  const send = runInTerminal(["user", "send-verification"], [], env);
  expect(plainText(send.screen)).toContain("Sent a verification token to pat@localhost");
  const token = mail.takeToken();
  const verify = runInTerminal(["user", "verify-email"], [{ expect: "Verification token", send: `${token}\r` }], env);
  const text = plainText(verify.screen);
  expect(text, text).toContain("Your email pat@localhost is verified.");
  expect(text).not.toContain(token);
  expect(verify.code).toBe(0);
});
