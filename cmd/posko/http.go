package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"posko/bot"
)

// pinger is a dependency /healthz checks.
type pinger interface {
	Ping(ctx context.Context) error
}

type pingFunc func(ctx context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

// newHTTPHandler serves /healthz, /metrics and, in webhook mode, the webhook.
func newHTTPHandler(deps map[string]pinger, metrics *bot.Metrics, webhookPath string, webhook http.Handler, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status, code := map[string]string{}, http.StatusOK
		for name, p := range deps {
			if err := p.Ping(ctx); err != nil {
				logger.Warn("health check failed", slog.String("dependency", name), slog.Any("err", err))
				status[name], code = "unreachable", http.StatusServiceUnavailable
				continue
			}
			status[name] = "ok"
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(status)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{}))
	if webhook != nil {
		mux.Handle(webhookPath, webhook)
	}
	return mux
}
