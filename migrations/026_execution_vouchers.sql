-- A fill belongs to every import that contained it. executions.import_id names the import that first brought it in;
-- this table names each later import whose file held it too (an overlapping export), so that undoing one import
-- keeps every fill another import still vouches for. Only overlaps get a row: a first import of a million new fills
-- writes none, and existing journals need no backfill (their first import is executions.import_id already; the
-- overlaps of imports made before this migration were never recorded, so their undo behaves as before).
CREATE TABLE execution_vouchers (
    execution_id INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
    import_id INTEGER NOT NULL REFERENCES import_history(id) ON DELETE CASCADE,
    PRIMARY KEY (execution_id, import_id)
);
CREATE INDEX idx_execution_vouchers_import_id ON execution_vouchers (import_id);
