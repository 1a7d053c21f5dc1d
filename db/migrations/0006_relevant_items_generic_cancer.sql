-- Digests include trials open to cancer in general ("advanced solid tumors", no organ named) for
-- every subscriber who wants trials: the view carries the tagger's generic-cancer flag for that.
CREATE OR REPLACE VIEW relevant_items AS
SELECT i.*, t.sites, t.cancer_codes, t.modalities, t.immunotherapy, t.is_trial, t.phases, t.trial_status, t.generic_cancer
FROM items i
JOIN sources s ON s.id = i.source_id
JOIN item_tags t ON t.item_id = i.id
WHERE s.relevance_mode = 'all' OR t.immunotherapy;
