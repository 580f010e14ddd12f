package conversation

// Texts of the back office's results (package backoffice): what an officer
// gets after /impor and /laporan. Telegram HTML; see texts.go.
const (
	// TextJobDownloadFailed is sent when a file to import cannot be fetched
	// from Telegram after several attempts: %s is the file's name.
	TextJobDownloadFailed = "Maaf, berkas <b>%s</b> tidak dapat kami unduh dari Telegram. " +
		"Silakan kirim ulang berkas tersebut dengan keterangan /impor."
	// TextJobFailed is sent when a job kept failing (MaxAttempts claims):
	// the officer is asked to try again later or tell the administrator.
	TextJobFailed = "Maaf, permintaan ini belum dapat kami selesaikan setelah beberapa kali percobaan. " +
		"Silakan coba lagi nanti; bila tetap gagal, mohon sampaikan kepada pengelola bot."
	// TextReportChartCaption captions the report's chart: KPPN name, date.
	TextReportChartCaption = "Grafik progres implementasi Digipay %s per %s"
	// TextReportWorkbookCaption captions the report's workbook: KPPN name, date.
	TextReportWorkbookCaption = "Rekap per satker %s per %s (XLSX)"
	// TextReportFileName names the report's workbook: KPPN code, date (YYYY-MM-DD).
	TextReportFileName = "laporan-digipay-%s-%s.xlsx"
	// TextReportChartName names the report's chart file.
	TextReportChartName = "grafik-digipay-%s-%s.png"
)
