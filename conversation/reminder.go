package conversation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The stage reminders the lagging-satker job sends (package reminders
// builds them with StageReminder) and the satker's answers to them: "Sudah"
// reports the stage reached, "Butuh bantuan" opens a help ticket about it,
// "Ingatkan lagi minggu depan" snoozes it for a week.

// dataReminder is the callback data prefix of a reminder's buttons:
// n:<kode satker>:<stage>:<answer>, at most 24 bytes.
const dataReminder = "n:"

// reminderData is the callback data of answer to the reminder of stage.
func reminderData(code, stage, answer string) string {
	return dataReminder + code + ":" + stage + ":" + answer
}

// parseReminderData splits n:<code>:<stage>:<answer>; ok is false for
// anything else (an old or forged button).
func parseReminderData(data string) (code, stage, answer string, ok bool) {
	rest, ok := strings.CutPrefix(data, dataReminder)
	if !ok {
		return "", "", "", false
	}
	parts := strings.Split(rest, ":")
	if len(parts) != 3 {
		return "", "", "", false
	}
	code, problem := ValidateKodeSatker(parts[0])
	if problem != "" || code != parts[0] || !slices.Contains(Stages(), parts[1]) ||
		!slices.Contains([]string{ReminderDone, ReminderHelp, ReminderLater}, parts[2]) {
		return "", "", "", false
	}
	return code, parts[1], parts[2], true
}

// StageReminder is the reminder that satker p has not reached stage, for
// the chat of link l: the satker, what is missing, the next step as l.Role
// takes it, and the three answers.
func StageReminder(p SatkerProgress, stage string, l SatkerLink) Outgoing {
	name := p.Name
	if name == "" {
		name = l.SatkerName
	}
	text := fmt.Sprintf(textReminderHead, EscapeHTML(p.Code), EscapeHTML(shorten(name, 120))) +
		reminderMissing(stage) + "\n" + reminderStep(stage, l.Role) + textReminderFoot
	return Outgoing{Kind: OutSend, ChatID: l.ChatID, Text: text, Buttons: [][]Button{
		{
			{Text: textReminderBtnDone, Data: reminderData(p.Code, stage, ReminderDone)},
			{Text: textReminderBtnHelp, Data: reminderData(p.Code, stage, ReminderHelp)},
		},
		{{Text: textReminderBtnLater, Data: reminderData(p.Code, stage, ReminderLater)}},
	}}
}

// reminderMissing says what the satker lacks at stage.
func reminderMissing(stage string) string {
	switch stage {
	case StageAdmin:
		return textReminderMissAdmin
	case StageUsers:
		return textReminderMissUsers
	case StageVendor:
		return textReminderMissVendor
	}
	return textReminderMissTx
}

// reminderStep is the next step of stage as the holder of role takes it:
// what to do when the step is theirs, whom to ask when it is not.
func reminderStep(stage, role string) string {
	switch stage {
	case StageAdmin:
		if role == RoleAdmin {
			return textReminderStepAdminSelf
		}
		return textReminderStepAdminOther
	case StageUsers:
		if role == RoleAdmin {
			return textReminderStepUsersAdmin
		}
		return textReminderStepUsersOther
	case StageVendor:
		if role == RolePP {
			return textReminderStepVendorPP
		}
		return textReminderStepVendorOther
	}
	switch role {
	case RolePemesan:
		return textReminderStepTxPemesan
	case RoleBendahara, RolePPK:
		return textReminderStepTxPayer
	}
	return textReminderStepTxOther
}

// reminderAnswerName is an answer as the buttons name it.
func reminderAnswerName(answer string) string {
	switch answer {
	case ReminderDone:
		return textReminderBtnDone
	case ReminderHelp:
		return textReminderBtnHelp
	case ReminderLater:
		return textReminderBtnLater
	}
	return EscapeHTML(answer)
}

// reminderCallback handles a press on a reminder's button. Only a chat
// still linked to the satker may answer, and each reminder once.
func (e *Engine) reminderCallback(t *turn) error {
	code, stage, answer, ok := parseReminderData(t.u.CallbackData)
	if !ok {
		return nil // stale: answered by Handle
	}
	a, linked, err := accessTo(t.ctx, t.tx, t.u.ChatID, code)
	if err != nil {
		return err
	}
	if !linked {
		t.answer("")
		t.send(fmt.Sprintf(textReminderNotLinked, EscapeHTML(code)), nil)
		return nil
	}
	r, err := t.tx.AnswerReminder(t.ctx, code, stage, t.u.ChatID, answer, t.now)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil // no reminder of ours: stale, answered by Handle
	case errors.Is(err, ErrStale):
		t.answer("")
		given := ""
		if r.Answer != "" {
			given = fmt.Sprintf(textReminderAnswer, reminderAnswerName(r.Answer))
		}
		t.send(fmt.Sprintf(textReminderAnswered, given), nil)
		return nil
	case err != nil:
		return fmt.Errorf("answer reminder %s %s of chat %d: %w", code, stage, t.u.ChatID, err)
	}
	t.answer("")
	switch answer {
	case ReminderDone:
		return e.reminderDone(t, a, stage)
	case ReminderHelp:
		if t.st.Form != nil {
			if fl := e.activeFlow(t); fl != nil {
				e.askResume(t, fl, textReminderHelpFormOpen) // one form at a time
				return nil
			}
		}
		return e.reminderTicket(t, a, stage)
	}
	t.send(textReminderLater, nil)
	return nil
}

// reminderDone is "Sudah": the stage is recorded reached and the updated
// checklist shown. Stage pengguna needs the five users' names, so its
// checklist asks for them instead.
func (e *Engine) reminderDone(t *turn, a satkerAccess, stage string) error {
	p, found, err := satkerOrNone(t.ctx, t.tx, a.Code)
	if err != nil {
		return err
	}
	if !found {
		t.send(fmt.Sprintf(textProgNoData, EscapeHTML(a.Code), EscapeHTML(a.Name)), nil)
		return nil
	}
	label, satker := kppnStageLabel(stage), EscapeHTML(p.Code)
	var prefix string
	switch {
	case p.Reached(stage):
		prefix = fmt.Sprintf(textReminderReached, label, satker)
	case stage == StageUsers && a.has(RoleAdmin):
		prefix = textReminderUsersAdmin
	case stage == StageUsers:
		prefix = textReminderUsersOther
	default:
		by := Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID}
		if err := t.tx.SetStage(t.ctx, p.Code, stage, true, t.now, by); err != nil {
			return fmt.Errorf("set stage %s of satker %s: %w", stage, p.Code, err)
		}
		prefix = fmt.Sprintf(textReminderThanks, label, satker)
	}
	return e.sendChecklist(t, p.Code, prefix)
}

// reminderTicket is "Butuh bantuan": a help ticket with the help desk's
// own checks (openTicket). When that starts the ticket form, the category
// fitting the stage and the reminded satker are chosen for the user, who
// is asked straight for the description; both can be changed from the
// summary before it is sent.
func (e *Engine) reminderTicket(t *turn, a satkerAccess, stage string) error {
	before, n := t.st.Form, len(t.out)
	if err := e.openTicket(t); err != nil {
		return err
	}
	f, fl := t.st.Form, e.flows[keyTicket]
	if f == nil || f == before || f.Flow != keyTicket || fl == nil {
		return nil // no desk, a banned user, or an active ticket: told by openTicket
	}
	t.out = t.out[:n] // the category question, replaced by the next one
	category := reminderCategory(stage)
	f.Answers[ticketCategory] = Answer{Value: category}
	f.Data[ticketDataLinked] = a.Code + "|" + a.Name
	f.Step = 1
	intro := fl.Intro + "\n" + fmt.Sprintf(textReminderHelpIntro, EscapeHTML(category), EscapeHTML(a.Code))
	e.ask(t, fl, fmt.Sprintf(textFormIntro, EscapeHTML(fl.Title), intro))
	return nil
}

// reminderCategory is the help ticket category of a stage.
func reminderCategory(stage string) string {
	switch stage {
	case StageAdmin:
		return choiceTicketReg
	case StageVendor:
		return choiceTicketVendor
	case StageTx:
		return choiceTicketTx
	}
	return choiceTicketApp
}
