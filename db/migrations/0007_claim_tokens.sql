-- 0007 lease fencing: each claim of a source carries a token; a poll's result is recorded only
-- while the source's current claim is still the one it was fetched under.
ALTER TABLE source_fetch_state ADD COLUMN IF NOT EXISTS claim_token uuid NULL;
