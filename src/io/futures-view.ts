// `futures --json`: the declared shape of a futures contract (README "JSON output"). Point values and ticks are
// decimal strings as the table writes them ("12.5", "0.25"); an unknown tick, exchange or name is "".
import type { ContractSpec } from "../domain/futures.js";
import type { ContractListing } from "../domain/user-contracts.js";

export interface ContractJson {
  root: string;
  pointValue: string;
  tickSize: string;
  exchange: string;
  currency: string;
  name: string;
}

/** A contract as `futures set` prints it: its root and spec. */
export function contractJson(contract: ContractSpec & { root: string }): ContractJson {
  return {
    root: contract.root,
    pointValue: contract.pointValue,
    tickSize: contract.tickSize,
    exchange: contract.exchange,
    currency: contract.currency,
    name: contract.name,
  };
}

/** A contract in `futures list`: with where its row comes from ("built-in", "yours", "yours (built-in: 50)"). */
export function listedContractJson(contract: ContractListing): ContractJson & { source: string } {
  return { ...contractJson(contract), source: contract.source };
}

/** The built-in row a root goes back to after `futures unset`, without its root. */
export function contractSpecJson(spec: ContractSpec): Omit<ContractJson, "root"> {
  return {
    pointValue: spec.pointValue,
    tickSize: spec.tickSize,
    exchange: spec.exchange,
    currency: spec.currency,
    name: spec.name,
  };
}
