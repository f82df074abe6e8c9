-- An imported trade names its two fills in its own row (open_execution_id, close_execution_id) instead of two rows
-- of a link table. A trade is always exactly one opening fill and at most one closing fill, each for the trade's whole
-- quantity, so the link rows said nothing the trade row cannot; writing them (with their primary key, index and two
-- foreign-key checks each) was more than half of a large import's time. trade_executions stays as a view.
--
-- No foreign keys on the two columns: only the import engine writes them, in the same transaction that writes or
-- deletes the fills, and it rebuilds (or deletes) every trade of a position whose fills change. A foreign key would
-- add a lookup per trade row and, for `import undo`, an index per column.
ALTER TABLE trades ADD COLUMN open_execution_id INTEGER;
ALTER TABLE trades ADD COLUMN close_execution_id INTEGER;

UPDATE trades t SET open_execution_id = l.execution_id
FROM trade_executions l WHERE l.trade_id = t.id AND l.role = 'open';
UPDATE trades t SET close_execution_id = l.execution_id
FROM trade_executions l WHERE l.trade_id = t.id AND l.role = 'close';

DROP TABLE trade_executions;

CREATE VIEW trade_executions AS
    SELECT id AS trade_id, open_execution_id AS execution_id, 'open'::VARCHAR(5) AS role, quantity
    FROM trades WHERE open_execution_id IS NOT NULL
    UNION ALL
    SELECT id, close_execution_id, 'close'::VARCHAR(5), quantity
    FROM trades WHERE close_execution_id IS NOT NULL;
