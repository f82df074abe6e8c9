import type { Readable } from "node:stream";

/** Reads all of stdin as UTF-8 (for --password-stdin and `-` file arguments). */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** A secret read from stdin: the trailing newline that `echo` or a password manager adds is not part of it. */
export async function readSecret(stream: Readable): Promise<string> {
  return (await readAll(stream)).replace(/\r?\n$/, "");
}
