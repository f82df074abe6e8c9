-- Prices are stored exactly: trades.entry_price, trades.exit_price, trades.stop_price and executions.price widen from
-- DECIMAL(15, 4) to DECIMAL(21, 10) (issue 17). Four places rounded real prices, and the P&L with them: 6J (Japanese
-- yen futures) trades at 0.0067055 (7 places; rounded to 0.0067, a 20-tick move of 250.00 became 0.00), 6E at 5
-- places, Treasury futures in 32nds and their fractions (ZN 110'16.5 = 110.515625, ZT quarter-32nds 1/128 = 7
-- places, 1/256 = 8), sub-penny stocks and some crypto pairs at 8. Ten places hold all of these and match the
-- quantities of migration 047 (DECIMAL(21, 10)); the integer part keeps its 11 digits, so every price that fitted
-- still fits. Every other property stays: NOT NULL on entry_price and price, the CHECKs (price >= 0, stop_price > 0),
-- no default. Widening the scale changes no stored value (0.0067 is 0.0067000000), so P&L, the rollups and fill
-- fingerprints (which trim trailing zeros) are the same after it; values rounded by imports before it stay rounded.
--
-- PostgreSQL refuses to change the type of a column that a generated column reads: trades.pnl and trades.pnl_percent
-- (migration 047's expressions, with 046's NULL rule and the DECIMAL(15, 2) casts, restated unchanged) are dropped and
-- added back around the change, in this one transaction. The trade_executions view reads no price (only ids and
-- quantity) and the report rollup functions (030-033, 061, 065) are plpgsql, which pg_depend does not track: none
-- needs restating. Adding a generated column back fires no trigger, so the rollups keep their rows.
ALTER TABLE trades DROP COLUMN pnl_percent;
ALTER TABLE trades DROP COLUMN pnl;

ALTER TABLE trades ALTER COLUMN entry_price TYPE DECIMAL(21, 10);
ALTER TABLE trades ALTER COLUMN exit_price TYPE DECIMAL(21, 10);
ALTER TABLE trades ALTER COLUMN stop_price TYPE DECIMAL(21, 10);
ALTER TABLE executions ALTER COLUMN price TYPE DECIMAL(21, 10);

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
