package conversation

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReviewCard(t *testing.T) {
	resubmitted := sampleRegistration()
	resubmitted.RejectReason = "Foto KTP tidak terbaca."
	resubmitted.RejectItems = []string{DocKTP}
	unknown := sampleRegistration()
	unknown.SatkerKnown = false
	unknown.SatkerName = "SATKER <BARU> & CO"

	tests := []struct {
		name    string
		r       Registration
		want    []string
		notWant []string
	}{
		{"new request of a mapped satker", sampleRegistration(),
			[]string{"<b>Registrasi Admin Satker REG-000123</b>", "409876 – KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU",
				"Rina &lt;Oktaviani&gt; · ID Telegram 5550001", "Nama: Rina Oktaviani, S.E.",
				"NIP: 1990**********2001", "NIK: 1673********0001", "Jabatan: Pengelola Keuangan",
				"Nomor HP: +6281234567890", "Email: rina.oktaviani@kemenag.go.id",
				"KEP-12/KK.06.10/1/KU.01/2026, tanggal 20 Februari 2026", "Drs. H. Ahmad Fauzi, M.Si. · NIP 1970**********1002",
				"<b>Diajukan:</b> Senin, 2 Maret 2026 pukul 16.00 WIB",
				"<b>Batas waktu:</b> Selasa, 3 Maret 2026 pukul 16.00 WIB",
				"SK Penunjukan (1 berkas), KTP admin (2 berkas), Form Permintaan Registrasi (bertanda tangan KPA) (1 berkas)",
				"menunggu petugas"},
			[]string{"belum terpetakan", "PERBAIKAN"}},
		{"unmapped satker", unknown,
			[]string{"SATKER &lt;BARU&gt; &amp; CO", "Satker belum terpetakan"}, nil},
		{"resubmission", resubmitted,
			[]string{"<b>PERBAIKAN</b>", "Foto KTP tidak terbaca.", "Bagian yang diminta diperbaiki:</b> KTP admin"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			room := newStaffRoom(t)
			r := room.submit(tc.r)
			out := room.e.reviewCard(r)
			checkOut(t, Update{}, out)
			if len(out) != 4 {
				t.Fatalf("got %d messages, want card + 3 documents: %s", len(out), dump(out))
			}
			card := out[0]
			if card.Kind != OutSend || card.ChatID != testGroup || card.Ref != "registration:123:card" {
				t.Errorf("card = %s to %d ref %q", card.Kind, card.ChatID, card.Ref)
			}
			mustContain(t, card.Text, tc.want...)
			for _, w := range tc.notWant {
				if strings.Contains(card.Text, w) {
					t.Errorf("card has %q:\n%s", w, card.Text)
				}
			}
			if got := labels(card); !slices.Equal(got, []string{"Ambil", "Tolak", "Sudah direkam di Digipay"}) {
				t.Errorf("buttons %v", got)
			}
			if b, _ := findButton(out, "Ambil"); b.Data != "r:123:take" {
				t.Errorf("Ambil data %q", b.Data)
			}
			if b, _ := findButton(out, "Sudah direkam di Digipay"); b.Data != "r:123:done" {
				t.Errorf("done data %q", b.Data)
			}
			for _, o := range out {
				for _, secret := range []string{r.AdminNIK, r.AdminNIP, r.KPANIP} {
					if strings.Contains(o.Text, secret) {
						t.Errorf("%s message shows %s unmasked", o.Kind, secret)
					}
				}
			}
			// The documents: the PDF as a document, the KTP album as a media
			// group, the single photo as a photo, each captioned.
			wantDocs := []struct {
				kind    OutKind
				ids     []string
				caption string
			}{
				{OutDocument, []string{"sk-pdf"}, "REG-000123 · SK Penunjukan"},
				{OutMediaGroup, []string{"ktp-1", "ktp-2"}, "REG-000123 · KTP admin"},
				{OutPhoto, []string{"form-1"}, "REG-000123 · Form Permintaan Registrasi"},
			}
			for i, w := range wantDocs {
				o := out[i+1]
				var ids []string
				for _, f := range o.Files {
					ids = append(ids, f.ID)
				}
				if o.Kind != w.kind || o.ChatID != testGroup || !slices.Equal(ids, w.ids) || !strings.HasPrefix(o.Text, w.caption) {
					t.Errorf("document %d = %s %v %q, want %s %v %q", i, o.Kind, ids, o.Text, w.kind, w.ids, w.caption)
				}
				if strings.Contains(o.Text, "perbaikan") != (tc.name == "resubmission") {
					t.Errorf("document %d caption %q", i, o.Text)
				}
			}
		})
	}
}

func TestReviewCardWithoutGroup(t *testing.T) {
	e := NewEngine(Config{})
	if out := e.reviewCard(sampleRegistration()); len(out) != 0 {
		t.Errorf("no staff group configured, got %s", dump(out))
	}
}

func TestReviewTakeThenDone(t *testing.T) {
	room := newStaffRoom(t)
	r := room.submit(sampleRegistration())

	out := room.press(budi, "r:123:take", cardMessage)
	if out[0].Text != "Permintaan REG-000123 Anda ambil." {
		t.Errorf("toast %q", out[0].Text)
	}
	edit := out[1]
	if len(out) != 2 || edit.Kind != OutEdit || edit.MessageID != cardMessage || edit.ChatID != testGroup {
		t.Fatalf("want the card edited: %s", dump(out))
	}
	mustContain(t, edit.Text, "diproses oleh Budi Santoso", "NIK: 1673********0001")
	if got := labels(edit); !slices.Equal(got, []string{"Tolak", "Sudah direkam di Digipay"}) {
		t.Errorf("buttons after take %v", got)
	}
	if got := room.stored(r.ID); got.Status != RegTaken || got.TakenBy != budi.id || got.TakenByName != budi.name {
		t.Errorf("stored %s by %d %q", got.Status, got.TakenBy, got.TakenByName)
	}

	// Another officer records it: allowed, and the card names who did.
	out = room.press(ani, "r:123:done", cardMessage)
	if len(out) != 3 {
		t.Fatalf("want toast, card, notification: %s", dump(out))
	}
	mustContain(t, out[0].Text, "REG-000123 selesai")
	mustContain(t, out[1].Text, "selesai — direkam di Digipay oleh Ani &lt;Rahma&gt;")
	if out[1].Kind != OutEdit || len(out[1].Buttons) != 0 {
		t.Errorf("decided card keeps buttons: %s", dump(out[1:2]))
	}
	note := out[2]
	if note.Kind != OutSend || note.ChatID != testUser {
		t.Fatalf("notification to %d", note.ChatID)
	}
	mustContain(t, note.Text, "REG-000123", "Rina Oktaviani, S.E.", "rina.oktaviani@kemenag.go.id", "DIGIT",
		"perbarui profil", "PPK", "Pemesan", "Pejabat Pengadaan", "Penerima Barang/Jasa", "Bendahara")

	if got := room.stored(r.ID); got.Status != RegRecorded || got.TakenBy != ani.id {
		t.Errorf("stored %s by %d", got.Status, got.TakenBy)
	}
	if len(room.tx.registered) != 1 || room.tx.registered[0] != (registeredAdmin{"409876", testUser, testUser, t0}) {
		t.Errorf("MarkAdminRegistered calls %+v", room.tx.registered)
	}
	// The audit trail: who moved it, from what, to what.
	want := []regChange{
		{r.ID, "", RegSubmitted, Actor{testUser, "Rina <Oktaviani>", testUser}},
		{r.ID, RegSubmitted, RegTaken, Actor{budi.id, budi.name, testGroup}},
		{r.ID, RegTaken, RegRecorded, Actor{ani.id, ani.name, testGroup}},
	}
	if !slices.Equal(room.tx.history, want) {
		t.Errorf("history\n got %+v\nwant %+v", room.tx.history, want)
	}
}

func TestReviewRecordWithoutTaking(t *testing.T) {
	room := newStaffRoom(t)
	room.submit(sampleRegistration())
	out := room.press(budi, "r:123:done", cardMessage)
	if room.stored(123).Status != RegRecorded || len(sends(out)) != 1 {
		t.Errorf("done straight from diajukan: %s", dump(out))
	}
}

func TestReviewStalePress(t *testing.T) {
	tests := []struct {
		name   string
		before []string // presses by budi first
		who    officerT
		data   string
		want   string
	}{
		{"take an already taken request", []string{"take"}, ani, "r:123:take", "Sudah diproses oleh Budi Santoso (sedang diproses)."},
		{"take twice", []string{"take"}, budi, "r:123:take", "Permintaan REG-000123 sudah Anda ambil."},
		{"take a recorded request", []string{"done"}, ani, "r:123:take", "Sudah diproses oleh Budi Santoso (selesai)."},
		{"record twice", []string{"take", "done"}, ani, "r:123:done", "Sudah diproses oleh Budi Santoso (selesai)."},
		{"reject a recorded request", []string{"done"}, ani, "r:123:reject", "Sudah diproses oleh Budi Santoso (selesai)."},
		{"toggle on a recorded request", []string{"reject", "done"}, ani, "r:123:x:ktp", "Sudah diproses oleh Budi Santoso (selesai)."},
		{"unknown request", nil, ani, "r:999:take", "Permintaan ini tidak ditemukan."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			room := newStaffRoom(t)
			room.submit(sampleRegistration())
			for _, a := range tc.before {
				room.press(budi, "r:123:"+a, cardMessage)
			}
			before := room.stored(123)
			history := len(room.tx.history)
			out := room.press(tc.who, tc.data, cardMessage)
			a := only(t, out)
			if a.Kind != OutAnswer || a.Text != tc.want || !a.Alert {
				t.Errorf("answer %+v, want alert %q", a, tc.want)
			}
			after := room.stored(123)
			if len(room.tx.history) != history || after.Status != before.Status || after.TakenBy != before.TakenBy {
				t.Errorf("a stale press changed the request: %+v", after)
			}
		})
	}
}

func TestReviewTwoOfficersAtOnce(t *testing.T) {
	// Both press on the same card; the store serialises them, the second
	// finds the state moved on.
	room := newStaffRoom(t)
	room.submit(sampleRegistration())
	first := room.press(budi, "r:123:done", cardMessage)
	second := room.press(ani, "r:123:done", cardMessage)
	if len(sends(first)) != 1 {
		t.Errorf("the winner notifies the registrant once: %s", dump(first))
	}
	if a := only(t, second); a.Text != "Sudah diproses oleh Budi Santoso (selesai)." {
		t.Errorf("the loser is told %q", a.Text)
	}
	if len(room.tx.registered) != 1 {
		t.Errorf("MarkAdminRegistered %d times", len(room.tx.registered))
	}
}

func TestReviewNotStaff(t *testing.T) {
	tests := []struct {
		name    string
		who     officerT
		chat    int64
		members error
		data    string
	}{
		{"non-member presses Ambil", mallo, testGroup, nil, "r:123:take"},
		{"non-member presses Sudah direkam", mallo, testGroup, nil, "r:123:done"},
		{"non-member toggles an item", mallo, testGroup, nil, "r:123:x:ktp"},
		{"member in another group", budi, -100777, nil, "r:123:take"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			room := newStaffRoom(t)
			room.submit(sampleRegistration())
			room.chatID = tc.chat
			history := len(room.tx.history)
			a := only(t, room.press(tc.who, tc.data, cardMessage))
			if !a.Alert || !strings.HasPrefix(a.Text, "Hanya petugas KPPN") {
				t.Errorf("answer %+v", a)
			}
			if len(room.tx.history) != history || room.stored(123).Status != RegSubmitted {
				t.Error("a refused press changed the request")
			}
		})
	}

	t.Run("non-member sends /tolak", func(t *testing.T) {
		room := newStaffRoom(t)
		room.submit(sampleRegistration())
		room.press(budi, "r:123:reject", cardMessage)
		room.press(budi, "r:123:x:ktp", 401)
		out := room.tolak(mallo, "REG-000123 KTP buram sekali")
		mustContain(t, only(t, out).Text, "Hanya petugas KPPN")
		if room.stored(123).Status != RegSubmitted {
			t.Error("a non-member rejected the request")
		}
	})

	t.Run("membership cannot be checked", func(t *testing.T) {
		room := newStaffRoom(t)
		room.submit(sampleRegistration())
		room.members.err = errDown
		if _, err := room.handle(budi, Update{Kind: KindCallback, CallbackID: "cb", CallbackData: "r:123:take", MessageID: cardMessage}); !errors.Is(err, errDown) {
			t.Errorf("Handle error %v, want the fault (the update is retried)", err)
		}
		if room.stored(123).Status != RegSubmitted {
			t.Error("changed without a membership check")
		}
	})

	t.Run("no checker: everyone in the staff group counts", func(t *testing.T) {
		room := newStaffRoom(t)
		room.e.cfg.Members = nil
		room.submit(sampleRegistration())
		room.press(mallo, "r:123:take", cardMessage)
		if room.stored(123).Status != RegTaken {
			t.Error("take refused without a checker")
		}
	})
}

func TestReviewReject(t *testing.T) {
	room := newStaffRoom(t)
	r := room.submit(sampleRegistration())
	room.press(budi, "r:123:take", cardMessage)

	out := room.press(budi, "r:123:reject", cardMessage)
	if len(out) != 2 {
		t.Fatalf("want toast and prompt: %s", dump(out))
	}
	prompt := out[1]
	if prompt.Kind != OutSend || prompt.ReplyTo != cardMessage || prompt.ChatID != testGroup || prompt.Ref != "registration:123:reject" {
		t.Errorf("prompt %+v", prompt)
	}
	mustContain(t, prompt.Text, "Penolakan REG-000123", "/tolak REG-000123", "belum ada")
	if n := len(labels(prompt)); n != len(RegistrationItems()) {
		t.Errorf("%d toggles, want %d", n, len(RegistrationItems()))
	}
	if b, ok := findButton(out, "☐ KTP admin"); !ok || b.Data != "r:123:x:ktp" {
		t.Errorf("KTP toggle %+v", b)
	}
	const promptMessage = 401
	room.sent["registration:123:card"] = cardMessage
	room.sent["registration:123:reject"] = promptMessage

	// Without items, /tolak asks for them first.
	mustContain(t, only(t, room.tolak(budi, "REG-000123 Data belum lengkap")).Text, "Belum ada bagian yang dipilih")

	for _, key := range []string{"ktp", "nik_admin", "email_admin", "email_admin"} {
		out = room.press(budi, "r:123:x:"+key, promptMessage)
	}
	edit := out[1]
	if edit.Kind != OutEdit || edit.MessageID != promptMessage {
		t.Fatalf("toggle edits the prompt: %s", dump(out))
	}
	mustContain(t, edit.Text, "NIK admin, KTP admin")
	if _, ok := findButton(out, "☑ KTP admin"); !ok {
		t.Errorf("KTP not shown chosen: %v", labels(edit))
	}
	if got := room.stored(r.ID).RejectItems; !slices.Equal(got, []string{"nik_admin", DocKTP}) {
		t.Errorf("draft items %v", got)
	}

	bad := []struct{ args, want string }{
		{"", "Format: <code>/tolak nomor alasan</code>"},
		{"abc KTP buram", "“abc” bukan nomor permintaan"},
		{"REG-000123", "Alasan penolakan REG-000123 belum ditulis"},
		{"REG-000123 abcd", "harus 5–1000 karakter; Anda mengirim 4 karakter"},
		{"123 abc", "Anda mengirim 3 karakter"},
		{"REG-000999 Foto KTP buram", "Permintaan REG-000999 tidak ditemukan"},
		{"REG-000123 " + strings.Repeat("x", 1001), "Anda mengirim 1001 karakter"},
	}
	for _, b := range bad {
		got := only(t, room.tolak(budi, b.args))
		mustContain(t, got.Text, b.want)
		if got.ReplyTo == 0 {
			t.Errorf("/tolak %q: the answer does not reply to the officer", b.args)
		}
	}
	if room.stored(r.ID).Status != RegTaken {
		t.Fatal("bad /tolak changed the request")
	}

	out = room.tolak(ani, "reg-123 Foto KTP tidak terbaca & NIK <salah>.")
	if len(out) != 4 {
		t.Fatalf("want card edit, prompt edit, reply, notification: %s", dump(out))
	}
	card, closed, reply, note := out[0], out[1], out[2], out[3]
	if card.Kind != OutEdit || card.MessageID != cardMessage || len(card.Buttons) != 0 {
		t.Errorf("card %+v", card)
	}
	mustContain(t, card.Text, "ditolak oleh Ani &lt;Rahma&gt;", "Foto KTP tidak terbaca &amp; NIK &lt;salah&gt;.", "NIK admin, KTP admin")
	if closed.Kind != OutEdit || closed.MessageID != promptMessage || len(closed.Buttons) != 0 {
		t.Errorf("prompt not closed: %+v", closed)
	}
	mustContain(t, reply.Text, "REG-000123 ditolak")
	if note.ChatID != testUser {
		t.Errorf("notification to %d", note.ChatID)
	}
	mustContain(t, note.Text, "REG-000123", "Foto KTP tidak terbaca &amp; NIK &lt;salah&gt;.", "• NIK admin\n• KTP admin")
	if b, ok := findButton(out, "Perbaiki"); !ok || b.Data != "r:123:fix" {
		t.Errorf("Perbaiki button %+v", b)
	}
	got := room.stored(r.ID)
	if got.Status != RegRejected || got.RejectReason != "Foto KTP tidak terbaca & NIK <salah>." || got.TakenBy != ani.id ||
		!slices.Equal(got.RejectItems, []string{"nik_admin", DocKTP}) {
		t.Errorf("stored %+v", got)
	}
	last := room.tx.history[len(room.tx.history)-1]
	if last != (regChange{r.ID, RegTaken, RegRejected, Actor{ani.id, ani.name, testGroup}}) {
		t.Errorf("last change %+v", last)
	}

	// Rejected: a second /tolak and the old buttons are stale.
	mustContain(t, only(t, room.tolak(budi, "REG-000123 Lagi lagi")).Text, "Sudah diproses oleh Ani &lt;Rahma&gt; (ditolak).")
	if a := only(t, room.press(budi, "r:123:done", cardMessage)); a.Text != "Sudah diproses oleh Ani <Rahma> (ditolak)." {
		t.Errorf("done after reject: %q", a.Text)
	}
}

func TestReviewRejectCardNotFound(t *testing.T) {
	// The card is not delivered yet (or no lookup is wired): the decided card
	// is sent again rather than lost.
	room := newStaffRoom(t)
	room.e.cfg.Sent = nil
	room.submit(sampleRegistration())
	room.press(budi, "r:123:reject", cardMessage)
	room.press(budi, "r:123:x:ktp", 401)
	out := room.tolak(budi, "123 Foto KTP buram")
	if out[0].Kind != OutSend || out[0].Ref != "registration:123:card" || !strings.Contains(out[0].Text, "ditolak oleh Budi Santoso") {
		t.Errorf("card re-sent: %s", dump(out))
	}
	if len(out) != 3 {
		t.Errorf("want card, reply, notification: %s", dump(out))
	}
}

func TestReviewRejectStartsAFreshDraft(t *testing.T) {
	// A request sent again after a correction keeps the last items; a new
	// "Tolak" starts from none.
	room := newStaffRoom(t)
	r := sampleRegistration()
	r.RejectReason, r.RejectItems = "KTP buram", []string{DocKTP}
	room.submit(r)
	out := room.press(budi, "r:123:reject", cardMessage)
	mustContain(t, out[1].Text, "belum ada")
	if got := room.stored(123).RejectItems; len(got) != 0 {
		t.Errorf("draft %v", got)
	}
}

func TestReviewUnknownData(t *testing.T) {
	for _, data := range []string{"r:", "r:abc:take", "r:123", "r:123:x", "r:123:x:nope", "r:123:take:ktp", "r:-1:take", "r:123:bogus"} {
		t.Run(data, func(t *testing.T) {
			room := newStaffRoom(t)
			room.submit(sampleRegistration())
			a := only(t, room.press(budi, data, cardMessage))
			if a.Text != textStale {
				t.Errorf("answer %q", a.Text)
			}
			if room.stored(123).Status != RegSubmitted {
				t.Error("changed")
			}
		})
	}
}

func TestGroupCommands(t *testing.T) {
	room := newStaffRoom(t)
	out := room.must(room.handle(budi, Update{Kind: KindCommand, Command: "hapus", Addressed: true}))
	mustContain(t, only(t, out).Text, "/tolak")
	room.chatID = -100777
	out = room.must(room.handle(budi, Update{Kind: KindCommand, Command: "tolak", Args: "REG-000123 x"}))
	if len(out) != 0 {
		t.Errorf("a bare /tolak in another group is ignored: %s", dump(out))
	}
	out = room.must(room.handle(budi, Update{Kind: KindCommand, Command: "hapus", Addressed: true}))
	if strings.Contains(only(t, out).Text, "/tolak") {
		t.Error("other groups are not told about /tolak")
	}
}

func TestMaskID(t *testing.T) {
	for in, want := range map[string]string{
		"3201014101900003":   "3201********0003",
		"199001012015032001": "1990**********2001",
		"12345":              "*****",
		"":                   "-",
	} {
		if got := maskID(in); got != want {
			t.Errorf("maskID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReviewRejectByReplyingToThePrompt(t *testing.T) {
	room := newStaffRoom(t)
	r := room.submit(sampleRegistration())
	out := room.press(budi, "r:123:reject", cardMessage)
	prompt := out[1]
	mustContain(t, prompt.Text, "Balas pesan ini")
	room.press(budi, "r:123:x:ktp", 401)
	firstLine, _, _ := strings.Cut(prompt.Text, "\n")
	firstLine = strings.NewReplacer("<b>", "", "</b>", "").Replace(firstLine) // as Telegram shows it

	// Chatter that replies to something else is not a reason.
	if got := room.must(room.handle(budi, Update{Kind: KindText, Text: "oke", ReplyToText: "Registrasi Admin Satker REG-000123"})); len(got) != 0 {
		t.Errorf("a reply to another message was taken as a reason: %s", dump(got))
	}
	out = room.must(room.handle(budi, Update{Kind: KindText, Text: "Foto KTP buram, mohon kirim ulang.", ReplyToText: firstLine}))
	if len(out) == 0 || room.stored(r.ID).Status != RegRejected {
		t.Fatalf("a reply to the prompt did not reject: %s", dump(out))
	}
	if got := room.stored(r.ID).RejectReason; got != "Foto KTP buram, mohon kirim ulang." {
		t.Errorf("reason %q", got)
	}
}
