-- An import writes its trades in ~60 COPYs, and each one's statement trigger refreshed report_days by deleting every
-- touched (user, day) and summing the whole day again from trades: every batch re-summed all the trades written so
-- far on those days (quadratic in the import; 19.7 s of a 105 s 1,000,000-fill server import). The trigger also
-- looked the user's zone and session up once per changed row, before its DISTINCT (7.5 s more).
--
-- Now an INSERT adds the new closed rows' sums to the days' rows (or writes the new days' rows): pnl is
-- NUMERIC(15,2) and commission NUMERIC(10,2), so the sums are exact and adding partial sums gives what summing once
-- gives. A row is booked on the day whose [starts, ends) window holds its exit, the windows refresh_report_days sums
-- (report_day_start, shared by both), so the two can never disagree on a day. A round trip with no rollup row yet
-- gets its row from the new rows alone (refresh_report_round_trips read each batch's round trips back from trades).
-- UPDATE and DELETE keep the full refresh of the touched days and round trips. The zone and session are read once
-- per distinct user of the statement.

-- When a user's report day starts, as a UTC timestamp: local midnight of (day - shift) in the zone. A day's window
-- is [report_day_start(day), report_day_start(day + 1)), so consecutive days' windows tile time without overlap.
CREATE FUNCTION report_day_start(p_day DATE, p_tz TEXT, p_shift INTERVAL) RETURNS TIMESTAMP LANGUAGE sql STABLE AS $$
    SELECT ((p_day::TIMESTAMP - p_shift) AT TIME ZONE p_tz) AT TIME ZONE 'UTC'
$$;

-- As in 065, with the zone and shift looked up once per user and the windows from report_day_start.
CREATE OR REPLACE FUNCTION refresh_report_days(p_user_ids INTEGER[], p_days DATE[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_days d USING unnest(p_user_ids, p_days) AS c(user_id, day)
    WHERE d.user_id = c.user_id AND d.day = c.day;
    WITH zones AS MATERIALIZED (
        SELECT user_id, report_time_zone(user_id) AS tz, report_day_shift(user_id) AS shift
        FROM (SELECT DISTINCT user_id FROM unnest(p_user_ids) AS u(user_id)) u
    )
    INSERT INTO report_days (user_id, day, currency, net, commission, closed_rows)
    SELECT c.user_id, c.day, s.currency, s.net, s.commission, s.closed_rows
    FROM (
        SELECT d.user_id, d.day, report_day_start(d.day, z.tz, z.shift) AS starts,
               report_day_start(d.day + 1, z.tz, z.shift) AS ends
        FROM (SELECT DISTINCT user_id, day FROM unnest(p_user_ids, p_days) AS u(user_id, day)) d
        JOIN zones z ON z.user_id = d.user_id
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

CREATE OR REPLACE FUNCTION trades_refresh_report_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- The changed rows, old and new versions alike (a transition table exists only for the events that have it).
    changed TEXT := CASE TG_OP
        WHEN 'INSERT' THEN '(SELECT user_id, id, round_trip_id, exit_date FROM new_rows)'
        WHEN 'DELETE' THEN '(SELECT user_id, id, round_trip_id, exit_date FROM old_rows)'
        ELSE '(SELECT user_id, id, round_trip_id, exit_date FROM old_rows
               UNION ALL SELECT user_id, id, round_trip_id, exit_date FROM new_rows)' END;
    trip_ids INTEGER[];
    lone_ids INTEGER[];
    day_users INTEGER[];
    day_dates DATE[];
BEGIN
    -- One writer per user at a time (migration 031).
    EXECUTE format('SELECT count(*) FROM (SELECT pg_advisory_xact_lock(7310030, user_id)
                    FROM (SELECT DISTINCT user_id FROM %s c WHERE user_id IS NOT NULL ORDER BY user_id) u) l', changed);

    IF TG_OP = 'INSERT' THEN
        -- A round trip with no rollup row had no trade before this statement (refresh_report_round_trips writes a row
        -- for every round trip that has one): its row is the aggregate of the new rows alone, written without reading
        -- them back from trades. The round trips that have a row (an import's batch continuing one, a partial close)
        -- are refreshed from trades first, so that the INSERT below finds their rows and skips them.
        EXECUTE 'SELECT array_agg(k.round_trip_id) FILTER (WHERE k.round_trip_id IS NOT NULL),
                        array_agg(k.id) FILTER (WHERE k.round_trip_id IS NULL)
                 FROM (SELECT DISTINCT round_trip_id, CASE WHEN round_trip_id IS NULL THEN id END AS id
                       FROM new_rows WHERE user_id IS NOT NULL) k
                 WHERE EXISTS (SELECT FROM report_round_trips r
                               WHERE r.trip_key = coalesce(k.round_trip_id, -k.id::BIGINT))'
        INTO trip_ids, lone_ids;
        IF trip_ids IS NOT NULL OR lone_ids IS NOT NULL THEN
            PERFORM refresh_report_round_trips(coalesce(trip_ids, '{}'), coalesce(lone_ids, '{}'));
        END IF;
        -- refresh_report_round_trips' aggregate (migration 065), over the new rows.
        EXECUTE $sql$
            INSERT INTO report_round_trips (trip_key, user_id, account_id, symbol, side, asset_type, opened_at, flat_at,
                                            closed_rows, open_rows, net, commission, risk, currency)
            SELECT * FROM (
                SELECT coalesce(round_trip_id, -id::BIGINT) AS trip_key, min(user_id), min(account_id), min(symbol),
                       min(side), min(asset_type), min(entry_date),
                       CASE WHEN count(*) FILTER (WHERE status = 'open') = 0 THEN max(exit_date) END,
                       count(*) FILTER (WHERE status = 'closed'), count(*) FILTER (WHERE status = 'open'),
                       coalesce(sum(pnl) FILTER (WHERE status = 'closed'), 0),
                       coalesce(sum(coalesce(commission, 0)) FILTER (WHERE status = 'closed'), 0),
                       CASE WHEN count(*) FILTER (WHERE status = 'closed' AND initial_risk IS NULL) = 0
                            THEN sum(initial_risk) FILTER (WHERE status = 'closed') END,
                       min(coalesce(currency, ''))
                FROM new_rows WHERE user_id IS NOT NULL
                GROUP BY coalesce(round_trip_id, -id::BIGINT)
            ) n
            WHERE NOT EXISTS (SELECT FROM report_round_trips r WHERE r.trip_key = n.trip_key)
        $sql$;

        -- The days the new closed rows fall on (their local date, as the other operations name touched days) and
        -- their windows; each row's window is found by binary search over its user's window starts (width_bucket:
        -- the last window starting at or before the exit; the windows are disjoint and ordered, so it is the only
        -- one that can hold the row), and the window's own bounds then decide, exactly as refresh_report_days sums
        -- them. One pass over the rows for the days and one for the sums, with nothing per row kept in between.
        -- MATERIALIZED keeps the zone lookups at one per user: inlined, they would run once per row.
        -- Existing rows are updated and new ones inserted, not `insert ... on conflict`: a pnl is NULL without a
        -- commission (rows written by other tools), and a group of such rows sums to NULL. The full refresh keeps a
        -- day's sum of the other rows then, and refuses the write (net is NOT NULL) for a day with no other row;
        -- adding coalesce(NULL, 0) to the stored sum, and inserting the NULL, does the same. ON CONFLICT would check
        -- the inserted NULL before finding the conflict and refuse both.
        EXECUTE $sql$
            WITH zones AS MATERIALIZED (
                SELECT user_id, report_time_zone(user_id) AS tz, report_day_shift(user_id) AS shift
                FROM (SELECT DISTINCT user_id FROM new_rows WHERE user_id IS NOT NULL) u
            ), days AS (
                SELECT DISTINCT n.user_id,
                       (((n.exit_date AT TIME ZONE 'UTC') AT TIME ZONE z.tz) + z.shift)::DATE AS day
                FROM new_rows n JOIN zones z ON z.user_id = n.user_id
                WHERE n.status = 'closed' AND n.exit_date IS NOT NULL
            ), windows AS (
                SELECT d.user_id, d.day, report_day_start(d.day, z.tz, z.shift) AS starts,
                       report_day_start(d.day + 1, z.tz, z.shift) AS ends
                FROM days d JOIN zones z ON z.user_id = d.user_id
            ), bounds AS MATERIALIZED (
                SELECT user_id, array_agg(starts ORDER BY starts, day) AS starts,
                       array_agg(ends ORDER BY starts, day) AS ends, array_agg(day ORDER BY starts, day) AS days
                FROM windows GROUP BY user_id
            ), placed AS (
                SELECT n.user_id, n.exit_date, coalesce(n.currency, '') AS currency, n.pnl,
                       coalesce(n.commission, 0) AS commission, b.starts, b.ends, b.days,
                       width_bucket(n.exit_date, b.starts) AS i
                FROM new_rows n JOIN bounds b ON b.user_id = n.user_id
                WHERE n.status = 'closed' AND n.exit_date IS NOT NULL
            ), sums AS MATERIALIZED (
                SELECT user_id, days[i] AS day, currency, sum(pnl) AS net, sum(commission) AS commission,
                       count(*) AS closed_rows
                FROM placed
                WHERE exit_date >= starts[i] AND exit_date < ends[i]
                GROUP BY 1, 2, 3
            ), added AS (
                UPDATE report_days r
                SET net = r.net + coalesce(s.net, 0), commission = r.commission + s.commission,
                    closed_rows = r.closed_rows + s.closed_rows
                FROM sums s
                WHERE r.user_id = s.user_id AND r.day = s.day AND r.currency = s.currency
            )
            -- The statement's snapshot is from before the UPDATE: the rows it finds are the ones just updated.
            INSERT INTO report_days (user_id, day, currency, net, commission, closed_rows)
            SELECT s.user_id, s.day, s.currency, s.net, s.commission, s.closed_rows
            FROM sums s
            WHERE NOT EXISTS (SELECT FROM report_days r
                              WHERE r.user_id = s.user_id AND r.day = s.day AND r.currency = s.currency)
        $sql$;
        RETURN NULL;
    END IF;

    EXECUTE format('SELECT array_agg(DISTINCT round_trip_id) FILTER (WHERE round_trip_id IS NOT NULL),
                           array_agg(DISTINCT id) FILTER (WHERE round_trip_id IS NULL)
                    FROM %s c WHERE user_id IS NOT NULL', changed)
    INTO trip_ids, lone_ids;
    IF trip_ids IS NOT NULL OR lone_ids IS NOT NULL THEN
        PERFORM refresh_report_round_trips(coalesce(trip_ids, '{}'), coalesce(lone_ids, '{}'));
    END IF;
    EXECUTE format('WITH zones AS MATERIALIZED (
                        SELECT user_id, report_time_zone(user_id) AS tz, report_day_shift(user_id) AS shift
                        FROM (SELECT DISTINCT user_id FROM %s u WHERE user_id IS NOT NULL) u
                    )
                    SELECT array_agg(user_id), array_agg(day) FROM (
                        SELECT DISTINCT c.user_id,
                               (((c.exit_date AT TIME ZONE ''UTC'') AT TIME ZONE z.tz) + z.shift)::DATE AS day
                        FROM %s c JOIN zones z ON z.user_id = c.user_id
                        WHERE c.exit_date IS NOT NULL) d', changed, changed)
    INTO day_users, day_dates;
    IF day_users IS NOT NULL THEN
        PERFORM refresh_report_days(day_users, day_dates);
    END IF;
    RETURN NULL;
END
$$;
