-- Two transactions changing the same user's trades at once (an import and a `trade close` from another shell) would
-- both recompute the same report_days row or round trip and the second would hit its primary key. The refresh now takes
-- a per-user transaction lock first, as imports already do (their lock is 7310001; this one is 7310030).
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
    -- One writer per user refreshes at a time: a second transaction changing the same user's trades waits here until
    -- the first commits, and its statements below (each with a fresh snapshot under READ COMMITTED) then see those
    -- rows, instead of both recomputing the same day or round trip and colliding on its key.
    EXECUTE format('SELECT count(*) FROM (SELECT pg_advisory_xact_lock(7310030, user_id)
                    FROM (SELECT DISTINCT user_id FROM %s c WHERE user_id IS NOT NULL ORDER BY user_id) u) l', changed);
    EXECUTE format('SELECT array_agg(DISTINCT round_trip_id) FILTER (WHERE round_trip_id IS NOT NULL),
                           array_agg(DISTINCT id) FILTER (WHERE round_trip_id IS NULL)
                    FROM %s c WHERE user_id IS NOT NULL', changed)
    INTO trip_ids, lone_ids;
    EXECUTE format('SELECT array_agg(user_id), array_agg(day) FROM (
                        SELECT DISTINCT c.user_id,
                               ((c.exit_date AT TIME ZONE ''UTC'') AT TIME ZONE z.tz)::DATE AS day
                        FROM %s c
                        JOIN (SELECT DISTINCT user_id, report_time_zone(user_id) AS tz FROM %s u) z
                          ON z.user_id = c.user_id
                        WHERE c.exit_date IS NOT NULL) d', changed, changed)
    INTO day_users, day_dates;
    IF trip_ids IS NOT NULL OR lone_ids IS NOT NULL THEN
        PERFORM refresh_report_round_trips(coalesce(trip_ids, '{}'), coalesce(lone_ids, '{}'));
    END IF;
    IF day_users IS NOT NULL THEN
        PERFORM refresh_report_days(day_users, day_dates);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION user_settings_rebuild_report_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.timezone IS DISTINCT FROM OLD.timezone OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
        IF NEW.user_id IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock(7310030, NEW.user_id);
            PERFORM rebuild_report_days(NEW.user_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
