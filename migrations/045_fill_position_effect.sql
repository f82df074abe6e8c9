-- What a fill's row said about its position, when it said anything: 'open' for Sell Short / Sell to Open / a generic
-- `short` side, 'close' for Buy to Cover / Sell to Close. NULL when the row gave a plain buy or sell. The FIFO
-- matching reads it so that a sell with nothing to close is reported as unmatched instead of becoming an invented
-- short (issue 13). Not part of the fill's fingerprint: a known fill stays known whatever a reader says about it.
ALTER TABLE executions ADD COLUMN position_effect VARCHAR(5)
    CHECK (position_effect IN ('open', 'close'));

-- Journals written before this migration opened a short with a plain sell that found no long lots. Those sells said
-- they opened a position (the trader's journal has the short round trip to show it): mark them so, or the next
-- rebuild of the position would turn a short the trader already has into an unmatched sell.
UPDATE executions e SET position_effect = 'open'
WHERE e.action = 'sell'
  AND e.position_effect IS NULL
  AND EXISTS (SELECT 1 FROM trades t WHERE t.open_execution_id = e.id AND t.side = 'short');
