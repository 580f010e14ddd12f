package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"posko/conversation"
	"posko/reminders"
)

// The reminders to lagging satker (issue 7): what the reminded chats answer,
// the pauses officers set and the day's summary, through the update's
// transaction. The scheduled side (candidates, sends) is in
// reminder_candidates.go and reminder_sends.go.

var (
	_ conversation.ReminderStore = (*txStore)(nil)
	_ reminders.LaggingStore     = (*DB)(nil)
	_ reminders.SLAStore         = (*DB)(nil)
	_ reminders.FormStore        = (*DB)(nil)
	_ reminders.WeeklyStore      = (*DB)(nil)
)

// firstMissingStage is the SQL of a satkers row's first missing stage, NULL
// when it reached them all.
const firstMissingStage = `CASE WHEN satkers.admin_registered_at IS NULL THEN '` + conversation.StageAdmin + `'
	WHEN satkers.users_at IS NULL THEN '` + conversation.StageUsers + `'
	WHEN satkers.vendor_at IS NULL THEN '` + conversation.StageVendor + `'
	WHEN satkers.tx_at IS NULL THEN '` + conversation.StageTx + `' END`

// ignoredColumn is the SQL of a satkers row's ignored reminders about its
// first missing stage (SatkerProgress.IgnoredReminders): the days with a
// reminder sent after the last day one was answered, and left unanswered.
// Days, not reminders, are counted: a satker with three linked chats
// ignoring one reminder each ignored one reminder. It reads the satker's
// rows of the reminders key; ReminderCandidates, reading every satker's at
// once, applies the same rule in ignoredDays.
const ignoredColumn = `(SELECT count(DISTINCT day) FILTER (WHERE status = 'sent' AND answered_at IS NULL AND day > last_answer)
	FROM (
	  SELECT day, status, answered_at,
	    COALESCE(max(day) FILTER (WHERE answered_at IS NOT NULL) OVER (), '-infinity'::date) AS last_answer
	  FROM reminders WHERE kode_satker = satkers.kode_satker AND stage = (` + firstMissingStage + `)) h)`

// wibDay is the WIB date of t, as PostgreSQL reads a date.
func wibDay(t time.Time) string { return t.In(wibZone).Format(time.DateOnly) }

// reminderAnswers are the answers AnswerReminder records.
var reminderAnswers = []string{conversation.ReminderDone, conversation.ReminderHelp, conversation.ReminderLater}

// snoozeFor is how long "Ingatkan lagi minggu depan" holds a stage's reminders.
const snoozeFor = 7 * 24 * time.Hour

// AnswerReminder records answer (at; now when zero) to the chat's latest
// reminder sent about the satker's stage (a skipped one never reached the
// chat). When it was answered before it is returned, unchanged, with
// conversation.ErrStale; ErrNotFound when the chat got none. ReminderLater
// snoozes the satker's stage until a week after at. The answer is the
// satker's last contact unless a later one is known.
func (s *txStore) AnswerReminder(ctx context.Context, code, stage string, chatID int64, answer string, at time.Time) (conversation.Reminder, error) {
	what := fmt.Sprintf("answer reminder of satker %s about %s in chat %d", code, stage, chatID)
	switch {
	case !digits(code, 6):
		return conversation.Reminder{}, fmt.Errorf("%s: %w", what, ErrNotFound)
	case !slices.Contains(reminderAnswers, answer):
		return conversation.Reminder{}, fmt.Errorf("%s: unknown answer %q", what, answer)
	}
	if at.IsZero() {
		at = time.Now()
	}
	if err := s.begin(ctx); err != nil {
		return conversation.Reminder{}, fmt.Errorf("%s: %w", what, err)
	}
	// The row is locked, so a double tap sees the first tap's answer.
	r := conversation.Reminder{SatkerCode: code, Stage: stage, ChatID: chatID}
	var (
		answeredAt pgtype.Timestamptz
		answered   bool
	)
	err := s.tx.QueryRow(ctx, `
		WITH r AS (
		  SELECT id, status, at, answered_at, answer FROM reminders
		  WHERE kode_satker = $1 AND stage = $2 AND chat_id = $3 AND status = 'sent'
		  ORDER BY day DESC, id DESC LIMIT 1
		  FOR UPDATE),
		upd AS (
		  UPDATE reminders SET answered_at = $5, answer = $4
		  FROM r WHERE reminders.id = r.id AND r.answered_at IS NULL
		  RETURNING reminders.id),
		snooze AS (
		  INSERT INTO reminder_snoozes (kode_satker, stage, snoozed_until, chat_id, at)
		  SELECT $1, $2, $6, $3, $5 FROM upd WHERE $4 = '`+conversation.ReminderLater+`'
		  ON CONFLICT (kode_satker, stage) DO UPDATE
		  SET snoozed_until = GREATEST(reminder_snoozes.snoozed_until, excluded.snoozed_until),
		      chat_id = excluded.chat_id, at = excluded.at),
		contact AS (
		  UPDATE satkers SET last_contact_at = GREATEST(last_contact_at, $5)
		  WHERE kode_satker = $1 AND EXISTS (SELECT 1 FROM upd))
		SELECT id, status, at, answered_at, answer, EXISTS (SELECT 1 FROM upd) FROM r`,
		code, stage, chatID, answer, at, at.Add(snoozeFor)).Scan(&r.ID, &r.Status, &r.At, &answeredAt, &r.Answer, &answered)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.Reminder{}, fmt.Errorf("%s: %w", what, ErrNotFound)
	case err != nil:
		s.fail(err)
		return conversation.Reminder{}, fmt.Errorf("%s: %w", what, err)
	case !answered:
		r.AnsweredAt = orZero(answeredAt)
		return r, fmt.Errorf("%s: reminder %d was answered before: %w", what, r.ID, conversation.ErrStale)
	}
	r.AnsweredAt, r.Answer = at, answer
	return r, nil
}

// PauseReminders stops (paused true) or resumes reminders for the satker,
// with a progress_history row "reminders" naming the officer when that
// changes anything. While paused, every reminder to it is recorded as
// skipped. ErrNotFound when the satker is unknown.
func (s *txStore) PauseReminders(ctx context.Context, code string, paused bool, by conversation.Actor) error {
	what := "pause reminders of satker " + code
	if !paused {
		what = "resume reminders of satker " + code
	}
	if !digits(code, 6) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	detail, err := historyDetail(map[string]any{"paused": paused})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	change := `
		  INSERT INTO reminder_pauses (kode_satker, paused_by, paused_by_name, paused_chat)
		  SELECT kode_satker, $3, $4, $5 FROM sat
		  ON CONFLICT (kode_satker) DO NOTHING
		  RETURNING kode_satker`
	if !paused {
		change = `DELETE FROM reminder_pauses WHERE kode_satker IN (SELECT kode_satker FROM sat) RETURNING kode_satker`
	}
	return s.changeSatker(ctx, what, `
		WITH sat AS (SELECT kode_satker FROM satkers WHERE kode_satker = $1),
		changed AS (`+change+`),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id)
		  SELECT kode_satker, 'reminders', $2, $3, $4, $5 FROM changed)
		SELECT count(*) FROM sat`, code, detail, by.UserID, by.Name, by.ChatID)
}

// RemindersOn counts the reminders of the satker of KPPN kppnCode (every
// KPPN when "") recorded for the WIB date of day, by stage (in order) and
// outcome: ReminderFailed when the outbox gave up on a sent one, else
// ReminderSent or ReminderSkipped.
func (s *txStore) RemindersOn(ctx context.Context, kppnCode string, day time.Time) ([]conversation.ReminderCount, error) {
	what := fmt.Sprintf("reminders of KPPN %s on %s", kppnCode, wibDay(day))
	if kppnCode != "" && !digits(kppnCode, 3) {
		return nil, nil // no KPPN has such a code
	}
	if err := s.begin(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := s.tx.Query(ctx, `
		SELECT stage, outcome, count(*) FROM (
		  SELECT r.stage, CASE WHEN o.failed_at IS NOT NULL THEN 'failed' ELSE r.status END AS outcome
		  FROM reminders r
		  JOIN satkers s ON s.kode_satker = r.kode_satker
		  LEFT JOIN outbox o ON o.ref = 'reminder:' || r.id
		  WHERE r.day = $1::date AND ($2 = '' OR s.kppn_code = NULLIF($2, '')::char(3))) x
		GROUP BY stage, outcome
		ORDER BY array_position($3::text[], stage), array_position($4::text[], outcome)`,
		wibDay(day), kppnCode, conversation.Stages(),
		[]string{conversation.ReminderSent, conversation.ReminderSkipped, conversation.ReminderFailed})
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (conversation.ReminderCount, error) {
		var c conversation.ReminderCount
		err := r.Scan(&c.Stage, &c.Status, &c.Count)
		return c, err
	})
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}

// reminderRef is the outbox ref a reminder is queued under: RemindersOn
// finds whether the outbox gave up on it.
func reminderRef(id int64) string { return "reminder:" + strconv.FormatInt(id, 10) }
