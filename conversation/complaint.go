package conversation

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Keys of the complaint form's answers.
const (
	complaintCategory = "kategori"
	complaintText     = "uraian"
	complaintFiles    = "lampiran"
	complaintPhone    = "hp"
)

// wib is Western Indonesia Time, the KPPN's time zone (no daylight saving).
func wib() *time.Location { return time.FixedZone("WIB", 7*60*60) }

// complaintFlow is the complaint (pengaduan) a user submits in chat.
func (e *Engine) complaintFlow() Flow {
	return Flow{
		Name:   keyComplaint,
		Title:  textComplaintTitle,
		Object: textComplaintObject,
		Intro:  textComplaintIntro,
		Fields: []Field{
			{Key: complaintCategory, Label: labelComplaintCategory, Prompt: promptComplaintCategory, Kind: FieldChoice,
				Choices: []string{choiceComplaintStaff, choiceComplaintApp, choiceComplaintTime, choiceComplaintOther}},
			{Key: complaintText, Label: labelComplaintText, Prompt: promptComplaintText, Kind: FieldText,
				Validate: TextBetween(10, 2000)},
			{Key: complaintFiles, Label: labelComplaintFiles, Prompt: promptComplaintFiles, Kind: FieldDocument,
				Optional: true},
			{Key: complaintPhone, Label: labelComplaintPhone, Prompt: promptComplaintPhone, Kind: FieldText,
				Validate: ValidateMobile, Optional: true},
		},
		Submit: e.submitComplaint,
	}
}

// ComplaintNumber is the number a user and the staff quote for complaint id.
func ComplaintNumber(id int64) string {
	return fmt.Sprintf(textComplaintNumber, id)
}

// submitComplaint stores the complaint, gives the user a receipt and, when a
// staff group is configured, forwards the complaint and its attachments there.
func (e *Engine) submitComplaint(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	c := Complaint{
		ChatID:    s.ChatID,
		UserID:    s.UserID,
		UserName:  s.UserName,
		Category:  s.Value(complaintCategory),
		Text:      s.Value(complaintText),
		Contact:   s.Value(complaintPhone),
		Files:     s.Files(complaintFiles),
		CreatedAt: s.At,
	}
	id, err := tx.SaveComplaint(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("save complaint: %w", err)
	}
	number := ComplaintNumber(id)
	out := []Outgoing{{
		Kind: OutSend, ChatID: s.ChatID,
		Text:    fmt.Sprintf(textComplaintReceipt, number),
		Buttons: [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}},
	}}
	if e.cfg.GroupChatID == 0 {
		return out, nil
	}
	return append(out, e.complaintToStaff(number, c, s.Username)...), nil
}

// complaintToStaff is the complaint as the staff group sees it: one message,
// then the attachments re-sent by file_id.
func (e *Engine) complaintToStaff(number string, c Complaint, username string) []Outgoing {
	from := EscapeHTML(shorten(c.UserName, 64))
	if username != "" {
		from += " (@" + EscapeHTML(username) + ")"
	}
	from += fmt.Sprintf(" · ID %d", c.UserID)
	phone := textComplaintStaffNoPhone
	if c.Contact != "" {
		phone = maskPhone(c.Contact)
	}
	files := textComplaintStaffNoFiles
	if len(c.Files) > 0 {
		files = fmt.Sprintf(textComplaintStaffFiles, len(c.Files))
	}
	text := fmt.Sprintf(textComplaintStaff, number, EscapeHTML(c.Category), from, phone,
		c.CreatedAt.In(wib()).Format("02-01-2006 15.04 MST"), files, EscapeHTML(c.Text))
	out := []Outgoing{{Kind: OutSend, ChatID: e.cfg.GroupChatID, Text: text}}
	return append(out, attachments(e.cfg.GroupChatID, fmt.Sprintf(textComplaintAttachment, number), c.Files)...)
}

// attachments re-sends files by file_id: photos and documents apart (Telegram
// does not mix them in one album), in albums of at most 10.
func attachments(chatID int64, caption string, files []File) []Outgoing {
	var photos, docs []File
	for _, f := range files {
		if f.Photo {
			photos = append(photos, f)
		} else {
			docs = append(docs, f)
		}
	}
	var out []Outgoing
	for _, group := range [][]File{photos, docs} {
		for len(group) > 0 {
			n := min(len(group), 10)
			if len(group)-n == 1 && n == 10 {
				n = 9 // never leave a single file for an album of one
			}
			chunk := group[:n]
			group = group[n:]
			o := Outgoing{ChatID: chatID, Text: caption, Files: chunk}
			switch {
			case len(chunk) > 1:
				o.Kind = OutMediaGroup
			case chunk[0].Photo:
				o.Kind = OutPhoto
			default:
				o.Kind = OutDocument
			}
			out = append(out, o)
		}
	}
	return out
}

// maskPhone hides the middle of a phone number: +6281234567890 → +62812*****890.
func maskPhone(p string) string {
	if len(p) < 10 {
		return strings.Repeat("*", len(p))
	}
	return p[:6] + strings.Repeat("*", len(p)-9) + p[len(p)-3:]
}
