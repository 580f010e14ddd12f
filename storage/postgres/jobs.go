package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Back-office jobs: stored with the update that asks for them (QueueJob),
// claimed by one runner at a time under a lease (ClaimJob), and finished
// together with their result messages (FinishJob).

// QueueJob stores j as a queued job (a zero At is now) and returns its id.
func (s *txStore) QueueJob(ctx context.Context, j conversation.Job) (int64, error) {
	if j.Kind == "" {
		return 0, fmt.Errorf("queue job: no kind")
	}
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("queue %s job: %w", j.Kind, err)
	}
	id, err := insertJob(ctx, s.tx, j)
	if err != nil {
		s.fail(err)
		return 0, fmt.Errorf("queue %s job: %w", j.Kind, err)
	}
	return id, nil
}

// insertJob stores j (a zero At is now) as a queued job in tx and returns
// its id.
func insertJob(ctx context.Context, tx pgx.Tx, j conversation.Job) (int64, error) {
	if j.At.IsZero() {
		j.At = time.Now()
	}
	var file *string
	if j.File != nil {
		b, err := json.Marshal(j.File)
		if err != nil {
			return 0, fmt.Errorf("encode file: %w", err)
		}
		f := string(b)
		file = &f
	}
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO jobs (kind, kppn_code, chat_id, thread_id, reply_to, file, actor_id, actor_name, actor_chat, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		j.Kind, j.KPPNCode, j.ChatID, j.ThreadID, j.ReplyTo, file, j.By.UserID, j.By.Name, j.By.ChatID, j.At).Scan(&id)
	if err != nil {
		return 0, interpretError(err)
	}
	return id, nil
}

// ClaimJob takes the oldest job that is queued, or running under a lease
// that ran out (its runner died), for owner until lease from now, counting
// an attempt (j.Attempts includes this one); ok false when none.
// Concurrent claims get different jobs.
func (db *DB) ClaimJob(ctx context.Context, owner string, lease time.Duration) (j conversation.Job, ok bool, err error) {
	var file []byte
	err = db.pool.QueryRow(ctx, `
		UPDATE jobs SET status = 'running', owner = $1, lease_until = now() + $2::interval, attempts = attempts + 1
		WHERE id = (
		  SELECT id FROM jobs
		  WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
		  ORDER BY id LIMIT 1
		  FOR UPDATE SKIP LOCKED)
		RETURNING id, kind, kppn_code, chat_id, thread_id, reply_to, file, actor_id, actor_name, actor_chat, created_at,
		  attempts`,
		owner, lease).Scan(&j.ID, &j.Kind, &j.KPPNCode, &j.ChatID, &j.ThreadID, &j.ReplyTo, &file,
		&j.By.UserID, &j.By.Name, &j.By.ChatID, &j.At, &j.Attempts)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.Job{}, false, nil
	case err != nil:
		return conversation.Job{}, false, fmt.Errorf("claim job: %w", err)
	}
	if file != nil {
		j.File = new(conversation.File)
		if err := json.Unmarshal(file, j.File); err != nil {
			return conversation.Job{}, false, fmt.Errorf("claim job %d: decode file: %w", j.ID, err)
		}
	}
	return j, true, nil
}

// FinishJob marks running job id done (or failed, with failure as its
// error) and queues out as Enqueue does, waking the sender, in one
// transaction. A job finished before is left alone and nothing is queued;
// a job never claimed is ErrStale, an unknown one ErrNotFound.
func (db *DB) FinishJob(ctx context.Context, id int64, out []conversation.Outgoing, failure string) error {
	status := "done"
	if failure != "" {
		status = "failed"
	}
	b := &pgx.Batch{}
	if err := queueOutgoing(b, out); err != nil {
		return fmt.Errorf("finish job %d: %w", id, err)
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var was string
		err := tx.QueryRow(ctx, `
			WITH j AS (SELECT id, status FROM jobs WHERE id = $1 FOR UPDATE),
			upd AS (
			  UPDATE jobs SET status = $2, error = $3, finished_at = now(), lease_until = NULL
			  FROM j WHERE jobs.id = j.id AND j.status = 'running')
			SELECT status FROM j`, id, status, failure).Scan(&was)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		case was == "queued":
			return fmt.Errorf("it was never claimed: %w", conversation.ErrStale)
		case was != "running":
			return nil // finished before: its messages were queued then
		}
		if len(out) == 0 {
			return nil
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("finish job %d: %w", id, err)
	}
	return nil
}
