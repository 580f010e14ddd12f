package redis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// inboxGroup is the inbox stream's one consumer group.
const inboxGroup = "workers"

// seenTTL is how long an update_id is remembered: longer than the 24 hours
// Telegram keeps an unconfirmed update.
const seenTTL = 25 * time.Hour

// reclaimBatch is how many pending entries one XAUTOCLAIM call takes over.
const reclaimBatch = 100

// appendScript marks the update as seen and appends it in one step, so a
// repeated update_id never enters the stream twice and a crash cannot leave
// the marker without the entry.
//
// KEYS[1] seen key, KEYS[2] stream; ARGV: seen TTL (s), update_id, chat_id, data.
var appendScript = goredis.NewScript(`
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'update_id', ARGV[2], 'chat_id', ARGV[3], 'data', ARGV[4])
return 1
`)

// Inbox is the durable update inbox: intake appends every update's raw JSON,
// the leader's workers read it through one consumer group and acknowledge an
// entry only once it is handled, so an update survives any crash in between.
type Inbox struct {
	rdb    goredis.UniversalClient
	prefix string
	stream string
}

// InboxEntry is one update read from the inbox.
type InboxEntry struct {
	StreamID string // the stream entry's id, for Ack
	UpdateID int64
	ChatID   int64
	Data     []byte // the update's raw JSON as received from Telegram
}

// NewInbox returns the inbox kept in the stream prefix+"inbox".
func NewInbox(rdb goredis.UniversalClient, prefix string) *Inbox {
	return &Inbox{rdb: rdb, prefix: prefix, stream: prefix + "inbox"}
}

// Init creates the stream and its consumer group if they do not exist yet.
// Calling it again, from any replica, is harmless.
func (i *Inbox) Init(ctx context.Context) error {
	err := i.rdb.XGroupCreateMkStream(ctx, i.stream, inboxGroup, "$").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("create inbox group: %w", err)
	}
	return nil
}

// Append adds an update to the inbox unless its update_id was appended in the
// last 25 hours; added reports whether it was new. Only after Append returns
// without error may the update be confirmed to Telegram.
func (i *Inbox) Append(ctx context.Context, updateID, chatID int64, data []byte) (added bool, err error) {
	keys := []string{i.prefix + "seen:" + strconv.FormatInt(updateID, 10), i.stream}
	n, err := appendScript.Run(ctx, i.rdb, keys, int64(seenTTL/time.Second), updateID, chatID, data).Int()
	if err != nil {
		return false, fmt.Errorf("append update %d to inbox: %w", updateID, err)
	}
	return n == 1, nil
}

// Read returns up to count entries never delivered to any consumer, waiting up
// to block for the first one (block ≤ 0 does not wait). It returns nil, nil
// when none arrived in time. The wait is not cut short by ctx, so keep block
// to a few seconds.
func (i *Inbox) Read(ctx context.Context, consumer string, count int, block time.Duration) ([]InboxEntry, error) {
	if block <= 0 {
		block = -1 // go-redis sends no BLOCK; BLOCK 0 would wait forever
	}
	streams, err := i.rdb.XReadGroup(ctx, &goredis.XReadGroupArgs{
		Group:    inboxGroup,
		Consumer: consumer,
		Streams:  []string{i.stream, ">"},
		Count:    int64(count),
		Block:    block,
	}).Result()
	if errors.Is(err, goredis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	var entries []InboxEntry
	for _, s := range streams {
		for _, m := range s.Messages {
			e, err := parseEntry(m)
			if err != nil {
				return nil, err
			}
			entries = append(entries, e)
		}
	}
	return entries, nil
}

// Reclaim makes consumer the owner of every entry delivered but not yet
// acknowledged, whichever consumer read it, and returns them in stream order.
// Only the lease holder may call it: the entries it takes are the orphans of a
// leader that died (or of this consumer's own previous run). Entries deleted
// from the stream meanwhile are acknowledged and skipped.
func (i *Inbox) Reclaim(ctx context.Context, consumer string) ([]InboxEntry, error) {
	var entries []InboxEntry
	var deleted []string
	start := "0-0"
	for {
		msgs, next, err := i.rdb.XAutoClaim(ctx, &goredis.XAutoClaimArgs{
			Stream:   i.stream,
			Group:    inboxGroup,
			Consumer: consumer,
			MinIdle:  0,
			Start:    start,
			Count:    reclaimBatch,
		}).Result()
		if err != nil {
			return nil, fmt.Errorf("reclaim inbox entries: %w", err)
		}
		for _, m := range msgs {
			if m.Values == nil { // Redis 6 reports a deleted entry as nil; Redis 7 drops it itself
				deleted = append(deleted, m.ID)
				continue
			}
			e, err := parseEntry(m)
			if err != nil {
				return nil, err
			}
			entries = append(entries, e)
		}
		if next == "0-0" || next == "" {
			break
		}
		start = next
	}
	if len(deleted) > 0 {
		if err := i.rdb.XAck(ctx, i.stream, inboxGroup, deleted...).Err(); err != nil {
			return nil, fmt.Errorf("ack deleted inbox entries: %w", err)
		}
	}
	// Every process joins under a new name; forget the earlier ones, whose
	// entries now belong to consumer, so the group does not grow forever.
	consumers, err := i.rdb.XInfoConsumers(ctx, i.stream, inboxGroup).Result()
	if err != nil {
		return nil, fmt.Errorf("list inbox consumers: %w", err)
	}
	for _, c := range consumers {
		if c.Name != consumer && c.Pending == 0 {
			if err := i.rdb.XGroupDelConsumer(ctx, i.stream, inboxGroup, c.Name).Err(); err != nil {
				return nil, fmt.Errorf("forget inbox consumer %s: %w", c.Name, err)
			}
		}
	}
	return entries, nil
}

// Ack acknowledges handled entries and deletes them from the stream, so the
// stream only holds work still to do.
func (i *Inbox) Ack(ctx context.Context, streamIDs ...string) error {
	if len(streamIDs) == 0 {
		return nil
	}
	_, err := i.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.XAck(ctx, i.stream, inboxGroup, streamIDs...)
		p.XDel(ctx, i.stream, streamIDs...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("ack inbox entries: %w", err)
	}
	return nil
}

// Pending returns how many entries are not yet acknowledged: those delivered
// and still pending plus those not yet delivered at all.
func (i *Inbox) Pending(ctx context.Context) (int64, error) {
	groups, err := i.rdb.XInfoGroups(ctx, i.stream).Result()
	if err != nil {
		return 0, fmt.Errorf("inspect inbox group: %w", err)
	}
	for _, g := range groups {
		if g.Name != inboxGroup {
			continue
		}
		if g.Lag >= 0 {
			return g.Pending + g.Lag, nil
		}
		// Redis cannot tell the lag (deletions beyond the last delivered
		// entry). Acknowledged entries are deleted, so the stream's length
		// is the count, or a slight overestimate.
		n, err := i.rdb.XLen(ctx, i.stream).Result()
		if err != nil {
			return 0, fmt.Errorf("count inbox entries: %w", err)
		}
		return max(n, g.Pending), nil
	}
	return 0, fmt.Errorf("inspect inbox group: group %q missing (call Init)", inboxGroup)
}

// parseEntry turns a stream message written by appendScript into an InboxEntry.
func parseEntry(m goredis.XMessage) (InboxEntry, error) {
	e := InboxEntry{StreamID: m.ID}
	var err error
	if e.UpdateID, err = strconv.ParseInt(field(m, "update_id"), 10, 64); err != nil {
		return InboxEntry{}, fmt.Errorf("inbox entry %s: update_id: %w", m.ID, err)
	}
	if e.ChatID, err = strconv.ParseInt(field(m, "chat_id"), 10, 64); err != nil {
		return InboxEntry{}, fmt.Errorf("inbox entry %s: chat_id: %w", m.ID, err)
	}
	e.Data = []byte(field(m, "data"))
	return e, nil
}

// field returns a stream message's field as a string ("" when missing).
func field(m goredis.XMessage, name string) string {
	s, _ := m.Values[name].(string)
	return s
}
