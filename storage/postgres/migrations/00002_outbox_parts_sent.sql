-- +goose Up

-- How many parts of a message split into several (a long text, a file and
-- the text after its caption) were delivered before a failure rescheduled
-- it, so the retry resumes at the first unsent part instead of sending the
-- delivered ones again.
ALTER TABLE outbox ADD COLUMN parts_sent integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE outbox DROP COLUMN parts_sent;
