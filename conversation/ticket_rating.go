package conversation

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The satisfaction rating after a ticket is closed: one tap on a 1-4 scale
// (as in public-service satisfaction surveys), then an optional comment.
// The buttons carry the ticket (q:<id>:<1-4>, q:<id>:skip), so a rating
// works whenever it is given, and only once.

const (
	dataRating       = "q:"
	ratingSkip       = "skip"
	ratingCommentMax = 1000
)

// ratingLabels are the buttons of the scale, 1 to 4.
var ratingLabels = [...]string{textRating1, textRating2, textRating3, textRating4}

// ratingAsk asks tk's asker to rate the service.
func ratingAsk(tk Ticket) Outgoing {
	row := make([]Button, 0, 2)
	var rows [][]Button
	for i, label := range ratingLabels {
		row = append(row, Button{Text: label, Data: fmt.Sprintf("%s%d:%d", dataRating, tk.ID, i+1)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	return toAsker(tk, fmt.Sprintf(textRatingAsk, EscapeHTML(tk.Number)), rows)
}

// ratingCallback handles q:<id>:<n> and q:<id>:skip in the private chat.
func (e *Engine) ratingCallback(t *turn) error {
	rest, _ := strings.CutPrefix(t.u.CallbackData, dataRating)
	idText, value, _ := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	if value == ratingSkip {
		t.answer("")
		if t.st.Rating == id {
			t.st.Rating = 0
			t.send(textRatingDone, nil)
		}
		return nil
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > len(ratingLabels) {
		return nil
	}
	tk, err := t.tx.Ticket(t.ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && (tk.ChatID != t.u.ChatID || tk.Active()) {
		return nil // stale
	}
	if err != nil {
		return fmt.Errorf("load ticket %d: %w", id, err)
	}
	t.answer("")
	if tk.Rating != 0 {
		t.send(textRatingAlready, nil)
		return nil
	}
	by := Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID}
	tk, err = t.tx.ChangeTicket(t.ctx, id, []string{TicketClosed}, TicketClosed, by, func(x *Ticket) {
		x.Rating, x.RatedAt = n, t.now
	})
	if err != nil {
		return fmt.Errorf("rate ticket %d: %w", id, err)
	}
	t.st.Rating = id
	if t.st.Ticket == id {
		t.st.Ticket = 0 // closed by an officer: the comment is not a message into the ticket
	}
	t.send(fmt.Sprintf(textRatingThanks, ratingLabels[n-1])+"\n\n"+textRatingComment,
		[][]Button{{{Text: textRatingSkip, Data: fmt.Sprintf("%s%d:%s", dataRating, id, ratingSkip)}}})
	if e.cfg.GroupChatID != 0 {
		t.out = append(t.out, e.toTicketThread(tk, fmt.Sprintf(textRatingStaffLine, EscapeHTML(tk.Number), ratingLabels[n-1])))
	}
	return nil
}

// ratingComment takes the optional comment after a rating.
func (e *Engine) ratingComment(t *turn) error {
	id := t.st.Rating
	text := strings.TrimSpace(t.u.Text)
	if n := utf8.RuneCountInString(text); n > ratingCommentMax {
		t.send(fmt.Sprintf(textRatingTooLong, n, ratingCommentMax), nil)
		return nil
	}
	by := Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID}
	tk, err := t.tx.ChangeTicket(t.ctx, id, []string{TicketClosed}, TicketClosed, by, func(x *Ticket) {
		x.RatingComment = text
	})
	t.st.Rating = 0
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrStale) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("comment on ticket %d: %w", id, err)
	}
	t.send(textRatingSaved, [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}})
	if e.cfg.GroupChatID != 0 && tk.Rating >= 1 && tk.Rating <= len(ratingLabels) {
		t.out = append(t.out, e.toTicketThread(tk, fmt.Sprintf(textRatingStaffLine, EscapeHTML(tk.Number),
			ratingLabels[tk.Rating-1])+fmt.Sprintf(textRatingStaffNote, EscapeHTML(text))))
	}
	return nil
}
