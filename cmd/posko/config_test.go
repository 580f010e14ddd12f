package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"posko/reminders"
)

// testDocumentKey is a valid DOCUMENT_KEY for tests (32 bytes, base64).
const testDocumentKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

func TestLoadConfig(t *testing.T) {
	valid := map[string]string{"TELEGRAM_BOT_TOKEN": "123456:ABCdef_ghi-jkl", "DOCUMENT_KEY": testDocumentKey}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // the variable the error must name; "" for success
	}{
		{"defaults", valid, ""},
		{"token missing", map[string]string{}, "TELEGRAM_BOT_TOKEN"},
		{"token malformed", map[string]string{"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"},
		{"document key missing", map[string]string{"DOCUMENT_KEY": " "}, "DOCUMENT_KEY"},
		{"document key too short", map[string]string{"DOCUMENT_KEY": "c2hvcnQ="}, "DOCUMENT_KEY"},
		{"API URL malformed", map[string]string{"TELEGRAM_API_URL": "api.telegram.org"}, "TELEGRAM_API_URL"},
		{"database URL malformed", map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL"},
		{"redis URL malformed", map[string]string{"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"},
		{"group id not a number", map[string]string{"KPPN_GROUP_CHAT_ID": "grup"}, "KPPN_GROUP_CHAT_ID"},
		{"group id positive (a user, not a group)", map[string]string{"KPPN_GROUP_CHAT_ID": "12345"}, "KPPN_GROUP_CHAT_ID"},
		{"group id valid", map[string]string{"KPPN_GROUP_CHAT_ID": "-1001234567890"}, ""},
		{"KPPN code of 4 digits", map[string]string{"KPPN_CODE": "0700"}, "KPPN_CODE"},
		{"HTTP address without port", map[string]string{"HTTP_ADDR": "localhost"}, "HTTP_ADDR"},
		{"webhook without secret", map[string]string{"WEBHOOK_URL": "https://bot.example.go.id/hook"}, "WEBHOOK_SECRET"},
		{"webhook secret with spaces", map[string]string{"WEBHOOK_URL": "https://bot.example.go.id/hook", "WEBHOOK_SECRET": "a b"}, "WEBHOOK_SECRET"},
		{"webhook valid", map[string]string{"WEBHOOK_URL": "https://bot.example.go.id/hook", "WEBHOOK_SECRET": "s3cret_-"}, ""},
		{"rate negative", map[string]string{"TELEGRAM_RATE_GLOBAL": "-1"}, "TELEGRAM_RATE_GLOBAL"},
		{"log level unknown", map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"poll timeout too long", map[string]string{"TELEGRAM_POLL_TIMEOUT": "2m"}, "TELEGRAM_POLL_TIMEOUT"},
		{"reminder schedule in words", map[string]string{"REMINDER_SCHEDULE": "tiap pagi"}, "REMINDER_SCHEDULE"},
		{"reminder schedule hour 25", map[string]string{"REMINDER_SCHEDULE": "0 25 * * 1-5"}, "REMINDER_SCHEDULE"},
		{"reminder schedule valid", map[string]string{"REMINDER_SCHEDULE": "30 7 * * 1-5"}, ""},
		{"SLA schedule with seconds", map[string]string{"SLA_SCHEDULE": "0 */15 * * * *"}, "SLA_SCHEDULE"},
		{"form nudge schedule of four fields", map[string]string{"FORM_NUDGE_SCHEDULE": "0 * * *"}, "FORM_NUDGE_SCHEDULE"},
		{"weekly report on senin", map[string]string{"WEEKLY_REPORT_SCHEDULE": "0 8 * * senin"}, "WEEKLY_REPORT_SCHEDULE"},
		{"weekly report with CRON_TZ", map[string]string{"WEEKLY_REPORT_SCHEDULE": "CRON_TZ=Asia/Jakarta 0 8 * * MON"}, ""},
		{"SLA warning in words", map[string]string{"SLA_WARN_BEFORE": "2 jam"}, "SLA_WARN_BEFORE"},
		{"SLA warning of zero", map[string]string{"SLA_WARN_BEFORE": "0s"}, "SLA_WARN_BEFORE"},
		{"SLA warning valid", map[string]string{"SLA_WARN_BEFORE": "90m"}, ""},
		{"follow-up after zero", map[string]string{"REMINDER_FOLLOWUP_AFTER": "0"}, "REMINDER_FOLLOWUP_AFTER"},
		{"follow-up after in words", map[string]string{"REMINDER_FOLLOWUP_AFTER": "tiga"}, "REMINDER_FOLLOWUP_AFTER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range valid {
				env[k] = v
			}
			for k, v := range tt.env {
				env[k] = v
			}
			if tt.name == "token missing" {
				delete(env, "TELEGRAM_BOT_TOKEN")
			}
			_, err := loadConfig(func(k string) string { return env[k] }, true)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("loadConfig: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("loadConfig error = %v, want one line starting with %s", err, tt.wantErr)
			}
		})
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"TELEGRAM_BOT_TOKEN": "1234:abcdefghijkl", "DOCUMENT_KEY": testDocumentKey}[k]
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIURL != "https://api.telegram.org" || cfg.KPPNCode != "070" || cfg.HTTPAddr != "127.0.0.1:8080" ||
		cfg.WebhookURL != "" || cfg.RateGlobal != 30 || cfg.RatePrivate != 1 || cfg.RateGroup != 20 {
		t.Errorf("defaults = %+v", cfg)
	}
	if cfg.Schedules != (reminders.Specs{Lagging: "0 8 * * 1-5", SLA: "*/15 * * * *", Nudge: "0 * * * *", Weekly: "0 8 * * 1"}) ||
		cfg.SLAWarnBefore != 2*time.Hour || cfg.FollowUpAfter != 3 {
		t.Errorf("reminder defaults = %+v, warn %v, follow-up after %d", cfg.Schedules, cfg.SLAWarnBefore, cfg.FollowUpAfter)
	}
}

func TestRunVersionAndUsage(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "posko ") {
		t.Errorf("version printed %q", out.String())
	}
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "usage: posko") {
		t.Errorf("unknown subcommand error = %v", err)
	}
	err = run(context.Background(), []string{"serve"}, func(string) string { return "" }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "@BotFather") {
		t.Errorf("serve without a token = %v, want how to get one", err)
	}
}
