package conversation

import (
	"strings"
	"testing"
)

// doc is who sending f as a document with caption in the room's chat.
func (r *kppnRoom) doc(who officerT, caption string, f File) []Outgoing {
	r.t.Helper()
	return r.must(r.handle(who, Update{Kind: KindDocument, Text: caption, File: &f, ThreadID: 77}))
}

func TestImporQueuesTheFile(t *testing.T) {
	tests := []struct {
		caption string
		file    File
		kind    string
		what    string
	}{
		{"/impor", File{ID: "f-csv", UniqueID: "u1", Name: "peta satker 2026.csv", MIME: "text/csv", Size: 52000}, JobImportSatker, "peta satker"},
		{"/impor@posko_bot satker", File{ID: "f-xlsx", Name: "Peta.XLSX", MIME: "application/octet-stream", Size: 20 << 20}, JobImportSatker, "peta satker"},
		{"/impor transaksi", File{ID: "f-tx", Name: "ekspor_digipay.xlsx", Size: 900000}, JobImportTx, "data transaksi"},
		{"/IMPOR TX", File{ID: "f-tx2", Name: "ekspor.csv", MIME: "application/vnd.ms-excel", Size: 10}, JobImportTx, "data transaksi"},
		{"/impor", File{ID: "f-noname", MIME: "text/csv", Size: 10}, JobImportSatker, "peta satker"},
	}
	for _, tt := range tests {
		t.Run(tt.caption+" "+tt.file.Name, func(t *testing.T) {
			r := newKPPNRoom(t)
			out := r.doc(ani, tt.caption, tt.file)
			mustContain(t, r.replyText(out), "sedang diproses sebagai "+tt.what, "hasilnya dikirim di sini")
			if tt.file.Name != "" {
				mustContain(t, out[0].Text, "<b>"+tt.file.Name+"</b>")
			}
			if len(r.tx.jobs) != 1 {
				t.Fatalf("%d jobs queued, want 1", len(r.tx.jobs))
			}
			j := r.tx.jobs[0]
			msg := int(r.nextID)
			if j.Kind != tt.kind || j.KPPNCode != "070" || j.ChatID != testGroup || j.ThreadID != 77 || j.ReplyTo != msg ||
				j.By.UserID != ani.id || j.By.ChatID != testGroup || !j.At.Equal(t0) {
				t.Errorf("job %+v, want %s of KPPN 070 replying to %d by ani", j, tt.kind, msg)
			}
			if j.File == nil || *j.File != tt.file {
				t.Errorf("job file %+v, want %+v", j.File, tt.file)
			}
			if out[0].ReplyTo != msg {
				t.Errorf("the answer replies to %d, want %d", out[0].ReplyTo, msg)
			}
		})
	}
}

func TestImporRefusesWrongFiles(t *testing.T) {
	tests := []struct {
		name    string
		caption string
		file    File
		want    string
	}{
		{"a PDF", "/impor", File{ID: "a", Name: "peta.pdf", MIME: "application/pdf", Size: 100}, "Berkas <b>peta.pdf</b> bukan CSV atau XLSX (.pdf)"},
		{"old Excel", "/impor", File{ID: "a", Name: "peta.xls", MIME: "application/vnd.ms-excel", Size: 100}, "Excel lama (.xls)"},
		{"old Excel without a name", "/impor", File{ID: "a", MIME: "application/vnd.ms-excel", Size: 100}, "Excel lama (.xls)"},
		{"unknown MIME without a name", "/impor", File{ID: "a", MIME: "image/png", Size: 100}, "bukan CSV atau XLSX (image/png)"},
		{"over 20 MB", "/impor", File{ID: "a", Name: "besar.csv", Size: 25 << 20}, "Berkas <b>besar.csv</b> terlalu besar (25,0 MB)"},
		{"a photo", "/impor", File{ID: "a", Photo: true}, textKPPNImportNoFile},
		{"unknown kind", "/impor vendor", File{ID: "a", Name: "v.csv", Size: 100}, "Jenis impor “vendor” tidak dikenal."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newKPPNRoom(t)
			mustContain(t, r.replyText(r.doc(budi, tt.caption, tt.file)), tt.want)
			if len(r.tx.jobs) != 0 {
				t.Errorf("job queued for a refused file: %+v", r.tx.jobs)
			}
		})
	}
	t.Run("a caption for another bot, or another command", func(t *testing.T) {
		r := newKPPNRoom(t)
		for _, caption := range []string{"/impor@other_bot", "/imporkan"} {
			if out := r.doc(budi, caption, File{ID: "a", Name: "p.csv", Size: 10}); len(out) != 0 {
				t.Errorf("%q answered: %s", caption, dump(out))
			}
		}
		if len(r.tx.jobs) != 0 {
			t.Errorf("job queued: %+v", r.tx.jobs)
		}
	})
}

func TestImporAsCommand(t *testing.T) {
	r := newKPPNRoom(t)
	mustContain(t, r.replyText(r.cmd(budi, "impor", "")), "keterangan (caption)", "/impor transaksi", "20 MB")
	out := r.must(r.handle(budi, Update{Kind: KindCommand, Command: "impor", Text: "/impor", ReplyToMessageID: 321}))
	mustContain(t, r.replyText(out), "tidak dapat mengambil berkas dari pesan yang dibalas", "keterangan <code>/impor</code>")
	if len(r.tx.jobs) != 0 {
		t.Errorf("job queued without a file: %+v", r.tx.jobs)
	}
}

func TestLaporanQueuesAReport(t *testing.T) {
	r := newKPPNRoom(t)
	out := r.must(r.handle(budi, Update{Kind: KindCommand, Command: "laporan", Text: "/laporan", ThreadID: 12}))
	text := r.replyText(out)
	mustContain(t, text, "Laporan sedang disiapkan…")
	if len(r.tx.jobs) != 1 {
		t.Fatalf("%d jobs, want 1", len(r.tx.jobs))
	}
	j := r.tx.jobs[0]
	if j.Kind != JobReport || j.KPPNCode != "070" || j.ChatID != testGroup || j.ThreadID != 12 ||
		j.ReplyTo != int(r.nextID) || j.File != nil || j.By.UserID != budi.id {
		t.Errorf("job %+v", j)
	}
	if strings.Count(text, "\n") > 2 {
		t.Errorf("the answer is not short:\n%s", text)
	}
}
