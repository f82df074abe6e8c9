// Degiro: the Transactions export (Inbox/Activity -> Transactions -> Export -> CSV, "Transactions.csv"), one row per
// fill. Headers are written in the web site's language; the English one:
//   Date,Time,Product,ISIN,Reference exchange,Venue,Quantity,Price,,Local value,,Value EUR,Exchange rate,AutoFX Fee,
//   Transaction and/or third party fees EUR,Total EUR,Order ID
// and a later one where every amount is followed by its own blank-named currency column (`Value,,`, `Total,,`).
// Dutch (Datum,Tijd,Product,ISIN,Beurs,Uitvoeringsplaats,Aantal,Koers,...), German (Datum,Uhrzeit,Produkt,ISIN,
// Referenzbörse,Ausführungsort,Anzahl,Kurs,...) and French (Date,Heure,Produit,Code ISIN,...) headers are read too
// [inferred from other projects' parsers].
// Traps:
// - Blank-named columns hold currencies: the one after `Price` is the price's (the fill's) currency.
// - Numbers use a decimal comma (`"131,1700"`, `"-1.234,56"`, quoted because of the comma). A value with a point and
//   no comma is read as a decimal point unless exactly three digits follow it (`1.234`): that could be either, and is
//   the row's error.
// - `dd-MM-yyyy` and `HH:mm`, in the site's time, read as Europe/Amsterdam [inferred].
// - `Quantity` is signed (negative for a sale). No ticker: the ISIN is the symbol, the product name kept as a detail.
// - Costs (`AutoFX Fee`, `Transaction and/or third party fees`) are in the account's currency (EUR), negative. A fill's
//   commission is in its price's currency, so they are converted at the row's `Exchange rate`, in the direction the
//   row's own `Local value` and `Value` confirm (to the cent); a row that fits neither is an error.
import { Decimal } from "../domain/decimal.js";
import { isEmptyValue } from "./cell-readers.js";
import type { HeaderMatch, ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { cleanHeader, foldHeader, isBlankRecord, RowReading, unsigned } from "./row-reading.js";

type Field =
  | "date"
  | "time"
  | "product"
  | "isin"
  | "exchange"
  | "quantity"
  | "price"
  | "localValue"
  | "value"
  | "rate"
  | "autoFx"
  | "fees"
  | "total"
  | "orderId";
const NAMES: Record<Field, string[]> = {
  date: ["date", "datum"],
  time: ["time", "tijd", "uhrzeit", "heure"],
  product: ["product", "produkt", "produit"],
  isin: ["isin", "code isin"],
  exchange: ["reference exchange", "beurs", "referenzbörse", "place boursiere", "place boursière"],
  quantity: ["quantity", "aantal", "anzahl", "quantité", "quantite"],
  price: ["price", "koers", "kurs", "cours"],
  localValue: ["local value", "lokale waarde", "wert in lokalwährung", "montant devise locale"],
  value: ["value", "waarde", "wert", "montant"],
  rate: ["exchange rate", "wisselkoers", "wechselkurs", "taux de change"],
  autoFx: ["autofx fee", "autofx kosten", "autofx gebühr", "frais autofx"],
  fees: [
    "transaction and/or third party fees",
    "transaction costs",
    "transactiekosten en/of kosten van derden",
    "transactiekosten",
    "transaktionsgebühren und/oder gebühren dritter",
    "transaktionsgebühren",
    "frais de courtage et/ou de parties tierces",
    "frais de courtage",
  ],
  total: ["total", "totaal", "gesamt"],
  orderId: ["order id", "order-id", "id ordre"],
};
/** The fields whose blank-named neighbour holds their currency. */
const AMOUNTS = new Set<Field>(["price", "localValue", "value", "autoFx", "fees", "total"]);
/** How the summary names what a column is read as. */
const LABELS: Partial<Record<Field, string>> = {
  autoFx: "fees",
  fees: "fees",
  localValue: "check of the exchange rate",
  value: "check of the exchange rate",
  total: "not needed",
  product: "name",
  orderId: "order id",
  rate: "exchange rate",
};
const REQUIRED: Field[] = ["date", "time", "isin", "quantity", "price", "localValue", "value"];

/** The English header names, for a near miss. */
const DISPLAY_NAMES: Record<Field, string> = {
  date: "Date",
  time: "Time",
  product: "Product",
  isin: "ISIN",
  exchange: "Reference exchange",
  quantity: "Quantity",
  price: "Price",
  localValue: "Local value",
  value: "Value",
  rate: "Exchange rate",
  autoFx: "AutoFX Fee",
  fees: "Transaction and/or third party fees",
  total: "Total",
  orderId: "Order ID",
};

/** A column and its currency: written in its name (`Value EUR`), else in the blank-named column after it. */
interface Column {
  index: number;
  currency?: string;
  currencyIndex?: number;
}

function layoutOf(header: string[]): Partial<Record<Field, Column>> {
  const folded = header.map(foldHeader);
  const layout: Partial<Record<Field, Column>> = {};
  const taken = new Set<number>();
  for (const field of Object.keys(NAMES) as Field[]) {
    for (const name of NAMES[field]) {
      const index = folded.findIndex(
        (h, i) =>
          !taken.has(i) && (h === name || (h.startsWith(`${name} `) && /^ \(?[a-z]{3}\)?$/.test(h.slice(name.length)))),
      );
      if (index === -1) continue;
      taken.add(index);
      const suffix = (folded[index] as string).slice(name.length).replace(/[ ()]/g, "");
      const column: Column = { index };
      if (suffix.length === 3) column.currency = suffix.toUpperCase();
      else if (folded[index + 1] === "" && AMOUNTS.has(field)) column.currencyIndex = index + 1;
      layout[field] = column;
      break;
    }
  }
  return layout;
}

/**
 * A Degiro number: decimal comma, points grouping thousands. Returns the plain decimal text, or undefined when the
 * value could be read two ways.
 */
export function fromDecimalComma(text: string): string | undefined {
  const value = text.trim();
  if (value.includes(",")) {
    const [integer, fraction, ...rest] = value.split(",");
    if (
      rest.length > 0 ||
      !/^[-+]?(\d{1,3}(\.\d{3})*|\d+)$/.test(integer as string) ||
      !/^\d+$/.test(fraction as string)
    )
      return value; // not a decimal-comma number: readDecimal names what is wrong
    return `${(integer as string).replace(/\./g, "")}.${fraction}`;
  }
  if (/^[-+]?\d{1,3}\.\d{3}$/.test(value)) return undefined;
  return value;
}

export const degiroFormat: ImportFormat = {
  name: "degiro",
  description: "Degiro Transactions export (English, Dutch, German or French headers; decimal commas; dd-MM-yyyy)",
  recognises:
    "headers Date, Time, Product, ISIN, Quantity, Price, Local value, Value (or Datum, Tijd, Aantal, Koers...)",
  defaultTimeZone: "Europe/Amsterdam",
  hasExecutionIds: false,

  matchHeader(header): HeaderMatch {
    const layout = layoutOf(header);
    const missing = REQUIRED.filter((f) => layout[f] === undefined);
    return {
      score: (REQUIRED.length - missing.length) / REQUIRED.length,
      missing: missing.map((f) => DISPLAY_NAMES[f]),
    };
  },

  columnUse(header) {
    const layout = layoutOf(header);
    const use: Record<string, string> = {};
    for (const [field, column] of Object.entries(layout) as [Field, Column][]) {
      use[cleanHeader(header[column.index])] = LABELS[field] ?? field;
      if (column.currencyIndex !== undefined)
        use[cleanHeader(header[column.currencyIndex]) || `column ${column.currencyIndex + 1}`] =
          `${field === "price" ? "currency" : `${LABELS[field] ?? field} currency`}`;
    }
    return use;
  },

  reader(header: string[], options: ReaderOptions) {
    const l = layoutOf(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header });
      const number = (column: Column | undefined, field: string): string | undefined => {
        const text = row.cell(column?.index);
        const plain = fromDecimalComma(text);
        if (plain === undefined) {
          row.fail(
            column?.index,
            row.cell(column?.index),
            "a point with three digits after it: thousands or decimals? (Degiro writes decimal commas)",
            field,
          );
          return undefined;
        }
        return plain;
      };
      const currency = (column: Column | undefined, field: string): string | undefined => {
        if (column?.currency !== undefined) return column.currency;
        const text = row.cell(column?.currencyIndex).trim().toUpperCase();
        if (/^[A-Z]{3}$/.test(text)) return text;
        row.fail(column?.currencyIndex ?? column?.index, text, "not a currency code", `${field} currency`);
        return undefined;
      };

      const symbol = row.ticker(l.isin?.index);
      const quantityText = number(l.quantity, "quantity");
      const quantity = quantityText === undefined ? undefined : row.quantity(l.quantity?.index, quantityText);
      const priceText = number(l.price, "price");
      const price = priceText === undefined ? undefined : row.price(l.price?.index, priceText);
      const priceCurrency = currency(l.price, "price");
      const when = `${row.cell(l.date?.index).trim()} ${row.cell(l.time?.index).trim()}`;
      const executedAt = row.instant(l.date?.index, when, {
        timeZone: options.timeZone,
        now,
        format: "dd-MM-yyyy HH:mm",
      });

      // Costs in the account's currency (Value's), as positive amounts.
      let accountCosts = new Decimal(0);
      for (const cost of [l.autoFx, l.fees]) {
        if (cost === undefined || !row.has(cost.index)) continue;
        const text = number(cost, "fees");
        const value = text === undefined ? undefined : row.decimal(cost.index, "amount", text);
        if (value !== undefined) accountCosts = accountCosts.plus(unsigned(value).magnitude);
      }
      const accountCurrency = currency(l.value, "value");
      let commission: string | undefined;
      if (priceCurrency && accountCurrency && row.errors.length === 0) {
        if (accountCosts.isZero() || priceCurrency === accountCurrency) commission = row.commission(accountCosts);
        else {
          const converted = convertCosts(row, l, number, accountCosts);
          if (converted !== undefined) commission = row.commission(converted);
        }
      }
      const orderId = row.optionalText(l.orderId?.index, "order id", 100);
      const details: Record<string, string> = {};
      if (row.has(l.product?.index)) details.name = row.cell(l.product?.index).trim();
      if (row.has(l.exchange?.index)) details.exchange = row.cell(l.exchange?.index).trim();
      return row.fill({ symbol, quantity, price, priceCurrency, executedAt, commission }, (v) => ({
        action: unsigned(v.quantity).negative ? "sell" : "buy",
        accountId: options.accountId ?? "",
        orderId,
        currency: v.priceCurrency,
        details,
      }));
    };
  },
};

/**
 * Costs from the account's currency into the price's, at the row's exchange rate: the direction is the one in which
 * the row's Local value and Value agree to the cent.
 */
function convertCosts(
  row: RowReading,
  l: Partial<Record<Field, Column>>,
  number: (column: Column | undefined, field: string) => string | undefined,
  costs: Decimal,
): Decimal | undefined {
  const texts = [number(l.rate, "exchange rate"), number(l.localValue, "local value"), number(l.value, "value")];
  if (texts.some((t) => t === undefined || isEmptyValue(t))) {
    if (row.errors.length === 0)
      row.fail(
        l.rate?.index,
        row.cell(l.rate?.index),
        "costs in another currency than the price need the row's exchange rate",
        "exchange rate",
      );
    return undefined;
  }
  const [rate, local, value] = [
    row.decimal(l.rate?.index, "amount", texts[0] as string),
    row.decimal(l.localValue?.index, "amount", texts[1] as string),
    row.decimal(l.value?.index, "amount", texts[2] as string),
  ];
  if (rate === undefined || local === undefined || value === undefined) return undefined;
  const r = new Decimal(rate);
  if (r.lte(0)) {
    row.fail(l.rate?.index, row.cell(l.rate?.index), "must be positive", "exchange rate");
    return undefined;
  }
  const localAbs = new Decimal(unsigned(local).magnitude);
  const valueAbs = new Decimal(unsigned(value).magnitude);
  if (localAbs.div(r).minus(valueAbs).abs().lte("0.01")) return costs.times(r);
  if (localAbs.times(r).minus(valueAbs).abs().lte("0.01")) return costs.div(r);
  row.fail(
    l.rate?.index,
    row.cell(l.rate?.index),
    `local value ${local} and value ${value} do not agree at this rate`,
    "exchange rate",
  );
  return undefined;
}
