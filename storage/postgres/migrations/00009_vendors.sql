-- +goose Up

-- Vendors (issue 6): a satker's Pejabat Pengadaan invites a vendor, the
-- vendor hands over its data and documents in chat, the Pejabat Pengadaan
-- inputs it in Digipay and the vendor works through its checklist.

-- Vendor ids and numbers ("VND-000123"), taken when the vendor's form
-- starts: numbers of abandoned forms are never used, gaps are expected.
CREATE SEQUENCE vendor_ids;

-- Vendor registrations. The owner's NIK is personal data: it is sealed
-- (AES-256-GCM, DOCUMENT_KEY, bound to the row and the column), never stored
-- in clear. The documents are registered in the documents table (subject
-- 'vendor:<id>'); the column keeps the files as sent, by kind. steps holds
-- the checklist steps ticked after the input, each with when.
CREATE TABLE vendors (
    id            bigint PRIMARY KEY,
    number        text NOT NULL UNIQUE,
    satker_code   char(6) NOT NULL REFERENCES satkers (kode_satker),
    chat_id       bigint NOT NULL,
    user_id       bigint NOT NULL,
    user_name     text NOT NULL DEFAULT '',
    business_name text NOT NULL,
    form          text NOT NULL CHECK (form IN ('perorangan', 'badan usaha')),
    owner_name    text NOT NULL DEFAULT '',
    owner_nik     bytea NOT NULL,
    npwp          text NOT NULL DEFAULT '', -- '' when the vendor has none
    licence_kind  text NOT NULL DEFAULT '', -- 'NIB' or 'SIUP'
    licence       text NOT NULL DEFAULT '',
    address       text NOT NULL DEFAULT '',
    bank          text NOT NULL DEFAULT '',
    mobile        text NOT NULL DEFAULT '',
    email         text NOT NULL DEFAULT '',
    documents     jsonb NOT NULL DEFAULT '{}',
    status        text NOT NULL CHECK (status IN ('diajukan', 'perbaikan', 'diinput')),
    fix_reason    text NOT NULL DEFAULT '',
    decided_by    bigint NOT NULL DEFAULT 0,
    decided_name  text NOT NULL DEFAULT '',
    steps         jsonb NOT NULL DEFAULT '{}', -- checklist step → when ticked
    submitted_at  timestamptz NOT NULL,
    entered_at    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendors_chat ON vendors (chat_id, id);
CREATE INDEX vendors_satker ON vendors (satker_code, id);

-- Every change of a vendor's status or checklist, and who made it.
CREATE TABLE vendor_history (
    id          bigserial PRIMARY KEY,
    vendor_id   bigint NOT NULL REFERENCES vendors (id),
    from_status text,
    to_status   text NOT NULL,
    actor_id    bigint NOT NULL DEFAULT 0,
    actor_name  text NOT NULL DEFAULT '',
    note        text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vendor_history_vendor ON vendor_history (vendor_id, id);

-- Single-use, expiring invitation links (t.me/<bot>?start=vnd_<token>) a
-- satker's Pejabat Pengadaan gives to a vendor. Only the token's SHA-256 is
-- kept: a copy of the table opens no link.
CREATE TABLE vendor_invitations (
    token_hash      bytea PRIMARY KEY,
    satker_code     char(6) NOT NULL REFERENCES satkers (kode_satker),
    created_by      bigint NOT NULL DEFAULT 0,
    created_by_name text NOT NULL DEFAULT '',
    created_chat    bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    used_chat       bigint
);
CREATE INDEX vendor_invitations_satker ON vendor_invitations (satker_code, created_at);

-- +goose Down
DROP TABLE vendor_invitations;
DROP TABLE vendor_history;
DROP TABLE vendors;
DROP SEQUENCE vendor_ids;
