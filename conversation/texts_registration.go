package conversation

// Texts of the Admin Satker registration, the satker's side: the purpose
// notice, the questions, the receipt, /status and the correction of a
// rejected request. Telegram HTML, as in texts.go.

// Generic form texts used by the registration's fields.
const (
	textDateFormat = "Tanggal harus ditulis dengan format dd-mm-yyyy, misalnya 05-03-2026; Anda mengirim “%s”."
	textDateValid  = "“%s” bukan tanggal yang valid."
	textDateFuture = "Tanggal %s belum terjadi: tanggal tidak boleh setelah hari ini (%s)."
	textDateOld    = "Tanggal %s terlalu lama; mohon periksa kembali tahunnya."
	textNotice     = "Setuju"
	textNoticeNo   = "Batal"
)

// The purpose notice, the menu and the commands.
const (
	textMenuRegistration = "Daftar Admin Satker"
	textMenuStatus       = "Status permintaan"
	textCmdDaftar        = "Pendaftaran User Admin Digipay Satker"
	textCmdStatus        = "Status permintaan Anda"

	textRegNotice = "<b>Pendaftaran User Admin Digipay Satker</b>\n\n" +
		"Melalui layanan ini KPA satker mengajukan PNS yang ditunjuk sebagai Admin Digipay Satker. " +
		"KPPN Lubuk Linggau akan merekamnya di aplikasi Digipay paling lambat <b>1 hari kerja</b>, tanpa biaya.\n\n" +
		"<b>Data yang kami kumpulkan</b>\n" +
		"• kode dan nama satker;\n" +
		"• data admin yang ditunjuk: nama, NIP, NIK, jabatan, nomor HP, dan email;\n" +
		"• nomor dan tanggal SK Penunjukan, serta nama dan NIP KPA;\n" +
		"• dokumen: SK Penunjukan, KTP admin, dan Form Permintaan Registrasi yang ditandatangani KPA.\n\n" +
		"<b>Tujuan:</b> semata-mata untuk merekam Admin Satker di aplikasi Digipay.\n" +
		"<b>Siapa yang melihat:</b> hanya Anda dan petugas KPPN Lubuk Linggau. Dokumen disimpan terenkripsi, " +
		"setiap akses dicatat, dan data dihapus setelah tujuannya tercapai, sesuai UU Nomor 27 Tahun 2022 " +
		"tentang Pelindungan Data Pribadi.\n\n" +
		"Siapkan hasil pindai atau foto SK Penunjukan dan KTP admin. Tekan <b>Setuju</b> untuk mulai mengisi."
)

// The registration form.
const (
	textRegTitle  = "Pendaftaran Admin Satker"
	textRegObject = "pendaftaran"
	textRegIntro  = "Ada 12 pertanyaan data dan 3 dokumen. Sebelum meminta formulir bertanda tangan, kami kirimkan formulirnya dalam bentuk PDF yang sudah terisi."
	textRegResume = "Pengisian pendaftaran Admin Satker Anda belum selesai.\nLanjutkan pendaftaran?"

	labelRegSatkerCode   = "Kode satker"
	labelRegSatkerName   = "Nama satker"
	labelRegAdminName    = "Nama admin"
	labelRegAdminNIP     = "NIP admin"
	labelRegAdminNIK     = "NIK admin"
	labelRegPosition     = "Jabatan admin"
	labelRegMobile       = "Nomor HP admin"
	labelRegEmail        = "Email admin"
	labelRegDecreeNumber = "Nomor SK"
	labelRegDecreeDate   = "Tanggal SK"
	labelRegKPAName      = "Nama KPA"
	labelRegKPANIP       = "NIP KPA"
	labelRegDecree       = "SK Penunjukan"
	labelRegKTP          = "KTP admin"
	labelRegForm         = "Formulir bertanda tangan"

	promptRegSatkerCode   = "Kode satker Anda (6 digit angka, contoh: 409876)."
	promptRegSatkerName   = "Kode satker ini belum ada dalam daftar satker KPPN Lubuk Linggau; permintaan tetap dapat diajukan dan akan diperiksa petugas.\nTuliskan nama satker sesuai DIPA."
	promptRegAdminName    = "Nama lengkap PNS yang ditunjuk sebagai Admin Satker, beserta gelar (sesuai SK Penunjukan)."
	promptRegAdminNIP     = "NIP admin (18 digit angka)."
	promptRegAdminNIK     = "NIK admin sesuai KTP (16 digit angka)."
	promptRegPosition     = "Jabatan admin (contoh: Pengelola Keuangan)."
	promptRegMobile       = "Nomor HP admin yang aktif (contoh: 0812 3456 7890)."
	promptRegEmail        = "Alamat email admin yang aktif. Notifikasi akses Digipay/DIGIT dikirim ke email ini, dan satu email hanya untuk satu user Digipay."
	promptRegDecreeNumber = "Nomor SK Penunjukan Admin Satker."
	promptRegDecreeDate   = "Tanggal SK Penunjukan, format dd-mm-yyyy (contoh: 05-03-2026)."
	promptRegKPAName      = "Nama lengkap KPA satker, beserta gelar."
	promptRegKPANIP       = "NIP KPA (18 digit angka)."
	promptRegDecree       = "Kirim SK Penunjukan: PDF atau foto. SK beberapa halaman dapat dikirim sekaligus sebagai album."
	promptRegKTP          = "Kirim KTP admin: foto atau PDF."
	promptRegForm         = "Cetak formulir PDF di atas, mintakan tanda tangan KPA, lalu kirim hasil pindai (PDF) atau fotonya di sini."

	textRegSatkerFound  = "Satker %s: %s."
	textRegKPANIPSame   = "NIP KPA sama dengan NIP admin. Admin Satker dan KPA harus orang yang berbeda; mohon periksa kembali."
	textRegNIKMismatch  = "NIK admin tidak sesuai dengan NIP admin yang baru: %s Mohon kirim NIK yang benar."
	textRegFormChanged  = "Data yang tercetak pada formulir berubah. Kami telah mengirim formulir baru: mohon ditandatangani KPA dan dikirim kembali."
	textRegFormCaption  = "Form Permintaan Registrasi Admin Digipay Satker, nomor <b>%s</b>, sudah terisi dari jawaban Anda. Cetak, mintakan tanda tangan KPA (dan cap satker), lalu kirim kembali di sini."
	textRegFormFilename = "Form-Registrasi-Admin-Digipay-%s.pdf"
	textRegReceipt      = "Terima kasih, permintaan pendaftaran Admin Satker Anda telah kami terima.\n\n" +
		"Nomor permintaan: <b>%s</b>\n" +
		"Satker: %s\n" +
		"Batas waktu penyelesaian: <b>%s</b>\n\n" +
		"Petugas KPPN Lubuk Linggau akan memeriksa data dan merekam Admin Satker di aplikasi Digipay. " +
		"Ketik /status untuk melihat perkembangannya; kami juga akan memberi kabar di chat ini."
	textRegReceiptUnknown = "\n\nKode satker %s belum ada dalam daftar satker KPPN; petugas akan memeriksanya."
	textRegResubmitted    = "Perbaikan permintaan <b>%s</b> telah kami terima dan diajukan kembali kepada petugas.\n\n" +
		"Batas waktu penyelesaian: <b>%s</b>\n\n" +
		"Ketik /status untuk melihat perkembangannya."
)

// /status and the correction of a rejected request.
const (
	textStatusNone   = "Anda belum memiliki permintaan. Ketik /daftar untuk mendaftarkan Admin Digipay Satker."
	textStatusHeader = "<b>Permintaan Anda</b>"
	textStatusItem   = "<b>%s</b> · Admin Satker %s\nStatus: %s"
	textStatusDue    = "Batas waktu: %s"
	textStatusMore   = "<i>%d permintaan lama lainnya tidak ditampilkan.</i>"

	textStateSubmitted   = "diajukan, menunggu petugas"
	textStateTaken       = "diproses oleh %s"
	textStateTakenAnon   = "diproses petugas"
	textStateRejected    = "ditolak: %s"
	textStateRejectItems = "Yang perlu diperbaiki: %s."
	textStateRecorded    = "selesai, Admin Satker telah direkam di Digipay"

	textFixButton      = "Perbaiki %s"
	textFixIntro       = "<b>Perbaikan permintaan %s</b>\nAlasan petugas: %s\nYang perlu diperbaiki: %s.\n\nData lain tetap seperti yang sudah Anda kirim. Anda dapat membatalkan kapan saja dengan /batal."
	textFixAll         = "seluruh data dan dokumen"
	textFixNotRejected = "Permintaan <b>%s</b> tidak perlu diperbaiki: statusnya %s."
	textFixGone        = "Permintaan ini tidak ditemukan."
	textFixOtherForm   = "Selesaikan atau batalkan dulu pengisian yang sedang berjalan, lalu tekan Perbaiki lagi."
)
