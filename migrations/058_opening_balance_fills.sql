-- `import csv --opening 'BND=100@23.10'` stores an opening balance as a fill whose position_effect is 'balance': the
-- position held before the export starts, which FIFO tops the position up to and never beyond (domain/fifo.ts), so a
-- later import of the older export that holds the real buy does not double it (issue 13).
ALTER TABLE executions DROP CONSTRAINT IF EXISTS executions_position_effect_check;
ALTER TABLE executions ALTER COLUMN position_effect TYPE VARCHAR(7);
ALTER TABLE executions ADD CONSTRAINT executions_position_effect_check
    CHECK (position_effect IN ('open', 'close', 'balance'));
