package backoffice

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"posko/conversation"
)

const (
	staffGroup = int64(-1001234567890)
	officerID  = int64(4242)
)

var (
	officer = conversation.Actor{UserID: officerID, Name: "Budi Petugas", ChatID: staffGroup}
	testWIB = time.FixedZone("WIB", 7*60*60)
	// testNow is the runner's clock: 30 November 2026, 16:00 WIB.
	testNow = time.Date(2026, 11, 30, 16, 0, 0, 0, testWIB)
)

// satkerCSV is a satker map with three good rows and one bad (line 4).
const satkerCSV = "Kode Satker;Nama Satker;Kode KPPN;Kelola UP;Narahubung;Telepon\n" +
	"409876;Kantor Uji Satu;070;ya;Budi;081234567890\n" +
	"409877;Kantor Uji Dua;;ya;Sari;081234567891\n" +
	"40987;Kode Salah;070;ya;;\n" +
	"409878;Kantor Tanpa UP;070;tidak;;\n"

// txCSV is Digipay's transactions: two good rows, one with a bad method (line 3).
const txCSV = "Kode Satker,Tanggal,Vendor,Nilai,Metode,ID Transaksi\n" +
	"409876,15-11-2026,CV Maju,1.250.000,CMS,DGP-1\n" +
	"409876,16-11-2026,CV Maju,500000,tunai,DGP-2\n" +
	"409877,17-11-2026,Toko Jaya,750.000,KKP,DGP-3\n"

// importJob is an /impor job of kind with file fileID named name.
func importJob(id int64, kind, fileID, name string) conversation.Job {
	return conversation.Job{ID: id, Kind: kind, KPPNCode: "070", ChatID: staffGroup, ThreadID: 12, ReplyTo: 345,
		File: &conversation.File{ID: fileID, UniqueID: "u-" + fileID, Name: name, Size: 2048}, By: officer,
		At: testNow.Add(-time.Minute)}
}

// newRunner returns a runner on the fakes with the test clock.
func newRunner(store Store, files Downloader, maxAttempts int) *Runner {
	return New(store, files, nil, Options{Owner: "test", MaxAttempts: maxAttempts, Now: func() time.Time { return testNow }})
}

// runOne claims and does one job, failing the test on an error.
func runOne(t *testing.T, r *Runner) {
	t.Helper()
	did, err := r.RunOnce(context.Background())
	if err != nil || !did {
		t.Fatalf("RunOnce = %v, %v; want a job done", did, err)
	}
}

// onlyFinish returns the one FinishJob call the runner made for job id.
func onlyFinish(t *testing.T, s *fakeStore, id int64) finishCall {
	t.Helper()
	calls := s.finishedCalls()
	if len(calls) != 1 || calls[0].id != id {
		t.Fatalf("FinishJob calls %+v, want one for job %d", calls, id)
	}
	return calls[0]
}

// checkReply checks that m is a text reply to job j's message in its thread.
func checkReply(t *testing.T, m conversation.Outgoing, j conversation.Job) {
	t.Helper()
	if m.Kind != conversation.OutSend || m.ChatID != j.ChatID || m.ThreadID != j.ThreadID || m.ReplyTo != j.ReplyTo {
		t.Errorf("message %s to chat %d thread %d replying to %d; want a text to %d thread %d replying to %d",
			m.Kind, m.ChatID, m.ThreadID, m.ReplyTo, j.ChatID, j.ThreadID, j.ReplyTo)
	}
}

func TestImportJob(t *testing.T) {
	t.Run("satker map", func(t *testing.T) {
		j := importJob(7, conversation.JobImportSatker, "BQAC-map", "peta-satker.csv")
		store := &fakeStore{jobs: []conversation.Job{j}, satkerAdded: 2, satkerUpdated: 1}
		files := &fakeFiles{files: map[string][]byte{"BQAC-map": []byte(satkerCSV)}}
		runOne(t, newRunner(store, files, 0))

		if len(files.asked) != 1 || files.asked[0] != "BQAC-map" || files.sizes[0] != 2048 {
			t.Errorf("downloaded %q sizes %v, want the job's file once with its size", files.asked, files.sizes)
		}
		if len(store.satkerRows) != 1 {
			t.Fatalf("%d satker imports, want 1", len(store.satkerRows))
		}
		var codes []string
		for _, r := range store.satkerRows[0] {
			codes = append(codes, r.Code)
		}
		if got := strings.Join(codes, ","); got != "409876,409877,409878" {
			t.Errorf("imported codes %s, want the three good rows", got)
		}
		if store.satkerKPPN[0] != "070" || store.importBy[0] != officer {
			t.Errorf("imported into KPPN %q by %+v, want the job's KPPN and officer", store.satkerKPPN[0], store.importBy[0])
		}
		fin := onlyFinish(t, store, 7)
		if fin.failure != "" || len(fin.out) != 1 {
			t.Fatalf("finished with failure %q and %d messages, want done with one", fin.failure, len(fin.out))
		}
		checkReply(t, fin.out[0], j)
		for _, want := range []string{"peta-satker.csv", "Baris data dibaca: 4", "Ditambahkan: 2", "Diperbarui: 1",
			"Tidak berubah: 0", "Ditolak: 1", "Baris 4:"} {
			if !strings.Contains(fin.out[0].Text, want) {
				t.Errorf("result lacks %q:\n%s", want, fin.out[0].Text)
			}
		}
	})
	t.Run("transactions", func(t *testing.T) {
		j := importJob(8, conversation.JobImportTx, "BQAC-tx", "transaksi.csv")
		store := &fakeStore{jobs: []conversation.Job{j}, txAdded: 1, txDuplicates: 0,
			txRejected: []conversation.RowProblem{{Line: 4, Reason: "kode satker 409877 tidak ada di peta satker"}}}
		files := &fakeFiles{files: map[string][]byte{"BQAC-tx": []byte(txCSV)}}
		runOne(t, newRunner(store, files, 0))

		if len(store.txRows) != 1 || len(store.txRows[0]) != 2 || store.txRows[0][0].Ref != "DGP-1" ||
			store.txRows[0][0].Value != 1_250_000 || store.txRows[0][1].Channel != conversation.ChannelKKP {
			t.Fatalf("imported transactions %+v, want DGP-1 and DGP-3", store.txRows)
		}
		fin := onlyFinish(t, store, 8)
		if fin.failure != "" || len(fin.out) != 1 {
			t.Fatalf("finished with failure %q and %d messages", fin.failure, len(fin.out))
		}
		checkReply(t, fin.out[0], j)
		text := fin.out[0].Text
		for _, want := range []string{"transaksi.csv", "Transaksi baru: 1", "Ditolak: 2", "Baris 3:", "Baris 4: kode satker 409877"} {
			if !strings.Contains(text, want) {
				t.Errorf("result lacks %q:\n%s", want, text)
			}
		}
		if strings.Index(text, "Baris 3:") > strings.Index(text, "Baris 4:") {
			t.Errorf("rejected rows not in line order:\n%s", text)
		}
	})
}

func TestImportJobFileNotImported(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"a PDF", "peta.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), conversation.TextSheetUnsupported},
		{"an old Excel file", "peta.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, conversation.TextSheetUnsupported},
		{"a broken XLSX", "peta.xlsx", []byte("PK\x03\x04 not really a zip"), conversation.TextSheetUnreadable},
		{"without the columns", "peta.csv", []byte("Nomor;Keterangan\n1;apa saja\n"), "Baris judul kolom tidak ditemukan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := importJob(9, conversation.JobImportSatker, "BQAC-bad", tc.file)
			store := &fakeStore{jobs: []conversation.Job{j}}
			runOne(t, newRunner(store, &fakeFiles{files: map[string][]byte{"BQAC-bad": tc.data}}, 0))
			if n := store.applied(); n != 0 {
				t.Errorf("%d imports applied, want none", n)
			}
			fin := onlyFinish(t, store, 9)
			if fin.failure == "" {
				t.Error("the job is finished as done, want failed with the reason")
			}
			if len(fin.out) != 1 {
				t.Fatalf("%d messages, want the result", len(fin.out))
			}
			checkReply(t, fin.out[0], j)
			for _, want := range []string{"gagal", tc.want, "Tidak ada data yang diubah"} {
				if !strings.Contains(fin.out[0].Text, want) {
					t.Errorf("result lacks %q:\n%s", want, fin.out[0].Text)
				}
			}
		})
	}
	t.Run("no file", func(t *testing.T) {
		j := importJob(10, conversation.JobImportSatker, "", "")
		j.File = nil
		store := &fakeStore{jobs: []conversation.Job{j}}
		files := &fakeFiles{}
		runOne(t, newRunner(store, files, 0))
		if fin := onlyFinish(t, store, 10); fin.failure == "" || len(fin.out) != 0 {
			t.Errorf("finished %+v, want failed without a message", fin)
		}
		if len(files.asked) != 0 || store.applied() != 0 {
			t.Error("something was downloaded or applied")
		}
	})
}

func TestImportJobDownloadFails(t *testing.T) {
	ctx := context.Background()
	j := importJob(11, conversation.JobImportSatker, "BQAC-gone", "peta <baru> & lama.xlsx")
	store := &fakeStore{jobs: []conversation.Job{j}}
	broken := errors.New("telegram: 502 Bad Gateway")
	r := newRunner(store, &fakeFiles{err: broken}, 3)

	for attempt := 1; attempt < 3; attempt++ {
		did, err := r.RunOnce(ctx)
		if !did || !errors.Is(err, broken) || !errors.Is(err, errRetry) {
			t.Fatalf("attempt %d: RunOnce = %v, %v; want the download error, to retry", attempt, did, err)
		}
		if calls := store.finishedCalls(); len(calls) != 0 {
			t.Fatalf("attempt %d: the job was finished: %+v", attempt, calls)
		}
	}
	runOne(t, r) // the third attempt gives up
	fin := onlyFinish(t, store, 11)
	if !strings.Contains(fin.failure, "download") || !strings.Contains(fin.failure, "502") {
		t.Errorf("failure %q, want the download error", fin.failure)
	}
	if len(fin.out) != 1 {
		t.Fatalf("%d messages, want one", len(fin.out))
	}
	checkReply(t, fin.out[0], j)
	want := fmt.Sprintf(conversation.TextJobDownloadFailed, "peta &lt;baru&gt; &amp; lama.xlsx")
	if fin.out[0].Text != want {
		t.Errorf("message %q, want %q", fin.out[0].Text, want)
	}
	if store.applied() != 0 {
		t.Error("something was applied")
	}
	if did, err := r.RunOnce(ctx); did || err != nil {
		t.Errorf("RunOnce after = %v, %v; want nothing to do", did, err)
	}
}

func TestJobLeftClaimedOnStorageError(t *testing.T) {
	down := errors.New("connection refused")
	for _, tc := range []struct {
		name  string
		job   conversation.Job
		store *fakeStore
	}{
		{"satker import", importJob(30, conversation.JobImportSatker, "BQAC-map", "peta.csv"), &fakeStore{importErr: down}},
		{"transaction import", importJob(30, conversation.JobImportTx, "BQAC-tx", "trx.csv"), &fakeStore{importErr: down}},
		{"report", conversation.Job{ID: 30, Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffGroup}, &fakeStore{reportErr: down}},
		{"finishing", importJob(30, conversation.JobImportSatker, "BQAC-map", "peta.csv"), &fakeStore{finishErr: down}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.store.jobs = []conversation.Job{tc.job}
			files := &fakeFiles{files: map[string][]byte{"BQAC-map": []byte(satkerCSV), "BQAC-tx": []byte(txCSV)}}
			r := newRunner(tc.store, files, 2) // the first of two attempts
			did, err := r.RunOnce(context.Background())
			if !did || !errors.Is(err, down) {
				t.Fatalf("RunOnce = %v, %v; want the storage error", did, err)
			}
			if calls := tc.store.finishedCalls(); len(calls) != 0 {
				t.Errorf("the job was finished: %+v", calls)
			}
			if len(tc.store.jobs) != 1 {
				t.Error("the job is no longer claimable")
			}
		})
	}
}

func TestRunOnce(t *testing.T) {
	ctx := context.Background()
	t.Run("no job", func(t *testing.T) {
		did, err := newRunner(&fakeStore{}, &fakeFiles{}, 0).RunOnce(ctx)
		if did || err != nil {
			t.Errorf("RunOnce = %v, %v; want nothing done", did, err)
		}
	})
	t.Run("claim fails", func(t *testing.T) {
		down := errors.New("too many connections")
		did, err := newRunner(&fakeStore{claimErr: down}, &fakeFiles{}, 0).RunOnce(ctx)
		if did || !errors.Is(err, down) {
			t.Errorf("RunOnce = %v, %v; want the claim error", did, err)
		}
	})
	t.Run("unknown kind", func(t *testing.T) {
		store := &fakeStore{jobs: []conversation.Job{{ID: 40, Kind: "export", ChatID: staffGroup}}}
		runOne(t, newRunner(store, &fakeFiles{}, 0))
		fin := onlyFinish(t, store, 40)
		if !strings.Contains(fin.failure, "export") || len(fin.out) != 0 {
			t.Errorf("finished %+v, want failed naming the kind, no message", fin)
		}
		if store.applied() != 0 || len(store.reportFor) != 0 {
			t.Error("an unknown job did something")
		}
	})
}

func TestJobGivesUpAfterRepeatedFailures(t *testing.T) {
	down := errors.New("statement timeout")
	store := &fakeStore{reportErr: down}
	store.jobs = []conversation.Job{{ID: 31, Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffGroup, ThreadID: 12, ReplyTo: 345}}
	r := newRunner(store, &fakeFiles{}, 1) // the first claim is the last attempt
	did, err := r.RunOnce(context.Background())
	if !did || err != nil {
		t.Fatalf("RunOnce = %v, %v; want the job given up", did, err)
	}
	calls := store.finishedCalls()
	if len(calls) != 1 || !strings.Contains(calls[0].failure, "statement timeout") || len(calls[0].out) != 1 ||
		calls[0].out[0].Text != conversation.TextJobFailed || calls[0].out[0].ReplyTo != 345 || calls[0].out[0].ThreadID != 12 {
		t.Errorf("finished %+v, want failed with the apology to the officer", calls)
	}
}
