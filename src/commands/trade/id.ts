import { idArgument } from "../define.js";

/** The <id> argument of the trade verbs: a positive whole number (commander reports the error and exits 2). */
export const parseTradeId = idArgument("trade id must be a whole number, see `tradesense trade list`.");
