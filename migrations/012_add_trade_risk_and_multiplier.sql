-- Options and futures: a contract is worth `multiplier` units of the underlying (100 for US equity options, the point
-- value for a future), so P&L is price difference x quantity x multiplier - commission. Stock trades have multiplier
-- 1 and keep exactly the values migration 008 computed. Risk: a stop price and/or an initial risk amount give a closed
-- trade its R-multiple (pnl / initial risk).
ALTER TABLE trades ADD COLUMN asset_type VARCHAR(20) NOT NULL DEFAULT 'stock'
    CHECK (asset_type IN ('stock', 'etf', 'option', 'future', 'forex', 'crypto', 'other'));
ALTER TABLE trades ADD COLUMN multiplier NUMERIC(15, 4) NOT NULL DEFAULT 1 CHECK (multiplier > 0);
ALTER TABLE trades ADD COLUMN stop_price NUMERIC(15, 4) CHECK (stop_price > 0);
ALTER TABLE trades ADD COLUMN initial_risk NUMERIC(15, 2) CHECK (initial_risk > 0);
-- A generated column's expression cannot be altered in PostgreSQL 14-16: drop both and add them back, in one
-- migration (one transaction), pnl_percent first because nothing may depend on pnl while it is dropped.
ALTER TABLE trades DROP COLUMN pnl_percent;
ALTER TABLE trades DROP COLUMN pnl;
ALTER TABLE trades ADD COLUMN pnl DECIMAL(15, 2) GENERATED ALWAYS AS (
    CASE
        WHEN exit_price IS NOT NULL THEN
            CASE
                WHEN side = 'long' THEN (exit_price - entry_price) * quantity * multiplier - commission
                ELSE (entry_price - exit_price) * quantity * multiplier - commission
            END
        ELSE NULL
    END
) STORED;
ALTER TABLE trades ADD COLUMN pnl_percent DECIMAL(8, 2) GENERATED ALWAYS AS (
    CASE
        WHEN exit_price IS NOT NULL AND entry_price > 0 THEN
            (CAST(
                CASE
                    WHEN side = 'long' THEN (exit_price - entry_price) * quantity * multiplier - commission
                    ELSE (entry_price - exit_price) * quantity * multiplier - commission
                END AS DECIMAL(15, 2)
            ) / (entry_price * quantity * multiplier)) * 100
        ELSE NULL
    END
) STORED;
