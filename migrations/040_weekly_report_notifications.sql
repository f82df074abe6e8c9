-- One weekly-report notification per user and ISO week: running the same week again refreshes that row instead of
-- adding a second one (report weekly upserts on this index).
CREATE UNIQUE INDEX idx_notifications_weekly_report_week ON notifications (user_id, (data ->> 'week'))
    WHERE type = 'weekly_report';
