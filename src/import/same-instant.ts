// Fills that share an instant keep the order their own file gives them, whichever export is imported first.
//
// Brokers write fills to the second (Schwab and Fidelity to the day), so one position often has several fills at one
// instant, and FIFO matches other lots if they come in another order. Within one file the order is the file's own
// (file_sequence, counted backwards for newest-first files). When a file adds fills at an instant that already holds
// fills of other imports, the new fills are placed by the file's row order relative to the fills of that instant the
// file shares with the journal: a new fill goes right after the known fill the file lists before it (or right before
// the first known fill the file lists, when it comes first). Known fills keep their stored order. A file that names
// none of the instant's stored fills says nothing of its place among them: its fills come after them. Where the file
// lists known fills in another order than the journal holds them, the journal's order is kept and the import says so.

import type { Transaction } from "kysely";
import { type SameInstantFill, setSameInstantOrder, sharedInstantFills } from "../db/same-instant.js";
import type { Database } from "../db/schema.js";

export interface OrderConflict {
  account: string;
  symbol: string;
  executedAt: string;
  /** The imports that brought the known fills this file orders otherwise. */
  importIds: number[];
  message: string;
}

export interface InstantPlacement {
  ids: number[];
  orders: number[];
  conflicts: OrderConflict[];
}

/** Places this import's new fills among the older fills of their instants; returns where the file contradicted them. */
export async function placeSameInstantFills(
  trx: Transaction<Database>,
  userId: number,
  importId: number,
  withFieldIdentities: boolean,
): Promise<OrderConflict[]> {
  const fills = await sharedInstantFills(trx, userId, importId, withFieldIdentities);
  if (fills.length === 0) return [];
  const placement = placeFills(fills, importId);
  await setSameInstantOrder(trx, placement.ids, placement.orders);
  return placement.conflicts;
}

/**
 * Pure: `fills` are grouped by instant (account, symbol, time) and, within one, in stored order with this import's
 * new fills last. Every fill of each instant gets its place, 1 upwards.
 */
export function placeFills(fills: readonly SameInstantFill[], importId: number): InstantPlacement {
  const placement: InstantPlacement = { ids: [], orders: [], conflicts: [] };
  let start = 0;
  while (start < fills.length) {
    const first = fills[start] as SameInstantFill;
    let end = start + 1;
    while (end < fills.length && sameInstant(fills[end] as SameInstantFill, first)) end++;
    const ordered = placeInstant(fills.slice(start, end), importId, placement.conflicts);
    ordered.forEach((fill, i) => {
      placement.ids.push(fill.id);
      placement.orders.push(i + 1);
    });
    start = end;
  }
  return placement;
}

function sameInstant(a: SameInstantFill, b: SameInstantFill): boolean {
  return a.accountId === b.accountId && a.symbol === b.symbol && a.executedAt.getTime() === b.executedAt.getTime();
}

function placeInstant(group: SameInstantFill[], importId: number, conflicts: OrderConflict[]): SameInstantFill[] {
  const isNew = (f: SameInstantFill) => f.importId === importId;
  const stored = group.filter((f) => !isNew(f));
  const inFile = group
    .filter((f) => f.filePosition !== null)
    .sort((a, b) => (a.filePosition as number) - (b.filePosition as number) || a.id - b.id);
  const knownInFile = inFile.filter((f) => !isNew(f));
  if (knownInFile.length === 0) return [...stored, ...inFile];

  const storedPlace = new Map(stored.map((f, i) => [f.id, i]));
  const contradicted = knownInFile.some(
    (f, i) =>
      i > 0 &&
      (storedPlace.get(f.id) as number) < (storedPlace.get((knownInFile[i - 1] as SameInstantFill).id) as number),
  );
  if (contradicted) conflicts.push(conflictOf(group[0] as SameInstantFill, knownInFile));

  // Each new fill hangs after the known fill the file lists before it; those listed before any, before the first.
  const leading: SameInstantFill[] = [];
  const after = new Map<number, SameInstantFill[]>();
  let previousKnown: SameInstantFill | undefined;
  for (const fill of inFile) {
    if (!isNew(fill)) previousKnown = fill;
    else if (previousKnown === undefined) leading.push(fill);
    else after.set(previousKnown.id, [...(after.get(previousKnown.id) ?? []), fill]);
  }
  const firstKnown = knownInFile[0] as SameInstantFill;
  const ordered: SameInstantFill[] = [];
  for (const fill of stored) {
    if (fill.id === firstKnown.id) ordered.push(...leading);
    ordered.push(fill, ...(after.get(fill.id) ?? []));
  }
  return ordered;
}

function conflictOf(at: SameInstantFill, known: SameInstantFill[]): OrderConflict {
  const importIds = [...new Set(known.map((f) => f.importId).filter((id): id is number => id !== null))].sort(
    (a, b) => a - b,
  );
  const executedAt = at.executedAt.toISOString();
  const from = importIds.length > 0 ? ` (from import ${importIds.join(", ")})` : "";
  return {
    account: at.accountId,
    symbol: at.symbol,
    executedAt,
    importIds,
    message: `${at.symbol}${at.accountId ? ` in ${at.accountId}` : ""} at ${executedAt}: the file lists ${known.length} fills the journal holds${from} in another order; the journal's order was kept`,
  };
}
