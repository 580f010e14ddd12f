-- +goose Up

-- Reminders and follow-up by cron (issue 7). Every scheduled message is
-- claimed by a row with a unique key, inserted in the transaction that
-- queues the message through the outbox: two replicas running the same job
-- send each message once.

-- One reminder to one linked chat of a lagging satker about its first
-- missing stage, on one WIB day: sent (queued to the outbox under ref
-- 'reminder:<id>', whose failed_at tells that the outbox gave up on it) or
-- skipped (the chat blocked the bot, reminders are paused), and what the
-- chat answered with the reminder's buttons.
CREATE TABLE reminders (
    id          bigserial PRIMARY KEY,
    kode_satker char(6) NOT NULL REFERENCES satkers (kode_satker),
    stage       text NOT NULL CHECK (stage IN ('admin', 'pengguna', 'vendor', 'transaksi')),
    chat_id     bigint NOT NULL,
    day         date NOT NULL, -- in WIB
    status      text NOT NULL CHECK (status IN ('sent', 'skipped')),
    skip_reason text NOT NULL DEFAULT '',
    answered_at timestamptz,
    answer      text NOT NULL DEFAULT '' CHECK (answer IN ('', 'done', 'help', 'later')),
    at          timestamptz NOT NULL DEFAULT now(),
    -- The claim; its prefix (kode_satker, stage) reads a satker's history.
    UNIQUE (kode_satker, stage, chat_id, day)
);
-- What went out on a day (/pengingat).
CREATE INDEX reminders_day ON reminders (day, kode_satker);

-- "Ingatkan lagi minggu depan": no reminder about the stage until then.
CREATE TABLE reminder_snoozes (
    kode_satker   char(6) NOT NULL REFERENCES satkers (kode_satker),
    stage         text NOT NULL,
    snoozed_until timestamptz NOT NULL,
    chat_id       bigint NOT NULL DEFAULT 0, -- who asked
    at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kode_satker, stage)
);

-- Satker whose reminders an officer paused; resuming deletes the row (the
-- history is in progress_history, what = 'reminders').
CREATE TABLE reminder_pauses (
    kode_satker    char(6) PRIMARY KEY REFERENCES satkers (kode_satker),
    paused_at      timestamptz NOT NULL DEFAULT now(),
    paused_by      bigint NOT NULL DEFAULT 0,
    paused_by_name text NOT NULL DEFAULT '',
    paused_chat    bigint NOT NULL DEFAULT 0
);

-- Service-level alerts posted to a KPPN group, once per request and threshold.
CREATE TABLE sla_alerts (
    kind      text NOT NULL CHECK (kind IN ('registration', 'ticket')),
    item_id   bigint NOT NULL,
    threshold text NOT NULL CHECK (threshold IN ('near', 'past')),
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, item_id, threshold)
);

-- The form each chat has open, and when it was last touched: a form left
-- for a day gets one nudge (nudged_at). Touching it again clears the nudge.
CREATE TABLE open_forms (
    chat_id    bigint PRIMARY KEY,
    flow       text NOT NULL CHECK (flow <> ''),
    touched_at timestamptz NOT NULL,
    nudged_at  timestamptz
);
CREATE INDEX open_forms_stale ON open_forms (touched_at, chat_id) WHERE nudged_at IS NULL;

-- Monday's report to each KPPN group, queued as a job once per ISO week.
CREATE TABLE weekly_reports (
    kppn_code char(3) NOT NULL CHECK (kppn_code ~ '^[0-9]{3}$'),
    week      text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
    job_id    bigint REFERENCES jobs (id),
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kppn_code, week)
);

-- +goose Down
DROP TABLE weekly_reports;
DROP TABLE open_forms;
DROP TABLE sla_alerts;
DROP TABLE reminder_pauses;
DROP TABLE reminder_snoozes;
DROP TABLE reminders;
