// Opening balances (`import csv --opening 'BND=100@23.10'`): a position held before the export starts, so the sell
// that would be unmatched closes it. How it is kept:
// - as a fill of the import (executions, position_effect 'balance', details.openingBalance = what was typed), priced
//   as given, commission 0, dated one second before the position's first fill in the file, with the asset type and
//   multiplier of that fill; `import show` lists it, `import undo` removes it with its import;
// - its identity is the balance itself (execution id `opening balance BND 100@23.10`, with the account and the
//   format), not its date: importing the same or a later export with the same --opening adds nothing;
// - it is a BALANCE, not a trade: when FIFO reaches it, it tops the position up to the stated quantity and no further
//   (domain/fifo.ts). So when the older export that holds the real buy is imported later, the real fills already
//   make the position and the balance adds nothing: nothing is doubled, and undoing that older import brings the
//   balance back into play.

import type { StagedFill } from "../db/import-staging.js";
import { FieldWording, UsageError } from "../errors.js";
import {
  PRICE_PRECISION,
  PRICE_SCALE,
  QUANTITY_PRECISION,
  QUANTITY_SCALE,
  readDecimal,
} from "../importers/cell-readers.js";
import type { ParsedFill } from "../importers/format.js";
import { optionSymbol, parseOccSymbol } from "../importers/option-symbols.js";
import { Decimal } from "./decimal.js";

export interface OpeningBalance {
  /** As typed, kept in the fill's details. */
  text: string;
  /** `U1:BND=...`: only that account's position; null: the one account the file trades the symbol in. */
  account: string | null;
  symbol: string;
  /** Signed: negative for a short. */
  quantity: string;
  price: string;
}

/** What the import did with an opening balance (in its summary, listed by `import show`). */
export interface OpeningPlaced {
  account: string;
  symbol: string;
  quantity: string;
  price: string;
  executedAt: string;
  text: string;
}

const SHAPE = /^(?:([^:=]{1,50}):)?([^:=@]+)=([^@]+)@(.+)$/;

/** Reads `[ACCOUNT:]SYMBOL=QUANTITY@PRICE`; a usage error (one line) when it is not that. */
export function parseOpening(text: string): OpeningBalance {
  const bad = (why: string) =>
    new UsageError(
      new FieldWording(
        "opening",
        (opening) =>
          `${opening} '${text}': ${why} (expected SYMBOL=QUANTITY@PRICE, e.g. BND=100@23.10 or U1:BND=-50@23.10)`,
      ),
    );
  const match = SHAPE.exec(text.trim());
  if (!match) throw bad("not a balance");
  const [, account, symbolText = "", quantityText = "", priceText = ""] = match;
  const quantity = readDecimal(quantityText, {
    scale: QUANTITY_SCALE,
    allowNegative: true,
    precision: QUANTITY_PRECISION,
  });
  if (!quantity.ok || quantity.value === "0")
    throw bad(`quantity ${quantityText.trim()}: ${quantity.ok ? "must not be zero" : quantity.reason}`);
  const price = readDecimal(priceText, { scale: PRICE_SCALE, allowNegative: false, precision: PRICE_PRECISION });
  if (!price.ok) throw bad(`price ${priceText.trim()}: ${price.reason}`);
  let symbol = symbolText.trim().toUpperCase();
  const contract = parseOccSymbol(symbol);
  if (contract) {
    const built = optionSymbol(contract);
    if ("error" in built) throw bad(built.error);
    symbol = built.symbol;
  } else if (!/^[A-Z0-9./^-]{1,20}$/.test(symbol)) throw bad(`'${symbolText.trim()}' is not a symbol`);
  return { text: text.trim(), account: account?.trim() || null, symbol, quantity: quantity.value, price: price.value };
}

/** The opening balances of one import: sees the file's fills, then places each balance before its position's first. */
export class OpeningBalances {
  private readonly first = new Map<string, ParsedFill>();
  private readonly wanted: Set<string>;

  constructor(private readonly balances: OpeningBalance[]) {
    this.wanted = new Set(balances.map((b) => b.symbol));
  }

  see(fill: ParsedFill): void {
    if (!this.wanted.has(fill.symbol)) return;
    const key = `${fill.accountId}\u0000${fill.symbol}`;
    const seen = this.first.get(key);
    if (!seen || fill.executedAt < seen.executedAt) this.first.set(key, fill);
  }

  /**
   * The balances as staged fills, or a refusal (thrown as `refuse(wording)`, naming the `opening` field) when a
   * balance's symbol has no fill in the file, or fills in several accounts and no account was named.
   */
  staged(
    broker: string,
    ordinal: number,
    refuse: (wording: FieldWording) => Error,
  ): { fills: StagedFill[]; placed: OpeningPlaced[] } {
    const fills: StagedFill[] = [];
    const placed: OpeningPlaced[] = [];
    for (const balance of this.balances) {
      const firsts = [...this.first.values()].filter(
        (f) => f.symbol === balance.symbol && (balance.account === null || f.accountId === balance.account),
      );
      if (firsts.length === 0)
        throw refuse(
          new FieldWording(
            "opening",
            (opening) =>
              `${opening} '${balance.text}': the file has no ${balance.symbol} fill${balance.account ? ` in account ${balance.account}` : ""} to open before`,
          ),
        );
      if (firsts.length > 1)
        throw refuse(
          new FieldWording(
            "opening",
            (opening) =>
              `${opening} '${balance.text}': the file trades ${balance.symbol} in accounts ${firsts.map((f) => f.accountId || "(none)").join(", ")}: name one (ACCOUNT:${balance.symbol}=...)`,
          ),
        );
      const first = firsts[0] as ParsedFill;
      const executedAt = new Date(first.executedAt.getTime() - 1000);
      const quantity = new Decimal(balance.quantity);
      fills.push({
        ordinal: ordinal++,
        broker,
        accountId: first.accountId,
        symbol: balance.symbol,
        assetType: first.assetType,
        multiplier: first.multiplier,
        action: quantity.isNegative() ? "sell" : "buy",
        quantity: quantity.abs().toFixed(),
        price: balance.price,
        commission: "0",
        executedAt,
        fileSequence: -1,
        executionId: `opening balance ${balance.symbol} ${balance.quantity}@${balance.price}`,
        orderId: null,
        currency: first.currency,
        details: { openingBalance: balance.text },
        sourceLine: 0,
        positionEffect: "balance",
      });
      placed.push({
        account: first.accountId,
        symbol: balance.symbol,
        quantity: balance.quantity,
        price: balance.price,
        executedAt: executedAt.toISOString(),
        text: balance.text,
      });
    }
    return { fills, placed };
  }
}
