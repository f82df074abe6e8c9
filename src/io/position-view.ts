// `positions --json`: the declared shape of an open position (README "JSON output"), from the aggregate the database
// computes; quantities, prices and money as exact decimal strings.
import type { Position } from "../db/trades.js";

export interface PositionJson {
  symbol: string;
  accountId: string | null;
  side: "long" | "short";
  assetType: string;
  /** How many open trades make the position. */
  trades: number;
  quantity: string;
  /** Quantity-weighted average entry price. */
  averageEntry: string;
  /** Entry price x quantity x multiplier, summed. */
  cost: string;
  /** The entry commission paid so far. */
  commission: string;
}

export function positionJson(p: Position): PositionJson {
  return {
    symbol: p.symbol,
    accountId: p.account_id,
    side: p.side,
    assetType: p.asset_type,
    trades: p.trades,
    quantity: p.quantity,
    averageEntry: p.average_entry,
    cost: p.cost,
    commission: p.commission,
  };
}
