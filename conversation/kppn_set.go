package conversation

import (
	"fmt"
	"strings"
	"time"
)

// /set and the stages as the KPPN groups read them: an officer marks a stage
// of a satker reached (or not) and is shown the satker's checklist.

// kppnSet is /set <kode satker> <tahap> [tidak]: an officer marks a
// stage of a satker of the group's KPPN reached, or not reached.
func (e *Engine) kppnSet(t *turn, kppn string) error {
	words := strings.Fields(t.u.Args)
	usage := func(reason string) {
		t.reply(reason + "\n\n" + textKPPNSetUsage)
	}
	switch {
	case len(words) == 0:
		t.reply(textKPPNSetUsage)
		return nil
	case len(words) < 2:
		usage(textKPPNSetMissing)
		return nil
	case len(words) > 3:
		usage(fmt.Sprintf(textKPPNSetTooMany, len(words)))
		return nil
	}
	code, problem := ValidateKodeSatker(words[0])
	if problem != "" {
		usage(problem)
		return nil
	}
	stage, ok := kppnStage(words[1])
	if !ok {
		usage(fmt.Sprintf(textKPPNSetBadStage, quote(words[1])))
		return nil
	}
	done := true
	if len(words) == 3 {
		switch strings.ToLower(words[2]) {
		case "tidak", "belum", "batal":
			done = false
		case "ya", "sudah":
		default:
			usage(fmt.Sprintf(textKPPNSetBadFlag, quote(words[2])))
			return nil
		}
	}
	p, found, err := e.kppnSatker(t, kppn, code)
	if err != nil || !found {
		return err
	}
	if err := t.tx.SetStage(t.ctx, code, stage, done, t.now, officer(t)); err != nil {
		return fmt.Errorf("set stage %s of satker %s: %w", stage, code, err)
	}
	if p, err = t.tx.Satker(t.ctx, code); err != nil {
		return fmt.Errorf("load satker %s: %w", code, err)
	}
	state := textKPPNSetReached
	if !done {
		state = textKPPNSetUndone
	}
	t.reply(fmt.Sprintf(textKPPNSetDone, kppnStageLabel(stage), EscapeHTML(p.Code), field(p.Name), state, kppnChecklist(p)))
	return nil
}

// kppnStage reads a stage as officers type it: its name, an English or
// short alias, or its number 1-4.
func kppnStage(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "admin", "adminsatker":
		return StageAdmin, true
	case "2", "pengguna", "user", "users":
		return StageUsers, true
	case "3", "vendor", "vendors":
		return StageVendor, true
	case "4", "transaksi", "tx", "transaction":
		return StageTx, true
	}
	return "", false
}

// kppnStageLabel is the stage's name as officers and satker read it.
func kppnStageLabel(stage string) string {
	switch stage {
	case StageAdmin:
		return textKPPNStageAdmin
	case StageUsers:
		return textKPPNStageUsers
	case StageVendor:
		return textKPPNStageVendor
	case StageTx:
		return textKPPNStageTx
	}
	return EscapeHTML(stage)
}

// kppnStageAt is when p reached stage, zero while not.
func kppnStageAt(p SatkerProgress, stage string) time.Time {
	switch stage {
	case StageAdmin:
		return p.AdminAt
	case StageUsers:
		return p.UsersAt
	case StageVendor:
		return p.VendorAt
	case StageTx:
		return p.TxAt
	}
	return time.Time{}
}

// kppnChecklist is p's checklist: each stage with the date it was reached,
// the counts, and the next stage.
func kppnChecklist(p SatkerProgress) string {
	lines := make([]string, 0, 6)
	for _, s := range Stages() {
		if at := kppnStageAt(p, s); !at.IsZero() {
			lines = append(lines, fmt.Sprintf(textKPPNStageLineAt, "✅", kppnStageLabel(s), kppnDate(at)))
		} else {
			lines = append(lines, fmt.Sprintf(textKPPNStageLine, "⬜", kppnStageLabel(s)))
		}
	}
	lines = append(lines, fmt.Sprintf(textKPPNStageFigures, p.Vendors, p.Transactions, FormatCount(p.TxValue)))
	if next := p.Next(); next != "" {
		lines = append(lines, fmt.Sprintf(textKPPNStageNext, kppnStageLabel(next)))
	} else {
		lines = append(lines, textKPPNStageAllDone)
	}
	return strings.Join(lines, "\n")
}

// kppnDate writes t's WIB date as "2 Mar 2026".
func kppnDate(t time.Time) string {
	t = t.In(wib())
	return fmt.Sprintf("%d %s %d", t.Day(), kppnMonths[t.Month()], t.Year())
}
