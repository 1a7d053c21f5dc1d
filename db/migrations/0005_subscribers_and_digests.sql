-- 0005 subscribers, the explainer (editable, versioned content), and the digest outbox: one row
-- per (subscriber, digest period), which is what makes delivery exactly-once.

CREATE TABLE IF NOT EXISTS subscribers (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        text        NOT NULL,
    name         text        NOT NULL DEFAULT '',
    audience     text        NOT NULL DEFAULT 'clinician' CHECK (audience IN ('clinician', 'advocate')),
    -- OncoTree codes or tissue sites followed; empty follows every cancer type.
    followed     text[]      NOT NULL DEFAULT '{}',
    wants_trials boolean     NOT NULL DEFAULT true,
    cadence      text        NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'daily')),
    -- Weekly digests go out on this ISO weekday (1 = Monday) at this hour, in this time zone.
    send_weekday smallint    NOT NULL DEFAULT 1 CHECK (send_weekday BETWEEN 1 AND 7),
    send_hour    smallint    NOT NULL DEFAULT 7 CHECK (send_hour BETWEEN 0 AND 23),
    time_zone    text        NOT NULL DEFAULT 'UTC',
    state        text        NOT NULL DEFAULT 'active' CHECK (state IN ('pending', 'active', 'unsubscribed', 'bounced')),
    soft_bounces integer     NOT NULL DEFAULT 0,
    -- Items first seen up to here were in a delivered digest; moved only after delivery.
    watermark    timestamptz NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS subscribers_email_key ON subscribers (lower(email));

CREATE TABLE IF NOT EXISTS explainer_versions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audience   text        NOT NULL CHECK (audience IN ('clinician', 'advocate')),
    version    integer     NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (audience, version)
);

CREATE TABLE IF NOT EXISTS explainer_pointers (
    site    text PRIMARY KEY,
    pointer text NOT NULL
);

CREATE TABLE IF NOT EXISTS digest_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_id   bigint      NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    period_key      text        NOT NULL,
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    -- pending -> claimed (content rendered and kept, so a retry sends the same message) ->
    -- transmitting (set just before the SMTP transaction) -> sent | failed | unknown.
    -- A crash while claimed is safe to retry; a crash while transmitting may have delivered, so
    -- the row becomes unknown and is never resent automatically. empty = nothing new, no email.
    state           text        NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'claimed', 'transmitting', 'sent', 'failed', 'unknown', 'empty')),
    claimed_until   timestamptz NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text        NULL,
    message_id      text        NULL,
    subject         text        NULL,
    html            text        NULL,
    text_body       text        NULL,
    item_count      integer     NOT NULL DEFAULT 0,
    watermark_to    timestamptz NULL,
    server_response text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz NULL,
    UNIQUE (subscriber_id, period_key)
);
CREATE INDEX IF NOT EXISTS digest_outbox_due ON digest_outbox (state, next_attempt_at);
