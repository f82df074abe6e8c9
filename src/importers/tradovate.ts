// Tradovate (and the prop-firm platforms built on it): the three CSV exports of the web/desktop app.
// - Fills (Account Reports > Fills, or the Fills tab of the trading app's account module): one row per fill.
//   Columns: the API's raw fields first (`_id,_orderId,_contractId,_timestamp,_tradeDate,_action,_qty,_price,...`;
//   some versions drop the underscore), then the display columns `Fill ID,Order ID,Timestamp,Date,Account,B/S,
//   Quantity,Price,...,Contract,Product,Product Description,commission`. `_timestamp` is UTC (ISO with `Z`) and wins;
//   the display `Timestamp` (`MM/DD/YYYY HH:MM:SS`) is in the exporter's display zone.
// - Orders (the Orders tab): `orderId,Account,Order ID,B/S,Contract,Product,Product Description,avgPrice,filledQty,
//   Fill Time,lastCommandId,Status,...,Timestamp,Date,Quantity,Text,Type,Limit Price,Stop Price,...,Filled Qty,
//   Avg Fill Price,...` (older exports: the first 26 columns). One row per order, its fills averaged; values carry a
//   leading space (` Buy`, ` Filled`). A row with nothing filled (cancelled, rejected, working) is skipped; a partly
//   filled cancelled order is its filled part. No fees: commissions are 0.
// - Performance (Account Reports > Performance): `symbol,_priceFormat,_priceFormatType,_tickSize,buyFillId,
//   sellFillId,qty,buyPrice,sellPrice,pnl,boughtTimestamp,soldTimestamp,duration`: FIFO-paired pieces, each read as
//   its buy fill and its sell fill (bought before sold = long); `pnl` is gross and not read (the journal computes it).
// Traps: `Type` is the order type (Limit, Stop), never an asset type; `Date` is the trade date beside a full
// `Timestamp`; contracts are `MNQM6` (one-digit year) with no point value in the file: the futures table gives it.
// The zone: Tradovate shows times in the zone set in its settings, which defaults to the computer's; the import reads
// display times in your TradeSense time zone (`config set timezone`), or `--timezone` when the export's differs.

import { isEmptyValue, readDateTime } from "./cell-readers.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import {
  BLANK_ROW,
  bestLayout,
  type Columns,
  fillsResult,
  futuresFill,
  type Layout,
  layoutColumns,
  layoutUse,
  rowCells,
  sideOf,
} from "./futures-fill.js";

type Field =
  | "fillId"
  | "orderId"
  | "utcTime"
  | "time"
  | "side"
  | "contract"
  | "quantity"
  | "price"
  | "commission"
  | "account"
  | "status"
  | "buyFillId"
  | "sellFillId"
  | "buyPrice"
  | "sellPrice"
  | "boughtAt"
  | "soldAt";

const FILLS: Layout<Field> = {
  name: "fills",
  required: {
    fillId: ["fill id"],
    time: ["timestamp"],
    side: ["b/s"],
    contract: ["contract"],
    quantity: ["quantity"],
    price: ["price"],
  },
  optional: { orderId: ["order id"], commission: ["commission"], account: ["account"] },
  ignored: { date: "the trade date (the time is read)" },
};
const ORDERS: Layout<Field> = {
  name: "orders",
  required: {
    orderId: ["order id"],
    side: ["b/s"],
    contract: ["contract"],
    status: ["status"],
    quantity: ["filledqty", "filled qty"],
    price: ["avgprice", "avg fill price"],
    time: ["fill time"],
  },
  optional: { account: ["account"] },
  ignored: {
    quantity: "the order's quantity (the filled quantity is read)",
    "filled qty": "a copy of filledQty",
    "avg fill price": "a copy of avgPrice",
    "limit price": "the order's limit",
    "stop price": "the order's stop",
    timestamp: "when the order was placed (Fill Time is read)",
    date: "the trade date",
    "notional value": "derived from price and quantity",
  },
};
const PERFORMANCE: Layout<Field> = {
  name: "performance",
  required: {
    contract: ["symbol"],
    buyFillId: ["buyfillid"],
    sellFillId: ["sellfillid"],
    quantity: ["qty"],
    buyPrice: ["buyprice"],
    sellPrice: ["sellprice"],
    boughtAt: ["boughttimestamp"],
    soldAt: ["soldtimestamp"],
  },
  optional: {},
  ignored: { pnl: "gross P&L (the journal computes it from the prices and the point value)" },
};
const LAYOUTS = [FILLS, ORDERS, PERFORMANCE] as const;

/** `_timestamp` (or a lowercase `timestamp`): the API's UTC time, told apart from the display `Timestamp` by case. */
function utcColumn(header: string[]): number | undefined {
  const index = header.findIndex((h) => ["_timestamp", "timestamp"].includes(h.replace(/^\uFEFF/, "").trim()));
  return index === -1 ? undefined : index;
}
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

export const tradovateFormat: ImportFormat = {
  name: "tradovate",
  description: "Tradovate Fills, Orders or Performance export (futures)",
  recognises:
    "Fills: Fill ID, Timestamp, B/S, Contract, Quantity, Price (+ _timestamp, commission); Orders: Order ID, B/S, Contract, Status, filledQty, avgPrice, Fill Time; Performance: symbol, buyFillId, sellFillId, qty, buyPrice, sellPrice, boughtTimestamp, soldTimestamp",
  hasExecutionIds: true,

  matchHeader(header) {
    const { score, missing } = bestLayout(header, LAYOUTS);
    return { score, missing };
  },

  columnUse(header) {
    const use = layoutUse(header, bestLayout(header, LAYOUTS).layout);
    // The API's raw copies of the display columns (`_qty`, `_price`, `_tradeDate`...): the display columns are read.
    for (const name of header) if (name.trim().startsWith("_")) use[name.trim()] ??= "not read: an API copy";
    const utc = utcColumn(header);
    if (utc !== undefined) use[(header[utc] as string).trim()] = "time (UTC)";
    return use;
  },

  reader(header, options) {
    const layout = bestLayout(header, LAYOUTS).layout;
    const columns = layoutColumns(header, layout);
    if (layout === PERFORMANCE) return (record, line) => performanceRow(header, columns, record, line, options);
    const utc = layout === FILLS ? utcColumn(header) : undefined;
    return (record, line) => fillOrOrderRow(header, columns, utc, layout === ORDERS, record, line, options);
  },
};

function fillOrOrderRow(
  header: string[],
  columns: Columns<Field>,
  utc: number | undefined,
  orders: boolean,
  record: string[],
  line: number,
  options: ReaderOptions,
): RowResult {
  const cell = rowCells(header, columns, record);
  if (!cell) return BLANK_ROW;
  const quantity = cell("quantity");
  if (orders && (isEmptyValue(quantity.text) || quantity.text === "0")) {
    return { kind: "skip", reason: `order not filled (${cell("status").text || "no status"})` };
  }
  const action = sideOf(cell("side"), line);
  if (typeof action === "object") return action;
  const utcText = utc === undefined ? "" : (record[utc] ?? "").trim();
  const time = WITH_ZONE.test(utcText)
    ? { column: (header[utc as number] as string).trim(), text: utcText }
    : cell("time");
  const id = orders ? cell("orderId").text : cell("fillId").text;
  return futuresFill(
    {
      line,
      time,
      date: readDateTime(time.text, options.timeZone),
      symbol: cell("contract"),
      action,
      quantity,
      price: cell("price"),
      costs: orders ? [] : [cell("commission")],
      accountId: cell("account").text || (options.accountId ?? ""),
      executionId: id === "" ? null : orders ? `order:${id}` : id,
      orderId: cell("orderId").text || null,
    },
    options,
  );
}

function performanceRow(
  header: string[],
  columns: Columns<Field>,
  record: string[],
  line: number,
  options: ReaderOptions,
): RowResult {
  const cell = rowCells(header, columns, record);
  if (!cell) return BLANK_ROW;
  const buyId = cell("buyFillId").text;
  const sellId = cell("sellFillId").text;
  // One piece of a fill paired with one piece of another: the pair names both halves.
  const piece = `${buyId}:${sellId}`;
  const leg = (action: "buy" | "sell", time: Field, price: Field, id: string) =>
    futuresFill(
      {
        line,
        time: cell(time),
        date: readDateTime(cell(time).text, options.timeZone),
        symbol: cell("contract"),
        action,
        quantity: cell("quantity"),
        price: cell(price),
        costs: [],
        accountId: options.accountId ?? "",
        executionId: `pair:${piece}:${id}`,
        orderId: null,
      },
      options,
    );
  return fillsResult([leg("buy", "boughtAt", "buyPrice", buyId), leg("sell", "soldAt", "sellPrice", sellId)]);
}
