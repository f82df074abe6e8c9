// The user's futures contract table: list (built-in rows with the user's laid over them), set and unset, each change
// with its audit row in one transaction, and the resolved table an import hands to the format readers.
import type { Kysely } from "kysely";
import { recordAudit } from "../db/audit.js";
import { deleteUserContract, listUserContracts, type UserContractRow, upsertUserContract } from "../db/futures.js";
import type { Database } from "../db/schema.js";
import { FieldError, NotFoundError, ValidationError } from "../errors.js";
import { parseDecimal } from "./decimal.js";
import { type ContractSpec, type FuturesTable, futuresTable, isFuturesRoot } from "./futures.js";
import { BUILT_IN_CONTRACTS } from "./futures-contracts.js";

export interface ContractListing extends ContractSpec {
  root: string;
  /** "built-in", "yours" (a root the built-in table lacks) or "yours (built-in: 50)" (an override). */
  source: string;
}

export interface SetContractInput {
  root: string;
  pointValue: string;
  tickSize?: string | undefined;
  exchange?: string | undefined;
  currency?: string | undefined;
}

const trimZeros = (value: string) => (value.includes(".") ? value.replace(/\.?0+$/, "") : value);

function specOf(row: UserContractRow): ContractSpec {
  const builtIn = BUILT_IN_CONTRACTS.get(row.root);
  return {
    pointValue: trimZeros(row.point_value),
    tickSize: row.tick_size !== null ? trimZeros(row.tick_size) : (builtIn?.tickSize ?? ""),
    exchange: row.exchange ?? builtIn?.exchange ?? "",
    currency: row.currency ?? builtIn?.currency ?? "USD",
    name: builtIn?.name ?? "",
  };
}

/** The table an import reads futures with: built-in rows, then the user's. Loaded once per import. */
export async function loadFuturesTable(db: Kysely<Database>, userId: number): Promise<FuturesTable> {
  const rows = await listUserContracts(db, userId);
  return futuresTable(rows.map((row) => [row.root, specOf(row)]));
}

export async function listContracts(db: Kysely<Database>, userId: number): Promise<ContractListing[]> {
  const own = new Map((await listUserContracts(db, userId)).map((row) => [row.root, row]));
  const roots = [...new Set([...BUILT_IN_CONTRACTS.keys(), ...own.keys()])].sort();
  return roots.map((root) => {
    const row = own.get(root);
    const builtIn = BUILT_IN_CONTRACTS.get(root);
    if (!row) return { root, ...(builtIn as ContractSpec), source: "built-in" };
    return { root, ...specOf(row), source: builtIn ? `yours (built-in: ${builtIn.pointValue})` : "yours" };
  });
}

export function parseRoot(text: string): string {
  const root = text.trim().toUpperCase();
  if (!isFuturesRoot(root)) {
    throw new ValidationError(`'${text}' is not a futures root: 1-4 letters and digits, e.g. ES, MNQ, 6E, SR3`);
  }
  return root;
}

/** The values of `futures set`, checked (each refusal names its flag): the root and the row's columns. */
export function parseContractInput(input: SetContractInput) {
  const root = parseRoot(input.root);
  const values = {
    point_value: parseDecimal(input.pointValue, { field: "pointValue", precision: 12, scale: 4, sign: "positive" }),
    tick_size:
      input.tickSize === undefined
        ? null
        : parseDecimal(input.tickSize, { field: "tickSize", precision: 15, scale: 8, sign: "positive" }),
    exchange: input.exchange === undefined ? null : parseExchange(input.exchange),
    currency: input.currency === undefined ? null : parseCurrency(input.currency),
  };
  return { root, values };
}

/** Adds a root or overrides a built-in one. */
export async function setContract(db: Kysely<Database>, userId: number, input: SetContractInput) {
  const { root, values } = parseContractInput(input);
  return db.transaction().execute(async (trx) => {
    const row = await upsertUserContract(trx, userId, root, values);
    await recordAudit(trx, {
      userId,
      action: "futures_contract.set",
      resourceType: "futures_contract",
      resourceId: row.id,
      requestData: {
        root,
        pointValue: values.point_value,
        tickSize: values.tick_size,
        exchange: values.exchange,
        currency: values.currency,
      },
    });
    return { root, ...specOf(row) };
  });
}

/** Removes the user's row for a root (the built-in row, if any, applies again). */
export async function unsetContract(db: Kysely<Database>, userId: number, rootText: string) {
  const root = parseRoot(rootText);
  return db.transaction().execute(async (trx) => {
    const row = await deleteUserContract(trx, userId, root);
    if (!row) {
      throw new NotFoundError(
        BUILT_IN_CONTRACTS.has(root)
          ? `${root} has no point value of yours to remove: it is a built-in contract (${BUILT_IN_CONTRACTS.get(root)?.pointValue})`
          : `no futures contract '${root}' of yours`,
      );
    }
    await recordAudit(trx, {
      userId,
      action: "futures_contract.unset",
      resourceType: "futures_contract",
      resourceId: row.id,
      requestData: { root },
      responseData: { pointValue: row.point_value },
    });
    return { root, builtIn: BUILT_IN_CONTRACTS.get(root) ?? null };
  });
}

function parseExchange(text: string): string {
  const value = text.trim().toUpperCase();
  if (value === "" || value.length > 20) {
    throw new FieldError("exchange", (name) => `${name} must be 1-20 characters, got '${text}'`);
  }
  return value;
}

function parseCurrency(text: string): string {
  const value = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(value))
    throw new FieldError("currency", (name) => `${name} must be a 3-letter currency code, got '${text}'`);
  return value;
}
