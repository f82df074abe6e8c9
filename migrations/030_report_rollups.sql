-- Reports count round trips (flat to flat) and book realized P&L on each closed row's exit day in the user's time
-- zone. Two rollups hold those figures so that a report never rescans the trade history:
--   report_round_trips  one row per round trip: its net P&L, commissions, risk, when it opened and when it went flat;
--   report_days         one row per user and day (in the user's time zone) with a closed row: net P&L, commissions.
-- Both are kept current by statement-level triggers on trades (transition tables, so a 1,000,000-row import refreshes
-- them once, set-based, in its own transaction) and rebuilt for a user whose time zone changes.

-- Every trade belongs to a round trip. Imported trades already do; a manual trade and the remainders its partial
-- closes left behind share their entry (account, symbol, side, entry time and price), which is what groups them here.
WITH groups AS (
    SELECT nextval('round_trips_id_seq') AS round_trip_id, user_id, coalesce(account_id, '') AS account_id, symbol,
           side, min(entry_date) AS opened_at,
           CASE WHEN bool_and(status = 'closed') THEN max(exit_date) END AS closed_at,
           array_agg(id) AS trade_ids
    FROM trades
    WHERE round_trip_id IS NULL AND user_id IS NOT NULL
    GROUP BY user_id, coalesce(account_id, ''), symbol, side, entry_date, entry_price
), created AS (
    INSERT INTO round_trips (id, user_id, account_id, symbol, side, opened_at, closed_at)
    SELECT round_trip_id, user_id, account_id, symbol, side, opened_at, closed_at FROM groups
)
UPDATE trades t SET round_trip_id = g.round_trip_id FROM groups g WHERE t.id = ANY (g.trade_ids);

CREATE INDEX idx_trades_round_trip_id ON trades (round_trip_id);
CREATE INDEX idx_trades_user_exit_date ON trades (user_id, exit_date) WHERE exit_date IS NOT NULL;

CREATE TABLE report_round_trips (
    -- The round trip's id, or minus the trade's id for a trade that has none (rows written by other tools).
    trip_key BIGINT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id VARCHAR(50),
    symbol VARCHAR(20) NOT NULL,
    side VARCHAR(10) NOT NULL,
    asset_type VARCHAR(20) NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    -- The last exit, once no row is open; null while the position is not flat.
    flat_at TIMESTAMP,
    closed_rows INTEGER NOT NULL,
    open_rows INTEGER NOT NULL,
    -- Realized P&L and commissions of the closed rows.
    net NUMERIC(17, 2) NOT NULL,
    commission NUMERIC(17, 2) NOT NULL,
    -- Summed initial risk of the closed rows; null when any closed row has none (then it has no R).
    risk NUMERIC(17, 2)
);
CREATE INDEX idx_report_round_trips_user_flat ON report_round_trips (user_id, flat_at);

CREATE TABLE report_days (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day DATE NOT NULL,
    net NUMERIC(17, 2) NOT NULL,
    commission NUMERIC(17, 2) NOT NULL,
    closed_rows INTEGER NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- The zone reports cut days in: the user's setting, UTC without one (as the CLI reads it).
CREATE FUNCTION report_time_zone(p_user_id INTEGER) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT timezone FROM user_settings WHERE user_id = p_user_id), 'UTC')
$$;

CREATE FUNCTION refresh_report_round_trips(p_round_trip_ids INTEGER[], p_lone_trade_ids INTEGER[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_round_trips
    WHERE trip_key = ANY (p_round_trip_ids::BIGINT[])
       OR trip_key = ANY (ARRAY(SELECT -x::BIGINT FROM unnest(p_lone_trade_ids) AS x));
    INSERT INTO report_round_trips
    SELECT coalesce(round_trip_id, -id::BIGINT), min(user_id), min(account_id), min(symbol), min(side),
           min(asset_type), min(entry_date),
           CASE WHEN count(*) FILTER (WHERE status = 'open') = 0 THEN max(exit_date) END,
           count(*) FILTER (WHERE status = 'closed'), count(*) FILTER (WHERE status = 'open'),
           coalesce(sum(pnl) FILTER (WHERE status = 'closed'), 0),
           coalesce(sum(coalesce(commission, 0)) FILTER (WHERE status = 'closed'), 0),
           CASE WHEN count(*) FILTER (WHERE status = 'closed' AND initial_risk IS NULL) = 0
                THEN sum(initial_risk) FILTER (WHERE status = 'closed') END
    FROM (
        SELECT * FROM trades WHERE round_trip_id = ANY (p_round_trip_ids) AND user_id IS NOT NULL
        UNION ALL
        SELECT * FROM trades WHERE id = ANY (p_lone_trade_ids) AND round_trip_id IS NULL AND user_id IS NOT NULL
    ) t
    GROUP BY coalesce(round_trip_id, -id::BIGINT);
END
$$;

-- p_days pairs with p_user_ids: the days (in each user's zone) whose closed rows changed.
CREATE FUNCTION refresh_report_days(p_user_ids INTEGER[], p_days DATE[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_days d USING unnest(p_user_ids, p_days) AS c(user_id, day)
    WHERE d.user_id = c.user_id AND d.day = c.day;
    INSERT INTO report_days (user_id, day, net, commission, closed_rows)
    SELECT c.user_id, c.day, sum(t.pnl), sum(coalesce(t.commission, 0)), count(*)
    FROM (SELECT DISTINCT user_id, day, report_time_zone(user_id) AS tz FROM unnest(p_user_ids, p_days) AS u(user_id, day)) c
    JOIN trades t ON t.user_id = c.user_id AND t.status = 'closed'
        AND t.exit_date >= ((c.day::TIMESTAMP AT TIME ZONE c.tz) AT TIME ZONE 'UTC')
        AND t.exit_date < (((c.day + 1)::TIMESTAMP AT TIME ZONE c.tz) AT TIME ZONE 'UTC')
    GROUP BY c.user_id, c.day;
END
$$;

CREATE FUNCTION trades_refresh_report_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER trades_report_rollups_insert AFTER INSERT ON trades
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION trades_refresh_report_rollups();
CREATE TRIGGER trades_report_rollups_update AFTER UPDATE ON trades
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trades_refresh_report_rollups();
CREATE TRIGGER trades_report_rollups_delete AFTER DELETE ON trades
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION trades_refresh_report_rollups();

CREATE FUNCTION rebuild_report_days(p_user_id INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    tz TEXT := report_time_zone(p_user_id);
BEGIN
    DELETE FROM report_days WHERE user_id = p_user_id;
    INSERT INTO report_days (user_id, day, net, commission, closed_rows)
    SELECT p_user_id, ((exit_date AT TIME ZONE 'UTC') AT TIME ZONE tz)::DATE, sum(pnl), sum(coalesce(commission, 0)),
           count(*)
    FROM trades WHERE user_id = p_user_id AND status = 'closed' AND exit_date IS NOT NULL
    GROUP BY 2;
END
$$;

CREATE FUNCTION user_settings_rebuild_report_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.timezone IS DISTINCT FROM OLD.timezone OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
        IF NEW.user_id IS NOT NULL THEN PERFORM rebuild_report_days(NEW.user_id); END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER user_settings_report_days AFTER INSERT OR UPDATE ON user_settings
    FOR EACH ROW EXECUTE FUNCTION user_settings_rebuild_report_days();

SELECT refresh_report_round_trips(
    coalesce((SELECT array_agg(DISTINCT round_trip_id) FROM trades WHERE round_trip_id IS NOT NULL), '{}'),
    coalesce((SELECT array_agg(id) FROM trades WHERE round_trip_id IS NULL), '{}'));
SELECT rebuild_report_days(id) FROM users;
