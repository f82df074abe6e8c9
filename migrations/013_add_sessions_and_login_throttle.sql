-- Logins on a shared server: a login is remembered as a random token on the user's machine; the database keeps only
-- its SHA-256 hash, so a copy of this table cannot be replayed. Logout (or a superuser deactivating the account)
-- revokes it. Failed logins are counted per username (existing or not, so the answer never reveals which) and lock
-- that username for a while after too many in a row.
CREATE TABLE user_sessions (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX idx_user_sessions_token_hash ON user_sessions (token_hash);
CREATE INDEX idx_user_sessions_user_id ON user_sessions (user_id);

CREATE TABLE login_throttle (
    username VARCHAR(50) PRIMARY KEY,
    failed_count INTEGER NOT NULL DEFAULT 0,
    last_failed_at TIMESTAMP,
    locked_until TIMESTAMP
);
