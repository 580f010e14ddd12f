package conversation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// remindedOffice is a satker office whose pgSatker (admin stage reached)
// got a reminder of stage for each of chats.
func remindedOffice(t *testing.T, stage string, chats ...int64) *satkerOffice {
	t.Helper()
	o := newSatkerOffice(t)
	for i, chat := range chats {
		o.tx.addReminder(Reminder{ID: int64(i + 1), SatkerCode: pgSatker, Stage: stage, ChatID: chat,
			Status: ReminderSent, At: o.now.Add(-time.Hour)})
	}
	return o
}

// reminderOf returns the fake's reminder to chat about stage.
func (o *satkerOffice) reminderOf(chat int64, stage string) Reminder {
	o.t.Helper()
	for _, r := range o.tx.reminders {
		if r.ChatID == chat && r.Stage == stage {
			return *r
		}
	}
	o.t.Fatalf("no reminder of %s to %d", stage, chat)
	return Reminder{}
}

func TestStageReminderTexts(t *testing.T) {
	p := SatkerProgress{Code: pgSatker, Name: "KEMENAG <KOTA> & LUBUKLINGGAU", KPPNCode: "070"}
	want := map[string]map[string]string{ // stage → role → the next step
		StageAdmin: {RoleAdmin: textReminderStepAdminSelf, RolePPK: textReminderStepAdminOther,
			RolePemesan: textReminderStepAdminOther, RolePP: textReminderStepAdminOther,
			RolePenerima: textReminderStepAdminOther, RoleBendahara: textReminderStepAdminOther},
		StageUsers: {RoleAdmin: textReminderStepUsersAdmin, RolePPK: textReminderStepUsersOther,
			RolePemesan: textReminderStepUsersOther, RolePP: textReminderStepUsersOther,
			RolePenerima: textReminderStepUsersOther, RoleBendahara: textReminderStepUsersOther},
		StageVendor: {RoleAdmin: textReminderStepVendorOther, RolePPK: textReminderStepVendorOther,
			RolePemesan: textReminderStepVendorOther, RolePP: textReminderStepVendorPP,
			RolePenerima: textReminderStepVendorOther, RoleBendahara: textReminderStepVendorOther},
		StageTx: {RoleAdmin: textReminderStepTxOther, RolePPK: textReminderStepTxPayer,
			RolePemesan: textReminderStepTxPemesan, RolePP: textReminderStepTxOther,
			RolePenerima: textReminderStepTxOther, RoleBendahara: textReminderStepTxPayer},
	}
	missing := map[string]string{StageAdmin: "belum memiliki <b>admin satker</b>", StageUsers: "belum tercatat",
		StageVendor: "belum mendaftarkan <b>vendor</b>", StageTx: "belum melakukan <b>transaksi pertama"}
	for _, stage := range Stages() {
		for _, role := range append([]string{RoleAdmin}, UserRoles()...) {
			t.Run(stage+" "+role, func(t *testing.T) {
				o := StageReminder(p, stage, SatkerLink{SatkerCode: pgSatker, ChatID: 81001, Role: role})
				if o.Kind != OutSend || o.ChatID != 81001 {
					t.Fatalf("reminder %s to chat %d, want a message to 81001", o.Kind, o.ChatID)
				}
				checkOut(t, Update{}, []Outgoing{o})
				mustContain(t, o.Text, "Pengingat progres Digipay", "Satker <b>409876</b> KEMENAG &lt;KOTA&gt; &amp; LUBUKLINGGAU",
					missing[stage], want[stage][role], "Ketuk <b>Sudah</b>")
				for other, step := range want[stage] {
					if step != want[stage][role] && strings.Contains(o.Text, step) {
						t.Errorf("the reminder for %s holds the step of %s", role, other)
					}
				}
				if got, want := labels(o), []string{"Sudah", "Butuh bantuan", "Ingatkan lagi minggu depan"}; !slices.Equal(got, want) {
					t.Errorf("labels %v, want %v", got, want)
				}
				wantData := []string{"n:409876:" + stage + ":done", "n:409876:" + stage + ":help", "n:409876:" + stage + ":later"}
				if got := buttonData(o); !slices.Equal(got, wantData) {
					t.Errorf("data %v, want %v", got, wantData)
				}
			})
		}
	}
}

func TestReminderDataFitsAndParses(t *testing.T) {
	for _, stage := range Stages() {
		for _, answer := range []string{ReminderDone, ReminderHelp, ReminderLater} {
			d := reminderData("999999", stage, answer)
			if len(d) > 64 {
				t.Errorf("%q: %d bytes", d, len(d))
			}
			code, s, a, ok := parseReminderData(d)
			if !ok || code != "999999" || s != stage || a != answer {
				t.Errorf("parse %q = %q %q %q %v", d, code, s, a, ok)
			}
		}
	}
	for _, bad := range []string{"n:409876:vendor", "n:40987:vendor:done", "n:409876:Vendor:done", "n:409876:vendor:yes",
		"n:409876:vendor:done:x", "n:4098761:vendor:done", "p:409876:vendor:done"} {
		if _, _, _, ok := parseReminderData(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestReminderDoneSetsTheStage(t *testing.T) {
	o := remindedOffice(t, StageVendor, 102)
	pp := o.linked(102, "Dedi PP", pgSatker, RolePP)
	out := pp.press("n:409876:vendor:done")
	if out[0].Kind != OutAnswer || out[0].Text != "" {
		t.Errorf("first %s %q, want a silent answer", out[0].Kind, out[0].Text)
	}
	text := pp.lastText(out)
	mustContain(t, text, "✅ Terima kasih! Tahap <b>Vendor terdaftar</b> satker 409876 kami catat sudah tercapai.",
		"✅ <b>3. Vendor terdaftar</b>", "Langkah berikutnya: buat lima pengguna satker")
	if want := []string{"409876 vendor ya"}; !slices.Equal(o.tx.stageSets, want) {
		t.Errorf("stages set %v, want %v", o.tx.stageSets, want)
	}
	if r := o.reminderOf(102, StageVendor); r.Answer != ReminderDone || !r.AnsweredAt.Equal(o.now) {
		t.Errorf("reminder answered %q at %v", r.Answer, r.AnsweredAt)
	}

	t.Run("pressed again", func(t *testing.T) {
		text := pp.lastText(pp.press("n:409876:vendor:done"))
		mustContain(t, text, "Pengingat ini sudah Anda jawab (<b>Sudah</b>)", "/bantuan")
		if len(o.tx.stageSets) != 1 {
			t.Errorf("stage set again: %v", o.tx.stageSets)
		}
	})
	t.Run("an answer the store does not name", func(t *testing.T) {
		o.tx.reminders[1].Answer = ""
		text := pp.lastText(pp.press("n:409876:vendor:later"))
		mustContain(t, text, "Pengingat ini sudah Anda jawab. Progres satker")
		o.tx.reminders[1].Answer = ReminderDone
	})
	t.Run("another button of the same reminder", func(t *testing.T) {
		out := pp.press("n:409876:vendor:help")
		mustContain(t, pp.lastText(out), "Pengingat ini sudah Anda jawab (<b>Sudah</b>)")
		if pp.st.Form != nil {
			t.Errorf("a form was opened: %+v", pp.st.Form)
		}
	})
}

func TestReminderDoneStageAlreadyReached(t *testing.T) {
	o := remindedOffice(t, StageAdmin, 101)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	mustContain(t, admin.lastText(admin.press("n:409876:admin:done")), "Tahap <b>Admin satker aktif</b> satker 409876 sudah tercatat tercapai.")
	if len(o.tx.stageSets) != 0 {
		t.Errorf("a reached stage was set again: %v", o.tx.stageSets)
	}
}

func TestReminderDoneUsersAsksForTheNames(t *testing.T) {
	o := remindedOffice(t, StageUsers, 101, 103)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	ppk := o.linked(103, "Budi PPK", pgSatker, RolePPK)

	checklist := admin.press("n:409876:pengguna:done")
	mustContain(t, admin.lastText(checklist), textReminderUsersAdmin, "⬜ <b>2. Lima pengguna satker dibuat</b>: 0 dari 5")
	if _, ok := findButton(checklist, textProgBtnUsers); !ok {
		t.Errorf("no %q button: %s", textProgBtnUsers, dump(checklist))
	}
	out := ppk.press("n:409876:pengguna:done")
	mustContain(t, ppk.lastText(out), textReminderUsersOther)
	if _, ok := findButton(out, textProgBtnUsers); ok {
		t.Errorf("the PPK may record users: %s", dump(out))
	}
	if len(o.tx.stageSets) != 0 || !o.satker(pgSatker).UsersAt.IsZero() {
		t.Errorf("stage pengguna set without the five users: %v", o.tx.stageSets)
	}
	for _, chat := range []int64{101, 103} {
		if r := o.reminderOf(chat, StageUsers); r.Answer != ReminderDone {
			t.Errorf("reminder of %d answered %q", chat, r.Answer)
		}
	}
	// The admin records a user straight from the checklist.
	out = recordUser(admin, checklist, RolePPK, "Budi Santoso", "budi@kemenag.go.id")
	admin.pressLabel(out, textSend)
	if got := len(o.satker(pgSatker).Users); got != 1 {
		t.Errorf("%d users recorded, want 1", got)
	}
}

func TestReminderHelpOpensATicket(t *testing.T) {
	o := remindedOffice(t, StageTx, 104)
	bendahara := o.linked(104, "Ani Bendahara", pgSatker, RoleBendahara)
	out := bendahara.press("n:409876:transaksi:help")
	q := bendahara.lastText(out)
	mustContain(t, q, "<b>Permintaan bantuan</b>", "Kategori <b>Proses transaksi</b> untuk satker 409876", "(2/3) Uraian")
	if n := len(sends(out)); n != 1 {
		t.Errorf("%d messages, want the description's question only: %s", n, dump(out))
	}
	out = bendahara.text("Pembayaran melalui CMS gagal, muncul pesan galat saat konfirmasi.")
	out = bendahara.pressLabel(out, textSkip)
	mustContain(t, bendahara.lastText(out), "<b>Kategori:</b> Proses transaksi")
	if strings.Contains(bendahara.lastText(out), labelTicketSatker) {
		t.Errorf("the summary asks for the satker: %s", bendahara.lastText(out))
	}
	bendahara.pressLabel(out, textSend)
	if len(o.tx.tickets) != 1 {
		t.Fatalf("%d tickets, want 1", len(o.tx.tickets))
	}
	for _, tk := range o.tx.tickets {
		if tk.Category != choiceTicketTx || tk.SatkerCode != pgSatker || tk.SatkerName != pgSatkerName || tk.ChatID != 104 {
			t.Errorf("ticket %+v", tk)
		}
	}
	if r := o.reminderOf(104, StageTx); r.Answer != ReminderHelp {
		t.Errorf("reminder answered %q", r.Answer)
	}
}

func TestReminderHelpCategories(t *testing.T) {
	want := map[string]string{StageAdmin: choiceTicketReg, StageUsers: choiceTicketApp, StageVendor: choiceTicketVendor, StageTx: choiceTicketTx}
	for stage, category := range want {
		if !slices.Contains(TicketCategories(), category) || reminderCategory(stage) != category {
			t.Errorf("category of %s = %q, want %q", stage, reminderCategory(stage), category)
		}
	}
}

func TestReminderHelpWithAnActiveTicketOrAForm(t *testing.T) {
	t.Run("an active ticket", func(t *testing.T) {
		o := remindedOffice(t, StageVendor, 102)
		pp := o.linked(102, "Dedi PP", pgSatker, RolePP)
		o.tx.tickets = map[int64]*Ticket{41: {ID: 41, Number: "TKT-000041", ChatID: 102, Category: choiceTicketApp, Status: TicketOpen}}
		mustContain(t, pp.lastText(pp.press("n:409876:vendor:help")), "Anda masih memiliki tiket <b>TKT-000041</b>")
		if pp.st.Form != nil {
			t.Errorf("a form was opened beside the active ticket")
		}
	})
	t.Run("a form in progress", func(t *testing.T) {
		o := remindedOffice(t, StageVendor, 102)
		pp := o.linked(102, "Dedi PP", pgSatker, RolePP)
		pp.press(progressData(progVendors, pgSatker))
		session := pp.st.Form.Session
		text := pp.lastText(pp.press("n:409876:vendor:help"))
		mustContain(t, text, textReminderHelpFormOpen, "Lanjutkan pengisian laporan jumlah vendor?")
		if pp.st.Form == nil || pp.st.Form.Flow != flowVendors || pp.st.Form.Session != session {
			t.Errorf("form %+v, want the vendor report kept", pp.st.Form)
		}
		if r := o.reminderOf(102, StageVendor); r.Answer != ReminderHelp {
			t.Errorf("reminder answered %q", r.Answer)
		}
	})
}

func TestReminderLaterSnoozes(t *testing.T) {
	o := remindedOffice(t, StageVendor, 101)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	out := admin.press("n:409876:vendor:later")
	if got := admin.lastText(out); got != "Baik, kami ingatkan lagi minggu depan." {
		t.Errorf("answer %q", got)
	}
	if until := o.tx.snoozed[pgSatker+" "+StageVendor]; !until.Equal(o.now.AddDate(0, 0, 7)) {
		t.Errorf("snoozed until %v", until)
	}
	if len(o.tx.stageSets) != 0 {
		t.Errorf("stage set: %v", o.tx.stageSets)
	}
}

func TestReminderStaleAndStrangers(t *testing.T) {
	t.Run("no reminder to this chat", func(t *testing.T) {
		o := remindedOffice(t, StageVendor, 101)
		pp := o.linked(102, "Dedi PP", pgSatker, RolePP)
		out := pp.press("n:409876:vendor:done")
		if len(out) != 1 || out[0].Kind != OutAnswer || out[0].Text != textStale {
			t.Errorf("want only the stale toast: %s", dump(out))
		}
		if len(o.tx.stageSets) != 0 {
			t.Errorf("stage set: %v", o.tx.stageSets)
		}
	})
	t.Run("a forged button", func(t *testing.T) {
		o := remindedOffice(t, StageVendor, 101)
		admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
		out := admin.press("n:409876:vendor:sure")
		if len(out) != 1 || out[0].Text != textStale {
			t.Errorf("want only the stale toast: %s", dump(out))
		}
	})
	t.Run("a chat no longer linked", func(t *testing.T) {
		o := remindedOffice(t, StageVendor, 105)
		stranger := o.person(105, "Orang Lain")
		o.linked(106, "Other", pgOther, RoleAdmin)
		text := stranger.lastText(stranger.press("n:409876:vendor:done"))
		mustContain(t, text, "tidak lagi terhubung dengan satker 409876")
		if r := o.reminderOf(105, StageVendor); r.Answer != "" {
			t.Errorf("a stranger answered the reminder: %q", r.Answer)
		}
		if len(o.tx.stageSets) != 0 {
			t.Errorf("stage set by a stranger: %v", o.tx.stageSets)
		}
	})
	t.Run("linked to another satker only", func(t *testing.T) {
		o := remindedOffice(t, StageVendor, 106)
		other := o.linked(106, "Other", pgOther, RoleAdmin)
		mustContain(t, other.lastText(other.press("n:409876:vendor:later")), "tidak lagi terhubung dengan satker 409876")
		if len(o.tx.snoozed) != 0 {
			t.Errorf("snoozed by a stranger: %v", o.tx.snoozed)
		}
	})
}
