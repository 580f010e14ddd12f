package backoffice

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
)

// reportData is a KPPN's report with two satker managing UP.
func reportData() conversation.Report {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, testWIB) }
	return conversation.Report{
		KPPN: conversation.KPPN{Code: "070", Name: "Lubuk Linggau", GroupChatID: staffGroup},
		Satkers: []conversation.SatkerProgress{
			{Code: "409876", Name: "Kantor Uji Satu", KPPNCode: "070", ManagesUP: true, Mapped: true,
				ContactName: "Budi", ContactPhone: "+6281234567890", AdminAt: day(6, 1), UsersAt: day(7, 15),
				VendorAt: day(9, 2), Vendors: 4, TxAt: day(10, 5), Transactions: 7, TxValue: 12_500_000, CreatedAt: day(5, 1)},
			{Code: "409877", Name: "Kantor Uji Dua", KPPNCode: "070", ManagesUP: true, Mapped: true,
				AdminAt: day(8, 3), CreatedAt: day(5, 1)},
		},
		MonthTransactions: 3, MonthTxValue: 1_250_000, Tickets: 8, TicketsOnTime: 6, PoskoVisits: 2,
	}
}

func TestReportJob(t *testing.T) {
	j := conversation.Job{ID: 20, Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffGroup, ThreadID: 12,
		ReplyTo: 678, By: officer, At: testNow}
	store := &fakeStore{jobs: []conversation.Job{j}, report: reportData()}
	files := &fakeFiles{}
	runOne(t, newRunner(store, files, 0))

	if len(store.reportFor) != 1 || store.reportFor[0] != "070" || !store.reportAt[0].Equal(testNow) {
		t.Errorf("reports read %q at %v, want KPPN 070 at the runner's clock", store.reportFor, store.reportAt)
	}
	if len(files.asked) != 0 {
		t.Error("a report downloaded a file")
	}
	fin := onlyFinish(t, store, 20)
	if fin.failure != "" || len(fin.out) != 3 {
		t.Fatalf("finished with failure %q and %d messages, want done with three", fin.failure, len(fin.out))
	}
	summary, photo, doc := fin.out[0], fin.out[1], fin.out[2]
	checkReply(t, summary, j)
	rep := reportData()
	rep.At = testNow
	if summary.Text != conversation.ReportSummaryText(rep) {
		t.Errorf("summary:\n%s\nwant:\n%s", summary.Text, conversation.ReportSummaryText(rep))
	}
	if !strings.Contains(summary.Text, "Satker pengelola UP: 2") {
		t.Errorf("summary lacks the satker count:\n%s", summary.Text)
	}

	for _, m := range []conversation.Outgoing{photo, doc} {
		if m.ChatID != staffGroup || m.ThreadID != 12 || m.Upload == nil || !strings.Contains(m.Text, "KPPN Lubuk Linggau") ||
			!strings.Contains(m.Text, "30 November 2026") {
			t.Errorf("%s to %d thread %d, caption %q, upload %v; want an upload to the thread, captioned with KPPN and date",
				m.Kind, m.ChatID, m.ThreadID, m.Text, m.Upload != nil)
		}
	}
	if photo.Kind != conversation.OutPhoto || photo.Upload == nil || photo.Upload.Name != "grafik-digipay-070-2026-11-30.png" {
		t.Fatalf("second message %s %+v, want the chart as a photo", photo.Kind, photo.Upload)
	}
	img, err := png.Decode(bytes.NewReader(photo.Upload.Data))
	if err != nil {
		t.Fatalf("chart: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 800 {
		t.Errorf("chart is %dx%d, want 1600x800", b.Dx(), b.Dy())
	}

	if doc.Kind != conversation.OutDocument || doc.Upload == nil || doc.Upload.Name != "laporan-digipay-070-2026-11-30.xlsx" {
		t.Fatalf("third message %s %+v, want the workbook as a document", doc.Kind, doc.Upload)
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc.Upload.Data))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(conversation.ReportText().SheetSatker)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "409876" || rows[2][0] != "409877" || rows[1][1] != "Kantor Uji Satu" {
		t.Errorf("workbook rows %q, want a header and the two satker", rows)
	}
}

func TestWeeklyReportJobSendsSummaryAndChart(t *testing.T) {
	j := conversation.Job{ID: 21, Kind: conversation.JobWeeklyReport, KPPNCode: "070", ChatID: staffGroup, At: testNow}
	store := &fakeStore{jobs: []conversation.Job{j}, report: reportData()}
	runOne(t, newRunner(store, &fakeFiles{}, 0))
	fin := onlyFinish(t, store, 21)
	if fin.failure != "" || len(fin.out) != 2 || fin.out[0].Kind != conversation.OutSend || fin.out[1].Kind != conversation.OutPhoto {
		t.Fatalf("weekly report finished with %q and %+v, want the summary and the chart", fin.failure, fin.out)
	}
}
