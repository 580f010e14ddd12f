package conversation

// Texts of the KPPN's progress report: the /laporan message, and every word
// of the workbook and the chart package report draws. Telegram HTML where a
// message; plain text in the files.

// monthNames are the months as Indonesian readers write them.
var monthNames = [...]string{"", "Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// The stages as the report names them.
const (
	textStageAdmin  = "Admin satker aktif"
	textStageUsers  = "5 pengguna lengkap"
	textStageVendor = "Memiliki vendor"
	textStageTx     = "Sudah bertransaksi"
	textStagesDone  = "Semua tahap selesai"
)

// The /laporan message.
const (
	textReportTitle     = "📊 <b>Laporan Progres Implementasi Digipay</b>"
	textReportKPPN      = "<b>%s</b>"
	textReportKPPNCode  = "<b>%s</b> (%s)"
	textReportAsOf      = "Keadaan per %s"
	textReportSatkers   = "<b>Satker pengelola UP: %s</b>"
	textReportStage     = "• %s: %s (%s)"
	textReportEmptyMap  = "Peta satker belum diisi. Kirim berkas CSV atau XLSX dengan /impor di grup ini."
	textReportVendors   = "Vendor terdaftar: %s"
	textReportTxAll     = "Transaksi Digipay seluruhnya: %s (%s)"
	textReportMonth     = "<b>Bulan %s</b>"
	textReportMonthTx   = "• Transaksi Digipay: %s (%s)"
	textReportTickets   = "• Tiket dijawab ≤1 hari kerja: %s dari %s (%s)"
	textReportNoTickets = "• Tiket bantuan: belum ada"
	textReportVisits    = "• Asistensi tatap muka di Posko: %s"
	textReportFiles     = "Grafik dan rincian per satker (Excel) terlampir."
	textReportNoPercent = "–"
)

// ReportText returns the words the report package writes into the workbook
// and the chart.
func ReportText() ReportLabels {
	return ReportLabels{
		Title: "Laporan Progres Implementasi Digipay",
		AsOf:  "Keadaan per",
		Month: "Bulan berjalan",

		SheetSummary: "Ringkasan",
		SheetSatker:  "Satker",

		SummaryItem:    "Uraian",
		SummaryCount:   "Jumlah",
		SummaryPercent: "Persentase",

		Satkers:       "Satker pengelola UP",
		Vendors:       "Vendor terdaftar",
		TxCount:       "Transaksi Digipay seluruhnya",
		TxValue:       "Nilai transaksi seluruhnya (Rp)",
		MonthTx:       "Transaksi Digipay bulan berjalan",
		MonthValue:    "Nilai transaksi bulan berjalan (Rp)",
		Tickets:       "Tiket bantuan bulan berjalan",
		TicketsOnTime: "Tiket dijawab ≤1 hari kerja",
		PoskoVisits:   "Asistensi tatap muka bulan berjalan",

		ColCode:         "Kode Satker",
		ColName:         "Nama Satker",
		ColKPPN:         "Kode KPPN",
		ColManagesUP:    "Kelola UP",
		ColContact:      "Narahubung (PIC)",
		ColPhone:        "Telepon",
		ColUsers:        "Pengguna tercatat",
		ColVendors:      "Vendor",
		ColTransactions: "Transaksi",
		ColTxValue:      "Nilai transaksi (Rp)",
		ColLastContact:  "Kontak terakhir",
		ColNext:         "Tahap berikutnya",
		StageDate: map[string]string{
			StageAdmin:  "Tgl admin aktif",
			StageUsers:  "Tgl 5 pengguna lengkap",
			StageVendor: "Tgl vendor pertama",
			StageTx:     "Tgl transaksi pertama",
		},
		Yes:     "Ya",
		No:      "Tidak",
		AllDone: textStagesDone,

		FunnelTitle:   "Tahapan satker pengelola UP",
		FunnelSatkers: "Satker pengelola UP",
		FunnelX:       "Jumlah satker",
		ProgressTitle: "Progres per minggu (26 minggu terakhir)",
		ProgressX:     "Minggu berakhir (tanggal/bulan)",
		ProgressY:     "Jumlah satker (kumulatif)",
	}
}
