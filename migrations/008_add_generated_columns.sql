-- P&L calculations as stored generated columns, exactly as the seed defines them.
-- PostgreSQL forbids a generated column that reads another generated column, so pnl_percent inlines pnl's expression,
-- cast to pnl's own type NUMERIC(15,2) first: the percentage is computed from the same rounded pnl that is stored,
-- which is what the seed's "pnl / (entry_price * quantity)" reads.
ALTER TABLE trades ADD COLUMN pnl DECIMAL(15, 2) GENERATED ALWAYS AS (
    CASE
        WHEN exit_price IS NOT NULL THEN
            CASE
                WHEN side = 'long' THEN (exit_price - entry_price) * quantity - commission
                ELSE (entry_price - exit_price) * quantity - commission
            END
        ELSE NULL
    END
) STORED;
ALTER TABLE trades ADD COLUMN pnl_percent DECIMAL(8, 2) GENERATED ALWAYS AS (
    CASE
        WHEN exit_price IS NOT NULL AND entry_price > 0 THEN
            (CAST(
                CASE
                    WHEN side = 'long' THEN (exit_price - entry_price) * quantity - commission
                    ELSE (entry_price - exit_price) * quantity - commission
                END AS DECIMAL(15, 2)
            ) / (entry_price * quantity)) * 100
        ELSE NULL
    END
) STORED;
