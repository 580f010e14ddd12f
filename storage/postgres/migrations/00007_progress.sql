-- +goose Up

-- The later progress stages of a satker (issue 5): admin registered (00005)
-- → the five users created → vendors registered → first transaction. A NULL
-- stage column means the stage is not reached; counts start at 0.
ALTER TABLE satkers
    ADD COLUMN users_at        timestamptz, -- all five users recorded, or set by an officer
    ADD COLUMN vendor_at       timestamptz, -- the first vendor reported, or set by an officer
    ADD COLUMN vendors         integer NOT NULL DEFAULT 0 CHECK (vendors >= 0),
    ADD COLUMN tx_at           timestamptz, -- the earliest transaction's date, or set by an officer
    ADD COLUMN tx_count        integer NOT NULL DEFAULT 0,
    ADD COLUMN tx_value        bigint NOT NULL DEFAULT 0, -- rupiah, all time
    ADD COLUMN last_contact_at timestamptz; -- the last follow-up or reminder

-- The map of a KPPN, by code (reports read every satker of one KPPN).
CREATE INDEX satkers_kppn ON satkers (kppn_code, kode_satker) WHERE mapped AND manages_up;
-- The satker still at each stage, oldest in the map first (/belum).
CREATE INDEX satkers_lagging_admin ON satkers (kppn_code, created_at, kode_satker)
    WHERE mapped AND manages_up AND admin_registered_at IS NULL;
CREATE INDEX satkers_lagging_users ON satkers (kppn_code, created_at, kode_satker)
    WHERE mapped AND manages_up AND users_at IS NULL;
CREATE INDEX satkers_lagging_vendor ON satkers (kppn_code, created_at, kode_satker)
    WHERE mapped AND manages_up AND vendor_at IS NULL;
CREATE INDEX satkers_lagging_tx ON satkers (kppn_code, created_at, kode_satker)
    WHERE mapped AND manages_up AND tx_at IS NULL;

-- The five users a satker's admin created in Digipay: each a different
-- person with an email of their own.
CREATE TABLE satker_users (
    kode_satker char(6) NOT NULL REFERENCES satkers (kode_satker),
    role        text NOT NULL CHECK (role IN ('ppk', 'pemesan', 'pejabat_pengadaan', 'penerima', 'bendahara')),
    name        text NOT NULL CHECK (name <> ''),
    email       text NOT NULL CHECK (email <> ''),
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kode_satker, role)
);
CREATE UNIQUE INDEX satker_users_email ON satker_users (kode_satker, lower(email));
CREATE UNIQUE INDEX satker_users_name ON satker_users (kode_satker, lower(name));

-- Purchases paid through Digipay: told in chat by the Bendahara or PPK, or
-- imported from Digipay's export (ref is Digipay's transaction id, so the
-- same file imported twice adds nothing).
CREATE TABLE transactions (
    id          bigserial PRIMARY KEY,
    kode_satker char(6) NOT NULL REFERENCES satkers (kode_satker),
    date        date NOT NULL, -- in WIB
    vendor      text NOT NULL DEFAULT '',
    value       bigint NOT NULL CHECK (value >= 0), -- rupiah
    channel     text NOT NULL CHECK (channel IN ('CMS', 'KKP')),
    ref         text NOT NULL DEFAULT '',
    source      text NOT NULL CHECK (source IN ('chat', 'import')),
    actor_id    bigint NOT NULL DEFAULT 0,
    actor_name  text NOT NULL DEFAULT '',
    actor_chat  bigint NOT NULL DEFAULT 0,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX transactions_ref ON transactions (kode_satker, ref) WHERE ref <> '';
CREATE INDEX transactions_date ON transactions (date);
CREATE INDEX transactions_satker ON transactions (kode_satker, date);

-- Every change of a satker's progress or map row: what, who, when and from
-- which chat.
CREATE TABLE progress_history (
    id          bigserial PRIMARY KEY,
    kode_satker char(6) NOT NULL,
    what        text NOT NULL, -- 'user', 'vendors', 'transaction', 'stage', 'link', 'invitation', 'follow_up', 'map', 'import'
    detail      jsonb,
    actor_id    bigint NOT NULL DEFAULT 0,
    actor_name  text NOT NULL DEFAULT '',
    chat_id     bigint NOT NULL DEFAULT 0, -- from where
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX progress_history_satker ON progress_history (kode_satker, id);
CREATE INDEX progress_history_at ON progress_history USING brin (at);

-- Single-use, expiring invitation links (t.me/<bot>?start=<token>) a
-- satker's admin gives to each of its users. Only the token's SHA-256 is
-- kept: a copy of the table opens no link.
CREATE TABLE invitations (
    token_hash      bytea PRIMARY KEY,
    kode_satker     char(6) NOT NULL REFERENCES satkers (kode_satker),
    role            text NOT NULL CHECK (role <> ''),
    created_by      bigint NOT NULL DEFAULT 0,
    created_by_name text NOT NULL DEFAULT '',
    created_chat    bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    used_chat       bigint,
    used_user       bigint
);
CREATE INDEX invitations_satker ON invitations (kode_satker, created_at);

-- One-on-one follow-ups of lagging satker ("Catat tindak lanjut").
CREATE TABLE follow_ups (
    id          bigserial PRIMARY KEY,
    kode_satker char(6) NOT NULL REFERENCES satkers (kode_satker),
    note        text NOT NULL DEFAULT '',
    actor_id    bigint NOT NULL DEFAULT 0,
    actor_name  text NOT NULL DEFAULT '',
    chat_id     bigint NOT NULL DEFAULT 0,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_ups_satker ON follow_ups (kode_satker, at);

-- KPPN offices and their staff groups (/hubungkan). A group serves one KPPN.
CREATE TABLE kppns (
    code          char(3) PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
    name          text NOT NULL DEFAULT '',
    group_chat_id bigint UNIQUE,
    bound_by      bigint NOT NULL DEFAULT 0,
    bound_at      timestamptz
);
INSERT INTO kppns (code, name) VALUES ('070', 'KPPN Lubuk Linggau');
-- The KPPN of every satker already mapped.
INSERT INTO kppns (code)
SELECT DISTINCT kppn_code FROM satkers WHERE kppn_code IS NOT NULL
ON CONFLICT (code) DO NOTHING;

-- Back-office work asked for in chat (imports, reports): claimed by one
-- runner at a time under a lease, finished together with its result
-- messages.
CREATE TABLE jobs (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind <> ''),
    kppn_code   text NOT NULL DEFAULT '',
    chat_id     bigint NOT NULL DEFAULT 0,
    thread_id   integer NOT NULL DEFAULT 0,
    reply_to    integer NOT NULL DEFAULT 0,
    file        jsonb,
    actor_id    bigint NOT NULL DEFAULT 0,
    actor_name  text NOT NULL DEFAULT '',
    actor_chat  bigint NOT NULL DEFAULT 0,
    status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts    integer NOT NULL DEFAULT 0,
    owner       text NOT NULL DEFAULT '',
    lease_until timestamptz,
    error       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX jobs_open ON jobs (id) WHERE status IN ('queued', 'running');

-- +goose Down
DROP TABLE jobs;
DROP TABLE kppns;
DROP TABLE follow_ups;
DROP TABLE invitations;
DROP TABLE progress_history;
DROP TABLE transactions;
DROP TABLE satker_users;
DROP INDEX satkers_lagging_tx;
DROP INDEX satkers_lagging_vendor;
DROP INDEX satkers_lagging_users;
DROP INDEX satkers_lagging_admin;
DROP INDEX satkers_kppn;
ALTER TABLE satkers
    DROP COLUMN last_contact_at,
    DROP COLUMN tx_value,
    DROP COLUMN tx_count,
    DROP COLUMN tx_at,
    DROP COLUMN vendors,
    DROP COLUMN vendor_at,
    DROP COLUMN users_at;
