// Trading 212: the account history export (Menu -> History -> Export, CSV), one row per order fill and cash event.
// Columns are found by name; Trading 212 has used three column sets:
//   2020-21: Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,
//            Result (EUR),Total (EUR),Withholding tax,Currency (Withholding tax),Charge amount (EUR),
//            Transaction fee (EUR),Finra fee (EUR),Notes,ID              (the account currency in the header names)
//   2022-23: ...,Exchange rate,Result,Currency (Result),Total,Currency (Total),Withholding tax,Currency (Withholding
//            tax),Stamp duty reserve tax,Currency (Stamp duty reserve tax),Notes,ID,Currency conversion fee,
//            Currency (Currency conversion fee)                       (each amount followed by its currency column)
//   2024-  : Action,Time,ISIN,Ticker,Name,Notes,ID,No. of shares,...,Currency conversion from amount,...,
//            Currency conversion fee,...,French transaction tax,...,Stamp duty reserve tax,...,Finra fee,...,
//            Transaction fee,Currency (Transaction fee)
// Traps:
// - `Action` is `Market buy`, `Limit sell`, `Stop buy`, `Stop limit sell`...; every other action (Deposit,
//   Withdrawal, Dividend (...), Interest on cash, Currency conversion...) is skipped and counted. No shorting: a sell
//   with nothing open is unmatched.
// - `No. of shares` is fractional to 10 places (0.0123456789): held exactly.
// - The price is in its own currency (`Currency (Price / share)`: USD, EUR, GBX pence...), the fees in theirs
//   (usually the account's, stamp duty in GBP). A fill's commission must be in the price's currency, so a fee in the
//   account's currency is converted at the row's `Exchange rate`; which way the rate goes is taken from the row
//   itself (its `Total` must equal shares x price at the rate, plus or minus the fees, to the cent), and a row that
//   fits neither way, or a fee in a third currency, is an error, never a guess. GBP and GBX differ by exactly 100.
// - `Time` is `2023-12-18 14:30:03.613`, read as UTC [inferred]; `ID` (EOF...) is the execution id.
// - `Result` and `Total` are the broker's sums in the account currency: `Total` checks the rate, `Result` is not read.
import { Decimal } from "../domain/decimal.js";
import { isEmptyValue } from "./cell-readers.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import {
  type ColumnNames,
  findColumns,
  foldHeader,
  isBlankRecord,
  matchRequired,
  RowReading,
  unsigned,
  useOf,
} from "./row-reading.js";

type Field = "action" | "time" | "isin" | "ticker" | "name" | "shares" | "price" | "priceCurrency" | "rate" | "id";
const NAMES: ColumnNames<Field> = {
  action: ["Action"],
  time: ["Time"],
  isin: ["ISIN"],
  ticker: ["Ticker"],
  name: ["Name"],
  shares: ["No. of shares"],
  price: ["Price / share"],
  priceCurrency: ["Currency (Price / share)"],
  rate: ["Exchange rate"],
  id: ["ID"],
};
const REQUIRED: Field[] = ["action", "time", "ticker", "shares", "price", "priceCurrency"];
/** Fee columns, summed into the commission once in the price's currency. */
const FEES = [
  "transaction fee",
  "finra fee",
  "stamp duty reserve tax",
  "stamp duty",
  "currency conversion fee",
  "french transaction tax",
  "ptm levy",
];
/** Amounts that belong to cash events: a value on a trade row is an error, not dropped. */
const NOT_ON_TRADES = [
  "withholding tax",
  "charge amount",
  "currency conversion from amount",
  "currency conversion to amount",
];
const TRADE_ACTION = /^(market|limit|stop|stop limit) (buy|sell)$/;

/** An amount column and where its currency is: its own `Currency (...)` column, or the `(EUR)` in its name. */
interface Amount {
  index: number;
  name: string;
  currencyIndex?: number;
  currency?: string;
}

function amountColumn(header: string[], name: string): Amount | undefined {
  const folded = header.map(foldHeader);
  let index = folded.indexOf(name);
  if (index !== -1) {
    const currencyIndex = folded.indexOf(`currency (${name})`);
    return { index, name, ...(currencyIndex !== -1 ? { currencyIndex } : {}) };
  }
  index = folded.findIndex((h) => h.startsWith(`${name} (`) && /\([a-z]{3}\)$/.test(h));
  if (index === -1) return undefined;
  return { index, name, currency: (folded[index] as string).slice(-4, -1).toUpperCase() };
}

function layoutOf(header: string[]) {
  const columns = findColumns(header, NAMES);
  const fees = FEES.flatMap((name) => amountColumn(header, name) ?? []);
  const total = amountColumn(header, "total");
  const result = amountColumn(header, "result");
  const cash = NOT_ON_TRADES.flatMap((name) => amountColumn(header, name) ?? []);
  return { columns, fees, total, result, cash };
}

export const trading212Format: ImportFormat = {
  name: "trading212",
  description: "Trading 212 account history (three column sets; fractional shares; fees in their own currencies)",
  recognises: "headers Action, Time, Ticker, No. of shares, Price / share, Currency (Price / share)",
  defaultTimeZone: "UTC",
  hasExecutionIds: true,

  matchHeader(header) {
    return matchRequired(findColumns(header, NAMES), REQUIRED, NAMES);
  },

  columnUse(header) {
    const { columns, fees, total, result, cash } = layoutOf(header);
    const groups = {
      fees: fees.map((f) => f.index),
      "fee currency": fees.map((f) => f.currencyIndex),
      "check of the exchange rate": [total?.index],
      "account currency": [total?.currencyIndex],
      "not needed": [result?.index, result?.currencyIndex],
      "cash events only": cash.flatMap((amount) => [amount.index, amount.currencyIndex]),
    };
    return useOf(header, columns, groups, {
      ticker: "symbol",
      shares: "quantity",
      priceCurrency: "currency",
      rate: "exchange rate",
      id: "execution id",
    });
  },

  reader(header: string[], options: ReaderOptions) {
    const { columns: c, fees, total, cash } = layoutOf(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header });
      const actionText = row.cell(c.action).trim();
      const match = TRADE_ACTION.exec(actionText.toLowerCase().replace(/\s+/g, " "));
      if (!match) {
        if (/\b(buy|sell)\b/i.test(actionText))
          row.fail(c.action, row.cell(c.action), "not a Trading 212 order action", "action");
        else return { kind: "skip", reason: `non-trade row (${actionText || "no action"})` };
        return row.result();
      }
      const action = match[2] === "buy" ? "buy" : "sell";
      for (const amount of cash)
        if (row.has(amount.index))
          row.fail(amount.index, row.cell(amount.index), "an amount of a cash event on a trade row", amount.name);

      const symbol = row.ticker(c.ticker);
      const quantity = row.quantity(c.shares);
      if (quantity !== undefined && unsigned(quantity).negative)
        row.fail(c.shares, row.cell(c.shares), "must be positive: the action says buy or sell", "shares");
      const price = row.price(c.price);
      const priceCurrency = row.text(c.priceCurrency, "price currency", 3)?.toUpperCase();
      const executedAt = row.instant(c.time, row.cell(c.time), { timeZone: options.timeZone, now });
      const accountCurrency = total ? currencyOf(row, total) : undefined;

      // Each fee in its currency; then everything in the price's currency.
      const feeAmounts: { amount: Decimal; currency: string; index: number }[] = [];
      for (const fee of fees) {
        if (!row.has(fee.index)) continue;
        const value = row.decimal(fee.index, "amount");
        const currency = currencyOf(row, fee);
        if (value !== undefined && currency !== undefined)
          feeAmounts.push({ amount: new Decimal(unsigned(value).magnitude), currency, index: fee.index });
      }
      let commission: string | undefined;
      if (priceCurrency !== undefined && price !== undefined && quantity !== undefined && row.errors.length === 0) {
        const inPrice = feesInPriceCurrency(row, {
          fees: feeAmounts,
          priceCurrency,
          accountCurrency,
          gross: new Decimal(price).times(unsigned(quantity).magnitude),
          action,
          rateIndex: c.rate,
          totalIndex: total?.index,
        });
        if (inPrice !== undefined) commission = row.commission(inPrice);
      }
      const executionId = row.optionalText(c.id, "id", 100);
      const details: Record<string, string> = {};
      if (row.has(c.isin)) details.isin = row.cell(c.isin).trim();
      if (row.has(c.name)) details.name = row.cell(c.name).trim();
      return row.fill({ symbol, quantity, price, priceCurrency, executedAt, commission }, (v) => ({
        action,
        accountId: options.accountId ?? "",
        executionId,
        currency: v.priceCurrency,
        details,
      }));
    };
  },
};

function currencyOf(row: RowReading, amount: Amount): string | undefined {
  if (amount.currency !== undefined) return amount.currency;
  const text = row.cell(amount.currencyIndex).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(text)) {
    row.fail(amount.currencyIndex, row.cell(amount.currencyIndex), "not a currency code", `Currency (${amount.name})`);
    return undefined;
  }
  return text;
}

/** Pence and pounds: a fixed factor, no rate needed. */
function fixedFactor(from: string, to: string): Decimal | undefined {
  if (from === to) return new Decimal(1);
  if (from === "GBP" && to === "GBX") return new Decimal(100);
  if (from === "GBX" && to === "GBP") return new Decimal("0.01");
  return undefined;
}

/**
 * The fees summed in the price's currency. A fee in the account's currency is converted at the row's exchange rate,
 * in the direction the row's Total confirms (shares x price at the rate, plus the fees for a buy, minus for a sell).
 */
function feesInPriceCurrency(
  row: RowReading,
  input: {
    fees: { amount: Decimal; currency: string; index: number }[];
    priceCurrency: string;
    accountCurrency: string | undefined;
    gross: Decimal;
    action: "buy" | "sell";
    rateIndex: number | undefined;
    totalIndex: number | undefined;
  },
): Decimal | undefined {
  let sum = new Decimal(0);
  let toConvert = new Decimal(0);
  let accountFees = new Decimal(0);
  for (const fee of input.fees) {
    const factor = fixedFactor(fee.currency, input.priceCurrency);
    if (factor !== undefined) sum = sum.plus(fee.amount.times(factor));
    else if (fee.currency === input.accountCurrency) toConvert = toConvert.plus(fee.amount);
    else {
      row.fail(
        fee.index,
        row.cell(fee.index),
        `in ${fee.currency}, neither the price's currency (${input.priceCurrency}) nor the account's`,
        "fee",
      );
      return undefined;
    }
  }
  if (toConvert.isZero()) return sum;
  // The fees in the account's currency, for the Total check: the price-currency ones too, through the same rate.
  const rateText = row.cell(input.rateIndex);
  const totalText = row.cell(input.totalIndex);
  if (isEmptyValue(rateText) || isEmptyValue(totalText)) {
    row.fail(
      input.rateIndex,
      row.cell(input.rateIndex),
      "a fee in the account's currency needs the row's exchange rate and total",
      "Exchange rate",
    );
    return undefined;
  }
  const rate = row.decimal(input.rateIndex, "amount");
  const totalValue = row.decimal(input.totalIndex, "amount");
  if (rate === undefined || totalValue === undefined || new Decimal(rate).lte(0)) {
    if (rate !== undefined && new Decimal(rate).lte(0))
      row.fail(input.rateIndex, row.cell(input.rateIndex), "must be positive", "Exchange rate");
    return undefined;
  }
  const r = new Decimal(rate);
  const total = new Decimal(unsigned(totalValue).magnitude);
  accountFees = toConvert;
  // Two readings of the rate: price-currency units per account unit (divide), or the inverse (multiply).
  for (const [toAccount, toPrice] of [
    [(x: Decimal) => x.div(r), (x: Decimal) => x.times(r)],
    [(x: Decimal) => x.times(r), (x: Decimal) => x.div(r)],
  ] as const) {
    const grossAccount = toAccount(input.gross);
    const feesAccount = accountFees.plus(toAccount(sum));
    const expected = input.action === "buy" ? grossAccount.plus(feesAccount) : grossAccount.minus(feesAccount);
    if (expected.minus(total).abs().lte("0.01")) return sum.plus(toPrice(toConvert));
  }
  row.fail(
    input.totalIndex,
    row.cell(input.totalIndex),
    `does not equal shares x price at the exchange rate ${rate} with the fees: cannot convert the fees exactly`,
    "Total",
  );
  return undefined;
}
