import { InvalidArgumentError } from "commander";

/** The <id> argument of the trade verbs: a positive whole number (commander reports the error and exits 2). */
export function parseTradeId(value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError("trade id must be a whole number, see `tradesense trade list`.");
  }
  return Number(value);
}
