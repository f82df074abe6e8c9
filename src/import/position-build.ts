// The trades of the positions an import touched: built from scratch a page at a time (a new position), continued
// from the open lots (new fills after the old), or rebuilt over all the position's fills and diffed against the
// stored trades (trade-diff.ts). FIFO itself is domain/fifo.ts; which path a position takes is position-plan.ts.
import type { Transaction } from "kysely";
import {
  importAppendsToPosition,
  importFillsOf,
  type PositionFill,
  type PositionKey,
  positionFillPages,
  positionFills,
  positionKeyId,
} from "../db/executions.js";
import {
  closedPnlOf,
  deleteTrades,
  importedTradesOf,
  insertTradesOf,
  openImportedTrades,
  positionsWithImportedTrades,
  setRoundTrip,
  type TradeWrite,
  updateImportedTrade,
} from "../db/imported-trades.js";
import {
  closeRoundTrip,
  closeRoundTrips,
  insertRoundTrips,
  openRoundTripOf,
  syncRoundTrips,
} from "../db/round-trips.js";
import type { Database } from "../db/schema.js";
import { annotationsOf, moveAnnotations, type TradeAnnotations } from "../db/trade-annotations.js";
import { Decimal } from "../domain/decimal.js";
import { FifoBuilder, type FifoFill, type FifoTrade, type RoundTripSpan, type UnmatchedFill } from "../domain/fifo.js";
import type { ImportOptions } from "./engine.js";
import { choosePositionPath, fillClosesOnly, openLotsFitRoundTrip } from "./position-plan.js";
import { type ImportTally, unmatchedClose } from "./summary.js";
import { diffTrades, heirsOf, type StoredTrade } from "./trade-diff.js";

const FILL_PAGE = 20000;
/**
 * Trades gathered across pages (and positions) before they are written: one COPY of round trips and one of trades
 * for about this many trades, not one per position (each COPY into trades fires the report rollups' triggers once).
 */
const WRITE_BATCH = 10_000;

/**
 * Gives each position that received new fills its trades, by the path position-plan.ts chooses (built from scratch,
 * continued from its open lots, or rebuilt), and counts into the tally what was written and the realized P&L read back.
 */
export async function buildTradesOfPositions(
  trx: Transaction<Database>,
  options: ImportOptions,
  importId: number,
  positions: (PositionKey & { firstNewAt: Date })[],
  summary: ImportTally,
): Promise<void> {
  const { userId } = options;
  const fresh: PositionKey[] = [];
  const rebuilt: PositionKey[] = [];
  const results = new Map<PositionKey, RebuildResult>();
  const withTrades = await positionsWithImportedTrades(trx, userId, positions);
  for (const key of positions) if (withTrades.has(positionKeyId(key))) rebuilt.push(key);
  // The realized P&L is read back from the trades table: what the import changed, not what the matching expected.
  const before = await closedPnlOf(trx, userId, rebuilt);
  let done = 0;
  const positionDone = () => options.onProgress?.({ phase: "building trades", done: ++done, total: positions.length });
  options.onProgress?.({ phase: "building trades", done, total: positions.length });
  for (const key of positions) {
    const hasTrades = rebuilt.includes(key);
    const path = choosePositionPath({
      hasImportedTrades: hasTrades,
      newFillsComeLast: hasTrades && (await importAppendsToPosition(trx, userId, key, importId, key.firstNewAt)),
    });
    if (path === "build") fresh.push(key);
    else if (path === "continue") {
      const continued = await continuePosition(trx, userId, key, importId);
      summary.positionPaths[continued.path]++;
      results.set(key, continued);
    } else {
      summary.positionPaths.rebuilt++;
      results.set(key, await rebuildPosition(trx, userId, key));
    }
    if (path !== "build") positionDone();
  }
  summary.positionPaths.built += fresh.length;
  const sizes = { fillPage: options.fillPageSize ?? FILL_PAGE, writeBatch: options.writeBatchTrades ?? WRITE_BATCH };
  for (const [key, result] of await buildPositions(trx, userId, fresh, sizes, positionDone)) results.set(key, result);
  for (const key of positions) {
    const result = results.get(key) as RebuildResult;
    summary.tradesCreated += result.created;
    summary.tradesUpdated += result.updated;
    summary.tradesRemoved += result.removed;
    summary.detached.push(...result.detached);
    summary.unmatched.push(...result.unmatched.map((u) => unmatchedClose(key, u, importId)));
    if (result.position !== "0")
      summary.openPositions.push({ account: key.accountId, symbol: key.symbol, quantity: result.position });
  }
  const after = await closedPnlOf(trx, userId, positions);
  // Never two currencies added: with more than one, the change is given per currency and the single figure is null.
  const change = new Map<string, string>();
  for (const currency of new Set([...before.keys(), ...after.keys()]))
    change.set(currency, new Decimal(after.get(currency) ?? "0").minus(before.get(currency) ?? "0").toFixed(2));
  if (change.size > 1) {
    summary.realizedPnl = null;
    summary.realizedPnlByCurrency = Object.fromEntries([...change].map(([c, v]) => [c || "unspecified", v]));
  } else summary.realizedPnl = [...change.values()][0] ?? "0.00";
}

function fifoFill(f: PositionFill): FifoFill {
  return {
    id: f.id,
    ...(f.position_effect === "balance" ? { openingBalance: true } : {}),
    ...(f.position_effect === "split" ? { split: true } : {}),
    executedAt: f.executed_at,
    action: f.action,
    quantity: f.quantity,
    price: f.price,
    commission: f.commission,
    multiplier: f.multiplier,
    assetType: f.asset_type,
    orderId: f.order_id,
    currency: f.currency,
    broker: f.broker,
    closesOnly: fillClosesOnly({ positionEffect: f.position_effect, action: f.action, assetType: f.asset_type }),
    source: { importId: f.import_id, line: f.source_line },
  };
}

/** One position being built from scratch: its FIFO state and what has been written of it. */
class PositionBuild {
  readonly builder = new FifoBuilder({ keepClosed: false });
  readonly rounds = new RoundTripWriter(this.builder);
  created = 0;

  constructor(readonly key: PositionKey) {}
}

/** Trades of one page of a position, matched and not written yet, with the round-trip plan taken when they were. */
interface MatchedPage {
  build: PositionBuild;
  trades: FifoTrade[];
  plan: RoundTripPlan;
}

/**
 * Writes the pages matched since the last batch, in matching order: the round trips first (the trades point at them),
 * all new ones in one COPY, each as its latest plan in the batch has it (a round trip that opened and closed within
 * the batch is written closed), then the closing of those written open by an earlier batch, then all the trades.
 */
async function writeBatch(trx: Transaction<Database>, userId: number, batch: MatchedPage[]): Promise<void> {
  const fresh = new Map<RoundRef, { key: PositionKey; span: RoundTripSpan }>();
  const closings: { id: number; closedAt: Date }[] = [];
  for (const { build, plan } of batch) {
    if (plan.closing) {
      const inBatch = fresh.get(plan.closing.round);
      if (inBatch) inBatch.span = { ...inBatch.span, closedAt: plan.closing.closedAt };
      else closings.push({ id: plan.closing.round.id as number, closedAt: plan.closing.closedAt });
    }
    for (const { copy, round } of plan.fresh) fresh.set(round, { key: build.key, span: copy });
  }
  const ids = await insertRoundTrips(trx, userId, [...fresh.values()]);
  [...fresh.keys()].forEach((round, i) => {
    round.id = ids[i] as number;
  });
  await closeRoundTrips(trx, closings);
  const writes: { key: PositionKey; write: TradeWrite }[] = [];
  for (const { build, trades, plan } of batch) {
    build.rounds.written(plan);
    for (const trade of trades)
      writes.push({
        key: build.key,
        write: { trade, broker: trade.broker, roundTripId: build.rounds.idOf(trade.roundTrip) },
      });
    build.rounds.forgetBefore(plan.latest);
  }
  await insertTradesOf(trx, userId, writes);
}

/**
 * Builds the trades of positions that have none yet (the common case: new symbols, a first import), streaming: the
 * fills come a page at a time, position after position, and their trades are written a batch at a time (sizes.
 * writeBatch trades, of as many pages and positions as that takes) while the next pages are read and matched (the
 * database and the matching work at the same time). The round-trip plan of a page is taken before anything is
 * awaited, so the matching that goes on meanwhile cannot change what its write sees.
 */
async function buildPositions(
  trx: Transaction<Database>,
  userId: number,
  keys: PositionKey[],
  sizes: { fillPage: number; writeBatch: number },
  positionDone: () => void,
): Promise<Map<PositionKey, RebuildResult>> {
  const results = new Map<PositionKey, RebuildResult>();
  let build: PositionBuild | undefined;
  // Writes are chained, not awaited at once: the database works through them while the next page is matched.
  let writing: Promise<void> = Promise.resolve();
  let previous: Promise<void> = writing;
  let batch: MatchedPage[] = [];
  let batchTrades = 0;
  const write = async () => {
    const written = batch;
    batch = [];
    batchTrades = 0;
    // At most two writes outstanding (one running, one queued): when the database is slower than the matching, the
    // matching waits here instead of piling up pages of trades in memory.
    await previous;
    previous = writing;
    writing = inFlight(writing.then(() => writeBatch(trx, userId, written)));
  };
  const pages = positionFillPages(trx, userId, keys, sizes.fillPage)[Symbol.asyncIterator]();
  let next = inFlight(pages.next());
  for (;;) {
    const { value: page, done } = await next;
    if (done) break;
    next = inFlight(pages.next());
    if (build?.key !== page.key) build = new PositionBuild(page.key);
    const current = build;
    const trades: FifoTrade[] = [];
    for (const [i, fill] of page.fills.entries()) {
      // Let the writes in flight make progress (their statements and COPY data need the event loop).
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
      const closed = current.builder.add(fifoFill(fill));
      if (closed.length === 0) continue;
      trades.push(...closed);
    }
    if (page.last) {
      positionDone();
      trades.push(...current.builder.openTrades());
      results.set(page.key, {
        created: current.created + trades.length,
        updated: 0,
        removed: 0,
        position: current.builder.position(),
        detached: [],
        unmatched: current.builder.unmatched(),
      });
    }
    current.created += trades.length;
    batch.push({ build: current, trades, plan: current.rounds.plan() });
    batchTrades += trades.length;
    if (batchTrades >= sizes.writeBatch) await write();
  }
  if (batch.length > 0) await write();
  await writing;
  return results;
}

/** Fills matched between two turns of the event loop while a write is in flight. */
const YIELD_EVERY = 20;

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A promise awaited later, not now. If it fails while this code is busy with something that also fails, nothing
 * awaits it again; without a handler Node would end the process for an "unhandled rejection". Awaiting it still throws.
 */
function inFlight<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** A round trip of a streaming build: its span as the matching goes on, and its id once written. */
interface RoundRef {
  live: RoundTripSpan;
  id?: number;
}

interface RoundTripPlan {
  /** A round trip written (or planned) while open that has closed since. */
  closing: { round: RoundRef; closedAt: Date } | null;
  /** Round trips not planned yet: copies as they stand now. */
  fresh: { copy: RoundTripSpan; round: RoundRef }[];
  /** Index of the latest round trip: trades still to come belong to it or to later ones. */
  latest: number;
}

/**
 * What of a streaming build's round trips is to be written: the ones opened since, and the closing of the one left
 * open. Plans are taken synchronously, in matching order, and written later in the same order (writes are chained),
 * so a plan may name a round trip whose id the previous plan's write has not assigned yet: it is read when this write
 * runs.
 */
class RoundTripWriter {
  private readonly ids = new Map<number, number>();
  private next = 0;
  private open: RoundRef | null = null;

  constructor(private readonly builder: FifoBuilder) {}

  /** What the next write must do, as things stand now. */
  plan(): RoundTripPlan {
    let closing: RoundTripPlan["closing"] = null;
    if (this.open && this.open.live.closedAt !== null) {
      closing = { round: this.open, closedAt: this.open.live.closedAt };
      this.open = null;
    }
    const fresh = this.builder
      .rounds()
      .filter((span) => span.index >= this.next)
      .map((live) => ({ copy: { ...live }, round: { live } as RoundRef }));
    for (const { copy, round } of fresh) {
      this.next = copy.index + 1;
      if (copy.closedAt === null) this.open = round;
    }
    return { closing, fresh, latest: this.next - 1 };
  }

  /** Takes the ids the plan's new round trips were written with. */
  written(plan: RoundTripPlan): void {
    for (const { copy, round } of plan.fresh) this.ids.set(copy.index, round.id as number);
  }

  idOf(index: number): number | null {
    return this.ids.get(index) ?? null;
  }

  /** Forgets the round trips before `latest`: later fills can only add to it or open new ones. */
  forgetBefore(latest: number): void {
    this.builder.forgetRoundsBefore(latest);
    for (const index of this.ids.keys()) if (index < latest) this.ids.delete(index);
  }
}

export interface RebuildResult {
  created: number;
  updated: number;
  removed: number;
  position: string;
  /** Trades removed with notes, tags, a strategy or journal links that no remaining trade could take over. */
  detached: TradeAnnotations[];
  unmatched: UnmatchedFill[];
}

/**
 * Brings one position's imported trades in line with FIFO over all its fills. Rows whose identity (opening fill,
 * closing fill) survives keep their id, so what the trader attached to them stays; changed rows are updated, rows
 * that no longer exist are deleted, new ones inserted.
 */
export async function rebuildPosition(
  trx: Transaction<Database>,
  userId: number,
  key: PositionKey,
): Promise<RebuildResult> {
  const fills = await positionFills(trx, userId, key);
  const builder = new FifoBuilder();
  for (const f of fills) builder.add(fifoFill(f));
  const trades = [...builder.closedTrades(), ...builder.openTrades()];
  const roundTripIds = await syncRoundTrips(trx, userId, key, builder.rounds());
  const stored = (await importedTradesOf(trx, userId, key)).map(storedTrade);
  const changes = await applyTrades(trx, userId, key, trades, roundTripIds, stored);
  return { ...changes, position: builder.position(), unmatched: builder.unmatched() };
}

/**
 * Brings a position's imported trades in line with `trades` (the diff is trade-diff.ts): changed rows updated, new ones
 * inserted, rows not wanted any more deleted, what the user attached to one moved to a row that holds its opening
 * fill, or reported as detached when none does.
 */
async function applyTrades(
  trx: Transaction<Database>,
  userId: number,
  key: PositionKey,
  trades: FifoTrade[],
  roundTripIds: (number | undefined)[],
  stored: StoredTrade[],
): Promise<{ created: number; updated: number; removed: number; detached: TradeAnnotations[] }> {
  const diff = diffTrades(trades, roundTripIds, stored);
  const withBroker = (w: { trade: FifoTrade; roundTripId: number | null }) => ({ ...w, broker: w.trade.broker });
  for (const update of diff.updates) await updateImportedTrade(trx, update.id, userId, key, withBroker(update));
  for (const [roundTripId, ids] of diff.roundTripMoves) await setRoundTrip(trx, ids, roundTripId);
  const created = await insertTradesOf(
    trx,
    userId,
    diff.inserts.map((insert) => ({ key, write: withBroker(insert) })),
  );
  const heirs = heirsOf(diff, created);
  const removedIds = diff.removed.map((t) => t.id);
  const detached: TradeAnnotations[] = [];
  for (const annotations of await annotationsOf(trx, removedIds)) {
    const heir = heirs.get(annotations.tradeId);
    if (heir === undefined) detached.push(annotations);
    else await moveAnnotations(trx, annotations.tradeId, heir);
  }
  await deleteTrades(trx, removedIds);
  return { created: created.length, updated: diff.updates.length, removed: removedIds.length, detached };
}

/** An imported trade row as the diff reads it. */
const storedTrade = (t: {
  id: number;
  import_key: string | null;
  quantity: string;
  commission: string | null;
  entry_price: string;
  exit_price: string | null;
  entry_date: Date;
  exit_date: Date | null;
  round_trip_id: number | null;
}): StoredTrade => ({
  id: t.id,
  importKey: t.import_key as string,
  quantity: t.quantity,
  commission: t.commission,
  entryPrice: t.entry_price,
  exitPrice: t.exit_price,
  entryDate: t.entry_date,
  exitDate: t.exit_date,
  roundTripId: t.round_trip_id,
});

/**
 * Continues FIFO for a position whose new fills all come after its earlier ones: the open lots are read back from the
 * open trades (quantity and the commission they still carry), the open round trip is resumed, and only the new fills
 * are matched. Closed trades of earlier fills cannot change, so a daily import costs what the day holds, not the
 * position's history. Falls back to the full rebuild when the stored state does not fit together.
 */
async function continuePosition(
  trx: Transaction<Database>,
  userId: number,
  key: PositionKey,
  importId: number,
): Promise<RebuildResult & { path: "continued" | "rebuilt" }> {
  const lots = await openImportedTrades(trx, userId, key);
  const round = await openRoundTripOf(trx, userId, key);
  if (
    !openLotsFitRoundTrip(
      lots.map((lot) => lot.side),
      round?.side,
    )
  ) {
    return { ...(await rebuildPosition(trx, userId, key)), path: "rebuilt" };
  }
  const builder = new FifoBuilder();
  for (const lot of lots) {
    builder.add({
      id: lot.open_execution_id,
      executedAt: lot.entry_date,
      action: lot.side === "long" ? "buy" : "sell",
      quantity: lot.quantity,
      price: lot.entry_price,
      commission: lot.commission ?? "0",
      multiplier: lot.multiplier,
      assetType: lot.asset_type,
      orderId: lot.order_id,
      currency: lot.currency,
      broker: lot.broker ?? "import",
    });
  }
  // The lots open a round trip in the builder: it stands for the stored open one (index 0), whose opening is kept.
  for (const fill of await importFillsOf(trx, userId, key, importId)) builder.add(fifoFill(fill));
  const spans = builder.rounds();
  const resumed = round ? spans[0] : undefined;
  if (round && resumed?.closedAt) await closeRoundTrip(trx, round.id, resumed.closedAt);
  const fresh = await insertRoundTrips(
    trx,
    userId,
    (round ? spans.slice(1) : spans).map((span) => ({ key, span })),
  );
  const roundTripIds = round ? [round.id, ...fresh] : fresh;
  const trades = [...builder.closedTrades(), ...builder.openTrades()];
  const changes = await applyTrades(trx, userId, key, trades, roundTripIds, lots.map(storedTrade));
  return { ...changes, position: builder.position(), unmatched: builder.unmatched(), path: "continued" };
}
