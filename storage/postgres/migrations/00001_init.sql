-- +goose Up

-- One row per Telegram update that was handled, with the conversation state it
-- produced, so a redelivered update is recognised and its state restored.
CREATE TABLE processed_updates (
    update_id    bigint PRIMARY KEY,
    chat_id      bigint NOT NULL,
    state        bytea,
    processed_at timestamptz NOT NULL DEFAULT now()
);
-- Rows arrive in time order: a BRIN index keeps pruning cheap at almost no
-- cost on the hot insert path.
CREATE INDEX processed_updates_processed_at ON processed_updates USING brin (processed_at);

-- Messages waiting to be delivered, in id order.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    chat_id      bigint NOT NULL,
    ref          text,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    available_at timestamptz NOT NULL DEFAULT now(),
    attempts     integer NOT NULL DEFAULT 0,
    sent_at      timestamptz,
    message_id   bigint,
    failed_at    timestamptz,
    last_error   text
);
CREATE INDEX outbox_due ON outbox (id) WHERE sent_at IS NULL AND failed_at IS NULL;
-- A chat's pending rows, to hold back rows queued behind a rescheduled one.
CREATE INDEX outbox_pending_chat ON outbox (chat_id, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_ref ON outbox (ref, id) WHERE ref IS NOT NULL;
CREATE INDEX outbox_created_at ON outbox USING brin (created_at);

-- What the bot knows of a chat outside the conversation state.
CREATE TABLE chats (
    chat_id    bigint PRIMARY KEY,
    blocked_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Groups that became supergroups. to_chat is always the final id: recording
-- a new migration rewrites the rows that pointed at its old id.
CREATE TABLE chat_migrations (
    from_chat   bigint PRIMARY KEY,
    to_chat     bigint NOT NULL,
    migrated_at timestamptz NOT NULL DEFAULT now()
);

-- Complaints (pengaduan) taken in chat.
CREATE TABLE complaints (
    id         bigserial PRIMARY KEY,
    chat_id    bigint NOT NULL,
    user_id    bigint NOT NULL,
    user_name  text NOT NULL DEFAULT '',
    category   text NOT NULL DEFAULT '',
    text       text NOT NULL DEFAULT '',
    contact    text NOT NULL DEFAULT '',
    files      jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What officers and the bot did, for accountability.
CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor_id bigint NOT NULL DEFAULT 0,
    chat_id  bigint NOT NULL DEFAULT 0,
    action   text NOT NULL,
    subject  text NOT NULL DEFAULT '',
    detail   jsonb
);
CREATE INDEX audit_log_at ON audit_log USING brin (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE complaints;
DROP TABLE chat_migrations;
DROP TABLE chats;
DROP TABLE outbox;
DROP TABLE processed_updates;
