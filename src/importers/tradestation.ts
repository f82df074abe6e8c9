// TradeStation: the filled orders of TradeManager's Orders tab (Filled Orders), exported with File > Export or the
// right-click Export. A title line comes first (the account and the date range), then the header. Columns read:
// `Account`, `Order #`, `Entered` (`M/D/YY h:mm:ss AM` or `M/D/YYYY ...`), `Type` (Buy / Sell / Sell Short / Buy to
// Cover / Buy to Open / Sell to Close / Sell to Open / Buy to Close), `Symbol`, `Qty Filled` (or `Filled Qty`),
// `Filled Price` (or `Fill Price`), `Order Status`, `Contract Exp Date` (non-empty on futures), `Commission`
// (`$1.24`). Only filled (and partly filled) orders are fills: a row with no quantity filled is skipped.
// Futures are `ESZ25` (or `ESZ5`); `@ES` is a continuous chart symbol and names no contract. A row with an empty
// `Contract Exp Date` whose symbol is no futures contract is a stock. No time zone in the file: TradeStation shows
// local time of the computer it runs on: yours, or `--timezone`.

import { parseFutureSymbol } from "../domain/futures.js";
import { isEmptyValue, readDateTime, readPositionEffect } from "./cell-readers.js";
import { futuresOf } from "./contracts.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import {
  BLANK_ROW,
  bestLayout,
  type Columns,
  futuresFill,
  type Layout,
  layoutColumns,
  layoutUse,
  rowCells,
  sideOf,
} from "./futures-fill.js";

type Field =
  | "account"
  | "orderId"
  | "entered"
  | "type"
  | "symbol"
  | "quantity"
  | "price"
  | "status"
  | "expiry"
  | "commission";

const FILLED_ORDERS: Layout<Field> = {
  name: "filled orders",
  required: {
    entered: ["entered"],
    type: ["type"],
    symbol: ["symbol"],
    quantity: ["qty filled", "filled qty"],
    price: ["filled price", "fill price"],
  },
  optional: {
    account: ["account"],
    orderId: ["order #", "order number"],
    status: ["order status", "status"],
    expiry: ["contract exp date"],
    commission: ["commission"],
  },
  ignored: {
    qty: "the order's quantity (Qty Filled is read)",
    "limit price": "the order's limit",
    "stop price": "the order's stop",
  },
};

export const tradeStationFormat: ImportFormat = {
  name: "tradestation",
  description: "TradeStation TradeManager filled orders export (futures and stocks)",
  recognises:
    "Entered, Type, Symbol, Qty Filled, Filled Price (+ Account, Order #, Order Status, Contract Exp Date, Commission)",
  hasExecutionIds: true,

  matchHeader(header) {
    const { score, missing } = bestLayout(header, [FILLED_ORDERS]);
    return { score, missing };
  },

  columnUse: (header) => layoutUse(header, FILLED_ORDERS),

  reader(header, options) {
    const columns = layoutColumns(header, FILLED_ORDERS);
    return (record, line) => filledOrderRow(header, columns, record, line, options);
  },
};

function filledOrderRow(
  header: string[],
  columns: Columns<Field>,
  record: string[],
  line: number,
  options: ReaderOptions,
): RowResult {
  const cell = rowCells(header, columns, record);
  if (!cell) return BLANK_ROW;
  const quantity = cell("quantity");
  if (isEmptyValue(quantity.text) || quantity.text === "0") {
    return { kind: "skip", reason: `order not filled (${cell("status").text || "no status"})` };
  }
  const type = cell("type");
  const action = sideOf(type, line);
  if (typeof action === "object") return action;
  const entered = cell("entered");
  const date = readDateTime(entered.text, options.timeZone);
  const symbol = cell("symbol");
  const isFuture =
    !isEmptyValue(cell("expiry").text) ||
    (date.ok && parseFutureSymbol(symbol.text, date.value.instant, futuresOf(options)) !== undefined);
  const orderId = cell("orderId").text;
  return futuresFill(
    {
      line,
      time: entered,
      date,
      symbol,
      stock: !isFuture,
      action,
      positionEffect: readPositionEffect(type.text),
      quantity,
      price: cell("price"),
      costs: [cell("commission")],
      accountId: cell("account").text || (options.accountId ?? ""),
      executionId: orderId === "" ? null : `order:${orderId}`,
      orderId: orderId || null,
    },
    options,
  );
}
