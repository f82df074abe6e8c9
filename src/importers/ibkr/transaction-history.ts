import { defaultMultiplier } from "../../domain/trade-vocabulary.js";
import type { ReaderOptions, RowReader, RowResult } from "../format.js";
import { parseOccSymbol, parseWrittenOption } from "../option-symbols.js";
import { asDecimal, columnIndex, headerScore, RowReading } from "../row-reading.js";

const SECTION = "Transaction History";
export const HISTORY_REQUIRED = ["Date", "Transaction Type", "Symbol", "Quantity", "Price", "Commission"];

export function matchHistoryHeader(record: string[]) {
  const section = (record[0] ?? "").replace(/^\uFEFF/, "").trim();
  if (section !== SECTION || (record[1] ?? "").trim() !== "Header")
    return { score: 0, missing: ["a `Transaction History,Header` row"] };
  return headerScore(record, HISTORY_REQUIRED);
}

export const HISTORY_COLUMN_USE: Record<string, string> = {
  Date: "date",
  Account: "account",
  "Transaction Type": "side",
  Symbol: "symbol",
  Quantity: "quantity",
  Price: "price",
  "Price Currency": "currency",
  Commission: "commission",
  "Gross Amount": "check of quantity x price x multiplier",
  "Net Amount": "not needed (gross amount plus commission)",
};

export function historyReader(header: string[], options: ReaderOptions): RowReader {
  let columns = columnIndex(header);
  const now = options.now ?? new Date();
  return (record: string[], line: number): RowResult => {
    const section = (record[0] ?? "").trim();
    if (section !== SECTION) return { kind: "skip", reason: `not a trade (section ${section || "blank"})` };
    const kind = (record[1] ?? "").trim();
    if (kind === "Header") {
      columns = columnIndex(record);
      return { kind: "skip", reason: "section header" };
    }
    if (kind !== "Data") return { kind: "skip", reason: `not a trade (${kind} row)` };
    const row = new RowReading(line, record, { names: columns });
    const type = row.cell("Transaction Type");
    const action = type === "Buy" ? "buy" : type === "Sell" ? "sell" : undefined;
    if (!action) return { kind: "skip", reason: `non-trade row (${type || "no type"})` };
    const raw = row.cell("Symbol");
    const contract = parseOccSymbol(raw) ?? parseWrittenOption(raw);
    const assetType = contract ? "option" : "stock";
    const symbol = contract ? row.option("Symbol", raw, contract) : row.symbol("Symbol", raw);
    const when = row.date("Date", options.timeZone, now, row.cell("Date"));
    const quantity = asDecimal(row.quantity("Quantity"));
    const price = row.price("Price");
    const commission = row.costs(["Commission"], -1);
    const multiplier = defaultMultiplier(contract ? "option" : "stock");
    const gross = row.has("Gross Amount") ? asDecimal(row.decimal("Gross Amount", "money")) : undefined;
    if (gross && quantity && price !== undefined) {
      const expected = quantity.abs().times(price).times(multiplier);
      if (expected.minus(gross.abs()).abs().gt("0.01"))
        row.fail(
          "Gross Amount",
          row.cell("Gross Amount"),
          `is not Quantity x Price x ${multiplier} (${expected.toFixed(2)})`,
        );
    }
    const accountId = row.cell("Account") || (options.accountId ?? "");
    const currency = row.cell("Price Currency").toUpperCase() || null;
    return row.fill({ date: when, symbol, action, quantity, price, commission }, () => ({
      accountId,
      assetType,
      multiplier,
      currency,
    }));
  };
}
