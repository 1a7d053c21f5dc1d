-- 0012 what an advocate asks of the trials section: only recruiting trials, a location (a country,
-- a state, or a point and a radius in km, matched against the trials' sites), and an age and sex
-- for eligibility. All optional: a subscriber without them gets every trial of the types followed.
ALTER TABLE subscribers
    ADD COLUMN IF NOT EXISTS trials_recruiting_only boolean          NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS location_country       text             NULL,
    ADD COLUMN IF NOT EXISTS location_state         text             NULL,
    ADD COLUMN IF NOT EXISTS location_label         text             NULL,
    ADD COLUMN IF NOT EXISTS location_latitude      double precision NULL CHECK (location_latitude BETWEEN -90 AND 90),
    ADD COLUMN IF NOT EXISTS location_longitude     double precision NULL CHECK (location_longitude BETWEEN -180 AND 180),
    ADD COLUMN IF NOT EXISTS location_radius_km     integer          NULL CHECK (location_radius_km BETWEEN 1 AND 20000),
    ADD COLUMN IF NOT EXISTS age_years              integer          NULL CHECK (age_years BETWEEN 0 AND 120),
    ADD COLUMN IF NOT EXISTS sex                    text             NULL CHECK (sex IN ('female', 'male'));
ALTER TABLE subscribers ADD CONSTRAINT subscribers_point_complete
    CHECK ((location_latitude IS NULL) = (location_longitude IS NULL) AND (location_latitude IS NULL) = (location_radius_km IS NULL));
