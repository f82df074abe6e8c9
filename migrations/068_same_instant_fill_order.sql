-- Fills of one position that share an instant keep the order their own files give them, whichever export is imported
-- first (issue 13). Until now such fills were ordered by import, then by their place in their file, so an older
-- export imported after a newer one put its fills after every fill of that instant the newer one had brought, and FIFO
-- matched other lots. same_instant_order is the fill's place among the fills of its position at its instant when
-- they came from more than one import (import/same-instant.ts places a new file's fills between the known ones); 0
-- where one import brought them all, which then keep their file order (file_sequence). FIFO reads
-- executed_at, same_instant_order, file_sequence, id.
ALTER TABLE executions ADD COLUMN same_instant_order INTEGER NOT NULL DEFAULT 0;

-- Stored fills keep the order FIFO gave them before: at an instant that holds fills of several imports, they are
-- numbered in the old order (import, then place in the file, then id).
UPDATE executions e SET same_instant_order = numbered.n
FROM (
    SELECT x.id, row_number() OVER (
        PARTITION BY x.user_id, x.account_id, x.symbol, x.executed_at
        ORDER BY coalesce(x.import_id, 0), x.file_sequence, x.id) AS n
    FROM executions x
    WHERE EXISTS (
        SELECT 1 FROM executions o
        WHERE o.user_id = x.user_id AND o.account_id = x.account_id AND o.symbol = x.symbol
          AND o.executed_at = x.executed_at AND coalesce(o.import_id, 0) <> coalesce(x.import_id, 0))
) numbered
WHERE e.id = numbered.id;
