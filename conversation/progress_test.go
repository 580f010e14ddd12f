package conversation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// recordUser fills "Catat pengguna" from the checklist: role, name and
// email, and returns what the last answer got.
func recordUser(p *satkerMember, checklist []Outgoing, role, name, email string) []Outgoing {
	p.o.t.Helper()
	out := p.pressLabel(checklist, textProgBtnUsers)
	mustContain(p.o.t, p.lastText(out), promptProgRole, pgSatker)
	out = p.pressLabel(out, satkerRoleName(role))
	mustContain(p.o.t, p.lastText(out), promptProgName)
	out = p.text(name)
	mustContain(p.o.t, p.lastText(out), promptProgEmail)
	return p.text(email)
}

func TestProgressChecklistEndToEnd(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	pp := o.linked(102, "Dedi PP", pgSatker, RolePP)
	bendahara := o.linked(103, "Ani Bendahara", pgSatker, RoleBendahara)

	out := admin.cmd("progres", "")
	text := admin.lastText(out)
	mustContain(t, text, pgSatker, pgSatkerName, "Peran Anda: Admin satker",
		"✅ <b>1. Admin satker terdaftar</b> (28-02-2026)", "⬜ <b>2. Lima pengguna satker dibuat</b>: 0 dari 5",
		"⬜ <b>3. Vendor terdaftar</b>: 0 vendor", "⬜ <b>4. Transaksi melalui Digipay</b>: 0 transaksi, Rp0",
		"Langkah berikutnya: buat lima pengguna satker", "menu <b>Pengguna</b>")

	users := []SatkerUser{
		{Role: RolePPK, Name: "Budi Santoso", Email: "budi@kemenag.go.id"},
		{Role: RolePemesan, Name: "Citra Lestari", Email: "citra@kemenag.go.id"},
		{Role: RolePP, Name: "Dedi Kurniawan", Email: "dedi@kemenag.go.id"},
		{Role: RolePenerima, Name: "Eka Putri", Email: "eka@kemenag.go.id"},
		{Role: RoleBendahara, Name: "Ani Wijaya", Email: "ani@kemenag.go.id"},
	}
	for i, u := range users {
		switch i {
		case 1: // the PPK's email for the Pemesan: re-asked, precisely
			out = recordUser(admin, out, u.Role, u.Name, "BUDI@kemenag.go.id")
			mustContain(t, admin.lastText(out), "Email ini sudah dipakai pengguna lain satker Anda (PPK)", promptProgEmail)
			out = admin.text(u.Email)
		case 2: // the PPK's name for the Pejabat Pengadaan
			out = admin.pressLabel(out, textProgBtnUsers)
			out = admin.pressLabel(out, satkerRoleName(u.Role))
			out = admin.text("  budi   SANTOSO ")
			mustContain(t, admin.lastText(out), "Nama ini sudah tercatat untuk peran lain (PPK): setiap peran harus orang yang berbeda", promptProgName)
			out = admin.text(u.Name)
			out = admin.text(u.Email)
		default:
			out = recordUser(admin, out, u.Role, u.Name, u.Email)
		}
		summary := admin.lastText(out)
		mustContain(t, summary, "Periksa kembali", satkerRoleName(u.Role), u.Name, u.Email)
		if got := len(o.satker(pgSatker).Users); got != i {
			t.Fatalf("before Kirim of user %d: %d users stored", i+1, got)
		}
		out = admin.pressLabel(out, textSend)
		mustContain(t, admin.lastText(out), "✅ Pengguna <b>"+satkerRoleName(u.Role)+"</b> tercatat: "+u.Name+" ("+u.Email+")")
	}

	s := o.satker(pgSatker)
	if len(s.Users) != 5 || s.UsersAt.IsZero() {
		t.Fatalf("after five users: %d users, UsersAt %v", len(s.Users), s.UsersAt)
	}
	for _, want := range users {
		got, ok := userInRole(s.Users, want.Role)
		if !ok || got.Name != want.Name || got.Email != want.Email || !got.At.Equal(mon10) {
			t.Errorf("user %s = %+v, want %+v", want.Role, got, want)
		}
	}
	text = admin.lastText(out)
	mustContain(t, text, "✅ <b>2. Lima pengguna satker dibuat</b>: 5 dari 5", "✅ Pejabat Pengadaan: Dedi Kurniawan (dedi@kemenag.go.id)",
		"Langkah berikutnya: daftarkan vendor", "Pejabat Pengadaan mengundang")

	// The Pejabat Pengadaan reports the vendors; users other than the admin see no emails.
	o.now = o.now.Add(time.Hour)
	out = pp.cmd("progres", "")
	text = pp.lastText(out)
	mustContain(t, text, "Peran Anda: Pejabat Pengadaan", "✅ PPK: Budi Santoso\n")
	if strings.Contains(text, "@kemenag.go.id") {
		t.Errorf("the Pejabat Pengadaan sees the users' emails:\n%s", text)
	}
	out = pp.pressLabel(out, textProgBtnVendors)
	mustContain(t, pp.lastText(out), "Jumlah vendor yang tercatat saat ini: <b>0</b>", promptProgVendorCount)
	out = pp.text("10001")
	mustContain(t, pp.lastText(out), "paling banyak 10.000")
	out = pp.text("tiga")
	mustContain(t, pp.lastText(out), "ditulis dengan angka")
	out = pp.text("4")
	out = pp.pressLabel(out, textSend)
	mustContain(t, pp.lastText(out), "✅ Jumlah vendor tercatat: <b>4</b>.", "✅ <b>3. Vendor terdaftar</b>: 4 vendor",
		"Langkah berikutnya: transaksi pertama")
	if s := o.satker(pgSatker); s.Vendors != 4 || s.VendorAt.IsZero() {
		t.Errorf("vendors = %d at %v, want 4 reached", s.Vendors, s.VendorAt)
	}

	// The Bendahara reports a transaction.
	out = bendahara.cmd("progres", "")
	out = bendahara.pressLabel(out, textProgBtnTx)
	mustContain(t, bendahara.lastText(out), promptProgTxDate)
	out = bendahara.text("03-03-2026") // tomorrow in WIB
	mustContain(t, bendahara.lastText(out), "tidak boleh setelah hari ini (02-03-2026)")
	out = bendahara.text("2/3/2026")
	mustContain(t, bendahara.lastText(out), promptProgTxVendor)
	out = bendahara.text("CV Maju <Jaya>")
	for _, bad := range []string{"0", "1.25", "Rp 1.250.000,50"} {
		out = bendahara.text(bad)
		if !strings.Contains(bendahara.lastText(out), promptProgTxValue) {
			t.Errorf("value %q accepted: %s", bad, dump(out))
		}
	}
	out = bendahara.text("1.250.000")
	out = bendahara.pressLabel(out, ChannelKKP)
	mustContain(t, bendahara.lastText(out), "CV Maju &lt;Jaya&gt;", "1.250.000", "KKP", "02-03-2026")
	out = bendahara.pressLabel(out, textSend)
	mustContain(t, bendahara.lastText(out), "✅ Transaksi tercatat: 02-03-2026, CV Maju &lt;Jaya&gt;, Rp1.250.000, KKP.",
		"✅ <b>4. Transaksi melalui Digipay</b>: 1 transaksi, Rp1.250.000", "Semua tahap sudah tercapai")
	if len(o.tx.txs) != 1 {
		t.Fatalf("%d transactions stored, want 1", len(o.tx.txs))
	}
	want := Transaction{SatkerCode: pgSatker, Date: time.Date(2026, 3, 2, 0, 0, 0, 0, wib()), Vendor: "CV Maju <Jaya>",
		Value: 1250000, Channel: ChannelKKP}
	if got := o.tx.txs[0]; got.SatkerCode != want.SatkerCode || !got.Date.Equal(want.Date) || got.Vendor != want.Vendor ||
		got.Value != want.Value || got.Channel != want.Channel || got.Ref != "" {
		t.Errorf("transaction = %+v, want %+v", got, want)
	}
	if s := o.satker(pgSatker); s.Transactions != 1 || s.TxValue != 1250000 || s.Next() != "" {
		t.Errorf("satker after the transaction: %d transactions, Rp%d, next %q", s.Transactions, s.TxValue, s.Next())
	}
}

func TestProgressUserRoleChangedFromSummary(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	out := admin.cmd("progres", "")
	out = recordUser(admin, out, RolePPK, "Budi Santoso", "budi@kemenag.go.id")
	out = admin.pressLabel(out, textSend)

	// Re-recording the PPK under the same name replaces it.
	out = recordUser(admin, out, RolePPK, "Budi Santoso", "budi.s@kemenag.go.id")
	mustContain(t, admin.lastText(out), "Periksa kembali")
	// Moving the form to the Pemesan makes the name another role's: asked again.
	out = admin.pressLabel(out, "Ubah "+labelProgRole)
	out = admin.pressLabel(out, textProgRolePemesan)
	mustContain(t, admin.lastText(out), "Nama ini sudah tercatat untuk peran lain (PPK)", promptProgName)
	out = admin.text("Citra Lestari")
	out = admin.pressLabel(out, textSend)
	mustContain(t, admin.lastText(out), "✅ Pengguna <b>Pemesan</b> tercatat: Citra Lestari (budi.s@kemenag.go.id)")
	users := o.satker(pgSatker).Users
	if len(users) != 2 {
		t.Fatalf("users = %+v", users)
	}
	if u, _ := userInRole(users, RolePPK); u.Email != "budi@kemenag.go.id" {
		t.Errorf("PPK changed: %+v", u)
	}

	out = recordUser(admin, out, RolePPK, "Budi Santoso", "budi.baru@kemenag.go.id")
	admin.pressLabel(out, textSend)
	if u, _ := userInRole(o.satker(pgSatker).Users, RolePPK); u.Email != "budi.baru@kemenag.go.id" || len(o.satker(pgSatker).Users) != 2 {
		t.Errorf("PPK not replaced: %+v", o.satker(pgSatker).Users)
	}
}

func TestProgressButtonsByRole(t *testing.T) {
	tail := []string{textProgBtnRefresh, textMenuMain}
	tests := []struct {
		role string
		want []string
	}{
		{RoleAdmin, []string{textProgBtnUsers, textProgBtnInvite, textVendorBtnInvite, textProgBtnVendors, textProgBtnTx}},
		{RolePP, []string{textVendorBtnInvite, textProgBtnVendors}},
		{RoleBendahara, []string{textProgBtnTx}},
		{RolePPK, []string{textProgBtnTx}},
		{RolePemesan, nil},
		{RolePenerima, nil},
	}
	for _, tc := range tests {
		t.Run(tc.role, func(t *testing.T) {
			o := newSatkerOffice(t)
			p := o.linked(200, "Someone", pgSatker, tc.role)
			out := p.cmd("progres", "")
			if got, want := checklistLabels(out), append(tc.want, tail...); !slices.Equal(got, want) {
				t.Errorf("buttons = %q, want %q", got, want)
			}
			mustContain(t, p.lastText(out), "Peran Anda: "+satkerRoleName(tc.role))
			// Buttons the role does not get refuse when pressed anyway.
			refusals := map[string]string{
				progUsers: textProgAdminOnly, progVendors: textProgVendorOnly, progTx: textProgTxOnly, progInvite: textInviteAdminOnly,
				progInviteAs: textInviteAdminOnly,
			}
			allowed := map[string]bool{}
			for _, b := range tc.want {
				allowed[map[string]string{textProgBtnUsers: progUsers, textProgBtnInvite: progInvite, textProgBtnVendors: progVendors,
					textProgBtnTx: progTx}[b]] = true
			}
			if allowed[progInvite] {
				allowed[progInviteAs] = true
			}
			for action, refusal := range refusals {
				if allowed[action] {
					continue
				}
				data := progressData(action, pgSatker)
				if action == progInviteAs {
					data = progressData(action, pgSatker, RolePPK)
				}
				out := p.press(data)
				if got := p.lastText(out); got != refusal {
					t.Errorf("press %s: %q, want %q", data, got, refusal)
				}
				if p.st.Form != nil {
					t.Errorf("press %s opened form %s", data, p.st.Form.Flow)
				}
			}
			if len(o.tx.invitations) != 0 {
				t.Errorf("invitations created: %v", o.tx.invitations)
			}
		})
	}
}

func TestProgressStrangerGetsNoData(t *testing.T) {
	o := newSatkerOffice(t)
	stranger := o.person(300, "Orang Asing")
	var out []Outgoing
	out = append(out, stranger.cmd("progres", pgSatker)...)
	mustContain(t, stranger.lastText(out), "kode satker saja tidak cukup", "belum terhubung", "/daftar", "tautan undangan", "/bantuan")
	out = append(out, stranger.cmd("progres", "")...)
	out = append(out, stranger.text(pgSatker)...)
	out = append(out, stranger.press(dataMenu+keyProgress)...)
	out = append(out, stranger.press(progressData(progShow, pgSatker))...)
	out = append(out, stranger.press(progressData(progTx, pgSatker))...)
	out = append(out, stranger.cmd("undang", pgSatker)...)
	out = append(out, stranger.press(progressData(progInviteAs, pgSatker, RolePPK))...)
	if all := progressTexts(out); strings.Contains(all, pgSatkerName) || strings.Contains(all, "Peran Anda") ||
		strings.Contains(all, textProgBtnTx) {
		t.Errorf("a stranger saw satker data:\n%s", all)
	}
	if stranger.st.Form != nil || len(o.tx.invitations) != 0 || len(o.tx.satkerLinks) != 0 {
		t.Errorf("a stranger changed something: form %v, invitations %d, links %d", stranger.st.Form, len(o.tx.invitations), len(o.tx.satkerLinks))
	}
}

func TestProgressSeveralSatker(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	o.linked(101, "Rina Admin", pgOther, RolePPK)
	o.tx.addSatker(SatkerProgress{Code: "409999", Name: "SATKER LAIN YANG RAHASIA"})

	out := admin.cmd("progres", "")
	if got := checklistLabels(out); len(got) != 3 || !strings.HasPrefix(got[0], pgOther) || !strings.HasPrefix(got[1], pgSatker) {
		t.Fatalf("choice = %q", got)
	}
	out = admin.pressLabel(out, shorten(pgOther+" "+pgOtherName, 60))
	mustContain(t, admin.lastText(out), pgOtherName, "Peran Anda: PPK", "⬜ <b>1. Admin satker terdaftar</b>",
		"Langkah berikutnya: daftarkan admin satker")
	if got := checklistLabels(out); !slices.Equal(got, []string{textProgBtnTx, textProgBtnRefresh, textMenuMain}) {
		t.Errorf("PPK buttons = %q", got)
	}

	out = admin.cmd("progres", "409999")
	if all := progressTexts(out); strings.Contains(all, "RAHASIA") || !strings.Contains(all, "tidak terhubung dengan satker “409999”") {
		t.Errorf("another satker's code: %s", dump(out))
	}
	out = admin.cmd("progres", pgSatker)
	mustContain(t, admin.lastText(out), pgSatkerName, "Peran Anda: Admin satker")

	// The transaction form of the other satker is about that satker.
	out = admin.cmd("progres", pgOther)
	out = admin.pressLabel(out, textProgBtnTx)
	mustContain(t, admin.lastText(out), pgOther, pgOtherName)
	for _, s := range []string{"02-03-2026", "Toko Sejahtera", "Rp 500.000"} {
		out = admin.text(s)
	}
	out = admin.text("cms")
	admin.pressLabel(out, textSend)
	if len(o.tx.txs) != 1 || o.tx.txs[0].SatkerCode != pgOther || o.tx.txs[0].Channel != ChannelCMS || o.tx.txs[0].Value != 500000 {
		t.Errorf("transactions = %+v", o.tx.txs)
	}
}

func TestProgressFormLosesRole(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	out := admin.cmd("progres", "")
	out = admin.pressLabel(out, textProgBtnVendors)
	out = admin.text("2")
	// The link is withdrawn while the summary waits.
	o.tx.satkerLinks = nil
	out = admin.pressLabel(out, textSend)
	if got := admin.lastText(out); got != textProgNotLinked {
		t.Errorf("after the link is gone: %q", got)
	}
	if s := o.satker(pgSatker); s.Vendors != 0 {
		t.Errorf("vendors stored without a link: %d", s.Vendors)
	}
}

func TestValidateRupiah(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1.250.000", "1.250.000", true},
		{"1250000", "1.250.000", true},
		{"Rp 1.250.000", "1.250.000", true},
		{"Rp1.250.000,00", "1.250.000", true},
		{"rp. 75.000,-", "75.000", true},
		{"1,250,000", "1.250.000", true},
		{"1 250 000", "1.250.000", true},
		{"999", "999", true},
		{"0", "", false},
		{"1.25", "", false},
		{"1.250.000,50", "", false},
		{"12.50.000", "", false},
		{"satu juta", "", false},
		{"-5000", "", false},
		{"1234567890123456", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, problem := ValidateRupiah(tc.in)
			if (problem == "") != tc.ok || got != tc.want {
				t.Errorf("ValidateRupiah(%q) = %q, %q; want %q, ok %v", tc.in, got, problem, tc.want, tc.ok)
			}
		})
	}
}

func TestProgressThousands(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1250000: "1.250.000", -12000: "-12.000"} {
		if got := FormatCount(in); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestProgressFormOpenedByLink(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	out := admin.cmd("start", flowVendors) // t.me/<bot>?start=progres_vendor: no satker chosen
	out = admin.text("7")
	out = admin.pressLabel(out, textSend)
	if got := admin.lastText(out); got != textProgFromChecklist {
		t.Errorf("form opened by a link: %q", got)
	}
	if s := o.satker(pgSatker); s.Vendors != 0 {
		t.Errorf("vendors stored for a form without satker: %d", s.Vendors)
	}
}
