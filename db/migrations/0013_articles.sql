-- 0013 what PubMed's E-utilities say of an article beyond its text: journal, MeSH headings and
-- publication types (which rank randomised and phase 3 trials high in digests). Keyed by PMID, so a
-- journal's or PubMed's RSS item for the same article reads the same row.
CREATE TABLE IF NOT EXISTS articles (
    pmid              text        PRIMARY KEY CHECK (pmid ~ '^[0-9]{1,9}$'),
    doi               text        NULL,
    journal           text        NULL,
    mesh              text[]      NOT NULL DEFAULT '{}',
    publication_types text[]      NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL DEFAULT now()
);
