package conversation

// Texts of the scheduled reminders (issue 7): the stage reminders a satker's
// linked chats receive and their answers, the nudge about an unfinished
// form, the service-level alerts and /pengingat in the KPPN staff group.
// Telegram HTML; see texts.go.

// A stage reminder: the head, what is missing, the next step for the
// reader's role, and the buttons.
const (
	textReminderHead = "🔔 <b>Pengingat progres Digipay</b>\nSatker <b>%s</b> %s\n\n"
	textReminderFoot = "\n\nSudah selesai? Ketuk <b>Sudah</b>. Perlu dibantu petugas KPPN? Ketuk <b>Butuh bantuan</b>."

	textReminderBtnDone  = "Sudah"
	textReminderBtnHelp  = "Butuh bantuan"
	textReminderBtnLater = "Ingatkan lagi minggu depan"

	textReminderMissAdmin  = "Satker Anda belum memiliki <b>admin satker</b> Digipay yang aktif."
	textReminderMissUsers  = "Kelima <b>pengguna satker</b> Digipay (PPK, Pemesan, Pejabat Pengadaan, Penerima Barang/Jasa, dan Bendahara) belum tercatat."
	textReminderMissVendor = "Satker Anda belum mendaftarkan <b>vendor</b> di Digipay."
	textReminderMissTx     = "Satker Anda belum melakukan <b>transaksi pertama melalui Digipay</b>."

	textReminderStepAdminSelf = "<b>Langkah berikutnya:</b> ajukan pendaftaran admin satker di chat ini dengan /daftar. " +
		"Siapkan SK Penunjukan dari KPA, KTP, dan formulir pendaftaran yang ditandatangani KPA."
	textReminderStepAdminOther = "<b>Langkah berikutnya:</b> KPA menunjuk PNS sebagai admin satker melalui SK Penunjukan; " +
		"admin yang ditunjuk lalu mengajukan pendaftaran di chat ini dengan /daftar."
	textReminderStepUsersAdmin = "<b>Langkah berikutnya:</b> masuk ke Digipay → menu <b>Pengguna</b>, tambahkan kelima pengguna " +
		"(orang dan email yang berbeda), lalu ketuk <b>Sudah</b> untuk mencatatnya di sini."
	textReminderStepUsersOther = "<b>Langkah berikutnya:</b> admin satker Anda menambahkan kelima pengguna di Digipay (menu <b>Pengguna</b>) " +
		"dan mencatatnya di /progres. Mohon sampaikan kepada admin satker Anda."
	textReminderStepVendorPP = "<b>Langkah berikutnya:</b> undang (<i>invite</i>) atau input data vendor langganan di Digipay: identitas, " +
		"SIUP, NPWP, KTDP, SKKPP, nomor HP, dan email aktif vendor. Lalu laporkan jumlahnya di /progres (<b>Lapor jumlah vendor</b>)."
	textReminderStepVendorOther = "<b>Langkah berikutnya:</b> Pejabat Pengadaan satker Anda mendaftarkan vendor langganan di Digipay; " +
		"jumlahnya dilaporkan di /progres oleh Pejabat Pengadaan atau admin satker. Mohon koordinasikan dengan Pejabat Pengadaan."
	textReminderStepTxPemesan = "<b>Langkah berikutnya:</b> buat pesanan pertama Anda kepada vendor yang sudah terdaftar di Digipay."
	textReminderStepTxPayer   = "<b>Langkah berikutnya:</b> setelah barang/jasa pesanan diterima, bayar tagihannya melalui <b>CMS</b> " +
		"(virtual account) atau <b>KKP</b>, lalu laporkan transaksinya di /progres (<b>Lapor transaksi</b>)."
	textReminderStepTxOther = "<b>Langkah berikutnya:</b> Pemesan membuat pesanan pertama kepada vendor yang terdaftar di Digipay; " +
		"setelah barang/jasa diterima, tagihan dibayar melalui CMS atau KKP dan dilaporkan di /progres."
)

// The answers to a reminder.
const (
	textReminderThanks     = "✅ Terima kasih! Tahap <b>%s</b> satker %s kami catat sudah tercapai."
	textReminderReached    = "Terima kasih. Tahap <b>%s</b> satker %s sudah tercatat tercapai."
	textReminderUsersAdmin = "Terima kasih! Tahap ini tercatat setelah kelima pengguna dicatat: ketuk <b>Catat pengguna</b> " +
		"untuk setiap pengguna yang sudah Anda buat di Digipay."
	textReminderUsersOther = "Terima kasih! Tahap ini tercatat setelah admin satker Anda mencatat kelima pengguna di /progres."
	textReminderLater      = "Baik, kami ingatkan lagi minggu depan."
	textReminderAnswer     = " (<b>%s</b>)"
	textReminderAnswered   = "Pengingat ini sudah Anda jawab%s. Progres satker dapat dilihat dengan /progres; " +
		"bantuan petugas dapat diminta dengan /bantuan."
	textReminderNotLinked = "Akun Anda tidak lagi terhubung dengan satker %s, sehingga pengingat ini tidak dapat dijawab. " +
		"Jika ada yang keliru, hubungi petugas KPPN melalui /bantuan."
	textReminderHelpIntro    = "Kategori <b>%s</b> untuk satker %s sudah kami pilihkan; Anda dapat mengubahnya sebelum mengirim."
	textReminderHelpFormOpen = "Untuk meminta bantuan, selesaikan atau batalkan dulu pengisian ini, lalu ketik /bantuan."
)

// The nudge about a form left unfinished.
const (
	textFormNudge         = "Anda belum menyelesaikan %s. Jawaban Anda masih tersimpan."
	textFormNudgeContinue = "Lanjutkan"
)

// Service-level alerts in the staff group.
const (
	textSLANear      = "⏰ <b>%s</b>%s mendekati tenggat (%s), %s."
	textSLAPast      = "⚠️ <b>%s</b>%s lewat tenggat sejak %s, %s."
	textSLASatker    = " · satker %s %s"
	textSLATakenBy   = "ditangani: <b>%s</b>"
	textSLANotTaken  = "belum diambil petugas"
	textSLANearLeft  = "\nSisa waktu: %s."
	textSLAHours     = "%d jam %d menit"
	textSLAMinutes   = "%d menit"
	textSLAPastTaken = "\nMohon segera diselesaikan."
	textSLAPastOpen  = "\nMohon segera diambil dan ditangani."
)

// /pengingat in the staff group, and /belum's follow-up mark.
const (
	textCmdPengingat    = "Pengingat otomatis hari ini dan jadwal berikutnya"
	textReminderDayHead = "<b>Pengingat otomatis KPPN %s</b>\n%s"
	textReminderToday   = "<b>Hari ini</b>"
	textReminderNone    = "Belum ada pengingat hari ini."
	textReminderLine    = "• %s: %d terkirim · %d dilewati · %d gagal"
	textReminderTotal   = "Jumlah: %d terkirim · %d dilewati (chat memblokir bot atau pengingat dijeda) · %d gagal"
	textReminderNext    = "<b>Jadwal berikutnya</b>"
	textReminderJob     = "• %s: %s"
	textReminderJobOff  = "tidak terjadwal"
	textReminderNoJobs  = "Jadwal pengingat otomatis tidak tersedia pada bot ini."
	textReminderUsage   = "Format: <code>/pengingat</code> (ringkasan hari ini), <code>/pengingat jeda kode_satker</code> " +
		"(hentikan pengingat otomatis satker), atau <code>/pengingat lanjut kode_satker</code>."
	textReminderPaused  = "⏸ Pengingat otomatis untuk satker <b>%s</b> %s dijeda. Lanjutkan dengan <code>/pengingat lanjut %s</code>."
	textReminderResumed = "▶️ Pengingat otomatis untuk satker <b>%s</b> %s dilanjutkan."
	textReminderNoCode  = "Kode satker wajib diisi."

	textReminderFollowUp = "\n    🔕 %d pengingat tidak dijawab — perlu tindak lanjut langsung"
)

// The scheduled jobs as officers read them in /pengingat (package reminders).
const (
	TextJobLagging = "Pengingat satker yang tertinggal"
	TextJobSLA     = "Pantauan batas waktu layanan"
	TextJobNudge   = "Pengingat formulir yang belum selesai"
	TextJobWeekly  = "Laporan mingguan ke grup KPPN"
)
