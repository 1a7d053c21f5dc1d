-- 0018 item summaries compressed with lz4 instead of pglz when they are stored out of line: pglz
-- was the server's largest single function in a cold poll, and lz4 took 6-10 % off PostgreSQL's
-- CPU for the same rows at the same size (bench/results/2026-12-03-poll-session8.md). Only values
-- written from now on use it; both kinds read back the same. A server built without lz4 keeps
-- pglz (the statement is refused there, and nothing else depends on it).
DO $$
BEGIN
    ALTER TABLE items ALTER COLUMN summary_html SET COMPRESSION lz4,
                      ALTER COLUMN summary_text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no lz4; item summaries stay compressed with pglz';
END $$;
