-- 0008 an admin's decision on a digest whose delivery is unknown (the sender stopped mid-transmission):
-- confirmed as arrived ("sent") or queued again ("resend"), when, and the state it came from.
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS resolution  text        NULL CHECK (resolution IN ('sent', 'resend'));
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS resolved_at timestamptz NULL;
