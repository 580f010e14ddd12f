package conversation

// Texts of the KPPN staff group's progress commands (/hubungkan, /set,
// /impor, /laporan, /belum) and of the reminders they send to satker.

// Commands registered with Telegram.
const (
	textCmdLaporan   = "Laporan progres implementasi Digipay"
	textCmdBelum     = "Satker yang belum mencapai suatu tahap"
	textCmdImpor     = "Impor peta satker atau transaksi (CSV/XLSX)"
	textCmdSet       = "Ubah tahap satker: /set kode tahap"
	textCmdHubungkan = "Hubungkan grup ini dengan KPPN: /hubungkan kode"
)

// Who may use the commands, and where.
const (
	textKPPNNotStaff = "Perintah ini hanya untuk petugas KPPN yang menjadi anggota grup ini."
	textKPPNUnbound  = "Grup ini belum terhubung dengan KPPN. Admin grup dapat menghubungkannya dengan " +
		"<code>/hubungkan kode_KPPN</code>, misalnya <code>/hubungkan 070</code>."
	textKPPNOtherSatker = "Satker %s terdaftar pada KPPN %s, bukan KPPN %s yang dilayani grup ini."
	textKPPNNoSatker    = "Satker %s tidak ada di peta satker. Periksa kodenya, atau impor peta satker dengan /impor."
	textKPPNNoSatkerBtn = "Satker ini sudah tidak ada di peta satker KPPN grup ini."
)

// /hubungkan.
const (
	textKPPNBindUsage    = "Format: <code>/hubungkan kode_KPPN</code> (3 digit), misalnya <code>/hubungkan 070</code>."
	textKPPNBindCurrent  = "Grup ini terhubung dengan KPPN %s."
	textKPPNBindDisabled = "Menghubungkan grup dengan KPPN belum diaktifkan pada bot ini. Hubungi pengelola bot."
	textKPPNBindNotAdmin = "Hanya admin grup yang dapat menghubungkan grup ini dengan KPPN."
	textKPPNBindDone     = "✅ Grup ini kini menjadi grup petugas <b>KPPN %s</b>.%s\n\n" +
		"Di grup ini anggota grup dapat:\n" +
		"• /belum [tahap]: satker yang belum mencapai suatu tahap, dengan tombol <b>Ingatkan</b> dan <b>Catat tindak lanjut</b>\n" +
		"• /laporan: laporan progres (ringkasan, grafik, dan berkas XLSX)\n" +
		"• /pengingat: pengingat yang terkirim hari ini dan jadwal berikutnya; /pengingat jeda kode_satker menghentikan pengingat satker\n" +
		"• /impor: impor peta satker atau transaksi Digipay (CSV/XLSX)\n" +
		"• <code>/set kode_satker tahap</code>: ubah tahap satker\n\n" +
		"Hasil impor dan laporan KPPN %s dikirim ke grup ini. Hanya anggota grup yang dapat memakai perintah dan tombolnya."
	textKPPNBindMoved    = "\nSebelumnya grup ini terhubung dengan KPPN %s."
	textKPPNBindMainDesk = "\n\nPermintaan registrasi admin satker dan tiket bantuan tetap diterima di grup petugas utama."
)

// /set.
const (
	textKPPNSetUsage = "Format: <code>/set kode_satker tahap [tidak]</code>\n" +
		"Tahap: <code>admin</code>, <code>pengguna</code>, <code>vendor</code>, atau <code>transaksi</code> (atau 1–4). " +
		"Tambahkan <code>tidak</code> untuk menandai tahap belum tercapai.\n" +
		"Contoh: <code>/set 409876 vendor</code>"
	textKPPNSetMissing  = "Kode satker dan tahap wajib diisi."
	textKPPNSetBadStage = "Tahap “%s” tidak dikenal."
	textKPPNSetBadFlag  = "Kata ketiga hanya boleh <code>tidak</code> (atau <code>ya</code>); Anda mengirim “%s”."
	textKPPNSetTooMany  = "Terlalu banyak kata: %d; paling banyak 3."
	textKPPNSetDone     = "✅ Tahap <b>%s</b> satker %s %s ditandai <b>%s</b>.\n\n%s"
	textKPPNSetReached  = "sudah tercapai"
	textKPPNSetUndone   = "belum tercapai"
)

// A satker's stages, as /set shows them.
const (
	textKPPNStageLine    = "%s %s"
	textKPPNStageLineAt  = "%s %s (%s)"
	textKPPNStageNext    = "Tahap berikutnya: <b>%s</b>."
	textKPPNStageAllDone = "Semua tahap sudah tercapai. 🎉"
	textKPPNStageFigures = "Vendor: %d · Transaksi: %d (Rp%s)"
)

// The stages' names.
const (
	textKPPNStageAdmin  = "Admin satker aktif"
	textKPPNStageUsers  = "5 user satker dibuat"
	textKPPNStageVendor = "Vendor terdaftar"
	textKPPNStageTx     = "Transaksi melalui Digipay"
)

// /impor and /laporan.
const (
	textKPPNImportUsage = "Kirim berkas CSV atau XLSX sebagai <b>dokumen</b> dengan keterangan (caption):\n" +
		"• <code>/impor</code>: peta satker (kolom: kode satker, nama satker, kode KPPN, pengelola UP ya/tidak, narahubung, nomor HP)\n" +
		"• <code>/impor transaksi</code>: data transaksi hasil ekspor dari Digipay\n" +
		"Berkas paling besar 20 MB."
	textKPPNImportReply    = "Saya tidak dapat mengambil berkas dari pesan yang dibalas. Kirim ulang berkasnya sebagai dokumen dengan keterangan <code>/impor</code> (peta satker) atau <code>/impor transaksi</code>."
	textKPPNImportBadKind  = "Jenis impor “%s” tidak dikenal."
	textKPPNImportNoFile   = "Keterangan /impor hanya berlaku pada berkas yang dikirim sebagai dokumen."
	textKPPNImportOldExcel = "Berkas %s berformat Excel lama (.xls), yang tidak dapat dibaca. Simpan ulang sebagai .xlsx atau .csv, lalu kirim lagi."
	textKPPNImportType     = "Berkas %s bukan CSV atau XLSX (%s). Kirim berkas .csv atau .xlsx."
	textKPPNImportTooBig   = "Berkas %s terlalu besar (%s MB). Bot hanya dapat mengunduh berkas hingga 20 MB: pecah berkasnya, atau kirim sebagai CSV yang lebih ringkas."
	textKPPNImportQueued   = "⏳ Berkas %s sedang diproses sebagai %s; hasilnya dikirim di sini."
	textKPPNImportSatker   = "peta satker"
	textKPPNImportTx       = "data transaksi"
	textKPPNImportNoName   = "tanpa nama"
	textKPPNImportNoType   = "jenis tidak dikenal"
	textKPPNReportQueued   = "⏳ Laporan sedang disiapkan… Ringkasan, grafik, dan berkas XLSX KPPN %s dikirim di sini."
)

// /belum.
const (
	textKPPNLagHead    = "<b>Progres satker pengelola UP KPPN %s</b>"
	textKPPNLagCount   = "• Belum %s: %s satker"
	textKPPNLagNone    = "Semua satker pengelola UP KPPN %s sudah mencapai semua tahap. 🎉"
	textKPPNLagNoneAt  = "Tidak ada satker KPPN %s yang belum mencapai tahap <b>%s</b>. 👍"
	textKPPNLagList    = "<b>Belum %s: %s satker</b> (terlama di peta lebih dulu)"
	textKPPNLagItem    = "%d. <b>%s</b> %s\n    PIC: %s · %s · kontak terakhir: %s"
	textKPPNLagMore    = "… dan %s satker lainnya. Tindak lanjuti yang di atas lebih dulu."
	textKPPNLagNever   = "belum pernah"
	textKPPNLagUsage   = "Format: <code>/belum [tahap]</code>; tahap: <code>admin</code>, <code>pengguna</code>, <code>vendor</code>, atau <code>transaksi</code> (atau 1–4)."
	textKPPNLagRemind  = "🔔 Ingatkan %s"
	textKPPNLagFollow  = "📝 Catat tindak lanjut"
	textKPPNLagCapped  = "%d+"
	textKPPNLagUnknown = "Tahap “%s” tidak dikenal."
)

// The Ingatkan button.
const (
	textKPPNRemindSent    = "Pengingat tahap %s dikirim ke %d chat satker %s."
	textKPPNRemindNobody  = "Belum ada chat yang terhubung dengan satker %s, jadi pengingat tidak terkirim. Tindak lanjuti lewat telepon: %s %s."
	textKPPNRemindReached = "Satker %s sudah mencapai tahap %s; pengingat tidak dikirim."
	textKPPNRemindNote    = "pengingat %s dikirim"
	textKPPNRemindHead    = "🔔 <b>Pengingat dari KPPN %s</b>\nSatker %s %s\n\n"
	textKPPNRemindHelp    = "\n\nButuh bantuan? ketik /bantuan"

	textKPPNRemindAdmin = "Satker Anda belum memiliki <b>User Admin Digipay</b> yang aktif.\n" +
		"Langkah berikutnya: KPA menunjuk admin satker dengan SK Penunjukan, lalu kirim SK dan form pendaftaran yang ditandatangani KPA ke KPPN. Pengajuan dapat dilakukan di chat ini dengan /daftar."
	textKPPNRemindUsers = "Admin satker Anda belum mendaftarkan kelima <b>user Digipay satker</b>: PPK, Pemesan, Pejabat Pengadaan, Penerima Barang/Jasa, dan Bendahara.\n" +
		"Langkah berikutnya: admin satker masuk ke Digipay, mendaftarkan kelima user (masing-masing orang dan email yang berbeda), lalu mencatatnya di /progres."
	textKPPNRemindVendor = "Satker Anda belum mendaftarkan <b>vendor</b> di Digipay.\n" +
		"Langkah berikutnya: Pejabat Pengadaan mendaftarkan admin vendor langganan (identitas, SIUP, NPWP, KTDP, SKKPP, nomor HP, dan email aktif vendor), lalu melaporkan jumlahnya di /progres."
	textKPPNRemindTx = "Satker Anda belum melakukan <b>transaksi melalui Digipay</b>.\n" +
		"Langkah berikutnya: buat pesanan pertama kepada vendor yang sudah terdaftar, bayar melalui CMS/VA atau KKP, lalu laporkan transaksinya di /progres."
)

// The Catat tindak lanjut button and the note replying to its prompt. The
// prompt's first line is matched by followUpPrompt: keep them together.
const (
	textKPPNFollowPrompt = "Tindak lanjut %s (tahap %s): balas pesan ini dengan catatannya.\n" +
		"Satker <b>%s</b> · PIC: %s · %s\n" +
		"Tulis siapa yang dihubungi, lewat apa, dan hasilnya."
	textKPPNFollowToast   = "Balas pesan petunjuk dengan catatan tindak lanjut."
	textKPPNFollowSaved   = "📝 Tindak lanjut satker %s %s tercatat."
	textKPPNFollowTooLong = "Catatan terlalu panjang: maksimal %d karakter; Anda mengirim %d karakter. Balas lagi pesan petunjuk dengan catatan yang lebih singkat."
	textKPPNFollowEmpty   = "Catatan tindak lanjut minimal %d karakter. Balas lagi pesan petunjuk dengan catatannya."
)

// kppnMonths are the short month names of dates in lists.
var kppnMonths = [...]string{"", "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

// textKPPNRemindedJustNow answers "Ingatkan" pressed again soon after: kode, time.
const textKPPNRemindedJustNow = "Satker %s baru saja dihubungi (pukul %s WIB); pengingat tidak dikirim lagi agar satker tidak menerima pesan berulang."
