package bot

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus metrics, served on /metrics.
type Metrics struct {
	Registry         *prometheus.Registry
	UpdatesReceived  prometheus.Counter   // updates appended to the inbox (duplicates excluded)
	UpdatesDuplicate prometheus.Counter   // updates dropped at intake as already seen
	UpdatesProcessed prometheus.Counter   // updates handled and acknowledged
	UpdatesFailed    prometheus.Counter   // handling attempts that failed (the update is retried)
	HandlerPanics    prometheus.Counter   // handler panics recovered
	HandlingSeconds  prometheus.Histogram // from reading an update off the inbox to its acknowledgement
	MessagesSent     prometheus.Counter   // Bot API calls that delivered an outgoing message
	SendErrors       *prometheus.CounterVec
	TooManyRequests  prometheus.Counter // 429 answers from Telegram
	InboxPending     prometheus.Gauge   // inbox entries not yet acknowledged
	OutboxPending    prometheus.Gauge   // outbox rows due and not yet delivered
}

// NewMetrics returns the metrics registered on a fresh registry, with the Go
// runtime and process collectors.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry:         reg,
		UpdatesReceived:  prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_updates_received_total", Help: "Updates appended to the inbox."}),
		UpdatesDuplicate: prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_updates_duplicate_total", Help: "Updates dropped at intake because their update_id was already seen."}),
		UpdatesProcessed: prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_updates_processed_total", Help: "Updates handled and acknowledged."}),
		UpdatesFailed:    prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_updates_failed_total", Help: "Update handling attempts that failed and will be retried."}),
		HandlerPanics:    prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_handler_panics_total", Help: "Handler panics recovered."}),
		HandlingSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "posko_update_handling_seconds",
			Help:    "Time from reading an update off the inbox to acknowledging it.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		MessagesSent:    prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_messages_sent_total", Help: "Outgoing messages delivered to Telegram."}),
		SendErrors:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posko_send_errors_total", Help: "Failed Bot API sends by reason."}, []string{"reason"}),
		TooManyRequests: prometheus.NewCounter(prometheus.CounterOpts{Name: "posko_telegram_429_total", Help: "429 Too Many Requests answers from Telegram."}),
		InboxPending:    prometheus.NewGauge(prometheus.GaugeOpts{Name: "posko_inbox_pending", Help: "Inbox entries not yet acknowledged."}),
		OutboxPending:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "posko_outbox_pending", Help: "Outbox messages not yet delivered."}),
	}
	reg.MustRegister(m.UpdatesReceived, m.UpdatesDuplicate, m.UpdatesProcessed, m.UpdatesFailed, m.HandlerPanics,
		m.HandlingSeconds, m.MessagesSent, m.SendErrors, m.TooManyRequests, m.InboxPending, m.OutboxPending)
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}
