-- 0015 every change an admin makes in the web admin: who, when, what (action and target), and the
-- state before and after, kept in the database and shown at /admin/audit.
CREATE TABLE IF NOT EXISTS admin_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    before      jsonb       NULL,
    after       jsonb       NULL
);
CREATE INDEX IF NOT EXISTS admin_audit_at ON admin_audit (at DESC);
