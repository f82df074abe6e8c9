// `tradesense --version`: what a bug report needs first.
import type { Context } from "../context.js";
import { describeLocation } from "../db/location.js";
import { version } from "../package-root.js";

/**
 * This program's version, the Node.js running it, and which journal it would open (a server URL with its password
 * masked). Opens nothing. JSON: { version: 1, tradesense, node, database: { kind, location } }.
 */
export function printVersion(ctx: Context, json: boolean): void {
  const location = ctx.location();
  const where = describeLocation(location);
  if (json) {
    const shape = {
      version: 1,
      tradesense: version,
      node: process.version,
      database: { kind: location.kind, location: where },
    };
    ctx.io.stdout.write(`${JSON.stringify(shape, null, 2)}\n`);
    return;
  }
  ctx.io.stdout.write(
    `tradesense ${version} (Node.js ${process.version})\njournal: ${where} (${location.kind === "embedded" ? "embedded" : "server"})\n`,
  );
}
