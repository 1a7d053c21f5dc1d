-- 0001 core schema: sources and their fetch state, items, the studies that tie items from
-- different sources together, and tombstones for purged items.
-- Idempotent: every statement can run again without effect.

CREATE TABLE IF NOT EXISTS sources (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url             text        NOT NULL,
    name            text        NOT NULL,
    kind            text        NOT NULL DEFAULT 'news'
                    CHECK (kind IN ('news', 'trials', 'journal', 'preprint', 'other')),
    relevance_mode  text        NOT NULL DEFAULT 'all'
                    CHECK (relevance_mode IN ('all', 'immunotherapy-only')),
    -- An admin's interval for this source; NULL means "adapt to how often it publishes".
    poll_interval   interval    NULL CHECK (poll_interval IS NULL OR poll_interval >= interval '1 second'),
    enabled         boolean     NOT NULL DEFAULT true,
    -- Why the source is disabled: 'gone' (HTTP 410), 'admin', or an admin's own words.
    disabled_reason text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS sources_url_key ON sources (url);

-- How and when each source is polled. One row per source, written by the pollers only.
CREATE TABLE IF NOT EXISTS source_fetch_state (
    source_id          bigint      PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    etag               text        NULL,
    last_modified      text        NULL,
    next_poll_at       timestamptz NOT NULL DEFAULT now(),
    -- Set while a poller holds the source; another poller skips it until then.
    lease_until        timestamptz NULL,
    consecutive_errors integer     NOT NULL DEFAULT 0,
    last_error         text        NULL,
    last_error_kind    text        NULL,
    last_error_at      timestamptz NULL,
    last_success_at    timestamptz NULL,
    last_polled_at     timestamptz NULL,
    last_status        integer     NULL,
    -- The interval the scheduler settled on last time (after adaptation, hints and clamping).
    current_interval   interval    NULL
);
CREATE INDEX IF NOT EXISTS source_fetch_state_next_poll ON source_fetch_state (next_poll_at);

-- Earlier URLs of a source (permanent redirects, admin edits).
CREATE TABLE IF NOT EXISTS source_url_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id  bigint      NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    old_url    text        NOT NULL,
    new_url    text        NOT NULL,
    reason     text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- One study, however many sources carried it.
CREATE TABLE IF NOT EXISTS studies (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The identifiers that name a study: kind is 'pmid', 'doi', 'nct' or 'link' (canonical link).
CREATE TABLE IF NOT EXISTS study_identifiers (
    kind     text   NOT NULL CHECK (kind IN ('pmid', 'doi', 'nct', 'link')),
    value    text   NOT NULL,
    study_id bigint NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value)
);
CREATE INDEX IF NOT EXISTS study_identifiers_study ON study_identifiers (study_id);

-- An item as one source published it. key_hash is SHA-256 of the item key (GUID, GUID|link, link,
-- or a hash of title and content), so keys of any length index well.
CREATE TABLE IF NOT EXISTS items (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id      bigint      NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    key_hash       bytea       NOT NULL,
    item_key       text        NOT NULL,
    guid           text        NULL,
    title          text        NOT NULL,
    link           text        NULL,
    canonical_link text        NULL,
    published_at   timestamptz NULL,
    authors        text[]      NOT NULL DEFAULT '{}',
    summary_html   text        NOT NULL DEFAULT '',
    summary_text   text        NOT NULL DEFAULT '',
    pmid           text        NULL,
    doi            text        NULL,
    nct_id         text        NULL,
    content_hash   text        NOT NULL,
    study_id       bigint      NULL REFERENCES studies (id) ON DELETE SET NULL,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source_id, key_hash)
);
CREATE INDEX IF NOT EXISTS items_study ON items (study_id);
CREATE INDEX IF NOT EXISTS items_first_seen ON items (first_seen_at);
CREATE INDEX IF NOT EXISTS items_published ON items (published_at);

-- Items an admin purged: never ingested again from the same source.
CREATE TABLE IF NOT EXISTS item_tombstones (
    source_id bigint      NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    key_hash  bytea       NOT NULL,
    purged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, key_hash)
);
