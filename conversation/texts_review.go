package conversation

// The texts of the KPPN side of an Admin Satker registration: the card in the
// staff group, the officers' answers, and what the registrant is told when
// the request is decided. Telegram HTML, as in texts.go.

// The card.
const (
	textReviewCardTitle       = "<b>Registrasi Admin Satker %s</b>"
	textReviewCardResubmitted = "<b>PERBAIKAN</b> — permintaan ini dikirim ulang setelah ditolak."
	textReviewCardPrevReason  = "<b>Alasan penolakan sebelumnya:</b> %s"
	textReviewCardPrevItems   = "<b>Bagian yang diminta diperbaiki:</b> %s"
	textReviewCardSatker      = "<b>Satker:</b> %s – %s"
	textReviewCardUnmapped    = "⚠️ <b>Satker belum terpetakan</b>: kode ini belum ada di daftar satker KPPN. Periksa kode dan nama satker sebelum merekam."
	textReviewCardRegistrant  = "<b>Pemohon:</b> %s · ID Telegram %d"
	textReviewCardAdmin       = "<b>Calon Admin Satker</b>\n" +
		"Nama: %s\n" +
		"NIP: %s\n" +
		"NIK: %s\n" +
		"Jabatan: %s\n" +
		"Nomor HP: %s\n" +
		"Email: %s"
	textReviewCardDecree    = "<b>SK Penunjukan:</b> %s, tanggal %s"
	textReviewCardKPA       = "<b>KPA:</b> %s · NIP %s"
	textReviewCardSubmitted = "<b>Diajukan:</b> %s"
	textReviewCardDeadline  = "<b>Batas waktu:</b> %s"
	textReviewCardDocs      = "<b>Dokumen:</b> %s (dikirim di bawah kartu ini)."
	textReviewCardNoDocs    = "<b>Dokumen:</b> tidak ada."
	textReviewCardDocCount  = "%s (%d berkas)"

	textReviewStatusSubmitted = "<b>Status:</b> menunggu petugas. Tekan <b>Ambil</b> untuk menanganinya."
	textReviewStatusTaken     = "<b>Status:</b> diproses oleh %s."
	textReviewStatusRecorded  = "<b>Status:</b> ✅ selesai — direkam di Digipay oleh %s."
	textReviewStatusRejected  = "<b>Status:</b> ❌ ditolak oleh %s.\n<b>Alasan:</b> %s\n<b>Perlu diperbaiki:</b> %s"

	textReviewButtonTake   = "Ambil"
	textReviewButtonDone   = "Sudah direkam di Digipay"
	textReviewButtonReject = "Tolak"

	textReviewDocCaption            = "%s · %s"
	textReviewDocCaptionResubmitted = "%s · %s (perbaikan)"
	textReviewUnknownOfficer        = "petugas"
)

// The officers' answers.
const (
	textReviewNotStaff      = "Hanya petugas KPPN di grup staf Posko Digipay yang dapat memproses permintaan ini."
	textReviewNotFound      = "Permintaan %s tidak ditemukan."
	textReviewGone          = "Permintaan ini tidak ditemukan."
	textReviewAlreadyDone   = "Sudah diproses oleh %s (%s)."
	textReviewAlreadyYours  = "Permintaan %s sudah Anda ambil."
	textReviewTakenToast    = "Permintaan %s Anda ambil."
	textReviewRecordedToast = "Permintaan %s selesai. Pemohon sudah diberi tahu."
	textReviewRejectToast   = "Pilih bagian yang salah, lalu kirim alasannya dengan /tolak."
	textReviewToggleToast   = "Bagian yang dipilih: %d."

	textReviewRejectPrompt = "<b>Penolakan %s</b>\n\n" +
		"1. Tekan data atau dokumen yang salah (tekan lagi untuk membatalkan pilihan).\n" +
		"2. Balas pesan ini dengan alasannya, atau kirim di grup ini:\n<code>/tolak %s alasan penolakan</code>\n\n" +
		"<b>Dipilih:</b> %s"
	textReviewRejectNone      = "<i>belum ada</i>"
	textReviewRejectDone      = "<b>Penolakan %s</b> sudah dikirim kepada pemohon oleh %s."
	textReviewRejectClosed    = "<b>Penolakan %s</b> tidak dilanjutkan: permintaan sudah %s."
	textReviewItemOn          = "☑ %s"
	textReviewItemOff         = "☐ %s"
	textReviewRejectUsage     = "Format: <code>/tolak nomor alasan</code>, misalnya <code>/tolak REG-000123 Foto KTP tidak terbaca.</code>"
	textReviewRejectBadNumber = "“%s” bukan nomor permintaan. Nomor permintaan berbentuk REG-000123.\n\n" + textReviewRejectUsage
	textReviewRejectNoReason  = "Alasan penolakan %s belum ditulis.\n\n" + textReviewRejectUsage
	textReviewRejectReasonLen = "Alasan penolakan harus %d–%d karakter; Anda mengirim %d karakter."
	textReviewRejectNoItems   = "Belum ada bagian yang dipilih untuk %s. Tekan <b>Tolak</b> pada kartu permintaan, pilih data atau dokumen yang salah, lalu kirim /tolak lagi."
	textReviewRejectSent      = "Permintaan %s ditolak. Pemohon sudah diberi tahu alasannya dan bagian yang harus diperbaiki."
	textGroupUnknownStaff     = "Perintah tersebut tidak tersedia di grup. Perintah yang dapat digunakan di grup: /start, /panduan, /pengaduan, /tolak (menolak permintaan registrasi), " +
		"/tiket (tiket terbuka), /posko (asistensi tatap muka), /catatan (catatan internal tiket), /eskalasi (eskalasi ke bank), /blokir dan /bukablokir."
)

// The status names officers and registrants read.
const (
	textRegStatusSubmitted = "menunggu petugas"
	textRegStatusTaken     = "sedang diproses"
	textRegStatusRejected  = "ditolak"
	textRegStatusRecorded  = "selesai"
)

// What the registrant is told.
const (
	textReviewNotifyRecorded = "✅ <b>Admin Satker Anda sudah direkam</b>\n\n" +
		"Permintaan <b>%s</b> untuk satker %s – %s telah selesai: KPPN Lubuk Linggau sudah merekam <b>%s</b> sebagai User Admin Digipay Satker.\n\n" +
		"<b>Langkah berikutnya</b>\n" +
		"1. Periksa email <b>%s</b> (termasuk folder spam): notifikasi akses aplikasi Digipay melalui DIGIT dikirim ke alamat tersebut.\n" +
		"2. Masuk ke aplikasi Digipay dan perbarui profil Anda.\n" +
		"3. Daftarkan 5 user Digipay level satker: <b>PPK</b>, <b>Pemesan</b>, <b>Pejabat Pengadaan</b>, <b>Penerima Barang/Jasa</b>, dan <b>Bendahara</b>. Setiap user adalah orang yang berbeda dengan alamat email masing-masing.\n\n" +
		"Jika notifikasi belum diterima atau ada kendala, sampaikan melalui menu Posko Digipay Online."
	textReviewNotifyRejected = "❌ <b>Permintaan %s perlu diperbaiki</b>\n\n" +
		"Petugas KPPN Lubuk Linggau belum dapat merekam Admin Satker Anda.\n\n" +
		"<b>Alasan:</b> %s\n\n" +
		"<b>Yang perlu diperbaiki:</b>\n%s\n\n" +
		"Tekan <b>Perbaiki</b> untuk memperbaiki bagian tersebut saja, lalu kirim kembali. Permintaan Anda tetap memakai nomor yang sama."
	textReviewNotifyFix = "Perbaiki"
)

// The name of the signed form on the card and its caption.
const labelReviewDocForm = "Form Permintaan Registrasi (bertanda tangan KPA)"

// textCmdTolak describes /tolak in the group's command menu.
const textCmdTolak = "Tolak permintaan registrasi: /tolak nomor alasan"
