-- A sub-penny entry price can make a trade's P&L percentage larger than DECIMAL(8, 2) holds (a 0.0001 stock sold at
-- 1.00 is +999,900 %): the insert failed with "numeric field overflow" and the whole import with it. The percentage
-- is now NULL where it cannot be held (|value| rounds to 1,000,000.00 or more); pnl and everything else are kept.
-- Same expression as migration 012 otherwise. Nothing depends on pnl_percent, so it is dropped and added back.
ALTER TABLE trades DROP COLUMN pnl_percent;
ALTER TABLE trades ADD COLUMN pnl_percent DECIMAL(8, 2) GENERATED ALWAYS AS (
    CASE
        WHEN exit_price IS NOT NULL AND entry_price > 0 AND abs((CAST(
                CASE
                    WHEN side = 'long' THEN (exit_price - entry_price) * quantity * multiplier - commission
                    ELSE (entry_price - exit_price) * quantity * multiplier - commission
                END AS DECIMAL(15, 2)
            ) / (entry_price * quantity * multiplier)) * 100) < 999999.995 THEN
            (CAST(
                CASE
                    WHEN side = 'long' THEN (exit_price - entry_price) * quantity * multiplier - commission
                    ELSE (entry_price - exit_price) * quantity * multiplier - commission
                END AS DECIMAL(15, 2)
            ) / (entry_price * quantity * multiplier)) * 100
        ELSE NULL
    END
) STORED;
