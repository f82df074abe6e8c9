// IBKR `TradeCancel` rows (Flex Query `TransactionType`): a trade reported earlier and then cancelled by the broker
// shows as two rows, the trade and its cancel (the same contract, quantity and price, sometimes with the quantity's
// sign reversed, and `OrigTradeID` naming the trade when the query has that column). The two net to nothing: neither
// becomes a fill. The pass over the whole file (FileScan) pairs them before any row is read, so the trade is left out
// even though it comes first; a cancel whose trade is not in the file is the row's error (it may have been imported
// from an earlier query: undo that import and import one query that holds both).
import { Decimal } from "../../domain/decimal.js";
import { readDecimal } from "../cell-readers.js";

/** What identifies the cancelled trade: its TradeID when the cancel names it, else its contract, quantity and price. */
export interface TradeKeys {
  tradeId: string;
  /** The cancel row's `OrigTradeID` (empty on trades and when the query lacks the column). */
  origTradeId: string;
  fields: string;
}

/** The keys of a Flex row, from its cells by column name. */
export function tradeKeys(cell: (column: string) => string): TradeKeys {
  const account = cell("ClientAccountID") || cell("AccountAlias");
  const price = cell("TradePrice") || cell("Price");
  return {
    tradeId: cell("TradeID"),
    origTradeId: cell("OrigTradeID"),
    fields: fieldsKey(account, cell("Symbol"), cell("Quantity"), price),
  };
}

/** A trade's contract, size (without its sign) and price as one key; numbers as values ("1,000" is 1000). */
export function fieldsKey(account: string, symbol: string, quantity: string, price: string): string {
  const number = (text: string) => {
    const read = readDecimal(text.replace(/,/g, ""), { scale: 10, allowNegative: true, precision: 30 });
    return read.ok ? new Decimal(read.value).abs().toFixed() : text;
  };
  return [account, symbol, number(quantity), number(price)].join("\u0000");
}

export const isCancel = (transactionType: string) => /cancel/i.test(transactionType);

/**
 * The trades and cancels of a file, paired: fed every row in the scan, then asked, row by row in the reading pass,
 * whether a trade is cancelled and whether a cancel found its trade. Within one key, cancels take trades in file order.
 */
export class TradeCancels {
  private readonly trades = new Map<string, number>();
  private readonly cancels = new Map<string, number>();
  private readonly tradeIds = new Set<string>();
  /** How many trades of a key were already left out, and how many cancels of a key already netted, while reading. */
  private readonly tradesTaken = new Map<string, number>();
  private readonly cancelsTaken = new Map<string, number>();

  noteTrade(keys: TradeKeys): void {
    this.trades.set(keys.fields, (this.trades.get(keys.fields) ?? 0) + 1);
    if (keys.tradeId !== "") this.tradeIds.add(keys.tradeId);
  }

  noteCancel(keys: TradeKeys): void {
    const key = cancelKey(keys);
    this.cancels.set(key, (this.cancels.get(key) ?? 0) + 1);
  }

  get any(): boolean {
    return this.cancels.size > 0;
  }

  /** Whether this trade row is cancelled by a cancel row of the file (then it is no fill). */
  takeTrade(keys: TradeKeys): boolean {
    if (keys.tradeId !== "" && this.cancels.has(`id\u0000${keys.tradeId}`)) return true;
    const taken = this.tradesTaken.get(keys.fields) ?? 0;
    if (taken >= Math.min(this.cancels.get(`fields\u0000${keys.fields}`) ?? 0, this.trades.get(keys.fields) ?? 0))
      return false;
    this.tradesTaken.set(keys.fields, taken + 1);
    return true;
  }

  /** Whether this cancel row has its trade in the file (else it is the row's error). */
  takeCancel(keys: TradeKeys): boolean {
    const key = cancelKey(keys);
    if (keys.origTradeId !== "") return this.tradeIds.has(keys.origTradeId);
    const taken = this.cancelsTaken.get(key) ?? 0;
    if (taken >= (this.trades.get(keys.fields) ?? 0)) return false;
    this.cancelsTaken.set(key, taken + 1);
    return true;
  }
}

const cancelKey = (keys: TradeKeys) =>
  keys.origTradeId !== "" ? `id\u0000${keys.origTradeId}` : `fields\u0000${keys.fields}`;
