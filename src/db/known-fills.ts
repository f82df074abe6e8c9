// Stored fills that a staged file's fills are, read differently (import/known-fills.ts holds the rule), and the
// copies migration 067 marked: fills stored twice before a fill's identity stopped depending on the reader.
import { type Kysely, sql, type Transaction } from "kysely";
import { stagedFingerprint, stagedWithFields } from "./import-staging.js";
import { migrationTable } from "./migrate.js";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * When migration 070 widened prices to 10 places: fills stored before it were rounded half-up to 4. The migration's
 * applied time (the migrator's clock, an ISO instant) against a fill's `created_at` (its import's transaction time,
 * UTC): the only record of it, kept by backups and copies with the rows.
 */
const priceScaleWidenedAt = sql`(select timestamp::timestamptz at time zone 'UTC' from ${sql.table(migrationTable)}
  where name = '070_price_ten_places')`;

/** The staged fills that an earlier import (or none: `importId` null) holds read differently, counted per import. */
export interface ReadDifferently {
  importId: number | null;
  /** The format that read the stored fills, and when their import ran (null without one). */
  format: string;
  importedAt: Date | null;
  /** Fills of this file that import holds read differently. */
  fills: number;
  /** Of them, those whose commission differs, with the first such pair (this file's, the journal's). */
  commissionDiffers: number;
  commissionHere: string | null;
  commissionThere: string | null;
  /** This file's format, where it is not the one that read the stored fills. */
  formatHere: string | null;
  /** Fills one reading gave an execution id and the other did not (two layouts of one broker's exports, say). */
  idInOneReading: number;
  /** Fills of this file whose execution id the journal holds for another fill (another symbol, side, size, price or time). */
  otherFills: number;
}

/**
 * For each staged fill, its stored counterpart read differently, grouped by the import that holds it:
 * - known by fingerprint (the same fill), with another commission, or, for an execution id, other fields;
 * - not known, but a stored fill of the same account has its instant to the second, symbol, side, quantity and price
 *   and was read by another format, with another commission, or with an execution id where this file has none (or
 *   the reverse): a reading that gave it another identity. It must not itself be among the file's known fills. A
 *   stored fill read alike (same format and commission, both with execution ids) is a separate fill: another id.
 * Opening balances (`--opening`) are no fills of any file and never a counterpart. A fill stored with its price rounded
 * to 4 places before migration 070 (paired by pairRoundedFills, whose table this reads) is the same fill: known, its
 * commission compared; a stored price equal to this one rounded counts as equal for the lookalikes too.
 */
export async function fillsReadDifferently(
  trx: Transaction<Database>,
  userId: number,
  withFieldIdentities: boolean,
): Promise<ReadDifferently[]> {
  const result = await readDifferentlyQuery(userId, withFieldIdentities).execute(trx);
  return result.rows.map((r) => ({
    importId: r.import_id,
    format: r.format,
    importedAt: r.imported_at,
    fills: Number(r.fills),
    commissionDiffers: Number(r.commission_differs),
    commissionHere: r.commission_here,
    commissionThere: r.commission_there,
    formatHere: r.format_here,
    otherFills: Number(r.other_fills),
    idInOneReading: Number(r.id_in_one),
  }));
}

/** The statement of fillsReadDifferently (apart, so that it can be explained). */
export function readDifferentlyQuery(userId: number, withFieldIdentities: boolean) {
  return sql<{
    import_id: number | null;
    format: string;
    imported_at: Date | null;
    fills: number;
    commission_differs: number;
    commission_here: string | null;
    commission_there: string | null;
    format_here: string | null;
    other_fills: number;
    id_in_one: number;
  }>`
    with staged as materialized (
      select ordinal, account_id, symbol, action, quantity, price, commission, executed_at, broker, execution_id,
             ${stagedFingerprint(withFieldIdentities)} as fingerprint
      from ${stagedWithFields} staged
    ), known as (
      -- Lateral (and limit 1 below): one probe of the fingerprint index per staged fill. The planner, which has no
      -- estimate of the staged rows, would otherwise hash them against a scan of every fill of the journal.
      select s.ordinal, e.import_id, e.broker as there, s.broker as here, s.commission as commission_here,
             e.commission as commission_there,
             (e.symbol <> s.symbol or e.action <> s.action or e.quantity <> s.quantity
              or (e.price <> s.price and r.ordinal is null)
              or date_trunc('second', e.executed_at) <> date_trunc('second', s.executed_at)) as other_fill,
             false as id_in_one
      from staged s
      cross join lateral (
        select import_id, broker, commission, symbol, action, quantity, price, executed_at from executions
        where user_id = ${userId} and fingerprint = s.fingerprint
        limit 1
      ) e
      left join import_rounded_prices r on r.ordinal = s.ordinal
      union all
      -- Fills stored with their price rounded before migration 070 (pairRoundedFills): the same fills, whose
      -- commission must agree as a known fill's does.
      select s.ordinal, e.import_id, e.broker, s.broker, s.commission, e.commission, false, false
      from staged s
      join import_rounded_prices r on r.ordinal = s.ordinal
      join executions e on e.id = r.execution
      where coalesce(s.execution_id, '') = ''
    ), unknown as (
      select s.* from staged s
      left join lateral (
        select true as found from executions k where k.user_id = ${userId} and k.fingerprint = s.fingerprint limit 1
      ) k on true
      where k.found is null and s.ordinal not in (select ordinal from import_rounded_prices)
    ), lookalikes as (
      select s.ordinal, e.import_id, e.broker as there, s.broker as here,
             s.commission as commission_here, e.commission as commission_there, false as other_fill,
             (coalesce(e.execution_id, '') = '') <> (coalesce(s.execution_id, '') = '') as id_in_one
      from unknown s
      cross join lateral (
        select e.import_id, e.broker, e.commission, e.execution_id from executions e
        where e.user_id = ${userId} and e.account_id = s.account_id and e.symbol = s.symbol
          and e.executed_at >= date_trunc('second', s.executed_at)
          and e.executed_at < date_trunc('second', s.executed_at) + interval '1 second'
          and e.action = s.action and e.quantity = s.quantity
          and (e.price = s.price or (e.price = round(s.price, 4) and e.created_at < ${priceScaleWidenedAt}))
          and e.position_effect is distinct from 'balance'
          and (e.broker <> s.broker or e.commission <> s.commission
               or (coalesce(e.execution_id, '') = '') <> (coalesce(s.execution_id, '') = ''))
          and substring(e.fingerprint from 1 for 32) not in (select fingerprint from staged)
          and e.id not in (select execution from import_rounded_prices)
        order by e.id
        limit 1
      ) e
    ), differing as (
      select * from known where other_fill or commission_here <> commission_there
      union all
      select * from lookalikes
    )
    select d.import_id, min(d.there) as format, min(coalesce(h.started_at, h.created_at)) as imported_at,
           count(*)::int as fills,
           count(*) filter (where not d.other_fill and d.commission_here <> d.commission_there)::int
             as commission_differs,
           (array_agg(d.commission_here::text order by d.ordinal)
             filter (where not d.other_fill and d.commission_here <> d.commission_there))[1] as commission_here,
           (array_agg(d.commission_there::text order by d.ordinal)
             filter (where not d.other_fill and d.commission_here <> d.commission_there))[1] as commission_there,
           min(d.here) filter (where d.here <> d.there) as format_here,
           count(*) filter (where d.other_fill)::int as other_fills,
           count(*) filter (where d.id_in_one)::int as id_in_one
    from differing d left join import_history h on h.id = d.import_id
    group by d.import_id
    order by count(*) desc, d.import_id`;
}

/** Fills of import `copyImportId` stored again beside the same fills of `importId` (marked by migration 067). */
export interface StoredCopies {
  copyImportId: number | null;
  importId: number | null;
  fills: number;
}

/** The user's marked copies, per pair of imports (or those `importId` takes part in). */
export async function storedCopies(db: Db, userId: number, importId?: number): Promise<StoredCopies[]> {
  const only =
    importId === undefined ? sql`` : sql`where copy_import_id = ${importId} or original_import_id = ${importId}`;
  const result = await sql<{ copy_import_id: number | null; original_import_id: number | null; fills: number }>`
    select copy_import_id, original_import_id, count(*)::int as fills
    from (
      select c.import_id as copy_import_id, o.import_id as original_import_id
      from executions c
      left join executions o on o.user_id = c.user_id and o.fingerprint = substring(c.fingerprint from 1 for 32)
      where c.user_id = ${userId} and octet_length(c.fingerprint) > 32
    ) pairs
    ${only}
    group by copy_import_id, original_import_id
    order by copy_import_id, original_import_id`.execute(db);
  return result.rows.map((r) => ({
    copyImportId: r.copy_import_id,
    importId: r.original_import_id,
    fills: Number(r.fills),
  }));
}

/**
 * Gives a marked copy its identity back once no fill holds it (the fill it copied was undone): the earliest copy of
 * each identity, so re-importing the copy's file still finds its fills known.
 */
export async function restoreFreedIdentities(db: Db, userId: number) {
  await sql`
    update executions e set fingerprint = substring(e.fingerprint from 1 for 32)
    where e.user_id = ${userId} and octet_length(e.fingerprint) > 32
      and not exists (select 1 from executions o
                      where o.user_id = e.user_id and o.fingerprint = substring(e.fingerprint from 1 for 32))
      and e.id = (select min(c.id) from executions c
                  where c.user_id = e.user_id and octet_length(c.fingerprint) > 32
                    and substring(c.fingerprint from 1 for 32) = substring(e.fingerprint from 1 for 32))`.execute(db);
}

/**
 * Pairs each staged fill with a price of more than 4 places with the fill the journal stored rounded before migration
 * 070, into the temp table import_rounded_prices (ordinal, execution: the stored fill's id, fingerprint: the staged
 * fill's, price: the exact one). The stored fill has everything but the price as this fill (the instant to the
 * microsecond, account, symbol, side, quantity, what the row said of its position, and the execution id, or none on
 * both sides), its price is this price rounded half-up to 4 places, and it was stored before 070. Without execution
 * ids, identical candidates are paired in order (the file's, and the order they were stored in), leaving out stored
 * fills that a staged fill already knows by fingerprint and the copies migration 067 marked. Returns how many.
 * Must run after staging and before the guard (fillsReadDifferently reads the table), which it creates even when
 * `beyondFourPlaces` (any staged price with more than 4 places, import/staging.ts) says there is nothing to pair.
 */
export async function pairRoundedFills(
  trx: Transaction<Database>,
  userId: number,
  withFieldIdentities: boolean,
  beyondFourPlaces: boolean,
): Promise<number> {
  await sql`create temp table import_rounded_prices (ordinal integer primary key, execution integer not null unique,
    fingerprint bytea not null, price numeric not null) on commit drop`.execute(trx);
  // No price of the file has more than 4 places: none can be one stored rounded (the table stays empty).
  if (!beyondFourPlaces) return 0;
  const result = await sql`
    insert into import_rounded_prices (ordinal, execution, fingerprint, price)
    with staged as materialized (
      select ordinal, account_id, symbol, action, quantity, price, round(price, 4) as rounded, executed_at,
             execution_id, position_effect, ${stagedFingerprint(withFieldIdentities)} as fingerprint
      from ${stagedWithFields} staged
    ), exact as (
      select * from staged where price <> rounded
    ), by_id as (
      select s.ordinal, e.id as execution, s.fingerprint, s.price
      from exact s
      cross join lateral (
        select id, account_id, symbol, action, quantity, price, executed_at, created_at from executions
        where user_id = ${userId} and fingerprint = s.fingerprint
        limit 1
      ) e
      where coalesce(s.execution_id, '') <> '' and e.price = s.rounded and e.created_at < ${priceScaleWidenedAt}
        and e.symbol = s.symbol and e.action = s.action and e.quantity = s.quantity
        and date_trunc('second', e.executed_at) = date_trunc('second', s.executed_at)
    ), unknown as (
      select s.*, row_number() over (partition by s.account_id, s.executed_at, s.symbol, s.action, s.quantity,
                                     s.rounded, s.position_effect order by s.ordinal) as n
      from exact s
      where coalesce(s.execution_id, '') = ''
        and not exists (select 1 from executions k where k.user_id = ${userId} and k.fingerprint = s.fingerprint)
    ), places as (
      select distinct account_id, executed_at, symbol, action, quantity, rounded, position_effect from unknown
    ), stored as (
      select p.*, e.id, row_number() over (partition by p.account_id, p.executed_at, p.symbol, p.action, p.quantity,
                                           p.rounded, p.position_effect order by e.id) as n
      from places p
      join executions e on e.user_id = ${userId} and e.account_id = p.account_id and e.symbol = p.symbol
        and e.executed_at = p.executed_at and e.action = p.action and e.quantity = p.quantity and e.price = p.rounded
        and e.position_effect is not distinct from p.position_effect
      where coalesce(e.execution_id, '') = '' and octet_length(e.fingerprint) = 32
        and e.created_at < ${priceScaleWidenedAt}
        and e.fingerprint not in (select fingerprint from staged)
    )
    select ordinal, execution, fingerprint, price from by_id
    union all
    select u.ordinal, s.id, u.fingerprint, u.price
    from unknown u
    join stored s on s.account_id = u.account_id and s.executed_at = u.executed_at and s.symbol = u.symbol
      and s.action = u.action and s.quantity = u.quantity and s.rounded = u.rounded
      and s.position_effect is not distinct from u.position_effect and s.n = u.n`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The positions and imports of the fills stored rounded that this file gives exact prices (see makePricesExact). */
export interface ExactPrices {
  fills: number;
  /** The imports that stored them rounded (null: fills without an import). */
  importIds: (number | null)[];
  positions: { accountId: string; symbol: string; firstNewAt: Date }[];
}

/**
 * Gives the fills paired by pairRoundedFills the file's exact price and the identity it makes (with execution ids
 * the identity does not hold the price and stays), and the copies migration 067 marked of them the same (their
 * fingerprint followed by their id, as before). Run after the guard: the fills are then the file's, read alike.
 */
export async function makePricesExact(trx: Transaction<Database>, userId: number): Promise<ExactPrices> {
  await sql`
    update executions c set price = r.price, fingerprint = r.fingerprint || int4send(c.id)
    from import_rounded_prices r join executions o on o.id = r.execution
    where c.user_id = ${userId} and octet_length(c.fingerprint) > 32
      and substring(c.fingerprint from 1 for 32) = o.fingerprint`.execute(trx);
  const result = await sql<{
    account_id: string;
    symbol: string;
    first_at: Date;
    import_ids: (number | null)[];
    fills: number;
  }>`
    with changed as (
      update executions e set price = r.price, fingerprint = r.fingerprint
      from import_rounded_prices r
      where e.id = r.execution and e.user_id = ${userId}
      returning e.account_id, e.symbol, e.executed_at, e.import_id
    )
    select account_id, symbol, min(executed_at) as first_at, array_agg(distinct import_id) as import_ids,
           count(*)::int as fills
    from changed group by account_id, symbol order by account_id, symbol`.execute(trx);
  const importIds = new Set<number | null>();
  for (const r of result.rows) for (const id of r.import_ids) importIds.add(id);
  return {
    fills: result.rows.reduce((sum, r) => sum + Number(r.fills), 0),
    importIds: [...importIds].sort((a, b) => (a ?? 0) - (b ?? 0)),
    positions: result.rows.map((r) => ({ accountId: r.account_id, symbol: r.symbol, firstNewAt: r.first_at })),
  };
}
