-- +goose Up

-- Documents users sent (SK Penunjukan, KTP, signed forms, ...), kept so the
-- KPPN holds its evidence even if Telegram's copy goes. A row is registered
-- 'pending' with the Telegram file_id inside the update's transaction; the
-- fetcher downloads it, seals it (AES-256-GCM, key DOCUMENT_KEY, bound to the
-- row's id) and stores it: 'stored'. It gives up after some attempts:
-- 'failed'. Deleting a document once its purpose is met erases the content
-- and the file_id but keeps the metadata, so the audit trail still makes sense.
CREATE TABLE documents (
    id             bigserial PRIMARY KEY,
    owner_chat_id  bigint NOT NULL,
    kind           text NOT NULL,
    subject        text NOT NULL DEFAULT '',
    file_id        text NOT NULL,
    file_unique_id text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    mime           text NOT NULL DEFAULT '',
    size           bigint NOT NULL DEFAULT 0,
    sha256         bytea,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'failed')),
    ciphertext     bytea,
    attempts       integer NOT NULL DEFAULT 0,
    last_error     text,
    available_at   timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    stored_at      timestamptz,
    deleted_at     timestamptz,
    CHECK (status <> 'stored' OR sha256 IS NOT NULL),
    CHECK (ciphertext IS NULL OR (status = 'stored' AND deleted_at IS NULL))
);
-- The ciphertext is already random: compressing it would only cost CPU.
ALTER TABLE documents ALTER COLUMN ciphertext SET STORAGE EXTERNAL;
-- What the fetcher claims next.
CREATE INDEX documents_due ON documents (available_at, id) WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX documents_owner ON documents (owner_chat_id, id);
CREATE INDEX documents_subject ON documents (subject, id) WHERE subject <> '';

-- +goose Down
DROP TABLE documents;
