package telegramtest

// WithOnSend calls fn with every message the bot sends with sendMessage, at
// the moment the fake stores it and before the bot gets its answer. A
// benchmark uses it to time update → reply precisely, without the
// broadcast wake-up of every WaitMessage waiter.
//
// fn runs with the server's lock held: it must be quick and must not call
// the Server's methods (hand the message to a channel instead).
func WithOnSend(fn func(Message)) Option { return func(s *Server) { s.onSend = fn } }

// sentLocked reports a stored sendMessage to the WithOnSend hook. s.mu must be held.
func (s *Server) sentLocked(m Message) {
	if s.onSend != nil {
		s.onSend(m)
	}
}
