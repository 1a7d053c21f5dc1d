-- 0004 tags per item: cancer types rolled up to OncoTree tissues, immunotherapy and its modalities,
-- trial facts, and the tagger version that produced them (stored items are re-tagged in the
-- background when the rules change). Plus the relevance rule digests use.

CREATE TABLE IF NOT EXISTS item_tags (
    item_id        bigint      PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    tagger_version integer     NOT NULL,
    immunotherapy  boolean     NOT NULL,
    generic_cancer boolean     NOT NULL,
    sites          text[]      NOT NULL DEFAULT '{}',
    cancer_codes   text[]      NOT NULL DEFAULT '{}',
    modalities     text[]      NOT NULL DEFAULT '{}',
    nct_ids        text[]      NOT NULL DEFAULT '{}',
    phases         text[]      NOT NULL DEFAULT '{}',
    trial_status   text        NULL,
    is_trial       boolean     NOT NULL,
    tagged_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS item_tags_sites ON item_tags USING gin (sites);
CREATE INDEX IF NOT EXISTS item_tags_version ON item_tags (tagger_version);

-- Items that may reach digests: every item of an "all" source; only immunotherapy items of an
-- "immunotherapy-only" source (general oncology journals, NCI news).
CREATE OR REPLACE VIEW relevant_items AS
SELECT i.*, t.sites, t.cancer_codes, t.modalities, t.immunotherapy, t.is_trial, t.phases, t.trial_status
FROM items i
JOIN sources s ON s.id = i.source_id
JOIN item_tags t ON t.item_id = i.id
WHERE s.relevance_mode = 'all' OR t.immunotherapy;
