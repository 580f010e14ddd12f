package backoffice

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posko/conversation"
	"posko/report"
	"posko/sheets"
	"posko/workdays"
)

// Chart size of the report, in pixels: wide enough for a phone held sideways
// and for a slide.
const (
	chartWidth  = 1600
	chartHeight = 800
)

// importJob fetches the file of an /impor, reads and checks it, applies the
// good rows in one transaction and tells the officer what it did.
func (r *Runner) importJob(ctx context.Context, j conversation.Job) ([]conversation.Outgoing, string, error) {
	if j.File == nil {
		return nil, "import job without a file", nil
	}
	data, err := r.files.Download(ctx, j.File.ID, j.File.Size)
	if err != nil {
		// A job claimed MaxAttempts times gives up with a message to the officer.
		if attempts(j) >= r.opt.MaxAttempts {
			r.log.WarnContext(ctx, "import file cannot be fetched; giving up", slog.Int64("job", j.ID), slog.Any("err", err))
			return []conversation.Outgoing{reply(j, fmt.Sprintf(conversation.TextJobDownloadFailed,
				conversation.EscapeHTML(j.File.Name)))}, "download: " + err.Error(), nil
		}
		return nil, "", fmt.Errorf("download %s: %w: %w", j.File.Name, errRetry, err)
	}
	res, err := r.Import(ctx, j.Kind, j.File.Name, data, j.KPPNCode, j.By)
	if err != nil {
		return nil, "", err
	}
	var failure string
	if res.Failed != "" {
		// Failed for good: the officer is told why and sends another file.
		failure = "file not imported: " + res.Failed
	}
	return []conversation.Outgoing{reply(j, conversation.ImportResultText(res))}, failure, nil
}

// attempts is how often job j was claimed, this time included.
func attempts(j conversation.Job) int { return j.Attempts }

// Import reads file name (CSV or XLSX) of kind JobImportSatker or
// JobImportTx, checks every row, and applies the good ones in one
// transaction: an unreadable file, or one without the expected columns,
// changes nothing and says why in the result. An error means storage failed:
// nothing was applied.
func (r *Runner) Import(ctx context.Context, kind, name string, data []byte, kppnCode string, by conversation.Actor) (conversation.ImportResult, error) {
	res := conversation.ImportResult{Kind: kind, File: name}
	rows, err := sheets.Read(name, data)
	if err != nil {
		res.Failed = sheets.Reason(err)
		return res, nil
	}
	switch kind {
	case conversation.JobImportSatker:
		good, rejected, failed := conversation.ParseSatkerSheet(rows)
		res.Rows, res.Rejected, res.Failed = len(good)+len(rejected), rejected, failed
		if failed != "" || len(good) == 0 {
			return res, nil
		}
		res.Added, res.Updated, res.Unchanged, err = r.store.ImportSatkers(ctx, good, kppnCode, by)
		if err != nil {
			return res, fmt.Errorf("import %d satker rows: %w", len(good), err)
		}
	case conversation.JobImportTx:
		good, rejected, failed := conversation.ParseTransactionSheet(rows)
		res.Rows, res.Rejected, res.Failed = len(good)+len(rejected), rejected, failed
		if failed != "" || len(good) == 0 {
			return res, nil
		}
		var more []conversation.RowProblem
		res.Added, res.Unchanged, more, err = r.store.ImportTransactions(ctx, good, by)
		if err != nil {
			return res, fmt.Errorf("import %d transaction rows: %w", len(good), err)
		}
		res.Rejected = append(res.Rejected, more...)
	default:
		return res, fmt.Errorf("import of unknown kind %q", kind)
	}
	return res, nil
}

// reportJob builds the KPPN's report and sends the summary, the chart and
// the workbook to the chat that asked.
func (r *Runner) reportJob(ctx context.Context, j conversation.Job) ([]conversation.Outgoing, string, error) {
	rep, book, chart, err := r.Report(ctx, j.KPPNCode)
	if err != nil {
		return nil, "", err
	}
	title := conversation.KPPNTitle(rep.KPPN)
	day := workdays.FormatDate(workdays.DateOf(rep.At.In(wib)))
	stamp := rep.At.In(wib).Format("2006-01-02")
	out := []conversation.Outgoing{
		reply(j, conversation.ReportSummaryText(rep)),
		{Kind: conversation.OutPhoto, ChatID: j.ChatID, ThreadID: j.ThreadID,
			Text:   conversation.EscapeHTML(fmt.Sprintf(conversation.TextReportChartCaption, title, day)),
			Upload: &conversation.Upload{Name: fmt.Sprintf(conversation.TextReportChartName, rep.KPPN.Code, stamp), Data: chart}},
	}
	if j.Kind == conversation.JobWeeklyReport {
		return out, "", nil // Monday's report: the summary and the chart; /laporan gives the workbook
	}
	return append(out, conversation.Outgoing{Kind: conversation.OutDocument, ChatID: j.ChatID, ThreadID: j.ThreadID,
		Text:   conversation.EscapeHTML(fmt.Sprintf(conversation.TextReportWorkbookCaption, title, day)),
		Upload: &conversation.Upload{Name: fmt.Sprintf(conversation.TextReportFileName, rep.KPPN.Code, stamp), Data: book}}), "", nil
}

// wib is the KPPN's time zone for dates in reports.
var wib = time.FixedZone("WIB", 7*60*60)

// Report reads the report of KPPN kppnCode now and renders its workbook
// (XLSX) and chart (PNG).
func (r *Runner) Report(ctx context.Context, kppnCode string) (rep conversation.Report, book, chart []byte, err error) {
	rep, err = r.store.Report(ctx, kppnCode, r.opt.Now())
	if err != nil {
		return rep, nil, nil, fmt.Errorf("read report of KPPN %s: %w", kppnCode, err)
	}
	if book, err = report.Workbook(rep); err != nil {
		return rep, nil, nil, fmt.Errorf("report workbook: %w", err)
	}
	if chart, err = report.Chart(rep, chartWidth, chartHeight); err != nil {
		return rep, nil, nil, fmt.Errorf("report chart: %w", err)
	}
	return rep, book, chart, nil
}
