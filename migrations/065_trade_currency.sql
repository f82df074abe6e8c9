-- A trade is in its instrument's currency, and reports never add two currencies together (issue 17). trades.currency
-- is the currency of the trade's opening fill (executions.currency, what the file said); NULL where no file said one
-- (manual trades, files without a currency column), which reports read as the journal's own currency. The rollups
-- gain the currency: a round trip is in one currency (one account and symbol), and report_days holds one row per day
-- and currency. Otherwise the refresh functions are those of migrations 030/032, with 061's trading-day session shift.
ALTER TABLE trades ADD COLUMN currency VARCHAR(3);

ALTER TABLE report_round_trips ADD COLUMN currency VARCHAR(3) NOT NULL DEFAULT '';
ALTER TABLE report_days ADD COLUMN currency VARCHAR(3) NOT NULL DEFAULT '';
ALTER TABLE report_days DROP CONSTRAINT report_days_pkey;
ALTER TABLE report_days ADD PRIMARY KEY (user_id, day, currency);

CREATE OR REPLACE FUNCTION refresh_report_round_trips(p_round_trip_ids INTEGER[], p_lone_trade_ids INTEGER[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_round_trips
    WHERE trip_key = ANY (p_round_trip_ids::BIGINT[])
       OR trip_key = ANY (ARRAY(SELECT -x::BIGINT FROM unnest(p_lone_trade_ids) AS x));
    INSERT INTO report_round_trips (trip_key, user_id, account_id, symbol, side, asset_type, opened_at, flat_at,
                                    closed_rows, open_rows, net, commission, risk, currency)
    SELECT coalesce(round_trip_id, -id::BIGINT), min(user_id), min(account_id), min(symbol), min(side),
           min(asset_type), min(entry_date),
           CASE WHEN count(*) FILTER (WHERE status = 'open') = 0 THEN max(exit_date) END,
           count(*) FILTER (WHERE status = 'closed'), count(*) FILTER (WHERE status = 'open'),
           coalesce(sum(pnl) FILTER (WHERE status = 'closed'), 0),
           coalesce(sum(coalesce(commission, 0)) FILTER (WHERE status = 'closed'), 0),
           CASE WHEN count(*) FILTER (WHERE status = 'closed' AND initial_risk IS NULL) = 0
                THEN sum(initial_risk) FILTER (WHERE status = 'closed') END,
           min(coalesce(currency, ''))
    FROM (
        SELECT * FROM trades WHERE round_trip_id = ANY (p_round_trip_ids) AND user_id IS NOT NULL
        UNION ALL
        SELECT * FROM trades WHERE id = ANY (p_lone_trade_ids) AND round_trip_id IS NULL AND user_id IS NOT NULL
    ) t
    GROUP BY coalesce(round_trip_id, -id::BIGINT);
END
$$;

CREATE OR REPLACE FUNCTION refresh_report_days(p_user_ids INTEGER[], p_days DATE[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_days d USING unnest(p_user_ids, p_days) AS c(user_id, day)
    WHERE d.user_id = c.user_id AND d.day = c.day;
    INSERT INTO report_days (user_id, day, currency, net, commission, closed_rows)
    SELECT c.user_id, c.day, s.currency, s.net, s.commission, s.closed_rows
    FROM (
        SELECT user_id, day,
               (((day::TIMESTAMP - shift) AT TIME ZONE tz) AT TIME ZONE 'UTC') AS starts,
               ((((day + 1)::TIMESTAMP - shift) AT TIME ZONE tz) AT TIME ZONE 'UTC') AS ends
        FROM (SELECT DISTINCT user_id, day, report_time_zone(user_id) AS tz, report_day_shift(user_id) AS shift
              FROM unnest(p_user_ids, p_days) AS u(user_id, day)) z
    ) c
    CROSS JOIN LATERAL (
        SELECT coalesce(t.currency, '') AS currency, sum(t.pnl) AS net, sum(coalesce(t.commission, 0)) AS commission,
               count(*) AS closed_rows
        FROM trades t
        WHERE t.user_id = c.user_id AND t.exit_date >= c.starts AND t.exit_date < c.ends AND t.status = 'closed'
        GROUP BY 1
    ) s;
END
$$;

CREATE OR REPLACE FUNCTION rebuild_report_days(p_user_id INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    tz TEXT := report_time_zone(p_user_id);
    shift INTERVAL := report_day_shift(p_user_id);
BEGIN
    DELETE FROM report_days WHERE user_id = p_user_id;
    INSERT INTO report_days (user_id, day, currency, net, commission, closed_rows)
    SELECT p_user_id, (((exit_date AT TIME ZONE 'UTC') AT TIME ZONE tz) + shift)::DATE, coalesce(currency, ''), sum(pnl),
           sum(coalesce(commission, 0)), count(*)
    FROM trades WHERE user_id = p_user_id AND status = 'closed' AND exit_date IS NOT NULL
    GROUP BY 2, 3;
END
$$;

-- Imported trades take their opening fill's currency; the rollup triggers refresh the rows this changes.
UPDATE trades t SET currency = e.currency
FROM executions e
WHERE e.id = t.open_execution_id AND e.currency IS NOT NULL;
