package conversation

import (
	"context"
	"time"
)

// Config configures the Engine.
type Config struct {
	// GroupChatID is the KPPN staff group that receives escalations; 0 when not configured.
	GroupChatID int64
	// KPPNCode is the KPPN's 3-digit code, e.g. "070".
	KPPNCode string
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// Engine turns one incoming update and the chat's state into the chat's next
// state and the messages to send. It does no I/O of its own beyond the Tx it
// is given.
type Engine struct {
	cfg Config
}

// NewEngine returns an Engine.
func NewEngine(cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Engine{cfg: cfg}
}

// Handle handles u given the chat's state st. It returns the new state and
// the messages to send, in order. Bad user input is answered in the returned
// messages; an error means a fault (storage unreachable) and the update will
// be retried.
func (e *Engine) Handle(ctx context.Context, tx Tx, st State, u Update) (State, []Outgoing, error) {
	panic("not implemented yet")
}

// Failure is what the user is told when handling u failed unexpectedly (a
// recovered panic): a calm apology that asks them to try again.
func (e *Engine) Failure(u Update) []Outgoing {
	panic("not implemented yet")
}

// Command is a bot command for setMyCommands.
type Command struct {
	Command     string
	Description string
}

// Commands returns the command lists registered with Telegram: one for private
// chats and one for groups.
func (e *Engine) Commands() (private, group []Command) {
	panic("not implemented yet")
}
