-- A user's own futures contracts: roots the built-in table (src/domain/futures-contracts.ts) lacks, or overrides of
-- its rows (`tradesense futures set ROOT --point-value V`). One row per user and root; a user never sees another's.
-- point_value fits executions.multiplier (NUMERIC(12, 4)), which the import writes it into.
CREATE TABLE user_futures_contracts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    root VARCHAR(4) NOT NULL CHECK (root ~ '^[A-Z0-9]{1,4}$'),
    point_value NUMERIC(12, 4) NOT NULL CHECK (point_value > 0),
    tick_size NUMERIC(15, 8) CHECK (tick_size > 0),
    exchange VARCHAR(20),
    currency VARCHAR(3) CHECK (currency ~ '^[A-Z]{3}$'),
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE UNIQUE INDEX idx_user_futures_contracts_user_root ON user_futures_contracts (user_id, root);
CREATE TRIGGER user_futures_contracts_set_updated_at BEFORE UPDATE ON user_futures_contracts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
