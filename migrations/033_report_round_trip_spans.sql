-- The positions open at the end of a past period are the round trips that span that instant (opened before it, flat
-- at or after it). Two range conditions on two columns defeat a btree: a week's report from years ago read every
-- later round trip. A GiST index on the span answers "which spans contain this instant" directly.
CREATE INDEX idx_report_round_trips_span ON report_round_trips USING gist (tsrange(opened_at, flat_at, '(]'));
