package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Asia/Jakarta even where no zoneinfo is installed

	"posko/backoffice"
	"posko/bot"
	"posko/conversation"
	"posko/reminders"
	"posko/storage/postgres"
	"posko/storage/redis"
)

// stateTTL is how long a chat's conversation state (an unfinished form) is kept.
const stateTTL = 7 * 24 * time.Hour

// leaseTTL is how long a dead leader blocks the others.
const leaseTTL = 10 * time.Second

// serve runs the bot until ctx is done.
func serve(ctx context.Context, cfg config, logger *slog.Logger) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL, postgres.WithLogger(logger), postgres.WithDocumentKey(cfg.DocumentKey))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := postgres.Migrate(ctx, db, logger); err != nil {
		return err
	}
	rdb, err := redis.Open(ctx, cfg.RedisURL)
	if err != nil {
		return err
	}
	defer rdb.Close()

	inbox := redis.NewInbox(rdb, cfg.RedisPrefix)
	if err := inbox.Init(ctx); err != nil {
		return fmt.Errorf("prepare inbox: %w", err)
	}
	states := redis.NewStateStore(rdb, cfg.RedisPrefix, stateTTL).Sealed(cfg.DocumentKey)
	limiter := redis.NewLimiter(rdb, cfg.RedisPrefix, redis.Limits{
		GlobalPerSecond: cfg.RateGlobal, PrivatePerSecond: cfg.RatePrivate, PrivateBurst: 3, GroupPerMinute: cfg.RateGroup,
	})
	api, err := bot.NewAPI(cfg.APIURL, cfg.Token, cfg.PollTimeout)
	if err != nil {
		return fmt.Errorf("telegram client: %w", err)
	}
	metrics := bot.NewMetrics()
	var groupIsForum atomic.Bool // learnt from getChat once leading
	members := bot.NewMembers(api, rdb, cfg.RedisPrefix)
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return fmt.Errorf("load time zone: %w", err)
	}
	plan := cfg.Schedules.Plan(jakarta, reminders.CachedCalendar(db, time.Minute, logger))
	engineConfig := conversation.Config{
		GroupChatID:     cfg.GroupChatID,
		KPPNCode:        cfg.KPPNCode,
		Forms:           formRenderer{kppnCode: cfg.KPPNCode},
		Members:         members,
		Admins:          members,
		Sent:            db,
		GroupIsForum:    groupIsForum.Load,
		ShowOfficerName: cfg.ShowOfficerName,
		Schedule:        plan.Schedule,
		FollowUpAfter:   cfg.FollowUpAfter,
	}
	// The engine that handles updates is made once the bot's @username is
	// known (invitation links carry it); this one only lists the commands.
	commands := conversation.NewEngine(engineConfig)
	sender := bot.NewSender(api, db, limiter, metrics, logger, bot.SenderOptions{})
	// Documents are fetched soon after a registration is sent (a small read
	// every 2 s), so the KPPN holds its copy before Telegram could drop it.
	fetcher, err := bot.NewFetcher(api, db, cfg.DocumentKey, logger, bot.FetcherOptions{PollInterval: 2 * time.Second})
	if err != nil {
		return fmt.Errorf("document fetcher: %w", err)
	}
	owner := instanceName()

	var webhook http.Handler
	webhookPath := ""
	if cfg.WebhookURL != "" {
		u, _ := url.Parse(cfg.WebhookURL)
		webhookPath = "POST " + cmp.Or(u.Path, "/")
		webhook = &bot.Webhook{Secret: cfg.WebhookSecret, Inbox: inbox, Metrics: metrics, Logger: logger}
	}
	deps := map[string]pinger{"postgres": db, "redis": pingFunc(func(ctx context.Context) error { return rdb.Ping(ctx).Err() })}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: newHTTPHandler(deps, metrics, webhookPath, webhook, logger), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("http server stopped", slog.Any("err", err))
		}
	}()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()

	mode := "polling"
	if webhook != nil {
		mode = "webhook"
	}
	logger.Info("posko started", slog.String("version", version), slog.String("mode", mode),
		slog.String("http", ln.Addr().String()), slog.String("instance", owner))

	// A refused configuration found while leading stops the whole process.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	lease := redis.NewLease(rdb, cfg.RedisPrefix+"leader", owner, leaseTTL)
	err = lease.Hold(ctx, logger, func(ctx context.Context) {
		logger.Info("leading: taking updates in and delivering messages")
		private, group := commands.Commands()
		var username string
		err := retryUntil(ctx, logger, "prepare the bot with Telegram", func() (err error) {
			username, err = bot.Prepare(ctx, api, private, group, cfg.WebhookURL, cfg.WebhookSecret)
			if errors.Is(err, bot.ErrRefused) {
				stop(err)
				return nil
			}
			return err
		})
		if err != nil || ctx.Err() != nil {
			return
		}
		if cfg.GroupChatID != 0 {
			forum, err := bot.IsForum(ctx, api, cfg.GroupChatID)
			if err != nil {
				logger.Warn("cannot tell whether the staff group is a forum; treating it as not one", slog.Any("err", err))
			} else if forum {
				logger.Info("the staff group is a forum: each registration request gets its own topic")
			}
			groupIsForum.Store(forum)
		}
		withName := engineConfig
		withName.BotUsername = username
		engine := conversation.NewEngine(withName)
		worker := bot.NewWorker(inbox, states, db, engine, metrics, logger, bot.WorkerOptions{
			Consumer: owner, BotUsername: username, Lanes: cfg.Lanes, Committed: sender.Submit, Chats: db,
		})
		scheduler := reminders.NewScheduler(jakarta, logger)
		if err := scheduler.Add("17 2 * * *", "housekeeping", reminders.Housekeeping(db, logger)); err != nil {
			logger.Error("schedule housekeeping", slog.Any("err", err))
		}
		scheduleReminders(scheduler, cfg, db, engine, logger)
		parts := []func(context.Context) error{
			worker.Run,
			sender.Run,
			func(ctx context.Context) error { return db.ListenOutbox(ctx, sender.Kick) },
			scheduler.Run,
			fetcher.Run,
			backoffice.New(db, fetcher, logger, backoffice.Options{Owner: owner}).Run,
			func(ctx context.Context) error { watchOutbox(ctx, db, metrics); return nil },
		}
		if webhook == nil {
			poller := &bot.Poller{Client: bot.PollClient(cfg.PollTimeout), BaseURL: cfg.APIURL + "/bot" + cfg.Token,
				Timeout: cfg.PollTimeout, Inbox: inbox, Metrics: metrics, Logger: logger}
			parts = append(parts, poller.Run)
		}
		var wg sync.WaitGroup
		for _, part := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := part(ctx); err != nil && ctx.Err() == nil {
					logger.Error("component stopped", slog.Any("err", err))
				}
			}()
		}
		wg.Wait()
	})
	if cause := context.Cause(ctx); errors.Is(cause, bot.ErrRefused) {
		return cause
	}
	return err
}

// scheduleReminders adds the reminder jobs (issue 7) to the scheduler. The
// specs were checked by loadConfig.
func scheduleReminders(s *reminders.Scheduler, cfg config, db *postgres.DB, engine *conversation.Engine, logger *slog.Logger) {
	policy := reminders.DefaultPolicy()
	policy.FollowUpAfter = cfg.FollowUpAfter
	jobs := []struct {
		spec, name string
		run        func(context.Context) error
	}{
		{cfg.Schedules.Lagging, "lagging satker", (&reminders.Lagging{Store: db, Policy: policy, Logger: logger}).Run},
		{cfg.Schedules.SLA, "service-level watch", (&reminders.SLAWatch{Store: db, GroupChatID: cfg.GroupChatID,
			WarnBefore: cfg.SLAWarnBefore, Logger: logger}).Run},
		{cfg.Schedules.Nudge, "unfinished forms", (&reminders.FormNudges{Store: db, Nudge: engine.FormNudge, Logger: logger}).Run},
		{cfg.Schedules.Weekly, "weekly report", (&reminders.WeeklyReport{Store: db, KPPNCode: cfg.KPPNCode,
			GroupChatID: cfg.GroupChatID, Logger: logger}).Run},
	}
	for _, j := range jobs {
		if err := s.Add(j.spec, j.name, j.run); err != nil {
			logger.Error("schedule "+j.name, slog.Any("err", err))
		}
	}
}

// watchOutbox keeps the outbox-pending gauge current.
func watchOutbox(ctx context.Context, db *postgres.DB, metrics *bot.Metrics) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		if n, err := db.OutboxPending(ctx); err == nil {
			metrics.OutboxPending.Set(float64(n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// retryUntil calls fn until it succeeds or ctx is done.
func retryUntil(ctx context.Context, logger *slog.Logger, what string, fn func() error) error {
	wait := time.Second
	for {
		err := fn()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		logger.Warn(what+" failed; retrying", slog.Any("err", err), slog.Duration("backoff", wait))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 30*time.Second)
	}
}

// instanceName names this process in the inbox group and the leader lease.
func instanceName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", cmp.Or(host, "posko"), os.Getpid(), hex.EncodeToString(b))
}
