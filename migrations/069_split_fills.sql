-- A stock split as a fill (issue 13): position_effect 'split' marks a row that changes the quantity of the shares held
-- without trading them (Schwab `Stock Split`, `Reverse Split`). Its action says whether it adds shares (buy: a forward
-- split's new shares) or removes them (sell: a reverse split), its quantity how many, its price 0 and commission 0.
-- FIFO (domain/fifo.ts) applies it to every open lot of the position at its instant: quantity x ratio, entry price
-- / ratio, the cost basis unchanged; it never opens or closes a trade. Nothing stored before this migration is a split.
ALTER TABLE executions DROP CONSTRAINT IF EXISTS executions_position_effect_check;
ALTER TABLE executions ADD CONSTRAINT executions_position_effect_check
    CHECK (position_effect IN ('open', 'close', 'balance', 'split'));
