-- 0009 when the last confirmation link went to a pending subscriber: the form re-mails a pending
-- address at most once per interval, however often it is submitted.
ALTER TABLE subscribers ADD COLUMN IF NOT EXISTS confirmation_sent_at timestamptz NULL;
