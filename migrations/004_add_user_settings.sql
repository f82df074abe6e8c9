-- Per-user settings: timezone, theme, notification and display preferences.
CREATE TABLE user_settings (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    settings JSONB DEFAULT '{}',
    timezone VARCHAR(50) DEFAULT 'America/New_York',
    theme VARCHAR(20) DEFAULT 'light',
    notifications JSONB DEFAULT '{"email_alerts": true, "weekly_reports": true}',
    display_preferences JSONB DEFAULT '{}',
    created_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
);
CREATE UNIQUE INDEX idx_user_settings_user_id ON user_settings (user_id);
CREATE TRIGGER user_settings_set_updated_at BEFORE UPDATE ON user_settings
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
