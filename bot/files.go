package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"posko/sealed"
	"posko/storage/postgres"
)

// MaxDownloadSize is the largest file a bot may download through getFile
// (20 MB); larger documents are refused rather than cut short.
const MaxDownloadSize = 20 << 20

// DocumentStore is what the Fetcher needs of storage; *postgres.DB has it.
type DocumentStore interface {
	ClaimPendingDocuments(ctx context.Context, limit int, lease time.Duration) ([]postgres.Document, error)
	StoreDocument(ctx context.Context, id int64, key, content []byte, mime string) error
	RetryDocument(ctx context.Context, id int64, reason string, after time.Duration) error
	FailDocument(ctx context.Context, id int64, reason string) error
}

var _ DocumentStore = (*postgres.DB)(nil)

// FetcherOptions tunes a Fetcher; zero values take the defaults.
type FetcherOptions struct {
	PollInterval time.Duration                   // how often to look for pending documents; 10s
	Concurrency  int                             // documents fetched at once; 2
	MaxAttempts  int                             // fetches of one document before it is failed; 10
	Backoff      func(attempt int) time.Duration // wait after a failed fetch; 30s doubling up to 1h
	Timeout      time.Duration                   // one fetch, getFile and download; 5 minutes
	Client       *http.Client                    // for downloads; one that follows no redirects by default
}

func (o FetcherOptions) withDefaults() FetcherOptions {
	if o.PollInterval <= 0 {
		o.PollInterval = 10 * time.Second
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.Backoff == nil {
		o.Backoff = func(attempt int) time.Duration {
			return min(30*time.Second<<min(max(attempt-1, 0), 10), time.Hour)
		}
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.Client == nil {
		o.Client = &http.Client{
			Transport: http.DefaultTransport.(*http.Transport).Clone(),
			// Downloads go to TELEGRAM_API_URL and nowhere else.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return o
}

// Fetcher keeps the documents users sent: for each pending document it asks
// Telegram for the file (getFile), downloads it from the same Bot API server
// (TELEGRAM_API_URL), and stores it sealed with the document key together
// with its SHA-256 and size. Network errors, 429 and 5xx are retried with
// backoff; a file over 20 MB, or one Telegram refuses, is failed at once, and
// any document after MaxAttempts fetches. It runs on the leader; claims in
// PostgreSQL keep two fetchers from fetching the same document.
type Fetcher struct {
	api   *tgbot.Bot
	store DocumentStore
	key   []byte
	token string // to redact from every error
	log   *slog.Logger
	opt   FetcherOptions
	kick  chan struct{}
}

// NewFetcher returns a Fetcher that downloads with api and seals with key
// (from sealed.ParseKey).
func NewFetcher(api *tgbot.Bot, store DocumentStore, key []byte, logger *slog.Logger, opt FetcherOptions) (*Fetcher, error) {
	if len(key) != sealed.KeySize {
		return nil, fmt.Errorf("new fetcher: document key is %d bytes, want %d", len(key), sealed.KeySize)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f := &Fetcher{api: api, store: store, key: key, log: logger, opt: opt.withDefaults(), kick: make(chan struct{}, 1)}
	f.token = tokenOf(api.FileDownloadLink(&models.File{FilePath: "x"}))
	return f, nil
}

// Kick tells the fetcher that documents were registered. It never blocks.
func (f *Fetcher) Kick() {
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

// Run fetches pending documents until ctx is done, then returns nil.
// Fetches under way when ctx ends are abandoned; their claims run out and
// the documents are fetched again later.
func (f *Fetcher) Run(ctx context.Context) error {
	t := time.NewTicker(f.opt.PollInterval)
	defer t.Stop()
	for {
		full, err := f.round(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			f.log.WarnContext(ctx, "document fetch round failed", slog.Any("err", err))
		}
		if full && err == nil {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-f.kick:
		}
	}
}

// round claims up to Concurrency documents and fetches them in parallel.
// full reports that it claimed as many as it could take.
func (f *Fetcher) round(ctx context.Context) (full bool, err error) {
	docs, err := f.store.ClaimPendingDocuments(ctx, f.opt.Concurrency, f.opt.Timeout+time.Minute)
	if err != nil {
		return false, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(docs))
	for i, d := range docs {
		wg.Go(func() { errs[i] = f.FetchOne(ctx, d) })
	}
	wg.Wait()
	return len(docs) == f.opt.Concurrency, errors.Join(errs...)
}

// FetchOne fetches one claimed document and records the outcome: stored,
// due again later, or failed with a reason. Its error reports only that the
// outcome could not be recorded (or ctx ended); the claim's lease then
// brings the document back.
func (f *Fetcher) FetchOne(ctx context.Context, d postgres.Document) error {
	log := f.log.With(slog.Int64("document", d.ID), slog.String("kind", d.Kind),
		slog.Int64("chat", d.OwnerChatID), slog.Int("attempt", d.Attempts))
	fctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	data, err := f.download(fctx, d)
	cancel()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == nil {
		err := f.store.StoreDocument(ctx, d.ID, f.key, data, http.DetectContentType(data))
		if errors.Is(err, postgres.ErrNotPending) {
			log.InfoContext(ctx, "document no longer pending; fetched copy dropped")
			return nil
		}
		if err != nil {
			return fmt.Errorf("fetch document %d: %w", d.ID, err)
		}
		log.InfoContext(ctx, "document stored", slog.Int("size", len(data)))
		return nil
	}

	reason := f.redact(err.Error())
	var fe *fetchFailure
	permanent := errors.As(err, &fe) && fe.permanent
	if permanent || d.Attempts >= f.opt.MaxAttempts {
		if !permanent {
			reason = fmt.Sprintf("gave up after %d attempts: %s", d.Attempts, reason)
		}
		log.WarnContext(ctx, "document cannot be fetched", slog.String("reason", reason))
		err = f.store.FailDocument(ctx, d.ID, reason)
	} else {
		wait := f.opt.Backoff(d.Attempts)
		if fe != nil {
			wait = max(wait, fe.retryAfter)
		}
		log.InfoContext(ctx, "document fetch failed; retrying", slog.String("reason", reason), slog.Duration("backoff", wait))
		err = f.store.RetryDocument(ctx, d.ID, reason, wait)
	}
	if err != nil && !errors.Is(err, postgres.ErrNotPending) {
		return fmt.Errorf("fetch document %d: %w", d.ID, err)
	}
	return nil
}

// fetchFailure is a failed fetch: permanent ones are not retried; a 429
// says how long to wait.
type fetchFailure struct {
	permanent  bool
	retryAfter time.Duration
	err        error
}

func (e *fetchFailure) Error() string { return e.err.Error() }
func (e *fetchFailure) Unwrap() error { return e.err }

func permanentFailure(format string, args ...any) error {
	return &fetchFailure{permanent: true, err: fmt.Errorf(format, args...)}
}

// download gets the document's bytes: getFile, then the file itself from
// the same server, at most MaxDownloadSize bytes and exactly the size
// Telegram reported.
func (f *Fetcher) download(ctx context.Context, d postgres.Document) ([]byte, error) {
	if d.Size > MaxDownloadSize {
		return nil, permanentFailure("file of %d bytes is larger than the 20 MB bots may download", d.Size)
	}
	file, err := f.api.GetFile(ctx, &tgbot.GetFileParams{FileID: d.FileID})
	if err != nil {
		var tooMany *tgbot.TooManyRequestsError
		switch {
		case errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "file is too big"):
			return nil, permanentFailure("file is larger than the 20 MB bots may download (getFile: %w)", err)
		case errors.Is(err, tgbot.ErrorBadRequest):
			return nil, permanentFailure("getFile refused the file: %w", err)
		case errors.As(err, &tooMany):
			return nil, &fetchFailure{retryAfter: time.Duration(tooMany.RetryAfter) * time.Second, err: fmt.Errorf("getFile: %w", err)}
		}
		return nil, fmt.Errorf("getFile: %w", err)
	}
	if file.FileSize > MaxDownloadSize {
		return nil, permanentFailure("file of %d bytes is larger than the 20 MB bots may download", file.FileSize)
	}
	if file.FilePath == "" {
		return nil, errors.New("getFile gave no file_path")
	}
	link := f.api.FileDownloadLink(file)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, permanentFailure("download: %w", redactURLError(err, f.redact))
	}
	resp, err := f.opt.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download: %w", redactURLError(err, f.redact))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// A 404 is usually a file_path past its hour: the next attempt asks getFile again.
		return nil, fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > MaxDownloadSize {
		return nil, permanentFailure("download of %d bytes is larger than 20 MB", resp.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxDownloadSize+1))
	if err != nil {
		return nil, fmt.Errorf("download: %w", redactURLError(err, f.redact))
	}
	if len(data) > MaxDownloadSize {
		return nil, permanentFailure("download is larger than 20 MB")
	}
	if file.FileSize > 0 && int64(len(data)) != file.FileSize {
		return nil, fmt.Errorf("download: got %d bytes, Telegram reported %d", len(data), file.FileSize)
	}
	return data, nil
}

// redact removes the bot token from s.
func (f *Fetcher) redact(s string) string {
	if f.token == "" {
		return s
	}
	return strings.ReplaceAll(s, f.token, "<token>")
}

// tokenOf finds the token in a download link: <server>/file/bot<token>/<path>.
func tokenOf(link string) string {
	_, rest, ok := strings.Cut(link, "/file/bot")
	if !ok {
		return ""
	}
	token, _, _ := strings.Cut(rest, "/")
	return token
}

// redactURLError strips the token from the URL a *url.Error carries.
func redactURLError(err error, redact func(string) string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redact(ue.URL)
	}
	return err
}
