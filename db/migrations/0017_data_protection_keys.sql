-- 0017 ASP.NET Core Data Protection's key ring, shared by every instance, so that an admin's sign-in
-- cookie and the antiforgery tokens one instance issues are accepted by the others (and survive a
-- restart). Whoever can read this table can forge admin cookies: it is as sensitive as the rest of
-- the database.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL UNIQUE,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
