-- 0010 which scheduler instance claimed an outbox row: when that instance stops checking in with the
-- cluster (Quartz removes its row from qrtz_scheduler_state), the others take its claims over at
-- once instead of waiting for the lease to lapse.
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS claimed_by text NULL;
