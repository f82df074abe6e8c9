// Which way each position an import touched gets its trades, decided from facts the engine reads, free of I/O.
import type { AssetType } from "../db/schema.js";

/**
 * build: the position has no imported trades yet (new symbols, a first import), streamed from its fills.
 * continue: its new fills all come after its earlier ones (the nightly case), FIFO resumes from the open lots.
 * rebuild: a new fill lands between earlier ones, FIFO runs again over all its fills and the trades are diffed.
 */
export type PositionPath = "build" | "continue" | "rebuild";

export function choosePositionPath(facts: { hasImportedTrades: boolean; newFillsComeLast: boolean }): PositionPath {
  if (!facts.hasImportedTrades) return "build";
  return facts.newFillsComeLast ? "continue" : "rebuild";
}

/**
 * Whether a position's stored open lots and its open round trip describe one state FIFO can resume from: lots exactly
 * when a round trip is open, all on its side. Anything else (a journal edited by hand, say) takes the full rebuild.
 */
export function openLotsFitRoundTrip(
  lotSides: readonly ("long" | "short")[],
  openRoundTripSide: "long" | "short" | undefined,
): boolean {
  if (lotSides.length > 0 !== (openRoundTripSide !== undefined)) return false;
  return lotSides.every((side) => side === openRoundTripSide);
}

/** Asset types whose plain sell, with nothing to close, is shares sold that were bought before the export began. */
const PLAIN_SELL_CLOSES = new Set<AssetType>(["stock", "option", "crypto"]);

/**
 * Whether a fill can only close: one the row said closes (`Buy to Cover`, `Sell to Close`), or a plain sell of shares,
 * options or crypto (a row that said nothing of its position). A plain buy may still cover a short.
 */
export function fillClosesOnly(fill: {
  positionEffect: "open" | "close" | "balance" | "split" | null;
  action: "buy" | "sell";
  assetType: AssetType;
}): boolean {
  return (
    fill.positionEffect === "close" ||
    (fill.positionEffect === null && fill.action === "sell" && PLAIN_SELL_CLOSES.has(fill.assetType))
  );
}
