-- 0016 every failed poll, by kind, so that the admin's plots can show source failures over time
-- (source_fetch_state keeps only the latest). Old rows can be pruned freely.
CREATE TABLE IF NOT EXISTS poll_failures (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id bigint      NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    at        timestamptz NOT NULL,
    kind      text        NOT NULL
);
CREATE INDEX IF NOT EXISTS poll_failures_at ON poll_failures (at);
