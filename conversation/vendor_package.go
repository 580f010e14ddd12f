package conversation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A vendor's form sent: the registration stored under its VND number, the
// receipt, the package (data, then the documents by file_id) in the private
// chat of each Pejabat Pengadaan of the satker (its admin when none is
// linked), and a one-line notice in the KPPN staff group.

// vendorCardRef names the package card of vendor id sent to chatID, so the
// card can be found and edited once the Pejabat Pengadaan decided by a
// typed reason.
func vendorCardRef(id, chatID int64) string { return fmt.Sprintf("vendor:%d:card:%d", id, chatID) }

// submitVendor stores the registration (new, or a correction under its ID)
// and hands it to the satker.
func (e *Engine) submitVendor(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	say := func(text string) []Outgoing {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: text,
			Buttons: [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}}}}
	}
	v := vendorFrom(s.Answers, s.Data)
	p, ok, err := mappedSatker(ctx, tx, v.SatkerCode)
	if err != nil {
		return nil, err
	}
	if !ok {
		return say(fmt.Sprintf(textVendorSatkerUnknown, EscapeHTML(v.SatkerCode))), nil
	}
	v.SatkerName = p.Name
	fix := s.Data[vndDataFix] != ""
	var prevReason string
	if fix {
		old, err := tx.Vendor(ctx, v.ID)
		if errors.Is(err, ErrNotFound) {
			return say(textVendorGone), nil
		}
		if err != nil {
			return nil, fmt.Errorf("load vendor %d: %w", v.ID, err)
		}
		if old.ChatID != s.ChatID || old.Status != VendorFix {
			return say(fmt.Sprintf(textVendorFixNotNeeded, EscapeHTML(old.Number), vendorStateText(old))), nil
		}
		v.Number, prevReason = old.Number, old.FixReason
	}
	if v.ID == 0 {
		id, number, err := tx.ReserveVendorNumber(ctx)
		if err != nil {
			return nil, fmt.Errorf("reserve vendor number: %w", err)
		}
		v.ID, v.Number = id, number
		s.Data[vndDataID], s.Data[vndDataNumber] = strconv.FormatInt(id, 10), number
	}
	v.ChatID, v.UserID, v.UserName = s.ChatID, s.UserID, s.UserName
	v.Status, v.FixReason, v.SubmittedAt, v.UpdatedAt = VendorSubmitted, prevReason, s.At, s.At
	stored, err := tx.SubmitVendor(ctx, v)
	if errors.Is(err, ErrStale) {
		return say(fmt.Sprintf(textVendorFixNotNeeded, EscapeHTML(v.Number), textVendorStateSubmitted)), nil
	}
	if err != nil {
		return nil, fmt.Errorf("submit vendor %s: %w", v.Number, err)
	}
	if stored.FixReason == "" {
		stored.FixReason = prevReason
	}
	deciders, err := vendorDeciders(ctx, tx, stored.SatkerCode)
	if err != nil {
		return nil, err
	}
	satker := EscapeHTML(stored.SatkerCode + " " + shorten(stored.SatkerName, 80))
	text := fmt.Sprintf(textVendorReceipt, EscapeHTML(stored.Number), satker)
	if fix {
		text = fmt.Sprintf(textVendorResubmitted, EscapeHTML(stored.Number), satker)
	}
	if len(deciders) == 0 {
		text += textVendorReceiptNobody
	}
	out := []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: text,
		Buttons: [][]Button{{{Text: textMenuStatus, Data: dataMenu + keyStatus}}, {{Text: textMenuMain, Data: dataMenu + keyMenu}}}}}
	origin := vendorOriginSelf
	switch {
	case fix:
		origin = vendorOriginFix
	case s.Data[vndDataInvited] != "":
		origin = vendorOriginInvited
	}
	for _, chat := range deciders {
		out = append(out, vendorPackage(stored, chat, origin, true)...)
	}
	notice := ""
	if len(deciders) == 0 {
		notice = textVendorNoticeNobody
	}
	return append(out, e.vendorNotice(stored, notice)...), nil
}

// vendorDeciders lists the private chats that decide a satker's vendors:
// its Pejabat Pengadaan, or its admin while no Pejabat Pengadaan is linked.
func vendorDeciders(ctx context.Context, tx Tx, code string) ([]int64, error) {
	links, err := tx.LinksOfSatker(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("links of satker %s: %w", code, err)
	}
	for _, role := range []string{RolePP, RoleAdmin} {
		var chats []int64
		for _, l := range links {
			if l.Role == role && !slices.Contains(chats, l.ChatID) {
				chats = append(chats, l.ChatID)
			}
		}
		if len(chats) > 0 {
			return chats, nil
		}
	}
	return nil, nil
}

// How a package came to the satker, for its card.
const (
	vendorOriginInvited = "invited" // by the Pejabat Pengadaan's invitation link
	vendorOriginSelf    = "self"    // the vendor named the satker itself
	vendorOriginFix     = "fix"     // corrected after "Perlu perbaikan"
	vendorOriginNone    = ""        // opened again later
)

// vendorPackage is the package of v for chatID: the card (with the
// decision buttons when decide is set and v waits for them) followed by the
// documents, captioned with the number and the document's kind.
func vendorPackage(v Vendor, chatID int64, origin string, decide bool) []Outgoing {
	card := Outgoing{Kind: OutSend, ChatID: chatID, Text: vendorCardText(v, origin, decide)}
	if decide {
		card.Buttons = vendorCardButtons(v)
		card.Ref = vendorCardRef(v.ID, chatID)
	}
	out := []Outgoing{card}
	for _, kind := range vendorDocKinds() {
		caption := fmt.Sprintf(textVendorDocCaption, EscapeHTML(v.Number), EscapeHTML(vendorDocLabel(kind)))
		out = append(out, attachments(chatID, caption, v.Documents[kind])...)
	}
	return out
}

// vendorCardText is the package's card for v in its current state. The
// owner's NIK is masked: the KTP itself follows the card.
func vendorCardText(v Vendor, origin string, decide bool) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	line(textVendorCardTitle, EscapeHTML(v.Number))
	switch origin {
	case vendorOriginInvited:
		line("%s", textVendorCardInvited)
	case vendorOriginSelf:
		line("%s", textVendorCardSelf)
	case vendorOriginFix:
		line(textVendorCardFixed, EscapeHTML(shorten(v.FixReason, 300)))
	}
	b.WriteByte('\n')
	line(textVendorCardSatker, EscapeHTML(v.SatkerCode), field(v.SatkerName))
	line(textVendorCardSender, field(v.UserName), v.UserID)
	b.WriteByte('\n')
	npwp := textVendorCardNoNPWP
	if v.NPWP != "" {
		npwp = EscapeHTML(v.NPWP)
	}
	line(textVendorCardBusiness, field(v.BusinessName), field(v.Form), field(v.Address), npwp,
		EscapeHTML(v.LicenceKind), field(v.Licence), field(v.Bank))
	b.WriteByte('\n')
	line(textVendorCardOwner, field(v.OwnerName), maskID(v.OwnerNIK))
	b.WriteByte('\n')
	line(textVendorCardContact, field(v.Mobile), field(v.Email))
	b.WriteByte('\n')
	if !v.SubmittedAt.IsZero() {
		line(textVendorCardSubmitted, whenWIB(v.SubmittedAt))
	}
	line("%s", vendorDocSummary(v.Documents))
	b.WriteByte('\n')
	b.WriteString(vendorStatusLine(v))
	if decide && v.Status == VendorSubmitted {
		b.WriteString("\n\n" + textVendorCardHowTo)
	}
	return b.String()
}

// vendorDocSummary is the card's line listing the documents.
func vendorDocSummary(docs map[string][]File) string {
	var parts []string
	for _, kind := range vendorDocKinds() {
		if n := len(docs[kind]); n > 0 {
			parts = append(parts, fmt.Sprintf(textReviewCardDocCount, EscapeHTML(vendorDocLabel(kind)), n))
		}
	}
	if len(parts) == 0 {
		return textReviewCardNoDocs
	}
	return fmt.Sprintf(textVendorCardDocs, strings.Join(parts, ", "))
}

// vendorStatusLine says where v stands and who decided.
func vendorStatusLine(v Vendor) string {
	switch v.Status {
	case VendorEntered:
		return fmt.Sprintf(textVendorStatusEntered, vendorDecider(v), whenWIB(v.EnteredAt))
	case VendorFix:
		return fmt.Sprintf(textVendorStatusFix, vendorDecider(v), EscapeHTML(shorten(v.FixReason, 500)))
	}
	return textVendorStatusSubmitted
}

// vendorCardButtons are the decisions open on v: both while it waits for
// the Pejabat Pengadaan, none after.
func vendorCardButtons(v Vendor) [][]Button {
	if v.Status != VendorSubmitted && v.Status != "" {
		return nil
	}
	return [][]Button{
		{{Text: textVendorBtnEntered, Data: vendorData(vndEntered, v.ID)}},
		{{Text: textVendorBtnFix, Data: vendorData(vndFix, v.ID)}},
	}
}

// vendorDecider is the escaped name of who decided on v last.
func vendorDecider(v Vendor) string {
	if v.DecidedName == "" {
		return textVendorSomePP
	}
	return EscapeHTML(shorten(v.DecidedName, 64))
}

// vendorNotice is the staff group's one line about v (and extra, when
// set), with "Buka paket"; nothing when no staff group is configured.
func (e *Engine) vendorNotice(v Vendor, extra string) []Outgoing {
	if e.cfg.GroupChatID == 0 {
		return nil
	}
	text := fmt.Sprintf(textVendorGroupNotice, EscapeHTML(v.Number), EscapeHTML(shorten(v.BusinessName, 80)),
		EscapeHTML(v.SatkerCode), vendorStatusName(v.Status))
	if extra != "" {
		text += "\n" + extra
	}
	return []Outgoing{{Kind: OutSend, ChatID: e.cfg.GroupChatID, Text: text,
		Buttons: [][]Button{{{Text: textVendorBtnOpen, Data: vendorData(vndOpen, v.ID)}}}}}
}

// startVendorCorrection is the vendor's "Perbaiki": the form of vendor id
// opened again with every answer kept, at its summary, after the Pejabat
// Pengadaan's reason.
func (e *Engine) startVendorCorrection(t *turn, id int64) error {
	v, err := t.tx.Vendor(t.ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && v.ChatID != t.u.ChatID {
		t.send(textVendorGone, nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load vendor %d: %w", id, err)
	}
	if v.Status != VendorFix {
		t.send(fmt.Sprintf(textVendorFixNotNeeded, EscapeHTML(v.Number), vendorStateText(v)), nil)
		return nil
	}
	if t.st.Form != nil {
		if cur := e.activeFlow(t); cur != nil {
			prefix := textFixOtherForm
			if t.st.Form.Data[vndDataFix] != "" && t.st.Form.Data[vndDataID] == strconv.FormatInt(id, 10) {
				prefix = ""
			}
			e.askResume(t, cur, prefix)
		}
		return nil
	}
	fl := e.flows[keyVendor]
	t.st.Form = &FormState{
		Flow: keyVendor, Session: strconv.FormatInt(t.u.ID, 36), Answers: vendorAnswers(v), Touched: t.now,
		Data: map[string]string{
			vndDataID: strconv.FormatInt(v.ID, 10), vndDataNumber: v.Number, vndDataFix: "1",
			vndDataSatker: v.SatkerCode, vndDataSatkerName: v.SatkerName, vndDataDocKind: v.LicenceKind,
		},
	}
	t.st.Form.Step = len(fl.Fields)
	e.ask(t, fl, fmt.Sprintf(textVendorFixIntro, EscapeHTML(v.Number), EscapeHTML(shorten(v.FixReason, 1000))))
	return nil
}
