package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posko/bot/telegramtest"
	"posko/sealed"
	"posko/storage/postgres"
	"posko/storage/postgres/pgtest"
)

// fetchFixture is a Fetcher on a Bot API server and a fresh database, its
// log captured.
type fetchFixture struct {
	db  *postgres.DB
	key []byte
	f   *Fetcher
	log *lockedBuffer
}

func newFetchFixture(t *testing.T, apiURL string, opt FetcherOptions) *fetchFixture {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.New(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(db.Close)
	if err := postgres.Migrate(ctx, db, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	api, err := NewAPI(apiURL, telegramtest.Token, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, sealed.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	if opt.Backoff == nil {
		opt.Backoff = func(int) time.Duration { return 0 }
	}
	buf := &lockedBuffer{}
	f, err := NewFetcher(api, db, key, slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), opt)
	if err != nil {
		t.Fatalf("NewFetcher: %v", err)
	}
	return &fetchFixture{db: db, key: key, f: f, log: buf}
}

// add registers one pending document for fileID, as a photo (no name, no MIME).
func (x *fetchFixture) add(t *testing.T, fileID string) int64 {
	t.Helper()
	ids, err := x.db.AddDocuments(context.Background(), postgres.NewDocument{
		OwnerChatID: 777, Kind: "ktp", Subject: "registration:1", FileID: fileID, FileUniqueID: "u-" + fileID})
	if err != nil {
		t.Fatalf("AddDocuments: %v", err)
	}
	return ids[0]
}

// fetchRound claims what is due and fetches it, as one round of Run does.
func (x *fetchFixture) fetchRound(t *testing.T) int {
	t.Helper()
	ctx := context.Background()
	docs, err := x.db.ClaimPendingDocuments(ctx, 10, time.Minute)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	for _, d := range docs {
		if err := x.f.FetchOne(ctx, d); err != nil {
			t.Fatalf("FetchOne(%d): %v", d.ID, err)
		}
	}
	return len(docs)
}

func (x *fetchFixture) doc(t *testing.T, id int64) postgres.Document {
	t.Helper()
	docs, err := x.db.Documents(context.Background(), id)
	if err != nil || len(docs) != 1 {
		t.Fatalf("Documents(%d): %v, %d rows", id, err, len(docs))
	}
	return docs[0]
}

func (x *fetchFixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := x.db.Pool().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// lockedBuffer is a log destination safe for concurrent writers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// pdfBytes is a recognisable document: a PDF header, then a marker text.
func pdfBytes(n int) []byte {
	data := []byte("%PDF-1.7\n")
	for len(data) < n {
		data = append(data, "SK PENUNJUKAN ADMIN SATKER NIP 198703152010121002 "...)
	}
	return data[:n]
}

func TestFetcherStoresSealedDocument(t *testing.T) {
	ctx := context.Background()
	srv := telegramtest.New(t)
	x := newFetchFixture(t, srv.URL(), FetcherOptions{})
	data := pdfBytes(300 << 10)
	fileID, _ := srv.AddFile(data)
	id := x.add(t, fileID)

	if n := x.fetchRound(t); n != 1 {
		t.Fatalf("fetched %d documents, want 1", n)
	}
	if reqs := srv.Requests("getFile"); len(reqs) != 1 || reqs[0].Params["file_id"] != fileID {
		t.Errorf("getFile requests = %+v, want one for %s", reqs, fileID)
	}
	d := x.doc(t, id)
	sum := sha256.Sum256(data)
	if d.Status != postgres.DocumentStored || d.Size != int64(len(data)) || !bytes.Equal(d.SHA256, sum[:]) ||
		d.MIME != "application/pdf" || d.Attempts != 1 {
		t.Errorf("document = %+v, want stored with size %d, its SHA-256 and the detected MIME", d, len(data))
	}

	marker := data[9:60]
	if n := x.count(t, `SELECT count(*) FROM documents WHERE position($1::bytea in ciphertext) > 0`, marker); n != 0 {
		t.Errorf("the plaintext is in the ciphertext column")
	}
	if n := x.count(t, `SELECT count(*) FROM documents d WHERE strpos(d::text, $1) > 0 OR strpos(d::text, $2) > 0`,
		string(marker), hex.EncodeToString(marker)); n != 0 {
		t.Errorf("the plaintext appears in the documents table")
	}

	viewer := postgres.Actor{UserID: 4242, ChatID: -1001}
	_, got, err := x.db.OpenDocument(ctx, id, x.key, viewer)
	if err != nil {
		t.Fatalf("OpenDocument: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("decrypted %d bytes differ from the %d uploaded", len(got), len(data))
	}
	if gotSum := sha256.Sum256(got); !bytes.Equal(gotSum[:], d.SHA256) {
		t.Errorf("SHA-256 of the decrypted content does not match the stored one")
	}
	if n := x.count(t, `SELECT count(*) FROM audit_log WHERE action = 'document.viewed' AND actor_id = 4242
		AND subject = $1`, "document:"+strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audit rows for the viewing, want 1", n)
	}

	if err := x.db.DeleteDocumentContent(ctx, id, viewer); err != nil {
		t.Fatalf("DeleteDocumentContent: %v", err)
	}
	if n := x.count(t, `SELECT count(*) FROM documents WHERE id = $1 AND ciphertext IS NULL AND deleted_at IS NOT NULL`, id); n != 1 {
		t.Errorf("deletion did not erase the content")
	}
	if log := x.log.String(); strings.Contains(log, string(marker)) || strings.Contains(log, telegramtest.Token) {
		t.Errorf("the log holds document bytes or the token:\n%s", log)
	}
}

func TestFetcherRunFetchesRegisteredDocuments(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := telegramtest.New(t)
	x := newFetchFixture(t, srv.URL(), FetcherOptions{PollInterval: time.Hour, Concurrency: 2})
	done := make(chan error, 1)
	go func() { done <- x.f.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()

	var ids []int64
	want := map[int64][]byte{}
	for i := range 5 {
		data := pdfBytes(1000 + i)
		fileID, _ := srv.AddFile(data)
		id := x.add(t, fileID)
		ids = append(ids, id)
		want[id] = data
	}
	x.f.Kick() // the poll interval is an hour: only the kick starts the work
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n := x.count(t, `SELECT count(*) FROM documents WHERE status = 'stored'`)
		if n == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d documents stored after 10s", n, len(ids))
		}
	}
	for _, id := range ids {
		_, got, err := x.db.OpenDocument(ctx, id, x.key, postgres.Actor{UserID: 1})
		if err != nil || !bytes.Equal(got, want[id]) {
			t.Errorf("document %d: %v, content matches: %v", id, err, bytes.Equal(got, want[id]))
		}
	}
}

func TestFetcherRefusesFilesOver20MB(t *testing.T) {
	srv := telegramtest.New(t)
	x := newFetchFixture(t, srv.URL(), FetcherOptions{})
	fileID, _ := srv.AddFile(bytes.Repeat([]byte{'x'}, 21<<20))
	id := x.add(t, fileID)
	x.fetchRound(t)
	d := x.doc(t, id)
	if d.Status != postgres.DocumentFailed || !strings.Contains(d.LastError, "larger than the 20 MB") || d.Attempts != 1 {
		t.Errorf("document = %+v, want failed at once because it is over 20 MB", d)
	}
	if n := x.count(t, `SELECT count(*) FROM documents WHERE ciphertext IS NOT NULL`); n != 0 {
		t.Errorf("a refused file has content stored")
	}
	if n := x.fetchRound(t); n != 0 {
		t.Errorf("a failed document was claimed again")
	}
}

func TestFetcherRetries(t *testing.T) {
	t.Run("5xx, then success", func(t *testing.T) {
		srv := telegramtest.New(t)
		x := newFetchFixture(t, srv.URL(), FetcherOptions{})
		data := pdfBytes(2000)
		fileID, _ := srv.AddFile(data)
		id := x.add(t, fileID)
		srv.FailNext("getFile", 2, http.StatusBadGateway, 0)
		for range 2 {
			x.fetchRound(t)
			if d := x.doc(t, id); d.Status != postgres.DocumentPending || !strings.Contains(d.LastError, "502") {
				t.Fatalf("after a 502 the document is %+v, want pending with the reason", d)
			}
		}
		x.fetchRound(t)
		if d := x.doc(t, id); d.Status != postgres.DocumentStored || d.Attempts != 3 || d.LastError != "" {
			t.Errorf("document = %+v, want stored on the third attempt", d)
		}
	})
	t.Run("gives up after MaxAttempts", func(t *testing.T) {
		srv := telegramtest.New(t)
		x := newFetchFixture(t, srv.URL(), FetcherOptions{MaxAttempts: 3})
		fileID, _ := srv.AddFile(pdfBytes(100))
		id := x.add(t, fileID)
		srv.FailNext("getFile", 10, http.StatusInternalServerError, 0)
		for range 4 {
			x.fetchRound(t)
		}
		d := x.doc(t, id)
		if d.Status != postgres.DocumentFailed || d.Attempts != 3 || !strings.Contains(d.LastError, "gave up after 3 attempts") {
			t.Errorf("document = %+v, want failed after 3 attempts", d)
		}
	})
	t.Run("backoff and 429 retry_after", func(t *testing.T) {
		srv := telegramtest.New(t)
		x := newFetchFixture(t, srv.URL(), FetcherOptions{Backoff: func(int) time.Duration { return 2 * time.Second }})
		a, _ := srv.AddFile(pdfBytes(100))
		idA := x.add(t, a)
		srv.FailNext("getFile", 1, http.StatusTooManyRequests, 30)
		x.fetchRound(t)
		if n := x.count(t, `SELECT count(*) FROM documents WHERE id = $1 AND status = 'pending'
			AND available_at > now() + interval '25 seconds'`, idA); n != 1 {
			t.Errorf("a 429 with retry_after 30 did not postpone the document by 30 seconds")
		}
		b, _ := srv.AddFile(pdfBytes(100))
		idB := x.add(t, b)
		srv.FailNext("getFile", 1, http.StatusBadGateway, 0)
		x.fetchRound(t)
		if n := x.count(t, `SELECT count(*) FROM documents WHERE id = $1 AND available_at > now() + interval '1 second'
			AND available_at < now() + interval '3 seconds'`, idB); n != 1 {
			t.Errorf("a 502 did not postpone the document by the backoff")
		}
		if n := x.fetchRound(t); n != 0 {
			t.Errorf("%d postponed documents were claimed at once", n)
		}
	})
	t.Run("unknown file_id fails at once", func(t *testing.T) {
		srv := telegramtest.New(t)
		x := newFetchFixture(t, srv.URL(), FetcherOptions{})
		id := x.add(t, "BQACAgUAAxNOPE999999")
		x.fetchRound(t)
		if d := x.doc(t, id); d.Status != postgres.DocumentFailed || !strings.Contains(d.LastError, "getFile refused") {
			t.Errorf("document = %+v, want failed: Telegram does not know the file", d)
		}
	})
}

// brokenDownloads is a Bot API whose getFile reports a 100-byte file and
// whose downloads misbehave as download says.
func brokenDownloads(t *testing.T, download func(w http.ResponseWriter)) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bot" + telegramtest.Token + "/getFile":
			fmt.Fprint(w, `{"ok":true,"result":{"file_id":"F","file_unique_id":"U","file_size":100,"file_path":"photos/file_1.jpg"}}`)
		case "/file/bot" + telegramtest.Token + "/photos/file_1.jpg":
			download(w)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetcherChecksDownloads(t *testing.T) {
	for _, tc := range []struct {
		name       string
		download   func(w http.ResponseWriter)
		wantStatus postgres.DocumentStatus
		wantReason string
	}{
		{"larger than Telegram reported and over 20 MB", func(w http.ResponseWriter) {
			chunk := bytes.Repeat([]byte{'z'}, 1<<20)
			for range 21 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, postgres.DocumentFailed, "larger than 20 MB"},
		{"shorter than Telegram reported", func(w http.ResponseWriter) {
			w.Write(bytes.Repeat([]byte{'z'}, 60))
		}, postgres.DocumentPending, "got 60 bytes, Telegram reported 100"},
		{"connection dropped mid-body", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "100")
			w.Write([]byte("partial"))
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}, postgres.DocumentPending, "download"},
		{"server error", func(w http.ResponseWriter) {
			http.Error(w, "oops", http.StatusServiceUnavailable)
		}, postgres.DocumentPending, "HTTP 503"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := brokenDownloads(t, tc.download)
			x := newFetchFixture(t, srv.URL, FetcherOptions{})
			id := x.add(t, "F")
			x.fetchRound(t)
			d := x.doc(t, id)
			if d.Status != tc.wantStatus || !strings.Contains(d.LastError, tc.wantReason) {
				t.Errorf("document = %+v, want %s with a reason saying %q", d, tc.wantStatus, tc.wantReason)
			}
			if strings.Contains(d.LastError, telegramtest.Token) || strings.Contains(x.log.String(), telegramtest.Token) {
				t.Errorf("the token leaked into the reason or the log")
			}
		})
	}
}

func TestFetcherRedactsTheToken(t *testing.T) {
	// A server that is gone: the network error names the download URL.
	srv := brokenDownloads(t, func(http.ResponseWriter) {})
	x := newFetchFixture(t, srv.URL, FetcherOptions{})
	if got := x.f.redact("GET " + srv.URL + "/file/bot" + telegramtest.Token + "/x: refused"); strings.Contains(got, telegramtest.Token) ||
		!strings.Contains(got, "/file/bot<token>/x") {
		t.Errorf("redact gave %q", got)
	}
	srv.Close()
	id := x.add(t, "F")
	x.fetchRound(t)
	d := x.doc(t, id)
	if d.Status != postgres.DocumentPending || d.LastError == "" {
		t.Errorf("document = %+v, want pending after a network error", d)
	}
	if strings.Contains(d.LastError, telegramtest.Token) || strings.Contains(x.log.String(), telegramtest.Token) {
		t.Errorf("the token leaked: %q", d.LastError)
	}
}

func TestNewFetcherRefusesAShortKey(t *testing.T) {
	api, err := NewAPI("http://127.0.0.1:1", telegramtest.Token, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewFetcher(api, nil, make([]byte, 16), nil, FetcherOptions{}); err == nil {
		t.Error("NewFetcher accepted a 16-byte key")
	}
}

func TestFetcherDownloadGivesTheBytes(t *testing.T) {
	ctx := context.Background()
	srv := telegramtest.New(t)
	x := newFetchFixture(t, srv.URL(), FetcherOptions{})
	data := []byte("kode satker;nama satker\n409876;Satker Uji\n")
	fileID, _ := srv.AddFile(data)
	got, err := x.f.Download(ctx, fileID, int64(len(data)))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Download = %q, %v; want the file's bytes", got, err)
	}
	if _, err := x.f.Download(ctx, fileID, MaxDownloadSize+1); err == nil {
		t.Error("a file announced over 20 MB was downloaded")
	}
	if _, err := x.f.Download(ctx, "tidak-ada", 0); err == nil {
		t.Error("an unknown file_id gave no error")
	}
}
