package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"posko/reminders"
	"posko/sealed"
)

// config is everything posko reads from the environment. Each variable is
// documented, with its default, in the README.
type config struct {
	Token         string // TELEGRAM_BOT_TOKEN
	APIURL        string // TELEGRAM_API_URL
	DatabaseURL   string // DATABASE_URL
	RedisURL      string // REDIS_URL
	RedisPrefix   string // REDIS_PREFIX
	GroupChatID   int64  // KPPN_GROUP_CHAT_ID
	KPPNCode      string // KPPN_CODE
	HTTPAddr      string // HTTP_ADDR
	WebhookURL    string // WEBHOOK_URL
	WebhookSecret string // WEBHOOK_SECRET
	DocumentKey   []byte // DOCUMENT_KEY: encrypts stored documents, NIK and NIP
	LogLevel      slog.Level
	LogFormat     string        // LOG_FORMAT: json or text
	RateGlobal    int           // TELEGRAM_RATE_GLOBAL: messages per second for the whole bot
	RatePrivate   int           // TELEGRAM_RATE_PRIVATE: messages per second per private chat
	RateGroup     int           // TELEGRAM_RATE_GROUP: messages per minute per group
	Lanes         int           // WORKER_LANES
	PollTimeout   time.Duration // TELEGRAM_POLL_TIMEOUT
	// ShowOfficerName is HELPDESK_SHOW_OFFICER_NAME: whether askers see the
	// name of the officer who answers their ticket.
	ShowOfficerName bool
	// Schedules are the reminder jobs' cron specs: REMINDER_SCHEDULE,
	// SLA_SCHEDULE, FORM_NUDGE_SCHEDULE, WEEKLY_REPORT_SCHEDULE.
	Schedules     reminders.Specs
	SLAWarnBefore time.Duration // SLA_WARN_BEFORE
	FollowUpAfter int           // REMINDER_FOLLOWUP_AFTER
}

const tokenHelp = "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot), then start with TELEGRAM_BOT_TOKEN=<token> make run"

var (
	tokenPattern  = regexp.MustCompile(`^[0-9]{3,}:[A-Za-z0-9_-]{10,}$`)
	secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	kppnPattern   = regexp.MustCompile(`^[0-9]{3}$`)
)

// loadConfig reads the configuration. needToken is false for subcommands
// that do not talk to Telegram (migrate). Every error is one line naming the
// variable.
func loadConfig(getenv func(string) string, needToken bool) (config, error) {
	env := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := config{
		Token:         strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN")),
		APIURL:        strings.TrimRight(env("TELEGRAM_API_URL", "https://api.telegram.org"), "/"),
		DatabaseURL:   env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/posko?sslmode=disable"),
		RedisURL:      env("REDIS_URL", "redis://127.0.0.1:6379/0"),
		RedisPrefix:   env("REDIS_PREFIX", "posko:"),
		KPPNCode:      env("KPPN_CODE", "070"),
		HTTPAddr:      env("HTTP_ADDR", "127.0.0.1:8080"),
		WebhookURL:    env("WEBHOOK_URL", ""),
		WebhookSecret: env("WEBHOOK_SECRET", ""),
		LogFormat:     env("LOG_FORMAT", "json"),
	}
	if needToken {
		if c.Token == "" {
			return c, fmt.Errorf("%s", tokenHelp)
		}
		if !tokenPattern.MatchString(c.Token) {
			return c, fmt.Errorf("TELEGRAM_BOT_TOKEN is malformed: expected <digits>:<letters> as given by @BotFather")
		}
	}
	if needToken {
		key, err := sealed.ParseKey(strings.TrimSpace(getenv("DOCUMENT_KEY")))
		if err != nil {
			return c, err
		}
		c.DocumentKey = key
	}
	if err := checkURL("TELEGRAM_API_URL", c.APIURL, "http", "https"); err != nil {
		return c, err
	}
	if err := checkURL("DATABASE_URL", c.DatabaseURL, "postgres", "postgresql"); err != nil {
		return c, err
	}
	if err := checkURL("REDIS_URL", c.RedisURL, "redis", "rediss", "unix"); err != nil {
		return c, err
	}
	if v := env("KPPN_GROUP_CHAT_ID", ""); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id >= 0 {
			return c, fmt.Errorf("KPPN_GROUP_CHAT_ID is malformed: expected a group chat id, a negative number such as -1001234567890")
		}
		c.GroupChatID = id
	}
	if !kppnPattern.MatchString(c.KPPNCode) {
		return c, fmt.Errorf("KPPN_CODE is malformed: expected 3 digits, such as 070")
	}
	if _, _, err := splitHostPort(c.HTTPAddr); err != nil {
		return c, fmt.Errorf("HTTP_ADDR is malformed: expected host:port, such as 127.0.0.1:8080")
	}
	if c.WebhookURL != "" {
		if err := checkURL("WEBHOOK_URL", c.WebhookURL, "https", "http"); err != nil {
			return c, err
		}
		if !secretPattern.MatchString(c.WebhookSecret) {
			return c, fmt.Errorf("WEBHOOK_SECRET is required with WEBHOOK_URL: 1-256 characters of A-Z, a-z, 0-9, _ and -")
		}
	}
	level := env("LOG_LEVEL", "info")
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return c, fmt.Errorf("LOG_LEVEL is malformed: expected debug, info, warn or error")
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return c, fmt.Errorf("LOG_FORMAT is malformed: expected json or text")
	}
	ints := []struct {
		name string
		def  int
		dst  *int
	}{
		{"TELEGRAM_RATE_GLOBAL", 30, &c.RateGlobal},
		{"TELEGRAM_RATE_PRIVATE", 1, &c.RatePrivate},
		{"TELEGRAM_RATE_GROUP", 20, &c.RateGroup},
		{"WORKER_LANES", 32, &c.Lanes},
	}
	for _, v := range ints {
		n, err := strconv.Atoi(env(v.name, strconv.Itoa(v.def)))
		if err != nil || n < 0 {
			return c, fmt.Errorf("%s is malformed: expected a whole number ≥ 0 (0 = unlimited for rates)", v.name)
		}
		*v.dst = n
	}
	if c.Lanes == 0 {
		c.Lanes = 32
	}
	pt, err := time.ParseDuration(env("TELEGRAM_POLL_TIMEOUT", "25s"))
	if err != nil || pt < time.Second || pt > 50*time.Second {
		return c, fmt.Errorf("TELEGRAM_POLL_TIMEOUT is malformed: expected a duration between 1s and 50s, such as 25s")
	}
	c.PollTimeout = pt
	switch strings.ToLower(env("HELPDESK_SHOW_OFFICER_NAME", "ya")) {
	case "ya", "yes", "true", "1":
		c.ShowOfficerName = true
	case "tidak", "no", "false", "0":
	default:
		return c, fmt.Errorf("HELPDESK_SHOW_OFFICER_NAME is malformed: expected ya or tidak")
	}
	if err := c.loadReminders(env); err != nil {
		return c, err
	}
	return c, nil
}

// loadReminders reads the schedules of the reminder jobs, each checked
// with cron's own parser so that a typo stops the start rather than a job.
func (c *config) loadReminders(env func(name, def string) string) error {
	def := reminders.DefaultSpecs()
	specs := []struct {
		name, def string
		dst       *string
	}{
		{"REMINDER_SCHEDULE", def.Lagging, &c.Schedules.Lagging},
		{"SLA_SCHEDULE", def.SLA, &c.Schedules.SLA},
		{"FORM_NUDGE_SCHEDULE", def.Nudge, &c.Schedules.Nudge},
		{"WEEKLY_REPORT_SCHEDULE", def.Weekly, &c.Schedules.Weekly},
	}
	for _, v := range specs {
		*v.dst = env(v.name, v.def)
		if err := reminders.CheckSpec(*v.dst); err != nil {
			return fmt.Errorf("%s is malformed: expected a cron spec of five fields (minute hour day month weekday, Asia/Jakarta time), such as %q", v.name, v.def)
		}
	}
	warn, err := time.ParseDuration(env("SLA_WARN_BEFORE", reminders.DefaultWarnBefore.String()))
	if err != nil || warn < time.Minute || warn > 24*time.Hour {
		return fmt.Errorf("SLA_WARN_BEFORE is malformed: expected a duration between 1m and 24h, such as 2h")
	}
	c.SLAWarnBefore = warn
	n, err := strconv.Atoi(env("REMINDER_FOLLOWUP_AFTER", strconv.Itoa(reminders.DefaultPolicy().FollowUpAfter)))
	if err != nil || n < 1 || n > 100 {
		return fmt.Errorf("REMINDER_FOLLOWUP_AFTER is malformed: expected a whole number of ignored reminders from 1 to 100, such as 3")
	}
	c.FollowUpAfter = n
	return nil
}

func checkURL(name, raw string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err == nil {
		for _, s := range schemes {
			if u.Scheme == s && (u.Host != "" || s == "unix") {
				return nil
			}
		}
	}
	return fmt.Errorf("%s is malformed: expected a %s:// URL", name, schemes[0])
}

func splitHostPort(addr string) (string, int, error) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return "", 0, fmt.Errorf("no port")
	}
	port, err := strconv.Atoi(addr[i+1:])
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("bad port")
	}
	return addr[:i], port, nil
}
