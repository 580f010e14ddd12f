package conversation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"posko/render"
	"posko/workdays"
)

// The KPPN side of a registration: the card the staff group receives, and
// the officers' decisions on it (review_actions.go).

// Callback data of the card and of the reject prompt: r:<id>:<action>, and
// r:<id>:x:<item> for an item toggled on the reject prompt. The registrant's
// "Perbaiki" button (r:<id>:fix, dataFix) is handled in the private chat.
const (
	dataReview   = "r:"
	reviewTake   = "take"
	reviewDone   = "done"
	reviewReject = "reject"
	reviewToggle = "x"
)

// SentMessages finds messages the bot sent earlier: the message_id Telegram
// gave the latest delivered message queued with Outgoing.Ref ref, or
// ErrNotFound while it is not delivered. *postgres.DB satisfies it.
type SentMessages interface {
	SentMessageID(ctx context.Context, ref string) (int, error)
}

// reviewData is the callback data of action on request id.
func reviewData(id int64, action string) string {
	return fmt.Sprintf("%s%d:%s", dataReview, id, action)
}

// CardRef names the staff card of request id (Outgoing.Ref), so it can be
// found and edited later.
func CardRef(id int64) string { return fmt.Sprintf("registration:%d:card", id) }

// rejectRef names the reject prompt of request id.
func rejectRef(id int64) string { return fmt.Sprintf("registration:%d:reject", id) }

// topicRef names the forum topic of request id in the staff group (the Ref
// of its OutTopic, the ThreadRef of the messages about the request).
func topicRef(id int64) string { return fmt.Sprintf("registration:%d:topic", id) }

// topicNameMax is the longest forum topic name Telegram accepts.
const topicNameMax = 128

// reviewCard is what the staff group receives for request r when it is
// submitted or sent again after a correction: the card (data with NIK/NIP
// masked, deadline, status, buttons) followed by the documents, re-sent by
// file_id and captioned with the request number and the document's kind.
// When the group is a forum they go into the request's own topic, created
// first; a resubmission names the same topic, which the sender creates only
// once (it reuses a topic already recorded under the ref), so the request's
// whole story stays in one topic. Nothing when no staff group is configured.
func (e *Engine) reviewCard(r Registration) []Outgoing {
	if e.cfg.GroupChatID == 0 {
		return nil
	}
	var out []Outgoing
	thread := e.threadOf(r.ID)
	if thread != "" {
		out = append(out, Outgoing{Kind: OutTopic, ChatID: e.cfg.GroupChatID, Text: topicName(r), Ref: thread})
	}
	out = append(out, Outgoing{
		Kind: OutSend, ChatID: e.cfg.GroupChatID, ThreadRef: thread,
		Text: cardText(r), Buttons: cardButtons(r), Ref: CardRef(r.ID),
	})
	format := textReviewDocCaption
	if resubmitted(r) {
		format = textReviewDocCaptionResubmitted
	}
	for _, kind := range docKinds(r.Documents) {
		caption := fmt.Sprintf(format, EscapeHTML(r.Number), EscapeHTML(docLabel(kind)))
		for _, o := range attachments(e.cfg.GroupChatID, caption, r.Documents[kind]) {
			o.ThreadRef = thread
			out = append(out, o)
		}
	}
	return out
}

// threadOf is the ThreadRef of the staff group's messages about request id:
// its topic while the group is a forum, none otherwise.
func (e *Engine) threadOf(id int64) string {
	if e.cfg.GroupIsForum == nil || !e.cfg.GroupIsForum() {
		return ""
	}
	return topicRef(id)
}

// topicName names request r's forum topic: "REG-000123 · <satker name>",
// plain text on one line, within Telegram's 128 characters.
func topicName(r Registration) string {
	name := r.Number
	if satker := strings.Join(strings.Fields(r.SatkerName), " "); satker != "" {
		name += " · " + satker
	}
	return shorten(name, topicNameMax)
}

// cardEdit is the card of r edited in place (message id of the group).
func (e *Engine) cardEdit(r Registration, messageID int) Outgoing {
	return Outgoing{Kind: OutEdit, ChatID: e.cfg.GroupChatID, MessageID: messageID, Text: cardText(r), Buttons: cardButtons(r)}
}

// resubmitted reports whether r was sent again after a rejection: the
// reason of the last rejection stays with the request.
func resubmitted(r Registration) bool {
	return r.RejectReason != "" && (r.Status == RegSubmitted || r.Status == RegTaken || r.Status == RegRecorded)
}

// cardText is the card's text for r in its current state.
func cardText(r Registration) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	line(textReviewCardTitle, EscapeHTML(r.Number))
	if resubmitted(r) {
		line("%s", textReviewCardResubmitted)
		line(textReviewCardPrevReason, EscapeHTML(shorten(r.RejectReason, 300)))
		if len(r.RejectItems) > 0 {
			line(textReviewCardPrevItems, itemList(r.RejectItems, ", "))
		}
	}
	b.WriteByte('\n')
	line(textReviewCardSatker, EscapeHTML(r.SatkerCode), field(r.SatkerName))
	if !r.SatkerKnown {
		line("%s", textReviewCardUnmapped)
	}
	line(textReviewCardRegistrant, field(r.UserName), r.UserID)
	b.WriteByte('\n')
	line(textReviewCardAdmin, field(r.AdminName), maskID(r.AdminNIP), maskID(r.AdminNIK),
		field(r.AdminPosition), field(r.AdminMobile), field(r.AdminEmail))
	b.WriteByte('\n')
	line(textReviewCardDecree, field(r.DecreeNumber), EscapeHTML(render.IndonesianDate(r.DecreeDate)))
	line(textReviewCardKPA, field(r.KPAName), maskID(r.KPANIP))
	b.WriteByte('\n')
	if !r.SubmittedAt.IsZero() {
		line(textReviewCardSubmitted, whenWIB(r.SubmittedAt))
	}
	if !r.Deadline.IsZero() {
		line(textReviewCardDeadline, whenWIB(r.Deadline))
	}
	line("%s", docSummary(r.Documents))
	b.WriteByte('\n')
	b.WriteString(statusLine(r))
	return b.String()
}

// statusLine says where r stands and who handles it.
func statusLine(r Registration) string {
	who := officerName(r)
	switch r.Status {
	case RegTaken:
		return fmt.Sprintf(textReviewStatusTaken, who)
	case RegRecorded:
		return fmt.Sprintf(textReviewStatusRecorded, who)
	case RegRejected:
		return fmt.Sprintf(textReviewStatusRejected, who, EscapeHTML(shorten(r.RejectReason, 500)), itemList(r.RejectItems, ", "))
	}
	return textReviewStatusSubmitted
}

// cardButtons are the actions still open on r: "Ambil" while nobody took it,
// "Sudah direkam" and "Tolak" until it is decided.
func cardButtons(r Registration) [][]Button {
	take := Button{Text: textReviewButtonTake, Data: reviewData(r.ID, reviewTake)}
	done := Button{Text: textReviewButtonDone, Data: reviewData(r.ID, reviewDone)}
	reject := Button{Text: textReviewButtonReject, Data: reviewData(r.ID, reviewReject)}
	switch r.Status {
	case RegSubmitted, "":
		return [][]Button{{take, reject}, {done}}
	case RegTaken:
		return [][]Button{{reject}, {done}}
	}
	return nil
}

// officerName is the escaped name of the officer who last acted on r.
func officerName(r Registration) string {
	if r.TakenByName == "" {
		return textReviewUnknownOfficer
	}
	return EscapeHTML(shorten(r.TakenByName, 64))
}

// statusName is r's status as officers read it.
func statusName(status string) string {
	switch status {
	case RegSubmitted:
		return textRegStatusSubmitted
	case RegTaken:
		return textRegStatusTaken
	case RegRejected:
		return textRegStatusRejected
	case RegRecorded:
		return textRegStatusRecorded
	}
	return status
}

// field is a user's answer as the card shows it: escaped and cut short.
func field(s string) string {
	if s == "" {
		return "-"
	}
	return EscapeHTML(shorten(s, 200))
}

// maskID hides the middle of a NIK or NIP, keeping the first and last four
// digits, as staff may see them: 3201********0003.
func maskID(s string) string {
	if s == "" {
		return "-"
	}
	if len(s) <= 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:]
}

// whenWIB formats t in WIB as officers read it: "Senin, 2 Maret 2026 pukul 16.00 WIB".
func whenWIB(t time.Time) string {
	t = t.In(wib())
	return workdays.FormatDate(workdays.DateOf(t)) + " pukul " + t.Format("15.04") + " WIB"
}

// docKinds lists the kinds of documents present, in the order of the form
// (SK, KTP, signed form), then any other kind by name.
func docKinds(docs map[string][]File) []string {
	order := []string{DocDecree, DocKTP, DocForm}
	var kinds []string
	for _, k := range order {
		if len(docs[k]) > 0 {
			kinds = append(kinds, k)
		}
	}
	var other []string
	for k, files := range docs {
		if len(files) > 0 && !slices.Contains(order, k) {
			other = append(other, k)
		}
	}
	slices.Sort(other)
	return append(kinds, other...)
}

// docSummary is the card's line listing the documents.
func docSummary(docs map[string][]File) string {
	kinds := docKinds(docs)
	if len(kinds) == 0 {
		return textReviewCardNoDocs
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf(textReviewCardDocCount, EscapeHTML(docLabel(k)), len(docs[k]))
	}
	return fmt.Sprintf(textReviewCardDocs, strings.Join(parts, ", "))
}

// docLabel names a document kind.
func docLabel(kind string) string {
	switch kind {
	case DocForm:
		return labelReviewDocForm
	}
	return RegistrationItemLabel(kind)
}
