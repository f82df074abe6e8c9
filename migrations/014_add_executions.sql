-- The import engine: fills stored as they came (executions), the trades built from them by FIFO (trade_executions),
-- round trips (flat to flat) as groups of trades, saved column mappings, and an import summary.
-- 012 and 013 are taken by the trade-risk/multiplier and sessions migrations.

CREATE TABLE round_trips (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id VARCHAR(50) NOT NULL DEFAULT '',
    symbol VARCHAR(20) NOT NULL,
    side VARCHAR(10) NOT NULL CHECK (side IN ('long', 'short')),
    opened_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE INDEX idx_round_trips_user_symbol ON round_trips (user_id, account_id, symbol);

-- An imported trade's identity: its opening fill and its closing fill (or 'open'). Rebuilding the trades of a symbol
-- keeps every row whose identity survives, so notes, tags, strategies and journal links stay attached.
ALTER TABLE trades ADD COLUMN import_key VARCHAR(64);
ALTER TABLE trades ADD COLUMN round_trip_id INTEGER REFERENCES round_trips(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX idx_trades_user_import_key ON trades (user_id, import_key) WHERE import_key IS NOT NULL;

ALTER TABLE import_history ADD COLUMN account_id VARCHAR(50);
ALTER TABLE import_history ADD COLUMN summary JSONB DEFAULT '{}';

CREATE TABLE executions (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    import_id INTEGER REFERENCES import_history(id) ON DELETE SET NULL,
    -- sha256 of the broker's execution id, or of the fill's fields plus its occurrence count within its file.
    fingerprint CHAR(64) NOT NULL,
    broker VARCHAR(50) NOT NULL,
    account_id VARCHAR(50) NOT NULL DEFAULT '',
    symbol VARCHAR(20) NOT NULL,
    asset_type VARCHAR(20) NOT NULL DEFAULT 'stock'
        CHECK (asset_type IN ('stock', 'option', 'future', 'forex', 'crypto', 'other')),
    multiplier DECIMAL(12, 4) NOT NULL DEFAULT 1 CHECK (multiplier > 0),
    action VARCHAR(4) NOT NULL CHECK (action IN ('buy', 'sell')),
    quantity DECIMAL(15, 4) NOT NULL CHECK (quantity > 0),
    price DECIMAL(15, 4) NOT NULL CHECK (price >= 0),
    -- Commission and fees together, as a cost (positive).
    commission DECIMAL(10, 2) NOT NULL DEFAULT 0,
    executed_at TIMESTAMP NOT NULL,
    -- Position in its file, oldest first: orders fills that share a timestamp (or a date without a time).
    file_sequence INTEGER NOT NULL,
    execution_id VARCHAR(100),
    order_id VARCHAR(100),
    currency VARCHAR(3),
    details JSONB DEFAULT '{}',
    source_line INTEGER,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint);
CREATE INDEX idx_executions_user_position ON executions (user_id, account_id, symbol, executed_at);
CREATE INDEX idx_executions_import_id ON executions (import_id);

CREATE TABLE trade_executions (
    trade_id INTEGER NOT NULL REFERENCES trades(id) ON DELETE CASCADE,
    execution_id INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
    role VARCHAR(5) NOT NULL CHECK (role IN ('open', 'close')),
    quantity DECIMAL(15, 4) NOT NULL,
    PRIMARY KEY (trade_id, execution_id, role)
);
CREATE INDEX idx_trade_executions_execution_id ON trade_executions (execution_id);

CREATE TABLE import_mappings (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    mapping JSONB NOT NULL,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE UNIQUE INDEX idx_import_mappings_user_name ON import_mappings (user_id, name);
CREATE TRIGGER import_mappings_set_updated_at BEFORE UPDATE ON import_mappings
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
