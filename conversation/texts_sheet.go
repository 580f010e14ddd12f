package conversation

// Texts of spreadsheet imports (/impor, posko import-satker): the column
// names officers write, why a row or a file is rejected, and the result
// message. Telegram HTML; see texts.go.

// MaxSheetRows is the most rows an imported file may have; TextSheetTooManyRows
// says the same number in words.
const MaxSheetRows = 100_000

// Why a file could not be read at all, for ImportResult.Failed (package
// sheets maps its errors to these).
const (
	TextSheetUnsupported = "Berkas ini bukan CSV atau XLSX. Berkas .xls (Excel 97–2003) dan berkas yang dilindungi kata sandi belum dapat kami baca: " +
		"buka di Excel, pilih <b>Simpan Sebagai</b> › <b>Excel Workbook (.xlsx)</b> atau <b>CSV</b>, lalu kirim ulang."
	TextSheetUnreadable = "Berkas tidak dapat dibaca; mungkin rusak atau tidak lengkap. " +
		"Buka berkas di Excel, simpan ulang sebagai .xlsx atau CSV, lalu kirim kembali."
	TextSheetNoSheet     = "Berkas Excel ini tidak berisi lembar kerja (sheet) yang dapat dibaca. Letakkan tabel pada sheet pertama."
	TextSheetTooManyRows = "Berkas berisi lebih dari 100.000 baris. Bagi menjadi beberapa berkas, lalu kirim satu per satu."
)

// The columns of the files, as the result message lists them.
const (
	colKodeSatker = "Kode Satker"
	colNamaSatker = "Nama Satker"
	colKodeKPPN   = "Kode KPPN"
	colKelolaUP   = "Kelola UP"
	colNarahubung = "Narahubung"
	colTelepon    = "Telepon"
	colTanggal    = "Tanggal"
	colVendor     = "Vendor"
	colNilai      = "Nilai"
	colMetode     = "Metode Bayar"
	colIDTx       = "ID Transaksi"

	hintKelolaUP = "ya/tidak; kosong berarti ya"
	hintTelepon  = "nomor HP 08…"
	hintTanggal  = "HH-BB-TTTT, misalnya 15-01-2026"
	hintNilai    = "rupiah, misalnya 1.250.000"
	hintMetode   = "CMS atau KKP"
	hintIDTx     = "nomor transaksi dari Digipay"
)

// Why nothing of a file was imported.
const (
	textSheetNoHeader = "Baris judul kolom tidak ditemukan pada %d baris pertama. " +
		"Baris judul harus memuat nama kolom, misalnya <b>Kode Satker</b> dan <b>Nama Satker</b>."
	textSheetMissing = "Kolom %s tidak ditemukan pada baris judul (baris %d)."
	textSheetNoRows  = "Tidak ada baris data di bawah baris judul kolom."
)

// Why a row is rejected. Quoted cells are escaped and cut short (quote).
const (
	textRowKodeEmpty    = "Kode satker kosong."
	textRowKodeZero     = "Jika kode satker diawali angka 0, format kolom Kode Satker sebagai <b>Teks</b> di Excel."
	textRowNameEmpty    = "Nama satker kosong."
	textRowTooLong      = "Isi kolom %s terlalu panjang: maksimal %d karakter."
	textRowUP           = "Kolom Kelola UP harus berisi ya atau tidak; tertulis “%s”."
	textRowDupSatker    = "Kode satker %s sudah ada pada baris %d; cukup satu baris untuk setiap satker."
	textRowDateEmpty    = "Tanggal kosong."
	textRowDate         = "Tanggal “%s” tidak dikenali; tulis HH-BB-TTTT, misalnya 15-01-2026."
	textRowDateRange    = "Tanggal “%s” di luar rentang tahun 2000–2099."
	textRowValueEmpty   = "Nilai transaksi kosong."
	textRowValue        = "Nilai “%s” bukan angka rupiah yang valid; tulis misalnya 1.250.000."
	textRowValueZero    = "Nilai transaksi harus lebih dari nol."
	textRowChannel      = "Metode bayar “%s” tidak dikenali; isi CMS (termasuk virtual account) atau KKP (kartu kredit pemerintah)."
	textRowRefEmpty     = "ID transaksi kosong; kolom ini diperlukan agar impor ulang tidak menggandakan transaksi."
	textRowDupRef       = "ID transaksi %s sudah ada pada baris %d."
	textRowProblemsJoin = " "
)

// The result message of an import.
const (
	textImportSatkerObject = "peta satker"
	textImportTxObject     = "data transaksi"

	textImportTitle     = "📥 <b>Hasil impor %s</b>"
	textImportFile      = "Berkas: <b>%s</b>"
	textImportRows      = "Baris data dibaca: %s"
	textImportAdded     = "✅ Ditambahkan: %s"
	textImportAddedTx   = "✅ Transaksi baru: %s"
	textImportUpdated   = "🔄 Diperbarui: %s"
	textImportUnchanged = "➖ Tidak berubah: %s"
	textImportKnownTx   = "➖ Sudah tercatat sebelumnya: %s"
	textImportRejected  = "❌ Ditolak: %s"
	textImportRejHeader = "<b>Baris yang ditolak</b>"
	textImportRejLine   = "• Baris %d: %s"
	textImportRejMore   = "• dan %s baris lainnya."
	textImportFixHint   = "Perbaiki baris yang ditolak, lalu kirim ulang berkasnya. " +
		"Mengimpor ulang berkas yang sama aman: data yang sudah tercatat tidak digandakan."
	textImportAllGood = "Semua baris berhasil diproses."

	textImportFailedTitle = "⚠️ <b>Impor %s gagal</b>"
	textImportNothing     = "Tidak ada data yang diubah."
	textImportColumns     = "<b>Kolom yang dibaca</b> (baris judul kolom, urutan bebas; kolom lain diabaikan):"
	textImportColumn      = "• %s"
	textImportColumnHint  = "• %s (%s)"
	textImportRequired    = "wajib"
)
