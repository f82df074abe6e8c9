-- refresh_report_days joined the changed days to trades on a computed time range; right after a bulk insert (no
-- statistics yet) the planner could pick a hash join on user_id and compare every trade with every day: minutes for
-- a 1,000,000-row history. Each day is now summed by its own index range scan on (user_id, exit_date).
CREATE OR REPLACE FUNCTION refresh_report_days(p_user_ids INTEGER[], p_days DATE[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_days d USING unnest(p_user_ids, p_days) AS c(user_id, day)
    WHERE d.user_id = c.user_id AND d.day = c.day;
    INSERT INTO report_days (user_id, day, net, commission, closed_rows)
    SELECT c.user_id, c.day, s.net, s.commission, s.closed_rows
    FROM (
        SELECT user_id, day,
               ((day::TIMESTAMP AT TIME ZONE tz) AT TIME ZONE 'UTC') AS starts,
               (((day + 1)::TIMESTAMP AT TIME ZONE tz) AT TIME ZONE 'UTC') AS ends
        FROM (SELECT DISTINCT user_id, day, report_time_zone(user_id) AS tz
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
