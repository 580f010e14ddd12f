package conversation

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// /belum and its buttons: the satker of the group's KPPN that have not
// reached a stage, oldest in the map first, each with its contact and two
// buttons. "Ingatkan" sends the satker's linked chats a reminder of the
// stage with its next step; "Catat tindak lanjut" asks the officer for a
// note of a one-on-one follow-up (procedure 1.c), given as a reply.

const (
	// lagListMax is how many satker /belum lists.
	lagListMax = 20
	// lagCountMax is how many lagging satker are counted per stage; more
	// are shown as "2000+" (a KPPN serves a few hundred).
	lagCountMax = 2000
	// lagTextMax is the length /belum's list stays within, leaving room
	// for "… dan N satker lainnya" under Telegram's 4096 characters.
	lagTextMax = 3900
	// The bounds of a follow-up note, in characters.
	followNoteMin = 3
	followNoteMax = 1000
)

// The actions of /belum's buttons: k:<kode satker>:<stage>:<action>.
const (
	lagRemind = "r"
	lagFollow = "f"
)

// followUpPrompt finds the satker and the stage in the first line of the
// follow-up prompt (textKPPNFollowPrompt) an officer replies to.
var followUpPrompt = regexp.MustCompile(`^Tindak lanjut ([0-9]{6}) \(tahap ([a-z]+)\): balas pesan ini`)

// kppnLagging is /belum [tahap]. Without a stage it counts the lagging
// satker of every stage and lists those of the first stage that has any.
func (e *Engine) kppnLagging(t *turn, kppn string) error {
	arg := strings.TrimSpace(t.u.Args)
	if arg != "" {
		stage, ok := kppnStage(arg)
		if !ok {
			t.reply(fmt.Sprintf(textKPPNLagUnknown, quote(arg)) + "\n" + textKPPNLagUsage)
			return nil
		}
		list, err := t.tx.Lagging(t.ctx, kppn, stage, lagCountMax)
		if err != nil {
			return fmt.Errorf("lagging satker of kppn %s at %s: %w", kppn, stage, err)
		}
		if len(list) == 0 {
			t.reply(fmt.Sprintf(textKPPNLagNoneAt, EscapeHTML(kppn), kppnStageLabel(stage)))
			return nil
		}
		e.lagList(t, "", stage, list)
		return nil
	}
	var counts []string
	first, firstList := "", []SatkerProgress(nil)
	for _, stage := range Stages() {
		list, err := t.tx.Lagging(t.ctx, kppn, stage, lagCountMax)
		if err != nil {
			return fmt.Errorf("lagging satker of kppn %s at %s: %w", kppn, stage, err)
		}
		counts = append(counts, fmt.Sprintf(textKPPNLagCount, kppnStageLabel(stage), lagCount(len(list))))
		if first == "" && len(list) > 0 {
			first, firstList = stage, list
		}
	}
	if first == "" {
		t.reply(fmt.Sprintf(textKPPNLagNone, EscapeHTML(kppn)))
		return nil
	}
	head := fmt.Sprintf(textKPPNLagHead, EscapeHTML(kppn)) + "\n" + strings.Join(counts, "\n") + "\n\n"
	e.lagList(t, head, first, firstList)
	return nil
}

// lagCount writes a count of lagging satker, capped at lagCountMax.
func lagCount(n int) string {
	if n >= lagCountMax {
		return fmt.Sprintf(textKPPNLagCapped, lagCountMax)
	}
	return fmt.Sprint(n)
}

// lagList replies with head, then the first lagListMax satker of list (all
// lagging at stage) and their buttons.
func (e *Engine) lagList(t *turn, head, stage string, list []SatkerProgress) {
	lines := []string{fmt.Sprintf(textKPPNLagList, kppnStageLabel(stage), lagCount(len(list)))}
	var rows [][]Button
	size := utf8.RuneCountInString(head + lines[0])
	for i, p := range list {
		last := textKPPNLagNever
		if !p.LastContactAt.IsZero() {
			last = kppnDate(p.LastContactAt)
		}
		item := fmt.Sprintf(textKPPNLagItem, i+1, EscapeHTML(p.Code), EscapeHTML(shorten(p.Name, 50)),
			field(shorten(p.ContactName, 30)), field(p.ContactPhone), last)
		item += e.followUpMark(p) // ignored reminders: a one-on-one follow-up is due
		// One message, buttons included: stop before Telegram's 4096 characters.
		if size += utf8.RuneCountInString(item) + 1; i == lagListMax || size > lagTextMax {
			lines = append(lines, fmt.Sprintf(textKPPNLagMore, lagCount(len(list)-i)))
			break
		}
		lines = append(lines, item)
		rows = append(rows, []Button{
			{Text: fmt.Sprintf(textKPPNLagRemind, p.Code), Data: lagData(p.Code, stage, lagRemind)},
			{Text: textKPPNLagFollow, Data: lagData(p.Code, stage, lagFollow)},
		})
	}
	t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID, ReplyTo: t.u.MessageID,
		Text: head + strings.Join(lines, "\n"), Buttons: rows})
}

// lagData is the callback data of action on satker code at stage.
func lagData(code, stage, action string) string {
	return dataKPPN + code + ":" + stage + ":" + action
}

// parseLagData splits k:<code>:<stage>:<action>.
func parseLagData(data string) (code, stage, action string, ok bool) {
	rest, ok := strings.CutPrefix(data, dataKPPN)
	if !ok {
		return "", "", "", false
	}
	parts := strings.Split(rest, ":")
	if len(parts) != 3 {
		return "", "", "", false
	}
	code, problem := ValidateKodeSatker(parts[0])
	stage, known := kppnStage(parts[1])
	if problem != "" || !known || stage != parts[1] || (parts[2] != lagRemind && parts[2] != lagFollow) {
		return "", "", "", false
	}
	return code, stage, parts[2], true
}

// kppnCallback handles a press on a /belum button; one it does not
// recognise is left for Handle to answer as stale.
func (e *Engine) kppnCallback(t *turn) error {
	code, stage, action, ok := parseLagData(t.u.CallbackData)
	if !ok {
		return nil
	}
	kppn, ok, err := e.kppnOfficer(t)
	if err != nil || !ok {
		return err
	}
	p, found, err := e.kppnSatker(t, kppn, code)
	if err != nil || !found {
		return err
	}
	if action == lagFollow {
		t.answer(textKPPNFollowToast)
		t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID, ReplyTo: t.u.MessageID,
			Text: fmt.Sprintf(textKPPNFollowPrompt, p.Code, stage, EscapeHTML(shorten(p.Name, 80)),
				field(p.ContactName), field(p.ContactPhone))})
		return nil
	}
	return e.kppnRemind(t, kppn, p, stage)
}

// remindAgainAfter is how long after the last contact "Ingatkan" may send again.
const remindAgainAfter = 10 * time.Minute

// kppnRemind sends p's linked chats the reminder of stage now and records it as
// a follow-up; the officer is told how many chats it reached.
func (e *Engine) kppnRemind(t *turn, kppn string, p SatkerProgress, stage string) error {
	if p.Reached(stage) {
		e.tell(t, fmt.Sprintf(textKPPNRemindReached, p.Code, plain(kppnStageLabel(stage))))
		return nil
	}
	if !p.LastContactAt.IsZero() && t.now.Sub(p.LastContactAt) < remindAgainAfter {
		// A second press (or another officer's) right after: the satker was
		// just reminded; a second message would be noise.
		e.tell(t, fmt.Sprintf(textKPPNRemindedJustNow, p.Code, p.LastContactAt.In(wib()).Format("15.04")))
		return nil
	}
	links, err := t.tx.LinksOfSatker(t.ctx, p.Code)
	if err != nil {
		return fmt.Errorf("links of satker %s: %w", p.Code, err)
	}
	text := fmt.Sprintf(textKPPNRemindHead, EscapeHTML(kppn), EscapeHTML(p.Code), field(p.Name)) +
		kppnRemindBody(stage) + textKPPNRemindHelp
	seen := map[int64]bool{}
	for _, l := range links {
		if l.ChatID == 0 || seen[l.ChatID] {
			continue
		}
		seen[l.ChatID] = true
		t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: l.ChatID, Text: text})
	}
	if len(seen) == 0 {
		e.tell(t, fmt.Sprintf(textKPPNRemindNobody, p.Code, field(shorten(p.ContactName, 40)), field(p.ContactPhone)))
		return nil
	}
	note := fmt.Sprintf(textKPPNRemindNote, stage)
	if err := t.tx.RecordFollowUp(t.ctx, p.Code, note, officer(t), t.now); err != nil {
		return fmt.Errorf("record reminder of satker %s: %w", p.Code, err)
	}
	e.tell(t, fmt.Sprintf(textKPPNRemindSent, stage, len(seen), p.Code))
	return nil
}

// kppnRemindBody is the reminder of stage: what is missing and the next step.
func kppnRemindBody(stage string) string {
	switch stage {
	case StageAdmin:
		return textKPPNRemindAdmin
	case StageUsers:
		return textKPPNRemindUsers
	case StageVendor:
		return textKPPNRemindVendor
	}
	return textKPPNRemindTx
}

// kppnReply takes a reply to the follow-up prompt as the note of the
// follow-up; handled is false, at once, for any other group text.
func (e *Engine) kppnReply(t *turn) (handled bool, err error) {
	if t.u.ReplyToText == "" {
		return false, nil
	}
	m := followUpPrompt.FindStringSubmatch(t.u.ReplyToText)
	if m == nil {
		return false, nil
	}
	kppn, ok, err := e.groupKPPN(t)
	if err != nil || !ok {
		return false, err
	}
	staff, err := e.kppnStaff(t)
	if err != nil {
		return true, err
	}
	if !staff {
		t.reply(textKPPNNotStaff)
		return true, nil
	}
	note := strings.TrimSpace(t.u.Text)
	if n := utf8.RuneCountInString(note); n < followNoteMin {
		t.reply(fmt.Sprintf(textKPPNFollowEmpty, followNoteMin))
		return true, nil
	} else if n > followNoteMax {
		t.reply(fmt.Sprintf(textKPPNFollowTooLong, followNoteMax, n))
		return true, nil
	}
	p, found, err := e.kppnSatker(t, kppn, m[1])
	if err != nil || !found {
		return true, err
	}
	if err := t.tx.RecordFollowUp(t.ctx, p.Code, note, officer(t), t.now); err != nil {
		return true, fmt.Errorf("record follow-up of satker %s: %w", p.Code, err)
	}
	t.reply(fmt.Sprintf(textKPPNFollowSaved, EscapeHTML(p.Code), field(p.Name)))
	return true, nil
}
