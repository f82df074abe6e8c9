-- A fill's identity no longer depends on the reader (issue 13). Up to here the fingerprint held the format's name
-- (`generic`, `ibkr`...) and the commission, so a file imported once with the generic reader (which some brokers'
-- exports fit, read with commission 0 where it missed a fee column) and again with its broker's own format stored
-- every fill twice. The identity is now:
--   with an execution id: the account and the broker's execution id;
--   without one: the account, the instant, the symbol, the side, the quantity and the price as decimal values, plus
--   how many identical fills came before it in its file.
-- The commission stays out: the same fill read with another commission is the same fill read differently. A new
-- import reports it and refuses (import/known-fills.ts) instead of storing it a second time or keeping one of the two
-- commissions without a word. db/imports.ts#stagedWithFields and #stagedFingerprint build the same expression.
--
-- Fills already stored get the new fingerprint here. Identical fills are numbered in the order they were stored,
-- counted per format: copies read by one format are distinct fills (two identical fills of one file, or of two
-- overlapping exports: the old identity told them apart already), while the first fill read by `generic` and the
-- first read by `schwab` with the same fields are one fill read twice. Two stored fills that now share a fingerprint
-- are exactly the copies the old identity let in. None is deleted here (its trades, notes and tags stand on it): the
-- first stored keeps the fingerprint and each later copy is marked, its fingerprint followed by its own id (36 bytes
-- instead of 32, unique, and still holding the identity in its first 32). `import csv` and `import show` report the
-- imports holding marked copies so the user can undo one of the two imports; undoing the import that holds the first
-- gives the identity back to the copy (db/imports.ts#deleteImportFills), so re-importing its file still adds nothing.
DROP INDEX idx_executions_user_fingerprint;

UPDATE executions
SET fingerprint = CASE WHEN numbered.copy = 1 THEN numbered.fingerprint
                       ELSE numbered.fingerprint || int4send(executions.id) END
FROM (
    SELECT id, fingerprint, row_number() OVER (PARTITION BY user_id, fingerprint ORDER BY id) AS copy
    FROM (
        SELECT id, user_id,
            CASE WHEN coalesce(execution_id, '') <> ''
                THEN sha256(convert_to('id|' || account_id || '|' || execution_id, 'UTF8'))
                ELSE sha256(convert_to(fields || '#'
                    || (row_number() OVER (PARTITION BY user_id, broker, fields ORDER BY id) - 1)::text, 'UTF8'))
            END AS fingerprint
        FROM (
            SELECT id, user_id, broker, account_id, execution_id,
                'fields|' || account_id || '|' || to_char(executed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')
                    || '|' || symbol || '|' || action || '|' || trim_scale(quantity)::text
                    || '|' || trim_scale(price)::text AS fields
            FROM executions
        ) AS described
    ) AS identified
) AS numbered
WHERE executions.id = numbered.id;

CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint);
-- The marked copies, found without reading every fill (each import looks for them).
CREATE INDEX idx_executions_marked_copies ON executions (user_id) WHERE octet_length(fingerprint) > 32;
