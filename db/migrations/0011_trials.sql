-- 0011 studies read from the ClinicalTrials.gov API v2: the registry's facts per study, its sites,
-- and a history of every change of the overall status or of a site (what changed, from, to, when),
-- so that "newly recruiting", "recruitment paused or stopped" and "new site" are queries.
-- A trial is one study with the feed items that carry its NCT id (study_identifiers kind 'nct').

-- API sources page through a query; after a complete pass the next one asks only for studies
-- updated since this cursor (for ClinicalTrials.gov: the date the last complete pass started).
ALTER TABLE source_fetch_state ADD COLUMN IF NOT EXISTS sync_cursor text NULL;

CREATE TABLE IF NOT EXISTS trials (
    nct_id                  text        PRIMARY KEY CHECK (nct_id ~ '^NCT[0-9]{8}$'),
    brief_title             text        NOT NULL,
    official_title          text        NULL,
    overall_status          text        NOT NULL,
    last_known_status       text        NULL,
    why_stopped             text        NULL,
    phases                  text[]      NOT NULL DEFAULT '{}',
    study_type              text        NULL,
    conditions              text[]      NOT NULL DEFAULT '{}',
    condition_mesh          text[]      NOT NULL DEFAULT '{}',
    -- [{"type":"DRUG","name":"Pembrolizumab"}, ...]
    interventions           jsonb       NOT NULL DEFAULT '[]',
    sponsor                 text        NULL,
    brief_summary           text        NULL,
    -- Registry dates as given: 'YYYY-MM-DD' or only 'YYYY-MM'.
    start_date              text        NULL,
    primary_completion_date text        NULL,
    first_posted            text        NULL,
    last_update_posted      text        NULL,
    min_age                 text        NULL,
    max_age                 text        NULL,
    min_age_years           numeric     NULL,
    max_age_years           numeric     NULL,
    sex                     text        NULL CHECK (sex IN ('ALL', 'FEMALE', 'MALE')),
    healthy_volunteers      boolean     NULL,
    eligibility_criteria    text        NULL,
    -- SHA-256 of the record as read: an unchanged study is skipped without writing.
    content_hash            text        NOT NULL,
    first_seen_at           timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trials_overall_status ON trials (overall_status);

CREATE TABLE IF NOT EXISTS trial_sites (
    nct_id        text             NOT NULL REFERENCES trials (nct_id) ON DELETE CASCADE,
    -- facility|city|state|country, case and spacing folded
    site_key      text             NOT NULL,
    facility      text             NULL,
    city          text             NULL,
    state         text             NULL,
    country       text             NULL,
    status        text             NULL,
    latitude      double precision NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude     double precision NULL CHECK (longitude BETWEEN -180 AND 180),
    first_seen_at timestamptz      NOT NULL DEFAULT now(),
    -- Set when the registry no longer lists the site; cleared if it comes back.
    removed_at    timestamptz      NULL,
    PRIMARY KEY (nct_id, site_key)
);
CREATE INDEX IF NOT EXISTS trial_sites_country ON trial_sites (country, state);

CREATE TABLE IF NOT EXISTS trial_changes (
    id          bigserial   PRIMARY KEY,
    nct_id      text        NOT NULL REFERENCES trials (nct_id) ON DELETE CASCADE,
    -- first_seen: ImmunoWatch read the study for the first time (to_status is its status then);
    -- status: the overall status changed; site_added, site_status, site_removed: one site.
    change      text        NOT NULL CHECK (change IN ('first_seen', 'status', 'site_added', 'site_status', 'site_removed')),
    site_key    text        NULL,
    from_status text        NULL,
    to_status   text        NULL,
    -- The registry's last-update date of the version that showed the change.
    changed_on  date        NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((change IN ('first_seen', 'status')) = (site_key IS NULL))
);
CREATE INDEX IF NOT EXISTS trial_changes_recorded_at ON trial_changes (recorded_at);
CREATE INDEX IF NOT EXISTS trial_changes_nct_id ON trial_changes (nct_id, recorded_at);
