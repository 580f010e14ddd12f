package postgres

import (
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Gathering media groups (conversation.Outgoing.Gather): an album the asker
// sends arrives as one update per item, and each queues an OutMediaGroup
// with the same Gather key. The first is stored with available_at
// GatherWindow ahead; each later one queued while that row waits appends
// its Files to the row's payload instead of becoming a row of its own, so
// the album is delivered as one. Only the Files of a merged message are
// kept: its text, buttons, ref and receipt are dropped.

// maxGatherFiles is the most items a media group may hold (Telegram's limit).
const maxGatherFiles = 10

// gatherMargin is how long before a gathering row is due it stops taking
// more items. The sender reads the row once it is due; a merge committed
// after that read would be marked sent without having been sent, so a
// merge must commit well before the row is due.
const gatherMargin = 500 * time.Millisecond

// queueGatherRow adds the statement that merges gathering message o into
// its chat's pending row with the same key (the newest one, while it waits
// and has room for o's files) or, failing that, inserts it as a new row due
// GatherWindow from now. An inserted row is returned as queueOutboxRow's
// statement returns one, plus its available_at; a merge returns no row.
func queueGatherRow(b *pgx.Batch, o *conversation.Outgoing, payload string) {
	var ref *string
	if o.Ref != "" {
		ref = &o.Ref
	}
	b.Queue(gatherSQL, o.ChatID, ref, payload, o.Gather, conversation.GatherWindow, gatherMargin, maxGatherFiles)
}

// gatherSQL is queueGatherRow's statement. clock_timestamp, not now(): a
// group's transaction may have begun a while before its outbox rows are
// queued.
const gatherSQL = `
	WITH last AS (
	  SELECT id FROM outbox
	  WHERE chat_id = $1 AND gather = $4 AND sent_at IS NULL AND failed_at IS NULL
	  ORDER BY id DESC LIMIT 1),
	files AS (
	  SELECT COALESCE($3::jsonb->'files', '[]') AS add),
	merged AS (
	  UPDATE outbox o
	  SET payload = jsonb_set(o.payload, '{files}', COALESCE(o.payload->'files', '[]') || files.add)
	  FROM last, files
	  WHERE o.id = last.id AND o.available_at > clock_timestamp() + $6::interval
	    AND jsonb_array_length(COALESCE(o.payload->'files', '[]')) + jsonb_array_length(files.add) <= $7
	  RETURNING o.id),
	ins AS (
	  INSERT INTO outbox (chat_id, ref, payload, gather, available_at)
	  SELECT $1, $2, $3, $4, clock_timestamp() + $5::interval
	  WHERE NOT EXISTS (SELECT 1 FROM merged)
	  RETURNING id, chat_id, available_at)
	SELECT ins.id, COALESCE(m.to_chat, ins.chat_id), c.blocked_at IS NOT NULL, ins.available_at
	FROM ins
	LEFT JOIN chat_migrations m ON m.from_chat = ins.chat_id
	LEFT JOIN chats c ON c.chat_id = COALESCE(m.to_chat, ins.chat_id)`
