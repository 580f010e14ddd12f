-- +goose Up

-- Holidays and cuti bersama loaded by an operator (`posko holidays load`),
-- one row per day. A year present here replaces that year of the calendar
-- embedded in the binary (workdays/holidays-id.json); other years keep the
-- embedded data. Kinds are validated by package workdays before they are
-- stored.
CREATE TABLE holidays (
    date      date PRIMARY KEY,
    kind      text NOT NULL,
    source    text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);

-- The time zone and office hours of the last file loaded: one row at most.
CREATE TABLE holiday_settings (
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    timezone     text NOT NULL,
    office_start text NOT NULL,
    office_end   text NOT NULL,
    source       text NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE holiday_settings;
DROP TABLE holidays;
