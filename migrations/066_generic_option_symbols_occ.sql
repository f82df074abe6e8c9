-- One contract, one symbol (issue 13): the generic reader built an option's symbol from its Underlying, Expiry,
-- Strike and Right columns in a compact form of its own (`AAPL240315C190`: the expiry's digits, the strike as
-- written), while every broker's module stores the unpadded OCC symbol (`AAPL240315C00190000`). Read by two readers,
-- one contract was two positions. The generic reader now writes OCC (importers/option-symbols.ts#optionFromParts);
-- here the positions it built before are renamed: a fill is taken as built when it was read by the generic format,
-- keeps its parts in `details`, and its symbol is exactly what the old builder made of them. Its position (user,
-- account, symbol) is renamed everywhere it is named: every fill of it (an --opening balance too), its imported
-- trades (the rows keep their ids, so notes, tags, strategies and journal links stay on them), and its round trips
-- and their rollup row. Manual trades (`trade add`) keep the symbol the user typed, and so do the round trips that
-- hold them. Parts that name no contract (an expiry such as 2024-02-30) are left as they are. Fingerprints hold the
-- symbol: 067 recomputes them all after this.

-- The old builder's symbol, as generic.ts wrote it before this migration.
CREATE FUNCTION tradesense_066_compact(p_underlying TEXT, p_expiry TEXT, p_strike TEXT, p_right TEXT)
RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT upper(p_underlying)
        || CASE WHEN length(regexp_replace(p_expiry, '[^0-9]', '', 'g')) = 8
                THEN substr(regexp_replace(p_expiry, '[^0-9]', '', 'g'), 3)
                ELSE regexp_replace(p_expiry, '[^0-9]', '', 'g') END
        || CASE WHEN upper(btrim(p_right)) LIKE 'P%' THEN 'P' ELSE 'C' END
        || regexp_replace(p_strike, '\.0+$', '')
$$;

-- The unpadded OCC symbol of the parts, as optionFromParts writes it (the same expiry spellings), or NULL.
CREATE FUNCTION tradesense_066_occ(p_underlying TEXT, p_expiry TEXT, p_strike TEXT, p_right TEXT)
RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    root TEXT := upper(regexp_replace(p_underlying, '[[:space:].]', '', 'g'));
    expiry TEXT := upper(regexp_replace(btrim(p_expiry), '\s+', ' ', 'g'));
    option_right TEXT := upper(btrim(p_right));
    strike TEXT := regexp_replace(btrim(p_strike), '^\$', '');
    parts TEXT[];
    day DATE;
    thousandths NUMERIC;
    symbol TEXT;
BEGIN
    IF root !~ '^[A-Z0-9]{1,6}$' OR option_right NOT IN ('C', 'P', 'CALL', 'PUT') OR strike !~ '^\d+(\.\d+)?$' THEN
        RETURN NULL;
    END IF;
    IF expiry ~ '^\d{4}-\d{2}-\d{2}$' OR expiry ~ '^\d{8}$' THEN
        parts := ARRAY[substr(expiry, 1, 4), substr(replace(expiry, '-', ''), 5, 2), substr(replace(expiry, '-', ''), 7, 2)];
    ELSIF expiry ~ '^\d{1,2}/\d{1,2}/(\d{2}|\d{4})$' THEN
        parts := regexp_match(expiry, '^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$');
        parts := ARRAY[parts[3], parts[1], parts[2]];
    ELSIF expiry ~ '^\d{1,2} ?[A-Z]{3} ?(\d{2}|\d{4})$' THEN
        parts := regexp_match(expiry, '^(\d{1,2}) ?([A-Z]{3}) ?(\d{2}|\d{4})$');
        parts := ARRAY[parts[3], parts[2], parts[1]];
    ELSIF expiry ~ '^[A-Z]{3} \d{1,2},? \d{4}$' THEN
        parts := regexp_match(expiry, '^([A-Z]{3}) (\d{1,2}),? (\d{4})$');
        parts := ARRAY[parts[3], parts[1], parts[2]];
    ELSE
        RETURN NULL;
    END IF;
    IF parts[2] ~ '^[A-Z]{3}$' THEN
        IF position(parts[2] IN 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC') % 3 <> 1 THEN RETURN NULL; END IF;
        parts[2] := ((position(parts[2] IN 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC') + 2) / 3)::TEXT;
    END IF;
    IF length(parts[1]) = 2 THEN parts[1] := '20' || parts[1]; END IF;
    BEGIN
        day := make_date(parts[1]::INTEGER, parts[2]::INTEGER, parts[3]::INTEGER);
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
    thousandths := strike::NUMERIC * 1000;
    IF thousandths <> trunc(thousandths) OR thousandths <= 0 OR thousandths >= 100000000 THEN RETURN NULL; END IF;
    symbol := root || to_char(day, 'YYMMDD') || left(option_right, 1) || lpad(trunc(thousandths)::TEXT, 8, '0');
    IF length(symbol) > 20 THEN RETURN NULL; END IF;
    RETURN symbol;
END
$$;

CREATE TEMP TABLE renamed_option_positions ON COMMIT DROP AS
SELECT user_id, account_id, symbol AS old_symbol, min(new_symbol) AS new_symbol
FROM (
    SELECT user_id, account_id, symbol,
        tradesense_066_occ(details ->> 'underlying', details ->> 'expiry', details ->> 'strike', details ->> 'right')
            AS new_symbol
    FROM executions
    WHERE broker = 'generic'
      AND details ?& ARRAY['underlying', 'expiry', 'strike', 'right']
      AND symbol = tradesense_066_compact(details ->> 'underlying', details ->> 'expiry', details ->> 'strike',
                                          details ->> 'right')
) AS built
WHERE new_symbol IS NOT NULL AND new_symbol <> symbol
GROUP BY user_id, account_id, symbol
HAVING count(DISTINCT new_symbol) = 1;

-- Round trips first, while their trades still name the old symbol: only those holding no manual trade.
UPDATE round_trips rt SET symbol = r.new_symbol
FROM renamed_option_positions r
WHERE rt.user_id = r.user_id AND rt.account_id = r.account_id AND rt.symbol = r.old_symbol
  AND NOT EXISTS (SELECT 1 FROM trades t WHERE t.round_trip_id = rt.id AND t.import_key IS NULL);

UPDATE report_round_trips rr SET symbol = rt.symbol
FROM round_trips rt JOIN renamed_option_positions r
    ON rt.user_id = r.user_id AND rt.account_id = r.account_id AND rt.symbol = r.new_symbol
WHERE rr.trip_key = rt.id AND rr.symbol = r.old_symbol;

UPDATE trades t SET symbol = r.new_symbol
FROM renamed_option_positions r
WHERE t.user_id = r.user_id AND coalesce(t.account_id, '') = r.account_id AND t.symbol = r.old_symbol
  AND t.import_key IS NOT NULL;

UPDATE executions e SET symbol = r.new_symbol
FROM renamed_option_positions r
WHERE e.user_id = r.user_id AND e.account_id = r.account_id AND e.symbol = r.old_symbol;

DROP TABLE renamed_option_positions;
DROP FUNCTION tradesense_066_occ(TEXT, TEXT, TEXT, TEXT);
DROP FUNCTION tradesense_066_compact(TEXT, TEXT, TEXT, TEXT);
