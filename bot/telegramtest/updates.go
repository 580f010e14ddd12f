package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// maxUpdatesLimit is getUpdates' largest and default limit.
const maxUpdatesLimit = 100

// queued is one update waiting to be confirmed.
type queued struct {
	id        int64
	kind      string // the update's type: "message", "callback_query", ...
	raw       []byte
	forced    bool // pushed with PushRaw: delivered once even below the confirmed offset
	delivered bool
	attempts  int // failed webhook deliveries
}

// updateQueue holds the updates the bot has not confirmed yet.
type updateQueue struct {
	items   []queued
	nextID  int64
	poller  int64    // generation of the latest getUpdates; an older one is terminated
	allowed []string // allowed_updates of the last getUpdates or setWebhook that set it
}

// defaultExcluded are the update types Telegram leaves out unless asked for.
var defaultExcluded = []string{"chat_member", "message_reaction", "message_reaction_count"}

// allows reports whether an update type passes allowed_updates.
func (q *updateQueue) allows(kind string) bool {
	if len(q.allowed) == 0 {
		return !slices.Contains(defaultExcluded, kind)
	}
	return slices.Contains(q.allowed, kind)
}

// Push queues a raw update for getUpdates (or the webhook), assigning
// update_id when it has none, and returns the update_id.
func (s *Server) Push(update map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushLocked(update)
}

func (s *Server) pushLocked(update map[string]any) int64 {
	id, ok := toInt64(update["update_id"])
	if !ok {
		id = s.updates.nextID
		update["update_id"] = id
	}
	raw, err := json.Marshal(update)
	if err != nil {
		s.t.Errorf("telegramtest: push update: %v", err)
		return id
	}
	s.noteMessageLocked(id, update)
	s.queueLocked(id, raw, false)
	return id
}

// PushRaw queues an update exactly as given. It is delivered once even if
// its update_id was confirmed already, so a test can deliver a duplicate.
func (s *Server) PushRaw(update []byte) {
	var u struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(update, &u); err != nil {
		s.t.Errorf("telegramtest: push raw update: %v", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queueLocked(u.UpdateID, append([]byte(nil), update...), true)
}

func (s *Server) queueLocked(id int64, raw []byte, forced bool) {
	var probe map[string]json.RawMessage
	_ = json.Unmarshal(raw, &probe)
	kind := ""
	for k, v := range probe {
		if k != "update_id" {
			kind = k
			if k == "callback_query" {
				var cq struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(v, &cq) == nil && cq.ID != "" {
					if _, known := s.callbacks[cq.ID]; !known {
						s.callbacks[cq.ID] = false
					}
				}
			}
		}
	}
	s.updates.nextID = max(s.updates.nextID, id+1)
	s.updates.items = append(s.updates.items, queued{id: id, kind: kind, raw: raw, forced: forced})
	s.notifyLocked()
}

// Pending is the number of queued updates not yet confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates.items)
}

// confirmLocked drops what an offset confirms, the way Telegram does.
func (q *updateQueue) confirm(offset int64) {
	switch {
	case offset > 0:
		q.items = slices.DeleteFunc(q.items, func(u queued) bool {
			return u.id < offset && !(u.forced && !u.delivered)
		})
	case offset < 0:
		if keep := int(-offset); keep < len(q.items) {
			q.items = slices.Delete(q.items, 0, len(q.items)-keep)
		}
	}
}

// getUpdates answers a long poll: it waits up to timeout seconds for an update.
func (s *Server) getUpdates(c *call) (any, *apiError) {
	limit := int(c.Int("limit"))
	if limit <= 0 || limit > maxUpdatesLimit {
		limit = maxUpdatesLimit
	}
	deadline := c.At.Add(time.Duration(c.Int("timeout")) * time.Second)
	var allowed []string
	if raw := c.Params["allowed_updates"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &allowed); err != nil {
			return nil, errBadRequest("can't parse allowed updates")
		}
	}

	s.mu.Lock()
	if aerr := s.faultLocked(c); aerr != nil {
		s.mu.Unlock()
		return nil, aerr
	}
	if s.hook.url != "" {
		s.mu.Unlock()
		return nil, &apiError{code: http.StatusConflict, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	q := &s.updates
	q.poller++
	me := q.poller
	if _, ok := c.Params["allowed_updates"]; ok {
		q.allowed = allowed
	}
	q.confirm(c.Int("offset"))
	s.notifyLocked() // terminates an older poll
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		if q.poller != me {
			s.mu.Unlock()
			return nil, &apiError{code: http.StatusConflict, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		q.items = slices.DeleteFunc(q.items, func(u queued) bool { return !q.allows(u.kind) })
		if len(q.items) > 0 || !time.Now().Before(deadline) {
			n := min(limit, len(q.items))
			out := make([]json.RawMessage, n)
			for i := range n {
				out[i] = q.items[i].raw
				q.items[i].delivered = true
			}
			s.mu.Unlock()
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
		case <-c.r.Context().Done():
			return nil, &apiError{code: http.StatusBadGateway, description: "Bad Gateway: request cancelled"}
		case <-s.closed:
			return []json.RawMessage{}, nil
		}
		s.mu.Lock()
	}
}

// toInt64 reads an integer from a value a test put in a map or JSON decoded.
func toInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case float64:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case string:
		var i int64
		_, err := fmt.Sscan(n, &i)
		return i, err == nil
	}
	return 0, false
}
