-- Base tables: users, strategies, trades, journal entries and their links, imports, notifications.
--
-- Translated from the seed's MySQL-flavoured DDL into PostgreSQL 14+:
-- * inline INDEX clauses become CREATE INDEX with the seed's index names;
-- * ON UPDATE CURRENT_TIMESTAMP becomes a BEFORE UPDATE trigger (set_updated_at);
-- * TIMESTAMP columns hold UTC: CURRENT_TIMESTAMP is converted with AT TIME ZONE 'UTC' so the stored wall-clock time
--   does not depend on the session's TimeZone setting (a psql session in New York writes the same value as the CLI).
-- Verification and reset columns of users come in 002 and 003, the generated P&L columns of trades in 008.

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Like MySQL's ON UPDATE CURRENT_TIMESTAMP: an UPDATE that sets updated_at itself keeps its value.
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
    END IF;
    RETURN NEW;
END;
$$;

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    username VARCHAR(50) UNIQUE NOT NULL,
    email VARCHAR(255) UNIQUE NOT NULL,
    hashed_password VARCHAR(255) NOT NULL,
    full_name VARCHAR(255),
    is_active BOOLEAN DEFAULT TRUE,
    is_superuser BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    last_login TIMESTAMP
);
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_username ON users (username);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE strategies (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    description TEXT,
    rules JSONB DEFAULT '{}',
    is_active BOOLEAN DEFAULT TRUE,
    performance_metrics JSONB DEFAULT '{}',
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE INDEX idx_strategies_user_id ON strategies (user_id);
CREATE UNIQUE INDEX idx_strategies_user_name ON strategies (user_id, name);
CREATE TRIGGER strategies_set_updated_at BEFORE UPDATE ON strategies
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE trades (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    symbol VARCHAR(20) NOT NULL,
    side VARCHAR(10) NOT NULL CHECK (side IN ('long', 'short')),
    quantity DECIMAL(15, 4) NOT NULL,
    entry_price DECIMAL(15, 4) NOT NULL,
    exit_price DECIMAL(15, 4),
    entry_date TIMESTAMP NOT NULL,
    exit_date TIMESTAMP,
    commission DECIMAL(10, 2) DEFAULT 0,
    status VARCHAR(20) DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    strategy_id INTEGER,
    notes TEXT,
    tags TEXT[],
    broker VARCHAR(50),
    account_id VARCHAR(50),
    order_id VARCHAR(100),
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
-- Declared apart from the table so that it holds whichever of trades and strategies is created first.
ALTER TABLE trades ADD CONSTRAINT trades_strategy_id_fkey FOREIGN KEY (strategy_id) REFERENCES strategies(id);
CREATE INDEX idx_trades_user_id ON trades (user_id);
CREATE INDEX idx_trades_symbol ON trades (symbol);
CREATE INDEX idx_trades_entry_date ON trades (entry_date);
CREATE INDEX idx_trades_status ON trades (status);
CREATE INDEX idx_trades_user_symbol ON trades (user_id, symbol);
-- The seed's optimization notes: a partial index for the open positions every portfolio view reads.
CREATE INDEX idx_trades_open ON trades (user_id, symbol) WHERE status = 'open';
CREATE TRIGGER trades_set_updated_at BEFORE UPDATE ON trades
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE journal_entries (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    title VARCHAR(255) NOT NULL,
    content TEXT,
    mood VARCHAR(50),
    confidence INTEGER CHECK (confidence >= 1 AND confidence <= 10),
    tags TEXT[],
    is_archived BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE INDEX idx_journal_user_id ON journal_entries (user_id);
CREATE INDEX idx_journal_created_at ON journal_entries (created_at);
CREATE INDEX idx_journal_mood ON journal_entries (mood);
CREATE TRIGGER journal_entries_set_updated_at BEFORE UPDATE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE trade_journal_links (
    trade_id INTEGER REFERENCES trades(id) ON DELETE CASCADE,
    journal_entry_id INTEGER REFERENCES journal_entries(id) ON DELETE CASCADE,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    PRIMARY KEY (trade_id, journal_entry_id)
);
CREATE INDEX idx_tjl_journal_id ON trade_journal_links (journal_entry_id);

CREATE TABLE import_history (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    filename VARCHAR(255) NOT NULL,
    broker VARCHAR(50),
    total_rows INTEGER,
    imported_rows INTEGER,
    failed_rows INTEGER,
    errors JSONB DEFAULT '[]',
    status VARCHAR(20) CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE INDEX idx_import_history_user_id ON import_history (user_id);
CREATE INDEX idx_import_history_status ON import_history (status);

CREATE TABLE notifications (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    type VARCHAR(50) NOT NULL,
    title VARCHAR(255) NOT NULL,
    message TEXT,
    data JSONB DEFAULT '{}',
    is_read BOOLEAN DEFAULT FALSE,
    read_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE INDEX idx_notifications_user_id ON notifications (user_id);
CREATE INDEX idx_notifications_is_read ON notifications (is_read);
CREATE INDEX idx_notifications_created_at ON notifications (created_at);
