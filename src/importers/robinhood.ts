// Robinhood activity report. In the app or on the web: Account > Reports and statements > Reports > "Generate report"
// (account activity, CSV). One row per activity, newest first, every field quoted:
//   "Activity Date","Process Date","Settle Date","Instrument","Description","Trans Code","Quantity","Price","Amount"
// - Dates only (`3/5/2025`), no time of day: the file's order is kept within a day; the day is read in New York time.
// - `Trans Code` says what a row is: Buy, Sell (shares), BTO, STC, STO, BTC (options), OEXP (expired), OASGN
//   (assigned), OEXCS (exercised). Everything else (CDIV, INT, ACH, GOLD, SLIP, DTAX, REC...) is not a trade and
//   is skipped, counted by its code. A split (SPL) is refused row by row instead: skipping it would leave the
//   position's quantity wrong without a word, and the row gives no ratio to check. Robinhood does not sell stock
//   short: a plain Sell only closes shares.
// - No fee column: fees (SEC, TAF, option regulatory fees) show only in the signed net `Amount` (`$1,039.94`,
//   `($39,025.00)`), so a fill's cost is Amount against quantity x price x multiplier (row-reading's costFromNet).
// - `Description` can hold line breaks (`Apple\nCUSIP: 037833100`); option rows name the contract there
//   (`TSLA 3/21/2025 Put $240.00`, `Option Expiration for TSLA 3/21/2025 Put $240.00`) while `Instrument` is only the
//   underlying: the stored symbol is the contract's OCC symbol, multiplier 100, quantity in contracts.
// - OEXP / OASGN / OEXCS close the option at price 0: an assignment (only a short option is assigned) buys it back,
//   an exercise (only a long one is exercised) sells it, an expiration closes the side its quantity says: `1S` (the
//   `S` that Robinhood prints for a short position [inferred]) a short, `1` a long. A wrong guess cannot hide: the
//   close then finds nothing to close and the import reports it as unmatched. The shares an assignment or exercise
//   delivers are Robinhood's own Buy/Sell row at the strike, read like any other, so nothing is counted twice.
// - Footer: an empty row, then a one-cell disclaimer: both skipped.

import { Decimal } from "../domain/decimal.js";
import { defaultMultiplier } from "../domain/trade-vocabulary.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseWrittenOption } from "./option-symbols.js";
import {
  checkedFill,
  columnIndex,
  columnUseIn,
  costFromNet,
  isBlankRecord,
  isNoteRecord,
  type Layout,
  matchLayouts,
  RowReading,
} from "./row-reading.js";

const LAYOUT: Layout = {
  name: "activity",
  columns: [
    "Activity Date",
    "Process Date",
    "Settle Date",
    "Instrument",
    "Description",
    "Trans Code",
    "Quantity",
    "Price",
    "Amount",
  ],
  required: ["Activity Date", "Instrument", "Description", "Trans Code", "Quantity", "Price", "Amount"],
};

const USE = {
  "Activity Date": "date",
  "Process Date": "not a fill time (processing date)",
  "Settle Date": "not a fill time (settlement date)",
  Instrument: "symbol (the underlying of an option)",
  Description: "option contract",
  "Trans Code": "side",
  Quantity: "quantity",
  Price: "price",
  Amount: "commission and fees (net amount less quantity x price)",
};

type Code = { action: "buy" | "sell"; effect: "open" | "close" | null; option: boolean; removal?: boolean };
const CODES: Record<string, Code> = {
  BUY: { action: "buy", effect: null, option: false },
  SELL: { action: "sell", effect: null, option: false },
  BTO: { action: "buy", effect: "open", option: true },
  STC: { action: "sell", effect: "close", option: true },
  STO: { action: "sell", effect: "open", option: true },
  BTC: { action: "buy", effect: "close", option: true },
  OASGN: { action: "buy", effect: "close", option: true, removal: true },
  OEXCS: { action: "sell", effect: "close", option: true, removal: true },
  OEXP: { action: "sell", effect: "close", option: true, removal: true },
};

/** The contract in an option row's description, wherever it stands in the text. */
const CONTRACT = /([A-Z][A-Z0-9.]{0,5}) (\d{1,2}\/\d{1,2}\/\d{4}) (Call|Put) \$?([\d,]+(?:\.\d+)?)/i;

export const robinhoodFormat: ImportFormat = {
  name: "robinhood",
  description: "Robinhood account activity report (stocks and options)",
  recognises:
    "headers Activity Date, Process Date, Settle Date, Instrument, Description, Trans Code, Quantity, Price, Amount",
  layouts: [{ name: LAYOUT.name, recognises: LAYOUT.columns.join(", ") }],
  defaultTimeZone: "America/New_York",
  hasExecutionIds: false,
  matchHeader: (header, _mapping, preamble) => matchLayouts(header, [LAYOUT], preamble),
  columnUse: (header) => columnUseIn(header, USE),
  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      const row = new RowReading(line, record, { header, names: columns });
      const codeText = row.cell("Trans Code");
      if (codeText === "" && isNoteRecord(record)) return { kind: "skip", reason: "footer or note row" };
      // A split changes the shares held, so skipping it would leave the position wrong without a word; the export
      // gives no ratio we could check, so the row is refused and the user states the position (--opening or by hand).
      if (codeText.toUpperCase() === "SPL") {
        row.fail(
          "Trans Code",
          codeText,
          "a stock split is not applied from Robinhood's export: the position keeps its quantity before the split; record the change by hand",
        );
        return { kind: "error", errors: row.errors };
      }
      const code = CODES[codeText.toUpperCase()];
      if (!code) return { kind: "skip", reason: `non-trade row (${codeText || "no code"})` };

      const date = row.date("Activity Date", options.timeZone, now);
      let symbol: string | undefined = row.cell("Instrument").toUpperCase();
      let action = code.action;
      const quantityText = row.cell("Quantity");
      // An expiration's `1S`: the position was short, so the expiry buys it back.
      const short = code.removal && /^[\d.,]+\s*S$/i.test(quantityText);
      if (codeText.toUpperCase() === "OEXP" && short) action = "buy";
      const quantity = row.magnitude("Quantity", "quantity", short ? quantityText.replace(/\s*S$/i, "") : quantityText);
      if (code.option) {
        const description = row.cell("Description");
        const match = CONTRACT.exec(description.replace(/\s+/g, " "));
        symbol = row.option(
          "Description",
          description,
          match ? parseWrittenOption(`${match[1]} ${match[2]} ${match[3]} ${match[4]?.replace(/,/g, "")}`) : null,
          "format",
        );
      }
      const multiplier = defaultMultiplier(code.option ? "option" : "stock");
      const price = code.removal ? "0" : row.magnitude("Price", "price");
      let commission: string | undefined = "0";
      if (!code.removal && price !== undefined && quantity !== undefined) {
        const gross = new Decimal(quantity).times(price).times(multiplier);
        commission = costFromNet(row, "Amount", action, gross, row.cell("Amount"));
      }
      return checkedFill(row, options, { date, symbol, action, quantity, price, commission }, () => ({
        positionEffect: code.effect,
        assetType: code.option ? "option" : "stock",
        details: { transCode: codeText },
      }));
    };
  },
};
