// A trade as a test writes it: named fields instead of a long list of `trade add` flags.
import { expect } from "vitest";
import type { CliRunner, RunOptions } from "./cli.js";

/** `trade add`'s flags by name, each value as the user would type it: `exitPrice` stands for `--exit-price`. */
export interface TradeFields {
  symbol: string;
  side: string;
  qty: string;
  price: string;
  [flag: string]: string;
}

/** The flags for `trade add` (or `trade edit`): `{ symbol: "AAPL", exitPrice: "190" }` gives `--symbol AAPL --exit-price 190`. */
export function tradeFlags(fields: Partial<TradeFields>): string[] {
  return Object.entries(fields).flatMap(([name, value]) => [
    `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
    value as string,
  ]);
}

/** Adds a trade with `trade add --json`, failing the test on any error, and returns the trade it printed. */
export async function addTrade(cli: CliRunner, flags: string[], options: RunOptions = {}) {
  const result = await cli(["trade", "add", ...flags, "--json"], options);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}
