// The usage spool file on its own: bounded, claimed atomically, corrupt lines dropped; and whose rows are whose.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendSpooledUsage, claimSpooledUsage, type SpooledUsage } from "../../src/config/usage-spool.js";
import { attributeSpooledUsage } from "../../src/domain/spooled-usage.js";
import { scratchHome } from "../support/cli.js";

const entry = (endpoint: string, extra: Partial<SpooledUsage> = {}): SpooledUsage => ({
  endpoint,
  method: "CLI",
  response_code: 0,
  response_time_ms: 5,
  created_at: "2024-03-05T15:00:00.000Z",
  location: "embedded:/j",
  username: "ann",
  ...extra,
});

describe("usage spool file", () => {
  it("keeps only the newest lines beyond its bound, in a file only its owner can read", () => {
    const file = join(scratchHome(), "data", "usage-spool.jsonl");
    for (const n of [1, 2, 3, 4, 5]) appendSpooledUsage(file, [entry(`cmd ${n}`)], 3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(claimSpooledUsage(file)?.entries.map((e) => e.endpoint)).toEqual(["cmd 3", "cmd 4", "cmd 5"]);
  });

  it("a claim takes the file away (a second claim finds nothing), drops corrupt lines and puts back what it is given", () => {
    const file = join(scratchHome(), "usage-spool.jsonl");
    appendSpooledUsage(file, [entry("one")]);
    writeFileSync(file, `${readFileSync(file, "utf8")}{"endpoint":"torn\n[]\n\n`, { flag: "w" });
    appendSpooledUsage(file, [entry("two", { response_code: 2 })]);
    const claim = claimSpooledUsage(file);
    expect(claim?.entries.map((e) => [e.endpoint, e.response_code])).toEqual([
      ["one", 0],
      ["two", 2],
    ]);
    expect(claim?.dropped).toBe(2);
    expect(claimSpooledUsage(file)).toBeUndefined();
    claim?.release([entry("two", { response_code: 2 })]);
    expect(claimSpooledUsage(file)?.entries.map((e) => e.endpoint)).toEqual(["two"]);
  });

  it("a row is credited to the acting user only when it names them, and stays for another database", () => {
    const { rows, elsewhere } = attributeSpooledUsage(
      [
        entry("mine"),
        entry("someone else's config", { username: "bob" }),
        entry("before init", { username: null }),
        entry("bad url", { location: null }),
        entry("other journal", { location: "server:postgres://ann@db/j" }),
      ],
      "embedded:/j",
      { id: 7, username: "ann" },
    );
    expect(rows.map((r) => [r.endpoint, r.userId, r.createdAt?.toISOString()])).toEqual([
      ["mine", 7, "2024-03-05T15:00:00.000Z"],
      ["someone else's config", null, "2024-03-05T15:00:00.000Z"],
      ["before init", null, "2024-03-05T15:00:00.000Z"],
      ["bad url", 7, "2024-03-05T15:00:00.000Z"],
    ]);
    expect(elsewhere.map((e) => e.endpoint)).toEqual(["other journal"]);
  });
});
