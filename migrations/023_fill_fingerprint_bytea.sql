-- A fill's fingerprint becomes 32 bytes (sha256 as bytea, half the unique index of the 64-character hex text) and is
-- computed from values as the database holds them, not from the file's spelling, so a change of reader can never make
-- a known fill look new: the broker's execution id when there is one, else the fill's fields (the instant, and the
-- quantity, price and commission as decimal values, trailing zeros dropped) plus how many identical fills came before
-- it (db/imports.ts#insertStagedFills builds the same expression for each new file). Fills already stored get the
-- new fingerprint here, identical fills numbered in the order they were stored, so re-importing any file already
-- imported still adds nothing.
ALTER TABLE executions ADD COLUMN fingerprint_bytes BYTEA;

UPDATE executions
SET fingerprint_bytes = numbered.fingerprint
FROM (
    SELECT id,
        CASE WHEN coalesce(execution_id, '') <> ''
            THEN sha256(convert_to('id|' || broker || '|' || account_id || '|' || execution_id, 'UTF8'))
            ELSE sha256(convert_to(fields || '#' || (row_number() OVER (PARTITION BY user_id, fields ORDER BY id) - 1)::text, 'UTF8'))
        END AS fingerprint
    FROM (
        SELECT id, user_id, broker, account_id, execution_id,
            'fields|' || broker || '|' || account_id || '|' || to_char(executed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')
                || '|' || symbol || '|' || action || '|' || trim_scale(quantity)::text
                || '|' || trim_scale(price)::text || '|' || trim_scale(commission)::text AS fields
        FROM executions
    ) AS described
) AS numbered
WHERE executions.id = numbered.id;

DROP INDEX idx_executions_user_fingerprint;
ALTER TABLE executions DROP COLUMN fingerprint;
ALTER TABLE executions RENAME COLUMN fingerprint_bytes TO fingerprint;
ALTER TABLE executions ALTER COLUMN fingerprint SET NOT NULL;
CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint);
