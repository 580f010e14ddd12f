-- +goose Up

-- The satker (government work units) the KPPN knows, and their progress in
-- the Digipay service. A row comes from the KPPN's map (mapped = true), or is
-- created when an unknown satker's admin is registered (mapped = false: the
-- KPPN should check it and map it). Issue 5 adds the later progress stages.
CREATE TABLE satkers (
    kode_satker         char(6) PRIMARY KEY CHECK (kode_satker ~ '^[0-9]{6}$'),
    name                text NOT NULL DEFAULT '',
    kppn_code           char(3) CHECK (kppn_code ~ '^[0-9]{3}$'),
    manages_up          boolean NOT NULL DEFAULT true,
    mapped              boolean NOT NULL DEFAULT true,
    contact_name        text NOT NULL DEFAULT '',
    contact_phone       text NOT NULL DEFAULT '',
    contact_email       text NOT NULL DEFAULT '',
    admin_registered_at timestamptz, -- progress stage 1: the User Admin Satker is active
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Which chats speak for which satker, in which role.
CREATE TABLE satker_links (
    id          bigserial PRIMARY KEY,
    chat_id     bigint NOT NULL,
    user_id     bigint NOT NULL,
    kode_satker char(6) NOT NULL REFERENCES satkers (kode_satker),
    role        text NOT NULL CHECK (role <> ''), -- 'admin', later the five satker users
    via         text NOT NULL CHECK (via IN ('registration', 'invitation', 'officer')),
    linked_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (chat_id, kode_satker, role)
);
CREATE INDEX satker_links_satker ON satker_links (kode_satker);

-- Request ids and numbers ("REG-000123"). A number is taken before the
-- request is stored (it is printed on the pre-filled form), so numbers of
-- abandoned forms are never used: gaps are expected.
CREATE SEQUENCE registration_ids;

-- Admin Satker registration requests. NIK and NIP are personal data: they
-- are sealed (AES-256-GCM, DOCUMENT_KEY, bound to the row and the column),
-- never stored in clear. The documents are registered in the documents table
-- (subject 'registration:<id>'); the column keeps the files as sent, by kind.
CREATE TABLE registrations (
    id             bigint PRIMARY KEY,
    number         text NOT NULL UNIQUE,
    chat_id        bigint NOT NULL,
    user_id        bigint NOT NULL,
    user_name      text NOT NULL DEFAULT '',
    satker_code    char(6) NOT NULL,
    satker_name    text NOT NULL DEFAULT '',
    satker_known   boolean NOT NULL,
    admin_name     text NOT NULL,
    admin_nip      bytea NOT NULL,
    admin_nik      bytea NOT NULL,
    admin_position text NOT NULL DEFAULT '',
    admin_mobile   text NOT NULL DEFAULT '',
    admin_email    text NOT NULL DEFAULT '',
    decree_number  text NOT NULL DEFAULT '',
    decree_date    timestamptz,
    kpa_name       text NOT NULL DEFAULT '',
    kpa_nip        bytea NOT NULL,
    documents      jsonb NOT NULL DEFAULT '{}',
    status         text NOT NULL CHECK (status IN ('diajukan', 'diproses', 'ditolak', 'selesai')),
    deadline       timestamptz NOT NULL,
    taken_by       bigint NOT NULL DEFAULT 0,
    taken_by_name  text NOT NULL DEFAULT '',
    reject_reason  text NOT NULL DEFAULT '',
    reject_items   text[] NOT NULL DEFAULT '{}',
    submitted_at   timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registrations_chat ON registrations (chat_id, id);
CREATE INDEX registrations_open ON registrations (status, deadline) WHERE status IN ('diajukan', 'diproses');
CREATE INDEX registrations_satker ON registrations (satker_code, id);

-- Every change of a request's status, and who made it.
CREATE TABLE registration_history (
    id              bigserial PRIMARY KEY,
    registration_id bigint NOT NULL REFERENCES registrations (id),
    from_status     text,
    to_status       text NOT NULL,
    actor_id        bigint NOT NULL DEFAULT 0,
    actor_name      text NOT NULL DEFAULT '',
    note            text NOT NULL DEFAULT '',
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_history_registration ON registration_history (registration_id, id);

-- +goose Down
DROP TABLE registration_history;
DROP TABLE registrations;
DROP SEQUENCE registration_ids;
DROP TABLE satker_links;
DROP TABLE satkers;
