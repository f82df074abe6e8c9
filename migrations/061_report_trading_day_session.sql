-- The trading day a closed trade's P&L is booked on follows the user's `report.session` setting (user_settings.settings
-- ->> 'session'): 'calendar' (or unset) is the calendar day in the user's time zone, as before; 'cme' is the CME Globex
-- session, which opens at 18:00 America/New_York the evening before: a trade closed at 18:30 ET on Tuesday belongs to
-- Wednesday. A day is then the local date of (exit time in the session's zone + the shift): 6 hours for 'cme', none
-- for 'calendar'. Wall-clock arithmetic on the local time, so daylight-saving changes (at 02:00, far from 18:00) move
-- the cut with New York.
CREATE OR REPLACE FUNCTION report_time_zone(p_user_id INTEGER) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT CASE WHEN settings ->> 'session' = 'cme' THEN 'America/New_York' ELSE timezone END
                     FROM user_settings WHERE user_id = p_user_id), 'UTC')
$$;

CREATE FUNCTION report_day_shift(p_user_id INTEGER) RETURNS INTERVAL LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN (SELECT settings ->> 'session' FROM user_settings WHERE user_id = p_user_id) = 'cme'
                THEN INTERVAL '6 hours' ELSE INTERVAL '0 hours' END
$$;

CREATE OR REPLACE FUNCTION refresh_report_days(p_user_ids INTEGER[], p_days DATE[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_days d USING unnest(p_user_ids, p_days) AS c(user_id, day)
    WHERE d.user_id = c.user_id AND d.day = c.day;
    INSERT INTO report_days (user_id, day, net, commission, closed_rows)
    SELECT c.user_id, c.day, s.net, s.commission, s.closed_rows
    FROM (
        SELECT user_id, day,
               (((day::TIMESTAMP - shift) AT TIME ZONE tz) AT TIME ZONE 'UTC') AS starts,
               ((((day + 1)::TIMESTAMP - shift) AT TIME ZONE tz) AT TIME ZONE 'UTC') AS ends
        FROM (SELECT DISTINCT user_id, day, report_time_zone(user_id) AS tz, report_day_shift(user_id) AS shift
              FROM unnest(p_user_ids, p_days) AS u(user_id, day)) z
    ) c
    CROSS JOIN LATERAL (
        SELECT sum(t.pnl) AS net, sum(coalesce(t.commission, 0)) AS commission, count(*) AS closed_rows
        FROM trades t
        WHERE t.user_id = c.user_id AND t.exit_date >= c.starts AND t.exit_date < c.ends AND t.status = 'closed'
    ) s
    WHERE s.closed_rows > 0;
END
$$;

CREATE OR REPLACE FUNCTION trades_refresh_report_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
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
    EXECUTE format('SELECT count(*) FROM (SELECT pg_advisory_xact_lock(7310030, user_id)
                    FROM (SELECT DISTINCT user_id FROM %s c WHERE user_id IS NOT NULL ORDER BY user_id) u) l', changed);
    EXECUTE format('SELECT array_agg(DISTINCT round_trip_id) FILTER (WHERE round_trip_id IS NOT NULL),
                           array_agg(DISTINCT id) FILTER (WHERE round_trip_id IS NULL)
                    FROM %s c WHERE user_id IS NOT NULL', changed)
    INTO trip_ids, lone_ids;
    EXECUTE format('SELECT array_agg(user_id), array_agg(day) FROM (
                        SELECT DISTINCT c.user_id,
                               (((c.exit_date AT TIME ZONE ''UTC'') AT TIME ZONE z.tz) + z.shift)::DATE AS day
                        FROM %s c
                        JOIN (SELECT DISTINCT user_id, report_time_zone(user_id) AS tz,
                                     report_day_shift(user_id) AS shift FROM %s u) z
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

CREATE OR REPLACE FUNCTION rebuild_report_days(p_user_id INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    tz TEXT := report_time_zone(p_user_id);
    shift INTERVAL := report_day_shift(p_user_id);
BEGIN
    DELETE FROM report_days WHERE user_id = p_user_id;
    INSERT INTO report_days (user_id, day, net, commission, closed_rows)
    SELECT p_user_id, (((exit_date AT TIME ZONE 'UTC') AT TIME ZONE tz) + shift)::DATE, sum(pnl),
           sum(coalesce(commission, 0)), count(*)
    FROM trades WHERE user_id = p_user_id AND status = 'closed' AND exit_date IS NOT NULL
    GROUP BY 2;
END
$$;

-- A change of zone or of session re-cuts the user's days.
CREATE OR REPLACE FUNCTION user_settings_rebuild_report_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.timezone IS DISTINCT FROM OLD.timezone OR NEW.user_id IS DISTINCT FROM OLD.user_id
       OR NEW.settings ->> 'session' IS DISTINCT FROM OLD.settings ->> 'session' THEN
        IF NEW.user_id IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock(7310030, NEW.user_id);
            PERFORM rebuild_report_days(NEW.user_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
