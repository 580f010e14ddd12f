package conversation

// Texts of the help desk (tickets): what the asker reads in the private chat
// and what officers read in the staff group. Telegram HTML; see texts.go.

// The asker's side: opening a ticket.
const (
	textMenuTicket   = "Minta bantuan"
	textCmdBantuan   = "Minta bantuan petugas KPPN (tiket)"
	textTicketTitle  = "Permintaan bantuan"
	textTicketObject = "permintaan bantuan"
	textTicketIntro  = "Ceritakan kendala Anda. Petugas KPPN akan menjawab di chat ini paling lambat 1 hari kerja."

	labelTicketCategory  = "Kategori"
	promptTicketCategory = "Bantuan apa yang Anda perlukan?"
	choiceTicketReg      = "Registrasi admin satker"
	choiceTicketVendor   = "Input/undang vendor"
	choiceTicketTx       = "Proses transaksi"
	choiceTicketApp      = "Kendala aplikasi"
	choiceTicketOther    = "Lainnya"

	labelTicketSatker  = "Kode satker"
	promptTicketSatker = "Ketik <b>kode satker</b> Anda (6 digit), misalnya 409876.\n" +
		"Jika Anda vendor atau tidak mengetahuinya, ketuk <b>Lewati</b>."
	noteTicketSatker = "Satker %s: %s."

	labelTicketText  = "Uraian"
	promptTicketText = "Jelaskan kendala Anda dalam satu pesan: apa yang Anda lakukan, apa yang terjadi, dan pesan galat yang muncul (jika ada)."

	labelTicketFiles  = "Lampiran"
	promptTicketFiles = "Kirim tangkapan layar, foto, atau PDF pendukung (boleh beberapa sekaligus sebagai album).\n" +
		"Jika tidak ada, ketuk <b>Lewati</b>."

	textTicketReceipt = "✅ Permintaan bantuan Anda sudah kami terima dengan nomor <b>%s</b>.\n\n" +
		"Petugas KPPN akan menjawab di chat ini paling lambat <b>%s</b>.\n" +
		"Pesan, foto, atau dokumen yang Anda kirim berikutnya langsung kami teruskan ke petugas pada tiket ini. " +
		"Tanda 👌 pada pesan Anda berarti pesan sudah diterima petugas."
	textTicketOffHours    = "\n\n🕗 Saat ini di luar jam layanan KPPN. Petugas akan mulai menanggapi pada <b>%s</b>."
	textTicketOffHoursNow = "🕗 Pesan Anda sudah kami teruskan. Saat ini di luar jam layanan KPPN; petugas akan mulai menanggapi pada <b>%s</b>."
	textTicketDoneBtn     = "Masalah selesai"
	textTicketActive      = "Anda masih memiliki tiket <b>%s</b> (%s) yang sedang berjalan.\n\n" +
		"Tulis saja pesan Anda di sini; semuanya masuk ke tiket tersebut. " +
		"Jika masalahnya sudah selesai, ketuk <b>Masalah selesai</b>, lalu Anda dapat membuat tiket baru."
	textTicketBanned = "Mohon maaf, layanan bantuan melalui chat untuk akun Anda sedang dihentikan oleh KPPN Lubuk Linggau. " +
		"Anda tetap dapat datang ke Posko Digipay di kantor KPPN atau menghubungi kami melalui saluran pada /pengaduan."
	textTicketNoDesk = "Mohon maaf, layanan bantuan petugas melalui chat belum tersedia. " +
		"Silakan datang ke Posko Digipay di kantor KPPN Lubuk Linggau atau hubungi kami melalui saluran pada /pengaduan."
	textTicketGoneForAsker = "Tiket <b>%s</b> sudah ditutup. Pesan Anda belum kami teruskan.\n\n" +
		"Jika Anda masih memerlukan bantuan, ketuk <b>Minta bantuan</b> untuk membuat tiket baru."
	textTicketFlood = "Pesan Anda banyak dalam waktu singkat. Semuanya tetap kami teruskan ke petugas secara bertahap; " +
		"mohon tunggu tanda 👌 pada pesan Anda."
	textTicketNotForwarded = "Maaf, pesan Anda belum dapat diteruskan ke petugas. Silakan kirim ulang beberapa saat lagi."
	textTicketTakenAsker   = "Tiket <b>%s</b> sedang ditangani oleh %s."
	textTicketBankAsker    = "Tiket <b>%s</b> kami teruskan ke <b>%s</b> (referensi: %s) untuk ditindaklanjuti bersama bank. " +
		"Petugas KPPN tetap memantau dan akan mengabari Anda di chat ini. Tenggat layanan: %s."
	textTicketClosedByOfficer = "Tiket <b>%s</b> telah diselesaikan oleh petugas KPPN."
	textTicketClosedByAsker   = "Tiket <b>%s</b> Anda tutup. Terima kasih."
	textTicketAlreadyClosed   = "Tiket <b>%s</b> sudah ditutup."
	textTicketOfficerTag      = "💬 <b>Petugas KPPN</b>"
	textTicketOfficerTagName  = "💬 <b>Petugas KPPN (%s)</b>"
	textTicketOfficerMedia    = "%s mengirim %s:"
)

// The asker's /status lines for tickets.
const (
	textStatusTicketsHeader = "<b>Tiket bantuan</b>"
	textStatusTicketItem    = "<b>%s</b> · %s\nStatus: %s"
	textStatusTicketDue     = "Tenggat layanan: %s"
	textStatusNoneAtAll     = "Anda belum memiliki permintaan. Ketik /daftar untuk registrasi Admin Satker atau /bantuan untuk meminta bantuan petugas."
	textTicketStateOpen     = "menunggu petugas"
	textTicketStateTaken    = "ditangani petugas"
	textTicketStateBank     = "menunggu tindak lanjut bank (%s)"
	textTicketStateClosed   = "selesai"
)

// Satisfaction rating after a ticket is closed (the 1-4 scale of public
// service satisfaction surveys).
const (
	textRatingAsk = "Bagaimana penilaian Anda atas layanan untuk tiket <b>%s</b>?"
	textRating1   = "1 · Tidak puas"
	textRating2   = "2 · Kurang puas"
	textRating3   = "3 · Puas"
	textRating4   = "4 · Sangat puas"

	textRatingThanks    = "Terima kasih atas penilaian Anda (%s)."
	textRatingComment   = "Jika berkenan, tulis saran atau komentar singkat untuk kami. Atau ketuk <b>Lewati</b>."
	textRatingSkip      = "Lewati"
	textRatingSaved     = "Terima kasih, komentar Anda sudah kami simpan."
	textRatingDone      = "Terima kasih. Ketik /menu bila Anda memerlukan layanan lain."
	textRatingAlready   = "Tiket ini sudah Anda nilai. Terima kasih."
	textRatingTooLong   = "Komentar terlalu panjang (%d karakter). Mohon ringkas menjadi paling banyak %d karakter."
	textRatingStaffLine = "⭐ Penilaian penanya untuk %s: %s"
	textRatingStaffNote = "\nKomentar: %s"
)

// The staff group: the ticket's card and its messages.
const (
	textTicketCardTitle    = "🆘 <b>Tiket %s</b> · %s"
	textTicketCardSatker   = "Satker: %s"
	textTicketCardNoSatker = "Satker: - (tidak disebutkan)"
	textTicketCardUnmapped = "⚠️ Kode satker belum ada di peta satker KPPN."
	textTicketCardAsker    = "Penanya: %s · ID %d"
	textTicketCardOpened   = "Dibuka: %s"
	textTicketCardDeadline = "Tenggat: %s"
	textTicketCardOverdue  = "Tenggat: %s (<b>lewat</b>)"
	textTicketCardText     = "Uraian:\n%s"
	textTicketCardFiles    = "Lampiran: %d berkas (di bawah kartu ini)"
	textTicketCardHowForum = "<i>Tulis di topik ini untuk menjawab penanya. Catatan internal: /catatan teks.</i>"
	textTicketCardHowPlain = "<i>Balas (reply) pesan tiket ini untuk menjawab penanya. Catatan internal: /catatan teks.</i>"

	textTicketStatusOpen   = "Status: menunggu petugas."
	textTicketStatusTaken  = "Status: ditangani %s."
	textTicketStatusBank   = "Status: ⏳ menunggu bank <b>%s</b> (ref. %s) sejak %s, dieskalasi oleh %s. Tenggat layanan tetap berjalan."
	textTicketStatusClosed = "Status: ✅ selesai, ditutup oleh %s pada %s."

	textTicketButtonTake = "Ambil"
	textTicketButtonBank = "Eskalasi bank"
	textTicketButtonDone = "Selesai"

	textTicketAttachment = "Lampiran tiket %s"
	textTicketFromAsker  = "💬 <b>%s</b> · %s:"
	textTicketAskerMedia = "💬 <b>%s</b> · %s mengirim %s:"
	textTicketEdited     = "✏️ <b>%s</b> · %s mengubah pesan menjadi:\n%s"
	textTicketDelivered  = "⚠️ Pesan ini <b>tidak terkirim</b> ke penanya: penanya memblokir bot atau Telegram menolak pesan."
	textTicketClosedNote = "✅ Tiket %s ditutup oleh %s."
	textTicketTakenToast = "Tiket %s Anda ambil."
	textTicketYours      = "Tiket %s sudah Anda ambil."
	textTicketDoneToast  = "Tiket %s selesai. Penanya sudah diberi tahu."
	textTicketNotActive  = "Tiket %s sudah ditutup; pesan tidak diteruskan ke penanya."
	textTicketGone       = "Tiket ini tidak ditemukan."
	textTicketAlready    = "Sudah diproses oleh %s (%s)."
	textTicketNotStaff   = "Hanya petugas KPPN di grup staf Posko Digipay yang dapat menangani tiket."

	textTicketBankPrompt = "Eskalasi %s ke bank\n" +
		"Balas (reply) pesan ini dengan <b>nama bank, nomor referensi</b>, misalnya: <code>BRI, 2026/11/ABC-17</code>.\n" +
		"Tulis <code>-</code> sebagai nomor referensi bila belum ada."
	textTicketBankUsage = "Format: <code>/eskalasi TKT-000123 nama bank, nomor referensi</code>, atau balas pesan eskalasi dengan <code>nama bank, nomor referensi</code>."
	textTicketBankBad   = "Nama bank dan nomor referensi belum lengkap. " + textTicketBankUsage
	textTicketBankDone  = "⏳ %s dieskalasi ke %s (ref. %s). Penanya sudah diberi tahu."

	textTicketNoteSaved = "📝 Catatan internal untuk %s disimpan. Catatan ini tidak dikirim ke penanya."
	textTicketNoteUsage = "Format: <code>/catatan teks</code> di topik tiket atau sebagai balasan pesan tiket, atau <code>/catatan TKT-000123 teks</code>."
	textTicketWhich     = "Tiket tidak dikenali. Sebutkan nomornya (TKT-000123), tulis di topik tiket, atau balas pesan tiket."
	textTicketNotFound  = "Tiket %s tidak ditemukan."

	textTicketBannedStaff = "🚫 Penanya tiket %s (%s) tidak dapat lagi meminta bantuan melalui bot. Buka kembali dengan /bukablokir %s."
	textTicketUnbanned    = "Penanya tiket %s (%s) dapat kembali meminta bantuan melalui bot."
	textTicketBanUsage    = "Format: <code>/blokir TKT-000123 alasan</code>, atau /blokir sebagai balasan pesan tiket atau di topik tiket."
	textTicketListEmpty   = "Tidak ada tiket yang terbuka. 👍"
	textTicketListHead    = "<b>Tiket terbuka: %d</b> (lewat tenggat: %d)"
	textTicketListItem    = "%s <b>%s</b> · %s · %s\n    %s · umur %s · tenggat %s"
	textTicketListMore    = "… dan %d tiket lainnya."
	textTicketAgeDays     = "%d hari"
	textTicketAgeHours    = "%d jam"
	textTicketAgeMins     = "%d menit"

	textPoskoUsage    = "Format: <code>/posko kode_satker topik</code>, misalnya <code>/posko 409876 registrasi admin satker</code>."
	textPoskoBadTopic = "Topik asistensi terlalu pendek. " + textPoskoUsage
	textPoskoSaved    = "🏢 Asistensi tatap muka #%d tercatat: satker %s, topik: %s.\nBulan ini: %d asistensi tatap muka di Posko Digipay."
	textPoskoUnmapped = "(belum ada di peta satker)"

	textCmdTiket      = "Daftar tiket bantuan yang terbuka"
	textCmdPosko      = "Catat asistensi tatap muka: /posko kode_satker topik"
	textCmdCatatan    = "Catatan internal pada tiket"
	textCmdEskalasi   = "Eskalasi tiket ke bank"
	textCmdBlokir     = "Hentikan layanan bot bagi penanya tiket"
	textCmdBukaBlokir = "Buka kembali layanan bot bagi penanya"
)
