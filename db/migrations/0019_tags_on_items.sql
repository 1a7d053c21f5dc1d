-- 0019 an item's tags move onto its own row. Tags were one row per item in item_tags, written in
-- the same statement as the item: a second heap row, a second primary key and a foreign-key check
-- for every stored item. A cold 1,000-feed poll spent about a fifth of PostgreSQL's CPU there
-- (bench/results/2026-12-03-poll-session9.md). tagger_version stays NULL until an item is tagged;
-- the background re-tagger picks those up as it picked up items without a tag row.
ALTER TABLE items
    ADD COLUMN tagger_version integer     NULL,
    ADD COLUMN immunotherapy  boolean     NOT NULL DEFAULT false,
    ADD COLUMN generic_cancer boolean     NOT NULL DEFAULT false,
    ADD COLUMN sites          text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN cancer_codes   text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN modalities     text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN nct_ids        text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN phases         text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN trial_status   text        NULL,
    ADD COLUMN is_trial       boolean     NOT NULL DEFAULT false,
    ADD COLUMN tagged_at      timestamptz NULL;

UPDATE items i
SET tagger_version = t.tagger_version, immunotherapy = t.immunotherapy, generic_cancer = t.generic_cancer,
    sites = t.sites, cancer_codes = t.cancer_codes, modalities = t.modalities, nct_ids = t.nct_ids,
    phases = t.phases, trial_status = t.trial_status, is_trial = t.is_trial, tagged_at = t.tagged_at
FROM item_tags t
WHERE t.item_id = i.id;

DROP VIEW relevant_items;
DROP TABLE item_tags;

CREATE INDEX items_sites ON items USING gin (sites);
CREATE INDEX items_tagger_version ON items (tagger_version);

-- Items that may reach digests, as before: tagged, and either from an "all" source or about
-- immunotherapy (an "immunotherapy-only" source: general oncology journals, NCI news).
CREATE VIEW relevant_items AS
SELECT i.*
FROM items i
JOIN sources s ON s.id = i.source_id
WHERE i.tagger_version IS NOT NULL AND (s.relevance_mode = 'all' OR i.immunotherapy);
