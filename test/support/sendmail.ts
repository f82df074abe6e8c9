// A sendmail-compatible command for tests: a shell script that keeps the arguments it was run with and the message
// it read on stdin, so a test can check what was sent and that no token travelled as an argument.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

/** A sendmail stand-in written by the test: it keeps its arguments and the message it was given on stdin. */
export function fakeSendmail(failWith?: number) {
  const dir = mkdtempSync(join(inject("scratchDir"), "mail-"));
  const script = join(dir, "sendmail");
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      `printf '%s\\n' "$@" > '${dir}/args'`,
      `cat > '${dir}/message'`,
      ...(failWith ? ["echo 'relay refused' >&2", `exit ${failWith}`] : []),
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const message = () => readFileSync(join(dir, "message"), "utf8");
  return {
    env: { TRADESENSE_SENDMAIL: `${script} -t -i` },
    command: `${script} -t -i`,
    message,
    args: () => readFileSync(join(dir, "args"), "utf8"),
    /** The token in the last message, which is then removed so that a later read sees only a new one. */
    takeToken: () => {
      const token = /tsv_[A-Za-z0-9_-]{43}/.exec(message())?.[0] ?? "";
      rmSync(join(dir, "message"));
      return token;
    },
    sent: () => existsSync(join(dir, "message")),
  };
}
