-- +goose Up

-- Which bot message carries which Outgoing.Ref, for good: a reply to any of
-- a ticket's messages finds the ticket, and a forum topic's thread id is
-- found by its ref, long after the outbox rows are pruned (30 days). The
-- sender's MarkSent writes it; a message id belongs to its chat, so the key
-- is the pair. A forum topic's thread id is recorded as its message id.
CREATE TABLE message_refs (
    chat_id    bigint NOT NULL,
    message_id bigint NOT NULL,
    ref        text NOT NULL,
    sent_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chat_id, message_id)
);
-- The latest message sent under a ref (SentMessageID).
CREATE INDEX message_refs_ref ON message_refs (ref, sent_at DESC);

-- The messages delivered before this table existed, latest per message.
INSERT INTO message_refs (chat_id, message_id, ref, sent_at)
SELECT DISTINCT ON (chat_id, message_id) chat_id, message_id, ref, sent_at
FROM outbox
WHERE ref IS NOT NULL AND message_id IS NOT NULL AND message_id <> 0 AND sent_at IS NOT NULL
ORDER BY chat_id, message_id, sent_at DESC, id DESC;

-- Ticket ids and numbers ("TKT-000123"). The id is taken before the row is
-- stored, because the asker's text is sealed bound to it.
CREATE SEQUENCE ticket_ids;

-- Help tickets (procedure 1.d-1.f): one per problem an asker brings, from
-- the first description until it is closed and rated. The text an asker
-- types (the description, the rating's comment) may hold personal data: it
-- is sealed (AES-256-GCM, DOCUMENT_KEY, bound to the row and the column),
-- never stored in clear. Attachments are kept by Telegram file_id only.
CREATE TABLE tickets (
    id                bigint PRIMARY KEY,
    number            text NOT NULL UNIQUE,
    chat_id           bigint NOT NULL,
    user_id           bigint NOT NULL,
    user_name         text NOT NULL DEFAULT '',
    username          text NOT NULL DEFAULT '',
    satker_code       text NOT NULL DEFAULT '' CHECK (satker_code = '' OR satker_code ~ '^[0-9]{6}$'),
    satker_name       text NOT NULL DEFAULT '',
    category          text NOT NULL DEFAULT '',
    text              bytea NOT NULL,
    files             jsonb NOT NULL DEFAULT '[]',
    status            text NOT NULL CHECK (status IN ('terbuka', 'diproses', 'eskalasi', 'selesai')),
    deadline          timestamptz NOT NULL,
    taken_by          bigint NOT NULL DEFAULT 0,
    taken_by_name     text NOT NULL DEFAULT '',
    bank_name         text NOT NULL DEFAULT '',
    bank_ref          text NOT NULL DEFAULT '',
    escalated_at      timestamptz,
    first_response_at timestamptz, -- the service level is measured on it
    closed_at         timestamptz,
    closed_by         text NOT NULL DEFAULT '',
    rating            smallint NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 4),
    rating_comment    bytea, -- sealed; NULL when there is none
    rated_at          timestamptz,
    messages          integer NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
-- A chat has at most one active ticket: what the asker writes goes into it.
CREATE UNIQUE INDEX tickets_one_active ON tickets (chat_id) WHERE status <> 'selesai';
-- Active tickets by deadline (/tiket, reminders).
CREATE INDEX tickets_active_deadline ON tickets (deadline, id) WHERE status <> 'selesai';
CREATE INDEX tickets_chat ON tickets (chat_id, id);
CREATE INDEX tickets_created_at ON tickets USING brin (created_at);

-- Every message of a ticket (the asker's, an officer's, internal notes,
-- edits), so replies, edits and notes find their ticket after a restart.
-- The text is sealed like the ticket's.
CREATE TABLE ticket_messages (
    id         bigserial PRIMARY KEY,
    ticket_id  bigint NOT NULL REFERENCES tickets (id),
    direction  text NOT NULL CHECK (direction IN ('in', 'out', 'note', 'edit')),
    chat_id    bigint NOT NULL,
    message_id bigint NOT NULL,
    user_id    bigint NOT NULL DEFAULT 0,
    user_name  text NOT NULL DEFAULT '',
    kind       smallint NOT NULL DEFAULT 0,
    text       bytea NOT NULL,
    files      jsonb NOT NULL DEFAULT '[]',
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_message ON ticket_messages (chat_id, message_id);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

-- Assistance given face to face at the Posko Digipay (/posko), so reports
-- count both channels.
CREATE TABLE posko_visits (
    id          bigserial PRIMARY KEY,
    satker_code char(6) NOT NULL CHECK (satker_code ~ '^[0-9]{6}$'),
    topic       text NOT NULL DEFAULT '',
    actor_id    bigint NOT NULL DEFAULT 0,
    actor_name  text NOT NULL DEFAULT '',
    chat_id     bigint NOT NULL DEFAULT 0,
    at          timestamptz NOT NULL DEFAULT now()
);
-- Rows arrive in time order; reports count them by period.
CREATE INDEX posko_visits_at ON posko_visits USING brin (at);

-- Users an officer banned from the help desk (/blokir).
CREATE TABLE helpdesk_bans (
    user_id        bigint PRIMARY KEY,
    reason         text NOT NULL DEFAULT '',
    banned_by      bigint NOT NULL DEFAULT 0,
    banned_by_name text NOT NULL DEFAULT '',
    banned_at      timestamptz NOT NULL DEFAULT now()
);

-- A media group that gathers the rest of its album (Outgoing.Gather): later
-- items with the same chat and key are merged into the pending row while it
-- waits.
ALTER TABLE outbox ADD COLUMN gather text;
CREATE INDEX outbox_gathering ON outbox (chat_id, gather)
    WHERE sent_at IS NULL AND failed_at IS NULL AND gather IS NOT NULL;

-- +goose Down
DROP INDEX outbox_gathering;
ALTER TABLE outbox DROP COLUMN gather;
DROP TABLE helpdesk_bans;
DROP TABLE posko_visits;
DROP TABLE ticket_messages;
DROP TABLE tickets;
DROP SEQUENCE ticket_ids;
DROP TABLE message_refs;
