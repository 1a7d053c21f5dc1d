-- 0020 an item's first_seen_at (and a trial change's recorded_at) is the moment its row is
-- written, taken once its transaction holds a transaction id, instead of the moment the
-- transaction began. A digest covers what was first seen up to a point that no running
-- transaction can still write behind (src/ImmunoWatch/Storage/WriteHorizon.cs): the start of the
-- oldest transaction that holds an id. Stamping after the id is taken makes that hold by
-- construction: a transaction that could stamp a row is always one the horizon sees.
-- Existing rows keep their values.
CREATE OR REPLACE FUNCTION write_stamp() RETURNS timestamptz
LANGUAGE sql VOLATILE PARALLEL UNSAFE
-- CASE evaluates its condition first: pg_current_xact_id() assigns the id when there is none yet.
RETURN CASE WHEN pg_current_xact_id() IS NOT NULL THEN clock_timestamp() END;

ALTER TABLE items ALTER COLUMN first_seen_at SET DEFAULT write_stamp();
ALTER TABLE trial_changes ALTER COLUMN recorded_at SET DEFAULT write_stamp();
