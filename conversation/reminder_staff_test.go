package conversation

import (
	"strings"
	"testing"
	"time"

	"posko/workdays"
)

var outsider = officerT{7999, "Orang Luar"} // in no group's member list

// withSchedule makes /pengingat show two scheduled jobs, recording the
// times it was asked for.
func withSchedule(asked *[]time.Time) func(*Config) {
	return func(c *Config) {
		c.Schedule = func(now time.Time) []ScheduledJob {
			*asked = append(*asked, now)
			return []ScheduledJob{
				{Name: "Pengingat satker", Next: time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC)},
				{Name: "Pantauan <tenggat>", Next: time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)},
				{Name: "Laporan mingguan"},
			}
		}
	}
}

func TestPengingatSummary(t *testing.T) {
	var asked []time.Time
	r := newKPPNRoom(t, withSchedule(&asked))
	r.tx.counts = []ReminderCount{
		{Stage: StageTx, Status: ReminderSent, Count: 7},
		{Stage: StageVendor, Status: ReminderSent, Count: 12},
		{Stage: StageVendor, Status: ReminderSkipped, Count: 2},
		{Stage: StageTx, Status: ReminderFailed, Count: 1},
		{Stage: StageAdmin, Status: ReminderSkipped, Count: 0},
	}
	text := r.replyText(r.cmd(budi, "pengingat", ""))
	mustContain(t, text, "<b>Pengingat otomatis KPPN 070</b>\nSenin, 2 Maret 2026",
		"• Vendor terdaftar: 12 terkirim · 2 dilewati · 0 gagal",
		"• Transaksi melalui Digipay: 7 terkirim · 0 dilewati · 1 gagal",
		"Jumlah: 19 terkirim · 2 dilewati",
		"• Pengingat satker: Selasa, 3 Maret 2026 pukul 08.00 WIB",
		"• Pantauan &lt;tenggat&gt;: Senin, 2 Maret 2026 pukul 16.15 WIB",
		"• Laporan mingguan: tidak terjadwal",
		"/pengingat jeda kode_satker")
	inOrder(t, text, "Hari ini", "Vendor terdaftar", "Transaksi melalui Digipay", "Jumlah", "Jadwal berikutnya", "Pengingat satker")
	if strings.Contains(text, "Admin satker aktif") {
		t.Errorf("a stage without reminders is listed:\n%s", text)
	}
	if want := "070 2026-03-02T00:00:00+07:00"; len(r.tx.asked) != 1 || r.tx.asked[0] != want {
		t.Errorf("RemindersOn asked %v, want [%s]", r.tx.asked, want)
	}
	if len(asked) != 1 || !asked[0].Equal(t0) {
		t.Errorf("Schedule asked %v, want [%v]", asked, t0)
	}

	t.Run("nothing sent, no schedule", func(t *testing.T) {
		r := newKPPNRoom(t)
		text := r.replyText(r.cmd(budi, "pengingat", ""))
		mustContain(t, text, textReminderNone, textReminderNoJobs)
	})
	t.Run("a group bound to another KPPN", func(t *testing.T) {
		r := newKPPNRoom(t).in(secondGroup)
		r.tx.kppns = map[string]*KPPN{"071": {Code: "071", GroupChatID: secondGroup}}
		mustContain(t, r.replyText(r.cmd(dedi, "pengingat", "")), "KPPN 071")
		if r.tx.asked[0][:4] != "071 " {
			t.Errorf("RemindersOn asked %v", r.tx.asked)
		}
	})
	t.Run("not staff", func(t *testing.T) {
		r := newKPPNRoom(t)
		if got := r.replyText(r.cmd(outsider, "pengingat", "")); got != textKPPNNotStaff {
			t.Errorf("reply %q", got)
		}
		if len(r.tx.asked) != 0 {
			t.Errorf("RemindersOn asked for an outsider")
		}
	})
	t.Run("a group of no KPPN", func(t *testing.T) {
		r := newKPPNRoom(t).in(secondGroup)
		if out := r.cmd(dedi, "pengingat", ""); len(out) != 0 {
			t.Errorf("answered a bare command in an unbound group: %s", dump(out))
		}
	})
}

func TestPengingatPause(t *testing.T) {
	r := newKPPNRoom(t)
	text := r.replyText(r.cmd(budi, "pengingat", "jeda 409876"))
	mustContain(t, text, "⏸ Pengingat otomatis untuk satker <b>409876</b> KEMENAG KOTA LUBUKLINGGAU dijeda", "/pengingat lanjut 409876")
	if !r.tx.paused["409876"] || r.tx.pausedBy["409876"].UserID != budi.id || r.tx.pausedBy["409876"].ChatID != testGroup {
		t.Errorf("paused %v by %+v", r.tx.paused, r.tx.pausedBy)
	}
	text = r.replyText(r.cmd(ani, "pengingat", "LANJUT 409876"))
	mustContain(t, text, "▶️ Pengingat otomatis untuk satker <b>409876</b>", "dilanjutkan")
	if r.tx.paused["409876"] || r.tx.pausedBy["409876"].UserID != ani.id {
		t.Errorf("paused %v by %+v", r.tx.paused, r.tx.pausedBy)
	}

	for _, tc := range []struct{ name, args, want string }{
		{"another KPPN's satker", "jeda 501111", "Satker 501111 terdaftar pada KPPN 071"},
		{"not in the map", "jeda 400000", "Satker 400000 tidak ada di peta satker"},
		{"a bad code", "jeda 4098", "Format: <code>/pengingat</code>"},
		{"no code", "jeda", textReminderNoCode},
		{"too many words", "jeda 409877 sekarang", "Format: <code>/pengingat</code>"},
		{"an unknown action", "hapus 409877", "Format: <code>/pengingat</code>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newKPPNRoom(t)
			mustContain(t, r.replyText(r.cmd(budi, "pengingat", tc.args)), tc.want)
			if len(r.tx.paused) != 0 {
				t.Errorf("paused %v", r.tx.paused)
			}
		})
	}
	t.Run("not staff", func(t *testing.T) {
		r := newKPPNRoom(t)
		r.cmd(outsider, "pengingat", "jeda 409876")
		if len(r.tx.paused) != 0 {
			t.Errorf("an outsider paused %v", r.tx.paused)
		}
	})
}

func TestSLAAlert(t *testing.T) {
	cal, err := workdays.Default()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC) // Friday 16.00 WIB
	reg := SLAItem{Kind: SLARegistration, ID: 123, Number: "REG-000123", SatkerCode: "409876",
		SatkerName: "KEMENAG <KOTA>", Deadline: deadline, TakenByName: "Budi", Status: RegTaken}
	tk := SLAItem{Kind: SLATicket, ID: 41, Number: "TKT-000041", Deadline: deadline, Status: TicketOpen}
	tests := []struct {
		name      string
		item      SLAItem
		threshold string
		now       time.Time
		want      []string
		thread    string
	}{
		{"registration near", reg, SLANear, deadline.Add(-2*time.Hour - 15*time.Minute),
			[]string{"⏰ <b>REG-000123</b> · satker 409876 KEMENAG &lt;KOTA&gt; mendekati tenggat (Jumat, 6 Maret 2026 pukul 16.00 WIB), ditangani: <b>Budi</b>.",
				"Sisa waktu: 2 jam 15 menit."}, "registration:123:topic"},
		{"ticket past, not taken", tk, SLAPast, deadline.Add(time.Hour),
			[]string{"⚠️ <b>TKT-000041</b> lewat tenggat sejak Jumat, 6 Maret 2026 pukul 16.00 WIB, belum diambil petugas.",
				"Mohon segera diambil"}, "ticket:41:topic"},
		{"registration past, taken", reg, SLAPast, deadline.Add(time.Minute),
			[]string{"⚠️ <b>REG-000123</b> · satker 409876 KEMENAG &lt;KOTA&gt; lewat tenggat sejak", "ditangani: <b>Budi</b>.",
				"Mohon segera diselesaikan."}, "registration:123:topic"},
		{"ticket near, minutes left", tk, SLANear, deadline.Add(-40 * time.Minute),
			[]string{"⏰ <b>TKT-000041</b> mendekati tenggat", "belum diambil petugas.", "Sisa waktu: 40 menit."}, "ticket:41:topic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := SLAAlert(testGroup, tc.item, tc.threshold, tc.now, cal)
			if o.Kind != OutSend || o.ChatID != testGroup || o.ThreadRef != tc.thread {
				t.Errorf("alert %s to %d in %q, want a message to %d in %q", o.Kind, o.ChatID, o.ThreadRef, testGroup, tc.thread)
			}
			checkOut(t, Update{}, []Outgoing{o})
			mustContain(t, o.Text, tc.want...)
		})
	}
	if o := SLAAlert(testGroup, reg, SLANear, deadline.Add(-30*time.Hour), nil); strings.Contains(o.Text, "Sisa waktu") ||
		!strings.Contains(o.Text, "Jumat, 6 Maret 2026 pukul 16.00 WIB") {
		t.Errorf("a day and more ahead, without a calendar: %s", o.Text)
	}
}

func TestBelumMarksIgnoredReminders(t *testing.T) {
	ignore := func(r *kppnRoom) {
		r.tx.satkerMap["409877"].IgnoredReminders = 3
		r.tx.satkerMap["409876"].IgnoredReminders = 2
	}
	mark := "🔕 %d pengingat tidak dijawab — perlu tindak lanjut langsung"
	r := newKPPNRoom(t)
	ignore(r)
	text := only(t, r.cmd(budi, "belum", "transaksi")).Text
	inOrder(t, text, "1. <b>409877</b>", "🔕 3 pengingat tidak dijawab — perlu tindak lanjut langsung", "2. <b>409879</b>", "3. <b>409876</b>")
	if strings.Count(text, "🔕") != 1 {
		t.Errorf("want one mark, on 409877:\n%s", text)
	}

	r = newKPPNRoom(t, func(c *Config) { c.FollowUpAfter = 2 })
	ignore(r)
	text = only(t, r.cmd(budi, "belum", "transaksi")).Text
	if strings.Count(text, "🔕") != 2 || !strings.Contains(text, strings.Replace(mark, "%d", "2", 1)) {
		t.Errorf("want marks on 409877 and 409876:\n%s", text)
	}
}
