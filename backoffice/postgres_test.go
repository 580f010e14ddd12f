package backoffice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
	"posko/storage/postgres"
	"posko/storage/postgres/pgtest"
)

var _ Store = (*postgres.DB)(nil)

// openDB returns a DB on a fresh, migrated database of its own.
func openDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.New(tb))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(db.Close)
	if err := postgres.Migrate(ctx, db, nil); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}

var updateIDs atomic.Int64

// queue stores j as the group's update does (/impor, /laporan) and returns its id.
func queue(tb testing.TB, db *postgres.DB, j conversation.Job) int64 {
	tb.Helper()
	var id int64
	_, _, err := db.ProcessUpdate(context.Background(), updateIDs.Add(1), j.ChatID,
		func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			var err error
			id, err = tx.QueueJob(ctx, j)
			return nil, nil, err
		})
	if err != nil {
		tb.Fatalf("queue %s job: %v", j.Kind, err)
	}
	return id
}

// outbox returns every message queued, in order.
func outbox(t *testing.T, db *postgres.DB) []conversation.Outgoing {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `SELECT payload FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []conversation.Outgoing
	for rows.Next() {
		var payload []byte
		if err := rows.Scan(&payload); err != nil {
			t.Fatal(err)
		}
		var m conversation.Outgoing
		if err := json.Unmarshal(payload, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// jobState returns the stored status, attempts and error of job id.
func jobState(t *testing.T, db *postgres.DB, id int64) (status string, attempts int, failure string) {
	t.Helper()
	err := db.Pool().QueryRow(context.Background(), `SELECT status, attempts, error FROM jobs WHERE id = $1`, id).
		Scan(&status, &attempts, &failure)
	if err != nil {
		t.Fatalf("job %d: %v", id, err)
	}
	return status, attempts, failure
}

// nothingToDo checks that the runner finds no job.
func nothingToDo(t *testing.T, r *Runner) {
	t.Helper()
	if did, err := r.RunOnce(context.Background()); did || err != nil {
		t.Fatalf("RunOnce = %v, %v; want nothing to do", did, err)
	}
}

func TestRunnerWithPostgres(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	files := &fakeFiles{files: map[string][]byte{"BQAC-map": []byte(satkerCSV)}}
	r := newRunner(db, files, 0)

	// /impor of the satker map.
	imp := importJob(0, conversation.JobImportSatker, "BQAC-map", "peta-satker.csv")
	imp.ID = queue(t, db, imp)
	runOne(t, r)
	out := outbox(t, db)
	if len(out) != 1 {
		t.Fatalf("outbox holds %d messages after the import, want 1", len(out))
	}
	checkReply(t, out[0], imp)
	for _, want := range []string{"peta-satker.csv", "Ditambahkan: 3", "Ditolak: 1", "Baris 4:"} {
		if !strings.Contains(out[0].Text, want) {
			t.Errorf("import result lacks %q:\n%s", want, out[0].Text)
		}
	}
	if status, attempts, _ := jobState(t, db, imp.ID); status != "done" || attempts != 1 {
		t.Errorf("import job %s after %d attempts, want done after 1", status, attempts)
	}
	var mapped, ofKPPN int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE mapped), count(*) FILTER (WHERE kppn_code = '070')
		FROM satkers`).Scan(&mapped, &ofKPPN); err != nil || mapped != 3 || ofKPPN != 3 {
		t.Errorf("%d satker mapped, %d of KPPN 070 (%v); want 3 and 3 (the row without a KPPN gets the group's)", mapped, ofKPPN, err)
	}
	nothingToDo(t, r)
	if n := len(outbox(t, db)); n != 1 {
		t.Errorf("outbox holds %d messages after a second run, want still 1", n)
	}

	// /laporan.
	rep := conversation.Job{Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffGroup, ThreadID: 12, ReplyTo: 678, By: officer}
	rep.ID = queue(t, db, rep)
	runOne(t, r)
	out = outbox(t, db)[1:]
	if len(out) != 3 || out[0].Kind != conversation.OutSend || out[1].Kind != conversation.OutPhoto || out[2].Kind != conversation.OutDocument {
		t.Fatalf("outbox after the report: %d messages %v, want summary, photo and document", len(out), kinds(out))
	}
	checkReply(t, out[0], rep)
	if !strings.Contains(out[0].Text, "Satker pengelola UP: 2") {
		t.Errorf("summary:\n%s\nwant 2 satker managing UP", out[0].Text)
	}
	img, err := png.Decode(bytes.NewReader(out[1].Upload.Data))
	if err != nil || img.Bounds().Dx() != 1600 || img.Bounds().Dy() != 800 {
		t.Errorf("chart from the outbox: %v, %v; want a 1600x800 PNG", err, img)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out[2].Upload.Data))
	if err != nil {
		t.Fatalf("workbook from the outbox: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(conversation.ReportText().SheetSatker)
	if err != nil || len(rows) != 3 || rows[1][0] != "409876" || rows[2][0] != "409877" {
		t.Errorf("workbook rows %q (%v), want a header and the 2 satker managing UP", rows, err)
	}
	nothingToDo(t, r)
	if n := len(outbox(t, db)); n != 4 {
		t.Errorf("outbox holds %d messages after a second run, want still 4", n)
	}
}

func TestRunnerTakesOverAJobWhoseLeaseRanOut(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	r := newRunner(db, &fakeFiles{files: map[string][]byte{"BQAC-map": []byte(satkerCSV)}}, 0)
	id := queue(t, db, importJob(0, conversation.JobImportSatker, "BQAC-map", "peta.csv"))

	// Another runner claims it and dies.
	if j, ok, err := db.ClaimJob(ctx, "dead-runner", time.Minute); err != nil || !ok || j.ID != id {
		t.Fatalf("claim = %+v, %v, %v", j, ok, err)
	}
	nothingToDo(t, r) // its lease still holds
	if _, err := db.Pool().Exec(ctx, `UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	runOne(t, r)
	if status, attempts, _ := jobState(t, db, id); status != "done" || attempts != 2 {
		t.Errorf("job %s after %d attempts, want done after 2", status, attempts)
	}
	// The dead runner comes back and finishes too: nothing more is queued.
	if err := db.FinishJob(ctx, id, []conversation.Outgoing{reply(conversation.Job{ChatID: staffGroup}, "again")}, ""); err != nil {
		t.Fatal(err)
	}
	out := outbox(t, db)
	if len(out) != 1 || !strings.Contains(out[0].Text, "Ditambahkan: 3") {
		t.Errorf("outbox %d messages %v, want the import result once", len(out), kinds(out))
	}
}

func TestRunnerGivesUpOnAFileItCannotFetch(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	broken := errors.New("telegram: 502 Bad Gateway")
	r := newRunner(db, &fakeFiles{err: broken}, 2)
	j := importJob(0, conversation.JobImportSatker, "BQAC-map", "peta.xlsx")
	j.ID = queue(t, db, j)

	if did, err := r.RunOnce(ctx); !did || !errors.Is(err, broken) {
		t.Fatalf("first attempt: RunOnce = %v, %v; want the download error", did, err)
	}
	if status, attempts, _ := jobState(t, db, j.ID); status != "running" || attempts != 1 {
		t.Errorf("after the first attempt the job is %s (%d attempts), want running (claimed) after 1", status, attempts)
	}
	nothingToDo(t, r) // claimed until its lease runs out
	if _, err := db.Pool().Exec(ctx, `UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, j.ID); err != nil {
		t.Fatal(err)
	}
	runOne(t, r)
	status, attempts, failure := jobState(t, db, j.ID)
	if status != "failed" || attempts != 2 || !strings.Contains(failure, "502") {
		t.Errorf("job %s after %d attempts with error %q, want failed after 2 with the download error", status, attempts, failure)
	}
	out := outbox(t, db)
	if len(out) != 1 || out[0].Text != fmt.Sprintf(conversation.TextJobDownloadFailed, "peta.xlsx") {
		t.Fatalf("outbox %d messages %v, want the download failure once", len(out), out)
	}
	checkReply(t, out[0], j)
	var n int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM satkers`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d satker stored (%v), want none", n, err)
	}
}

// kinds lists the kinds of messages, for failure messages.
func kinds(out []conversation.Outgoing) []conversation.OutKind {
	var k []conversation.OutKind
	for _, m := range out {
		k = append(k, m.Kind)
	}
	return k
}
