// Pure placement of a file's new fills among the stored fills of their instant (import/same-instant.ts).
import { describe, expect, it } from "vitest";
import type { SameInstantFill } from "../../src/db/same-instant.js";
import { placeFills } from "../../src/import/same-instant.js";

const at = new Date("2025-03-03T15:00:00Z");
const fill = (id: number, importId: number, filePosition: number | null): SameInstantFill => ({
  id,
  accountId: "U1",
  symbol: "ACME",
  executedAt: at,
  importId,
  filePosition,
});

describe("placeFills", () => {
  it("puts new fills after the known fill the file lists before them, and leading ones before the first known", () => {
    // Stored 1, 2, 3 (import 1); the file (import 2) lists 10, 2, 11, 12, 3: 10 before 2, 11 and 12 after 2.
    const placed = placeFills(
      [fill(1, 1, null), fill(2, 1, 1), fill(3, 1, 4), fill(10, 2, 0), fill(11, 2, 2), fill(12, 2, 3)],
      2,
    );
    expect(placed.ids).toEqual([1, 10, 2, 11, 12, 3]);
    expect(placed.orders).toEqual([1, 2, 3, 4, 5, 6]);
    expect(placed.conflicts).toEqual([]);
  });

  it("a file that names none of the stored fills puts its own after them", () => {
    expect(placeFills([fill(1, 1, null), fill(10, 2, 1), fill(11, 2, 0)], 2).ids).toEqual([1, 11, 10]);
  });

  it("known fills listed in another order keep the stored order, and the conflict is named", () => {
    const placed = placeFills([fill(1, 1, 1), fill(2, 1, 0), fill(10, 2, 2)], 2);
    expect(placed.ids).toEqual([1, 10, 2]);
    expect(placed.conflicts.map((c) => c.message)).toEqual([
      "ACME in U1 at 2025-03-03T15:00:00.000Z: the file lists 2 fills the journal holds (from import 1) in another order; the journal's order was kept",
    ]);
  });
});
