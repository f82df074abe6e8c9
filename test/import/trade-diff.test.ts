// The trade diff, without a database: which stored rows are kept, updated, moved to another round trip or removed,
// and where a removed row's annotations go.
import { describe, expect, it } from "vitest";
import type { FifoTrade } from "../../src/domain/fifo.js";
import { diffTrades, heirsOf, type StoredTrade } from "../../src/import/trade-diff.js";

const at = (minute: number) => new Date(Date.UTC(2024, 2, 1, 14, minute));

/** A wanted trade: opening fill `open`, closing fill `close` (null while open). */
function wanted(open: number, close: number | null, values: Partial<FifoTrade> = {}): FifoTrade {
  return {
    importKey: `${open}:${close ?? "open"}`,
    side: "long",
    quantity: "100",
    entryPrice: "10.00",
    exitPrice: close === null ? null : "12.00",
    entryDate: at(open),
    exitDate: close === null ? null : at(close),
    commission: "2.00",
    multiplier: "1",
    assetType: "stock",
    orderId: null,
    broker: "generic",
    openFillId: open,
    closeFillId: close,
    roundTrip: 0,
    ...values,
  };
}

/** The stored row that holds exactly `trade`, under id `id`, in round trip 50. */
function stored(id: number, trade: FifoTrade, values: Partial<StoredTrade> = {}): StoredTrade {
  return {
    id,
    importKey: trade.importKey,
    quantity: trade.quantity,
    commission: trade.commission,
    entryPrice: trade.entryPrice,
    exitPrice: trade.exitPrice,
    entryDate: trade.entryDate,
    exitDate: trade.exitDate,
    roundTripId: 50,
    ...values,
  };
}

describe("diffTrades", () => {
  it("keeps a row that holds the wanted trade, spelled 10.0 or 10: nothing to write", () => {
    const trade = wanted(1, 2);
    const diff = diffTrades([trade], [50], [stored(7, trade, { quantity: "100.0000", commission: "2" })]);
    expect(diff).toEqual({
      inserts: [],
      updates: [],
      roundTripMoves: new Map(),
      removed: [],
      keptByOpening: new Map([["1", 7]]),
    });
  });

  it("updates an open lot a split rescaled (300 @ 10.00 from 100 @ 30.00) under its id: same opening fill, same key", () => {
    const rescaled = wanted(1, null, { quantity: "300", entryPrice: "10.00" });
    const before = stored(7, rescaled, { quantity: "100.0000000000", entryPrice: "30.0000" });
    const diff = diffTrades([rescaled], [50], [before]);
    expect(diff.updates).toEqual([{ trade: rescaled, roundTripId: 50, id: 7 }]);
    expect(diff.inserts).toEqual([]);
    expect(diff.removed).toEqual([]);
    // The price alone changing is a change too (a split whose quantity matched by chance is not "unchanged").
    const priceOnly = diffTrades([rescaled], [50], [stored(7, rescaled, { entryPrice: "30.0000" })]);
    expect(priceOnly.updates.map((u) => u.id)).toEqual([7]);
  });

  it("updates an open lot that has closed since under its id (same opening fill), inserts what is new", () => {
    const closed = wanted(1, 3);
    const fresh = wanted(4, null);
    const diff = diffTrades([closed, fresh], [50], [stored(7, wanted(1, null))]);
    expect(diff.updates).toEqual([{ id: 7, trade: closed, roundTripId: 50 }]);
    expect(diff.inserts).toEqual([{ trade: fresh, roundTripId: 50 }]);
    expect(diff.removed).toEqual([]);
  });

  it("moves an unchanged row to its new round trip", () => {
    const trade = wanted(1, 2, { roundTrip: 1 });
    const diff = diffTrades([trade], [50, 51], [stored(7, trade)]);
    expect(diff.updates).toEqual([]);
    expect(diff.roundTripMoves).toEqual(new Map([[51, [7]]]));
  });

  it("removes a row no wanted trade is; its annotations go to the row holding its opening fill", () => {
    // Fill 2 was a partial close of lot 1 (rows 1:2 and 1:open); it vanished, so lot 1 is one open row now.
    const open = wanted(1, null);
    const diff = diffTrades([open], [50], [stored(7, wanted(1, 2)), stored(8, wanted(1, null))]);
    expect(diff.removed.map((r) => r.id)).toEqual([7]);
    expect(heirsOf(diff, [])).toEqual(new Map([[7, 8]]));
  });

  it("claims the first unclaimed row of an opening fill; a removed row no remaining row opens with is detached", () => {
    const diff = diffTrades(
      [wanted(3, 4)],
      [50],
      [stored(7, wanted(1, 2)), stored(8, wanted(3, 5), { importKey: "3:5" }), stored(9, wanted(3, 6))],
    );
    // 3:5 and 3:6 share opening fill 3: the first unclaimed one (8) becomes 3:4, 9 is removed with 7.
    expect(diff.updates.map((u) => u.id)).toEqual([8]);
    expect(heirsOf(diff, [])).toEqual(
      new Map([
        [7, undefined],
        [9, 8],
      ]),
    );
  });
});
