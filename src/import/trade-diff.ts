// The trade diff of a rebuilt position, free of I/O: the trades FIFO wants against the imported trades the journal
// holds, as the inserts, updates, round-trip moves and removals that bring one in line with the other. A stored row
// keeps its id (and the notes, tags, strategy and journal links the trader attached to it) whenever a wanted trade can
// be the same trade; position-build.ts writes what this decides.
import { Decimal } from "../domain/decimal.js";
import type { FifoTrade } from "../domain/fifo.js";

/** An imported trade as stored: only what the diff compares. */
export interface StoredTrade {
  id: number;
  /** "<opening fill id>:<closing fill id>" or "<opening fill id>:open". */
  importKey: string;
  quantity: string;
  commission: string | null;
  /** Changes when a split rescales an open lot (its quantity too), with the row's id kept. */
  entryPrice: string;
  exitPrice: string | null;
  entryDate: Date;
  exitDate: Date | null;
  roundTripId: number | null;
}

export interface TradeWrite {
  trade: FifoTrade;
  roundTripId: number | null;
}

export interface TradeDiff {
  /** Wanted trades no stored row can be: new rows, in FIFO order. */
  inserts: TradeWrite[];
  /** Stored rows that are a wanted trade with other values (an open lot since closed, a new commission share, a lot a split rescaled). */
  updates: (TradeWrite & { id: number })[];
  /** Unchanged stored rows whose round trip is another one now: round trip id -> row ids. */
  roundTripMoves: Map<number | null, number[]>;
  /** Stored rows no wanted trade is: to be deleted, their annotations handed to an heir (see heirsOf). */
  removed: StoredTrade[];
  /** Opening fill -> the first kept row that holds it: where a removed row's annotations go. */
  keptByOpening: Map<string, number>;
}

/** The opening fill's part of an import key ("<open fill>:<close fill or 'open'>"). */
export const openingOf = (importKey: string) => importKey.slice(0, importKey.indexOf(":"));

/**
 * A wanted trade takes the stored row with its identity (opening fill, closing fill), else an unclaimed stored row
 * with the same opening fill (an open lot that has been closed since is the same trade). `roundTripIds` gives each
 * round trip index of the wanted trades its stored id.
 */
export function diffTrades(
  wanted: FifoTrade[],
  roundTripIds: readonly (number | undefined)[],
  stored: Iterable<StoredTrade>,
): TradeDiff {
  const unmatched = new Map<string, StoredTrade>();
  for (const row of stored) unmatched.set(row.importKey, row);
  const matches = new Map<FifoTrade, StoredTrade>();
  for (const trade of wanted) {
    const old = unmatched.get(trade.importKey);
    if (!old) continue;
    matches.set(trade, old);
    unmatched.delete(trade.importKey);
  }
  const unclaimed = new Map<string, StoredTrade[]>();
  for (const old of unmatched.values()) {
    const opening = openingOf(old.importKey);
    unclaimed.set(opening, [...(unclaimed.get(opening) ?? []), old]);
  }
  for (const trade of wanted) {
    if (matches.has(trade)) continue;
    const old = unclaimed.get(String(trade.openFillId))?.shift();
    if (!old) continue;
    matches.set(trade, old);
    unmatched.delete(old.importKey);
  }

  const diff: TradeDiff = {
    inserts: [],
    updates: [],
    roundTripMoves: new Map(),
    removed: [...unmatched.values()],
    keptByOpening: new Map(),
  };
  for (const trade of wanted) {
    const write: TradeWrite = { trade, roundTripId: roundTripIds[trade.roundTrip] ?? null };
    const old = matches.get(trade);
    if (!old) {
      diff.inserts.push(write);
      continue;
    }
    const opening = String(trade.openFillId);
    if (!diff.keptByOpening.has(opening)) diff.keptByOpening.set(opening, old.id);
    if (!sameTrade(old, trade)) diff.updates.push({ ...write, id: old.id });
    else if (old.roundTripId !== write.roundTripId) {
      const ids = diff.roundTripMoves.get(write.roundTripId) ?? [];
      ids.push(old.id);
      diff.roundTripMoves.set(write.roundTripId, ids);
    }
  }
  return diff;
}

/** Whether a stored row already holds a wanted trade's values (decimals compared as values: 10.00 is 10). */
function sameTrade(old: StoredTrade, trade: FifoTrade): boolean {
  return (
    old.importKey === trade.importKey &&
    new Decimal(old.quantity).eq(trade.quantity) &&
    new Decimal(old.commission ?? "0").eq(trade.commission) &&
    new Decimal(old.entryPrice).eq(trade.entryPrice) &&
    (old.exitPrice === null
      ? trade.exitPrice === null
      : trade.exitPrice !== null && new Decimal(old.exitPrice).eq(trade.exitPrice)) &&
    (old.exitDate?.getTime() ?? null) === (trade.exitDate?.getTime() ?? null) &&
    old.entryDate.getTime() === trade.entryDate.getTime()
  );
}

/**
 * Where each removed row's annotations go once the inserts have their ids (`insertedIds`, in `diff.inserts` order): the
 * kept row holding its opening fill, else the first inserted one; undefined when no remaining row holds it (detached).
 */
export function heirsOf(diff: TradeDiff, insertedIds: readonly number[]): Map<number, number | undefined> {
  const byOpening = new Map(diff.keptByOpening);
  diff.inserts.forEach(({ trade }, i) => {
    const opening = String(trade.openFillId);
    if (!byOpening.has(opening)) byOpening.set(opening, insertedIds[i] as number);
  });
  return new Map(diff.removed.map((row) => [row.id, byOpening.get(openingOf(row.importKey))]));
}
