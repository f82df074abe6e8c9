-- Journal full-text search. MySQL's FULLTEXT INDEX (title, content) becomes a stored tsvector over both columns with a
-- GIN index under the seed's name. The title weighs more (A) than the body (B) so ts_rank puts title hits first.
-- to_tsvector with an explicit configuration is immutable, which a generated column requires.
ALTER TABLE journal_entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(content, '')), 'B')
) STORED;
CREATE INDEX idx_journal_search ON journal_entries USING GIN (search_vector);
