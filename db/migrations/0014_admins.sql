-- 0014 accounts of the web admin (/admin): made with `immunowatch admins add EMAIL`; the password
-- is kept only as ASP.NET Core's password hash. Repeated failed sign-ins lock an account for a while.
CREATE TABLE IF NOT EXISTS admins (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text        NOT NULL,
    password_hash   text        NOT NULL,
    role            text        NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'viewer')),
    failed_sign_ins integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz NULL,
    last_sign_in_at timestamptz NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS admins_email_key ON admins (lower(email));
