// journal search: PostgreSQL full text (migration 007's weighted tsvector and GIN index) with web-search syntax,
// English stemming, rank order, highlighted snippets, only the user's own entries, archived ones on request.
import { beforeAll, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape, SEARCH_HIT_JSON, versioned } from "../support/json-shape.js";

describeEachBackend("tradesense journal search", (backend) => {
  const journal = useJournal(backend, "trader", "Europe/London");
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    // Written a day apart, so equal ranks fall back to newest first in a known order.
    const entries: [string, string, string][] = [
      ["title", "Breakout on NVDA", "Clean breakout above the range, held to target."],
      ["plural", "Tuesday review", "Two breakouts failed; the stop loss was hit twice."],
      ["fomo", "FOMO entry", "Chased a breakout out of fomo with no stop loss."],
      ["reversed", "Gap fill", "The gap filled by noon. Loss stop was too tight, I moved it."],
      ["archived", "Old notes", "An old breakout idea, archived."],
    ];
    for (const [index, [key, title, content]] of entries.entries()) {
      const result = await journal.cli(["journal", "write", "--title", title, "--content", content, "--json"], {
        now: new Date(Date.UTC(2024, 2, 1 + index, 12)),
      });
      expect(result.stderr).toBe("");
      ids[key] = JSON.parse(result.stdout).id;
    }
    expect((await journal.cli(["journal", "archive", String(ids.archived)])).code).toBe(0);
    const other = await journal.database.db
      .insertInto("users")
      .values({ username: "other", email: "o@example.com", hashed_password: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await journal.database.db
      .insertInto("journal_entries")
      .values({ user_id: other.id, title: "Breakout breakout", content: "Someone else's breakout stop loss gap." })
      .execute();
  });

  async function found(args: string[]): Promise<number[]> {
    const result = await journal.cli(["journal", "search", "--json", ...args]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout).hits.map((hit: { id: number }) => hit.id);
  }

  it("stems words (breakout finds breakouts) and ranks a title hit above body hits, then newest first", async () => {
    expect(await found(["breakout"])).toEqual([ids.title, ids.fomo, ids.plural]);
    expect(await found(["breakouts"])).toEqual([ids.title, ids.fomo, ids.plural]);
  });

  it("matches quoted phrases in order only, excludes -words and accepts or", async () => {
    expect(await found(['"stop loss"'])).toEqual([ids.fomo, ids.plural]);
    expect(await found(["stop", "loss"])).toEqual([ids.reversed, ids.fomo, ids.plural]);
    expect(await found(["breakout", "-fomo"])).toEqual([ids.title, ids.plural]);
    expect(await found(["gap", "or", "fomo"])).toEqual(expect.arrayContaining([ids.reversed, ids.fomo]));
    expect(await found(["gap", "or", "fomo"])).toHaveLength(2);
    // Only an exclusion: every entry without the word, newest first (nothing positive to rank by).
    expect(await found(["-breakout", "-breakouts"])).toEqual([ids.reversed]);
    expect(await found(["--", "-stop"])).toEqual([ids.title]);
  });

  it("includes archived entries only with --archived", async () => {
    expect(await found(["idea"])).toEqual([]);
    expect(await found(["idea", "--archived"])).toEqual([ids.archived]);
    expect(await found(["breakout", "--archived"])).toContain(ids.archived);
  });

  it("prints each hit with its title and a snippet, matches between ** off a terminal", async () => {
    const result = await journal.cli(["journal", "search", "breakout", "-fomo", "--limit", "2"]);
    expect(result).toEqual({
      code: 0,
      stdout: [
        `#${ids.title} **Breakout** on NVDA`,
        "  written 2024-03-01 12:00",
        "  Clean **breakout** above the range, held to target",
        "",
        `#${ids.plural} Tuesday review`,
        "  written 2024-03-02 12:00",
        "  Two **breakouts** failed; the stop loss was hit twice",
        "",
      ].join("\n"),
      stderr: "",
    });
    const json = JSON.parse((await journal.cli(["journal", "search", "breakout", "--json"])).stdout);
    expectJsonShape(json, versioned({ hits: "array" }), "journal search --json");
    for (const hit of json.hits) expectJsonShape(hit, SEARCH_HIT_JSON, "a search hit");
    expect(json.hits[0]).toMatchObject({ titleHighlight: "**Breakout** on NVDA" });
    expect(json.hits[0].rank).toBeGreaterThan(json.hits[1].rank);
    const coloured = await journal.cli(["journal", "search", "fomo"], { tty: true, color: true });
    expect(coloured.stdout).toContain("\u001b[1m\u001b[33mFOMO\u001b[39m\u001b[22m entry");
  });

  it("says so when nothing matches, including a query of only stop words", async () => {
    expect(await journal.cli(["journal", "search", "earnings"])).toEqual({
      code: 0,
      stdout: "No journal entries match.\n",
      stderr: "",
    });
    expect((await journal.cli(["journal", "search", "the"])).stdout).toBe("No journal entries match.\n");
  });
});
