// Mail leaves through a sendmail-compatible command the operator configures (there is no mail server of our own):
// TRADESENSE_SENDMAIL, else "mail": {"sendmail": ...} in the config file, e.g. `sendmail -t -i` or `msmtp -t`. The
// whole message, recipients in its headers, goes to the command's stdin: the command line is the operator's own and
// never carries a token or an address, so neither shows in a process listing.
import { spawn } from "node:child_process";
import type { Config } from "../config/config.js";
import { MailDeliveryError } from "../errors.js";

export interface Mailer {
  /** The From: address, when the operator set one (otherwise the mail command chooses). */
  from?: string;
  send(message: string): Promise<void>;
}

/** How long a mail command may take before it is stopped: it runs while a transaction waits for it. */
const MAIL_TIMEOUT_MS = 30_000;

export const HOW_TO_CONFIGURE_MAIL =
  'set TRADESENSE_SENDMAIL (e.g. \'sendmail -t -i\') or "mail": {"sendmail": ...} in the config file';

export function configuredMailer(env: NodeJS.ProcessEnv, config: Config): Mailer | undefined {
  const fromEnv = env.TRADESENSE_SENDMAIL?.trim();
  const command = fromEnv || config.mail?.sendmail?.trim();
  if (!command) return undefined;
  const source = fromEnv ? "TRADESENSE_SENDMAIL" : "mail.sendmail in the config file";
  const from = env.TRADESENSE_MAIL_FROM?.trim() || config.mail?.from?.trim();
  return { ...(from ? { from } : {}), send: (message) => pipeToCommand(command, source, message) };
}

function pipeToCommand(command: string, source: string, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Through the shell, as cron and git run theirs: the operator's line may quote, set options or use a pipe.
    const child = spawn(command, { shell: true, stdio: ["pipe", "ignore", "pipe"], timeout: MAIL_TIMEOUT_MS });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    // A command that exits without reading closes the pipe (EPIPE): its exit code is the news.
    child.stdin.on("error", () => {});
    child.on("error", (error) => {
      reject(new MailDeliveryError(`the mail command (${source}) could not be started: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const said = stderr.trim().split("\n")[0];
      const how = signal ? `was stopped (${signal})` : `exited with code ${code}`;
      reject(new MailDeliveryError(`the mail command (${source}) ${how}${said ? `: ${said}` : ""}`));
    });
    child.stdin.end(message);
  });
}
