package conversation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The satker's side of an Admin Satker registration: the purpose notice, the
// form (registration_fields.go), the pre-filled form to sign, the submission
// and the correction of a rejected request. The KPPN's side is review.go.

// FormRenderer makes the printed forms the flows send. The registration form
// is dated r.UpdatedAt and carries r.Number; its bytes are personal data
// (NIK and NIP in full).
type FormRenderer interface {
	RegistrationForm(r Registration) ([]byte, error)
}

// dataFix is the callback data of a registrant's "Perbaiki" button for
// request id (sent with a rejection and in /status).
func dataFix(id int64) string { return "r:" + strconv.FormatInt(id, 10) + ":fix" }

// parseFix returns the request id of "r:<id>:fix" callback data.
func parseFix(data string) (int64, bool) {
	rest, ok := strings.CutPrefix(data, "r:")
	if !ok {
		return 0, false
	}
	idText, ok := strings.CutSuffix(rest, ":fix")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	return id, err == nil && id > 0
}

// sendPrefilledForm runs before the signed form is asked for: it reserves
// the request number (once, kept in the form) and sends the form pre-filled
// from the answers, unless the form sent last already carries these data.
func (e *Engine) sendPrefilledForm(fc FieldContext) ([]Outgoing, error) {
	hash := formFingerprint(fc.Answers)
	if fc.Data[regDataFormHash] == hash {
		return nil, nil
	}
	if fc.Data[regDataID] == "" {
		id, number, err := fc.Tx.ReserveRegistrationNumber(fc.Ctx)
		if err != nil {
			return nil, fmt.Errorf("reserve registration number: %w", err)
		}
		fc.Data[regDataID], fc.Data[regDataNumber] = strconv.FormatInt(id, 10), number
	}
	fc.Data[regDataFormHash] = hash
	if e.cfg.Forms == nil {
		return nil, nil
	}
	r := registrationFrom(fc.Answers, fc.Data)
	r.ChatID, r.UserID, r.UpdatedAt = fc.ChatID, fc.UserID, fc.Now
	pdf, err := e.cfg.Forms.RegistrationForm(r)
	if err != nil {
		return nil, fmt.Errorf("render registration form %s: %w", r.Number, err)
	}
	return []Outgoing{{
		Kind: OutDocument, ChatID: fc.ChatID,
		Text:   fmt.Sprintf(textRegFormCaption, EscapeHTML(r.Number)),
		Upload: &Upload{Name: fmt.Sprintf(textRegFormFilename, fileSafe(r.Number)), Data: pdf},
	}}, nil
}

// fileSafe keeps letters, digits, "-" and "_" of s for a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if isAlnum(r) || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// registrationFrom builds a registration from the form's answers and values.
func registrationFrom(answers map[string]Answer, data map[string]string) Registration {
	v := func(key string) string { return answers[key].Value }
	id, _ := strconv.ParseInt(data[regDataID], 10, 64)
	r := Registration{
		ID:            id,
		Number:        data[regDataNumber],
		SatkerCode:    v(RegFieldSatkerCode),
		SatkerName:    v(RegFieldSatkerName),
		AdminName:     v(RegFieldAdminName),
		AdminNIP:      v(RegFieldAdminNIP),
		AdminNIK:      v(RegFieldAdminNIK),
		AdminPosition: v(RegFieldPosition),
		AdminMobile:   v(RegFieldMobile),
		AdminEmail:    v(RegFieldEmail),
		DecreeNumber:  v(RegFieldDecreeNumber),
		KPAName:       v(RegFieldKPAName),
		KPANIP:        v(RegFieldKPANIP),
		Documents:     map[string][]File{},
	}
	if note := answers[RegFieldSatkerCode].Note; note != "" {
		r.SatkerName, r.SatkerKnown = note, true
	}
	if d, err := time.ParseInLocation(dateLayout, v(RegFieldDecreeDate), wib()); err == nil {
		r.DecreeDate = d
	}
	for _, kind := range []string{DocDecree, DocKTP, DocForm} {
		if files := answers[kind].Files; len(files) > 0 {
			r.Documents[kind] = append([]File(nil), files...)
		}
	}
	return r
}

// answersFrom is the inverse of registrationFrom: the answers of a stored
// request, for its correction.
func answersFrom(r Registration) map[string]Answer {
	a := map[string]Answer{
		RegFieldSatkerCode:   {Value: r.SatkerCode},
		RegFieldAdminName:    {Value: r.AdminName},
		RegFieldAdminNIP:     {Value: r.AdminNIP},
		RegFieldAdminNIK:     {Value: r.AdminNIK},
		RegFieldPosition:     {Value: r.AdminPosition},
		RegFieldMobile:       {Value: r.AdminMobile},
		RegFieldEmail:        {Value: r.AdminEmail},
		RegFieldDecreeNumber: {Value: r.DecreeNumber},
		RegFieldDecreeDate:   {Value: r.DecreeDate.In(wib()).Format(dateLayout)},
		RegFieldKPAName:      {Value: r.KPAName},
		RegFieldKPANIP:       {Value: r.KPANIP},
	}
	if r.SatkerKnown {
		a[RegFieldSatkerCode] = Answer{Value: r.SatkerCode, Note: r.SatkerName}
	} else {
		a[RegFieldSatkerName] = Answer{Value: r.SatkerName}
	}
	for kind, files := range r.Documents {
		a[kind] = Answer{Files: append([]File(nil), files...), Album: len(files) > 1}
	}
	return a
}

// submitRegistration stores the request (new, or a corrected one under its
// ID), gives the registrant a receipt and puts the card in the staff group.
func (e *Engine) submitRegistration(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	r := registrationFrom(s.Answers, s.Data)
	if r.ID == 0 { // the form was never generated (cannot happen through the form; keep the promise anyway)
		id, number, err := tx.ReserveRegistrationNumber(ctx)
		if err != nil {
			return nil, fmt.Errorf("reserve registration number: %w", err)
		}
		r.ID, r.Number = id, number
	}
	fix := s.Data[regDataFix] != ""
	if fix {
		old, err := tx.Registration(ctx, r.ID)
		if err != nil {
			return nil, fmt.Errorf("load registration %d: %w", r.ID, err)
		}
		if old.Status != RegRejected || old.ChatID != s.ChatID {
			return []Outgoing{{Kind: OutSend, ChatID: s.ChatID,
				Text: fmt.Sprintf(textFixNotRejected, EscapeHTML(old.Number), stateText(old))}}, nil
		}
		r.Number, r.RejectReason, r.RejectItems = old.Number, old.RejectReason, old.RejectItems
	}
	cal, err := tx.Calendar(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	r.ChatID, r.UserID, r.UserName = s.ChatID, s.UserID, s.UserName
	r.Status, r.SubmittedAt, r.UpdatedAt = RegSubmitted, s.At, s.At
	r.Deadline = cal.Deadline(s.At, 1)
	stored, err := tx.SubmitRegistration(ctx, r)
	if errors.Is(err, ErrStale) {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: fmt.Sprintf(textFixNotRejected, EscapeHTML(r.Number), textStateSubmitted)}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("submit registration %s: %w", r.Number, err)
	}
	due := cal.FormatTime(stored.Deadline)
	text := fmt.Sprintf(textRegResubmitted, EscapeHTML(stored.Number), due)
	if !fix {
		text = fmt.Sprintf(textRegReceipt, EscapeHTML(stored.Number), satkerText(stored), due)
		if !stored.SatkerKnown {
			text += fmt.Sprintf(textRegReceiptUnknown, EscapeHTML(stored.SatkerCode))
		}
	}
	out := []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: text,
		Buttons: [][]Button{{{Text: textMenuStatus, Data: dataMenu + keyStatus}}, {{Text: textMenuMain, Data: dataMenu + keyMenu}}}}}
	if e.cfg.GroupChatID != 0 {
		out = append(out, e.reviewCard(stored)...)
	}
	return out, nil
}

// satkerText is "409876 KANTOR …" for the registrant's messages.
func satkerText(r Registration) string {
	return EscapeHTML(r.SatkerCode + " " + shorten(r.SatkerName, 80))
}

// startCorrection opens the correction of rejected request id: a form of
// only the items the officer named, the other answers kept.
func (e *Engine) startCorrection(t *turn, id int64) error {
	t.answer("")
	r, err := t.tx.Registration(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		t.send(textFixGone, nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load registration %d: %w", id, err)
	}
	if r.ChatID != t.u.ChatID {
		t.send(textFixGone, nil)
		return nil
	}
	if r.Status != RegRejected {
		t.send(fmt.Sprintf(textFixNotRejected, EscapeHTML(r.Number), stateText(r)), nil)
		return nil
	}
	fl := e.flows[keyRegistration]
	if t.st.Form != nil {
		if cur := e.activeFlow(t); cur != nil {
			prefix := textFixOtherForm
			if t.st.Form.Data[regDataFix] != "" && t.st.Form.Data[regDataID] == strconv.FormatInt(id, 10) {
				prefix = ""
			}
			e.askResume(t, cur, prefix)
		}
		return nil
	}
	items := r.RejectItems
	if len(items) == 0 {
		items = RegistrationItems()
	}
	answers := answersFrom(r)
	data := map[string]string{
		regDataID: strconv.FormatInt(r.ID, 10), regDataNumber: r.Number,
		regDataFix: "1", regDataItems: strings.Join(items, ","),
		regDataFormHash: formFingerprint(answers), regDataOrigForm: formFingerprint(answers),
	}
	for _, it := range regItems[:12] {
		data[regDataOrig+it.key] = answers[it.key].Value
	}
	labels := make([]string, 0, len(items))
	for _, key := range items {
		labels = append(labels, RegistrationItemLabel(key))
		delete(answers, key) // to be given again
	}
	if len(r.RejectItems) == 0 {
		labels = []string{textFixAll}
	}
	if len(r.RejectItems) == 0 || slices.Contains(items, DocForm) {
		data[regDataFormHash] = "" // send the pre-filled form again
	}
	t.st.Form = &FormState{
		Flow: keyRegistration, Session: strconv.FormatInt(t.u.ID, 36),
		Answers: answers, Data: data, Touched: t.now,
	}
	reason := EscapeHTML(shorten(r.RejectReason, 1000))
	e.ask(t, fl, fmt.Sprintf(textFixIntro, EscapeHTML(r.Number), reason, EscapeHTML(strings.Join(labels, ", "))))
	return nil
}
