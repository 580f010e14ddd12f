package conversation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// invite has the admin create an invitation for role with /undang and
// returns the token of the link received.
func invite(t *testing.T, admin *satkerMember, role string) string {
	t.Helper()
	out := admin.cmd("undang", "")
	mustContain(t, admin.lastText(out), "Undang pengguna satker "+pgSatker)
	out = admin.pressLabel(out, satkerRoleName(role))
	return inviteToken(t, out)
}

func TestInvitationLinksOnce(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)

	out := admin.cmd("undang", "")
	if got := checklistLabels(out); !slices.Equal(got, []string{textProgRolePPK, textProgRolePemesan, textProgRolePP,
		textProgRolePenerima, textProgRoleBendahara, textProgBtnBack}) {
		t.Errorf("role buttons = %q", got)
	}
	out = admin.pressLabel(out, textProgRolePPK)
	sent := sends(out)
	if len(sent) != 2 {
		t.Fatalf("want the note and the message to forward: %s", dump(out))
	}
	mustContain(t, sent[0].Text, "Tautan undangan untuk <b>PPK</b> satker "+pgSatker, "09-03-2026 10.00 WIB", "Teruskan")
	mustContain(t, sent[1].Text, "Silakan buka tautan ini", pgSatker, pgSatkerName, "sebagai <b>PPK</b>", "https://t.me/"+pgBot+"?start=inv_",
		"09-03-2026 10.00 WIB", "satu kali")
	if len(sent[1].Buttons) != 0 {
		t.Errorf("the message to forward carries buttons: %q", labels(sent[1]))
	}
	token := inviteToken(t, out)
	inv, ok := o.tx.invitations[token]
	if !ok || inv.SatkerCode != pgSatker || inv.Role != RolePPK || inv.CreatedBy.ChatID != admin.id ||
		!inv.CreatedAt.Equal(mon10) || !inv.ExpiresAt.Equal(mon10.Add(7*24*time.Hour)) {
		t.Fatalf("stored invitation = %+v (found %v)", inv, ok)
	}

	// The PPK opens it: linked, with the checklist; the admin hears of it.
	ppk := o.person(201, "Budi <PPK>")
	out = ppk.cmd("start", invitationPrefix+token)
	mustContain(t, ppk.lastText(out), "✅ Akun Anda terhubung dengan satker <b>"+pgSatker+"</b> "+pgSatkerName+" sebagai <b>PPK</b>.",
		"Peran Anda: PPK", "<b>2. Lima pengguna satker dibuat</b>")
	if got := checklistLabels(out[:1]); !slices.Contains(got, textProgBtnTx) || slices.Contains(got, textProgBtnUsers) {
		t.Errorf("PPK buttons = %q", got)
	}
	if got := o.rolesOf(ppk.id, pgSatker); !slices.Equal(got, []string{RolePPK}) {
		t.Errorf("PPK roles = %q", got)
	}
	if len(out) != 2 || out[0].ChatID != ppk.id {
		t.Fatalf("want the checklist, then the note to the admin: %s", dump(out))
	}
	var told bool
	for _, m := range out {
		if m.ChatID == admin.id {
			told = true
			mustContain(t, m.Text, "Budi &lt;PPK&gt; telah terhubung sebagai <b>PPK</b> satker "+pgSatker)
		}
	}
	if !told {
		t.Errorf("the admin was not told: %s", dump(out))
	}

	// Someone else opens the same link: refused, not linked.
	other := o.person(202, "Orang Lain")
	out = other.cmd("start", invitationPrefix+token)
	if got := other.lastText(out); got != textInviteUsed {
		t.Errorf("second use: %q", got)
	}
	if strings.Contains(progressTexts(out), pgSatkerName) || len(o.rolesOf(other.id, pgSatker)) != 0 {
		t.Errorf("second use linked or showed data: %s", dump(out))
	}
	// The PPK opening it again is reminded, calmly.
	out = ppk.cmd("start", invitationPrefix+token)
	mustContain(t, ppk.lastText(out), "sudah terhubung sebagai <b>PPK</b>", "Peran Anda: PPK")

	// The role list now shows the PPK linked.
	out = admin.cmd("undang", "")
	if got := checklistLabels(out); got[0] != "PPK (sudah ada yang terhubung)" || got[1] != textProgRolePemesan {
		t.Errorf("role buttons = %q", got)
	}
}

func TestInvitationExpires(t *testing.T) {
	o := newSatkerOffice(t)
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	early := invite(t, admin, RoleBendahara)
	late := invite(t, admin, RolePenerima)
	if early == late {
		t.Fatal("two invitations share a token")
	}

	o.now = mon10.Add(7*24*time.Hour - time.Minute)
	bendahara := o.person(203, "Ani")
	out := bendahara.cmd("start", invitationPrefix+early)
	mustContain(t, bendahara.lastText(out), "sebagai <b>Bendahara</b>")

	o.now = mon10.Add(7 * 24 * time.Hour)
	penerima := o.person(204, "Eka")
	out = penerima.cmd("start", invitationPrefix+late)
	if got := penerima.lastText(out); got != textInviteExpired {
		t.Errorf("expired link: %q", got)
	}
	if len(o.rolesOf(penerima.id, pgSatker)) != 0 || strings.Contains(progressTexts(out), pgSatkerName) {
		t.Errorf("an expired link linked or showed data: %s", dump(out))
	}
}

func TestInvitationUnknownToken(t *testing.T) {
	for _, payload := range []string{"inv_AAAAAAAAAAAAAAAAAAAAAA", "inv_", "inv_<script>", "inv_" + strings.Repeat("a", 80)} {
		t.Run(payload[:min(len(payload), 12)], func(t *testing.T) {
			o := newSatkerOffice(t)
			p := o.person(205, "Siapa")
			out := p.cmd("start", payload)
			if got := p.lastText(out); got != textInviteNotFound {
				t.Errorf("%q: %q", payload, got)
			}
		})
	}
}

func TestInvitationOnlyByAdmin(t *testing.T) {
	o := newSatkerOffice(t)
	ppk := o.linked(201, "Budi", pgSatker, RolePPK)
	out := ppk.cmd("undang", "")
	if got := ppk.lastText(out); got != textInviteAdminOnly {
		t.Errorf("/undang by the PPK: %q", got)
	}
	out = ppk.cmd("undang", pgSatker)
	if got := ppk.lastText(out); got != textInviteAdminOnly {
		t.Errorf("/undang %s by the PPK: %q", pgSatker, got)
	}
	out = ppk.press(progressData(progInviteAs, pgSatker, RolePemesan))
	if got := ppk.lastText(out); got != textInviteAdminOnly {
		t.Errorf("forged invite press by the PPK: %q", got)
	}

	// The admin of another satker cannot invite into this one.
	otherAdmin := o.linked(301, "Admin Lain", pgOther, RoleAdmin)
	out = otherAdmin.press(progressData(progInviteAs, pgSatker, RolePemesan))
	if got := otherAdmin.lastText(out); got != textProgNotLinked {
		t.Errorf("forged invite press by another satker's admin: %q", got)
	}
	out = otherAdmin.cmd("undang", pgSatker)
	if strings.Contains(progressTexts(out), pgSatkerName) || !strings.Contains(progressTexts(out), "tidak terhubung") {
		t.Errorf("/undang of another satker: %s", dump(out))
	}
	if len(o.tx.invitations) != 0 {
		t.Errorf("invitations created: %d", len(o.tx.invitations))
	}
}

func TestInvitationNeedsBotUsername(t *testing.T) {
	o := newSatkerOffice(t)
	o.e.cfg.BotUsername = ""
	admin := o.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	out := admin.cmd("undang", "")
	out = admin.pressLabel(out, textProgRolePPK)
	if got := admin.lastText(out); got != textInviteUnavailable || len(o.tx.invitations) != 0 {
		t.Errorf("without a bot username: %q, %d invitations", got, len(o.tx.invitations))
	}
}

func TestInvitationTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok := newInvitationToken()
		if len(tok) != 22 || !validInvitationToken(tok) || seen[tok] {
			t.Fatalf("token %q (len %d, seen %v)", tok, len(tok), seen[tok])
		}
		seen[tok] = true
	}
}
