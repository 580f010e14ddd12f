package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"posko/bot/telegramtest"
)

const satkerCSV = "Kode Satker;Nama Satker;Kode KPPN;Kelola UP;Narahubung;Telepon\n" +
	"409876;Kantor Uji Satu;070;ya;Budi;081234567890\n" +
	"409877;Kantor Uji Dua;070;ya;Sari;081234567891\n" +
	"40987;Kode Salah;070;ya;;\n" +
	"409878;Kantor Tanpa UP;070;tidak;;\n"

// runCLI runs one posko subcommand with the env and returns its output.
func runCLI(t *testing.T, e env, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return e[k] }, &out, &errOut)
	return out.String(), err
}

func TestImportSatkerCommandIsIdempotent(t *testing.T) {
	e := newEnv(t, telegramtest.New(t))
	file := filepath.Join(t.TempDir(), "peta.csv")
	if err := os.WriteFile(file, []byte(satkerCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, e, "import-satker", file)
	if err != nil {
		t.Fatalf("import-satker: %v\n%s", err, out)
	}
	for _, want := range []string{"Ditambahkan: 3", "Ditolak: 1", "Baris 4:"} {
		if !strings.Contains(out, want) {
			t.Errorf("first import says:\n%s\nwant %q", out, want)
		}
	}
	out, err = runCLI(t, e, "import-satker", file)
	if err != nil || !strings.Contains(out, "Tidak berubah: 3") || !strings.Contains(out, "Ditambahkan: 0") {
		t.Errorf("second import (%v) says:\n%s\nwant all 3 unchanged", err, out)
	}
	db := openDB(t, e)
	var n int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM satkers WHERE mapped`).Scan(&n); err != nil || n != 3 {
		t.Errorf("satkers stored: %d (%v), want 3", n, err)
	}

	dir := t.TempDir()
	out, err = runCLI(t, e, "report", "-out", dir)
	if err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Satker pengelola UP: 2") {
		t.Errorf("report summary:\n%s\nwant 2 satker managing UP", out)
	}
	books, _ := filepath.Glob(filepath.Join(dir, "laporan-digipay-070-*.xlsx"))
	charts, _ := filepath.Glob(filepath.Join(dir, "grafik-digipay-070-*.png"))
	if len(books) != 1 || len(charts) != 1 {
		t.Fatalf("report files %v %v, want one workbook and one chart", books, charts)
	}
}

func TestServeImportAndReportInTheGroup(t *testing.T) {
	fake := telegramtest.New(t)
	fake.SetMember(groupChat, officer, "member")
	e := registrationEnv(t, fake)
	start(t, e)

	fake.SendGroupDocument(groupChat, officer, 0, 0, "peta-satker.csv", "text/csv", []byte(satkerCSV), "/impor")
	result := fake.WaitMessage(t, groupChat, contains("Hasil impor"), 3*wait)
	for _, want := range []string{"peta-satker.csv", "Ditambahkan: 3", "Ditolak: 1", "Baris 4"} {
		if !strings.Contains(result.Plain, want) {
			t.Errorf("import result:\n%s\nwant %q", result.Plain, want)
		}
	}

	fake.SendGroupText(groupChat, officer, "/set 409876 admin", 0)
	fake.WaitMessage(t, groupChat, contains("409876"), wait)
	fake.SendGroupText(groupChat, officer, "/laporan", 0)
	summary := fake.WaitMessage(t, groupChat, contains("Laporan Progres Implementasi Digipay"), 3*wait)
	for _, want := range []string{"Satker pengelola UP: 2", "1 (50"} {
		if !strings.Contains(summary.Plain, want) {
			t.Errorf("summary:\n%s\nwant %q", summary.Plain, want)
		}
	}
	chart := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool { return m.Method == "sendPhoto" }, 3*wait)
	img, err := png.Decode(bytes.NewReader(chart.Upload))
	if err != nil {
		t.Fatalf("chart: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 800 {
		t.Errorf("chart is %dx%d, want 1600x800", b.Dx(), b.Dy())
	}
	book := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool { return m.Method == "sendDocument" }, 3*wait)
	if !strings.HasSuffix(book.UploadName, ".xlsx") {
		t.Errorf("workbook named %q", book.UploadName)
	}
	f, err := excelize.OpenReader(bytes.NewReader(book.Upload))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Satker")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "409876" || rows[2][0] != "409877" {
		t.Errorf("workbook rows %q, want a header and the 2 satker managing UP", rows)
	}
}

var inviteLink = regexp.MustCompile(`https://t\.me/[A-Za-z0-9_]+\?start=(inv_[A-Za-z0-9_-]+)`)

func TestServeInvitationLinksAUserOnce(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	out, err := runCLI(t, e, "import-satker", writeTemp(t, "peta.csv", satkerCSV))
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	db := openDB(t, e)
	if _, err := db.Pool().Exec(context.Background(), `
		INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via) VALUES ($1, $1, '409876', 'admin', 'registration')`, userChat); err != nil {
		t.Fatal(err)
	}

	// A stranger typing the kode satker learns nothing about it.
	const ppk, other = int64(5101), int64(5102)
	fake.SendText(other, "/progres 409876")
	refused := fake.WaitMessage(t, other, contains("/daftar"), wait)
	if strings.Contains(refused.Plain, "Kantor Uji Satu") {
		t.Errorf("a stranger saw the satker's name: %q", refused.Plain)
	}

	// The admin invites the PPK.
	fake.SendText(userChat, "/undang")
	roles := fake.WaitMessage(t, userChat, contains("Undang pengguna satker"), wait)
	fake.Press(userChat, roles.MessageID, buttonData(t, roles, "PPK"))
	forward := fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool { return inviteLink.MatchString(m.Plain) }, wait)
	token := inviteLink.FindStringSubmatch(forward.Plain)[1]

	fake.SendText(ppk, "/start "+token)
	linked := fake.WaitMessage(t, ppk, contains("terhubung dengan satker"), wait)
	if !strings.Contains(linked.Plain, "409876") {
		t.Errorf("linked message %q", linked.Plain)
	}
	fake.WaitMessage(t, userChat, contains("telah terhubung sebagai"), wait)
	fake.SendText(other, "/start "+token)
	fake.WaitMessage(t, other, contains("sudah pernah dipakai"), wait)
	var links int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM satker_links WHERE kode_satker = '409876' AND role = 'ppk'`).Scan(&links); err != nil || links != 1 {
		t.Errorf("ppk links %d (%v), want 1", links, err)
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeChecklistRefusesAUsedEmail(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	if out, err := runCLI(t, e, "import-satker", writeTemp(t, "peta.csv", satkerCSV)); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	db := openDB(t, e)
	if _, err := db.Pool().Exec(context.Background(), `
		INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via) VALUES ($1, $1, '409876', 'admin', 'registration')`, userChat); err != nil {
		t.Fatal(err)
	}
	record := func(role, name, email, want string) telegramtest.Message {
		t.Helper()
		before := lastID(fake, userChat)
		fake.SendText(userChat, "/progres")
		list := fake.WaitMessage(t, userChat, after(before, contains("Progres Digipay satker")), wait)
		fake.Press(userChat, list.MessageID, buttonData(t, list, "Catat pengguna"))
		q := fake.WaitMessage(t, userChat, after(before, contains("peran apa")), wait)
		fake.Press(userChat, q.MessageID, buttonData(t, q, role))
		fake.WaitMessage(t, userChat, after(before, contains("nama lengkap")), wait)
		answer(t, fake, name, "alamat email")
		return answer(t, fake, email, want)
	}
	summary := record("PPK", "Budi Santoso", "budi@kemenag.go.id", "Kirim")
	fake.Press(userChat, summary.MessageID, buttonData(t, summary, "Kirim"))
	fake.WaitMessage(t, userChat, contains("Pengguna PPK tercatat"), wait)
	record("Pemesan", "Sari Wulandari", "BUDI@kemenag.go.id", "Email ini sudah dipakai")

	var n int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM satker_users WHERE kode_satker = '409876'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("satker users stored: %d (%v), want only the PPK", n, err)
	}
}
