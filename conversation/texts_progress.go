package conversation

// Texts of the satker's progress side in the private chat (/progres,
// /undang, invitation links). Telegram HTML; see texts.go.

// Menu and commands.
const (
	textMenuProgress = "Progres satker"
	textCmdProgres   = "Progres Digipay satker Anda"
	textCmdUndang    = "Undang pengguna satker (khusus admin)"
)

// Who sees what.
const (
	textProgNotLinked = "Akun Telegram Anda belum terhubung dengan satker mana pun, sehingga progres Digipay satker belum dapat kami tampilkan.\n\n" +
		"Akun terhubung dengan satker melalui salah satu cara berikut:\n" +
		"1. <b>Admin satker</b>: daftarkan diri Anda melalui /daftar. Setelah pendaftaran disetujui KPPN, akun Anda otomatis terhubung.\n" +
		"2. <b>PPK, Pemesan, Pejabat Pengadaan, Penerima Barang/Jasa, atau Bendahara</b>: mintalah tautan undangan kepada admin satker Anda, lalu buka tautan tersebut.\n" +
		"3. Jika belum ada admin satker yang terhubung, ketuk <b>Minta KPPN menghubungkan akun</b>: petugas KPPN memeriksa dan menyetujui permintaan Anda. Pertanyaan lain dapat diajukan melalui /bantuan."
	textProgNotLinkedCode = "Demi keamanan data, progres satker hanya kami tampilkan kepada akun yang terhubung dengan satker tersebut; kode satker saja tidak cukup."
	textProgNotYours      = "Akun Anda tidak terhubung dengan satker “%s”. Silakan pilih satker Anda:"
	textProgChoose        = "Akun Anda terhubung dengan beberapa satker. Pilih satker yang ingin Anda lihat:"
	textProgNoData        = "Data progres satker <b>%s</b> %s belum tersedia di peta satker KPPN. Silakan hubungi petugas KPPN melalui /bantuan."
	textProgFromChecklist = "Silakan buka /progres, lalu pilih tombol yang sesuai pada progres satker Anda."
	textProgAdminOnly     = "Hanya admin satker yang dapat mencatat pengguna satker."
	textProgVendorOnly    = "Jumlah vendor dilaporkan oleh Pejabat Pengadaan atau admin satker."
	textProgTxOnly        = "Transaksi dilaporkan oleh Bendahara, PPK, atau admin satker."
)

// The roles, as users read them (also the choices of "Catat pengguna").
const (
	textProgRoleAdmin     = "Admin satker"
	textProgRolePPK       = "PPK"
	textProgRolePemesan   = "Pemesan"
	textProgRolePP        = "Pejabat Pengadaan"
	textProgRolePenerima  = "Penerima Barang/Jasa"
	textProgRoleBendahara = "Bendahara"
)

// The checklist.
const (
	textProgHead        = "<b>Progres Digipay satker %s</b>\n%s\nPeran Anda: %s"
	textProgChecked     = "✅"
	textProgUnchecked   = "⬜"
	textProgSince       = " (%s)"
	textProgStageAdmin  = "<b>1. Admin satker terdaftar</b>"
	textProgStageUsers  = "<b>2. Lima pengguna satker dibuat</b>: %d dari %d tercatat"
	textProgUserLine    = "      %s %s: %s"
	textProgUserMissing = "      %s %s: <i>belum dicatat</i>"
	textProgStageVendor = "<b>3. Vendor terdaftar</b>: %s vendor"
	textProgStageTx     = "<b>4. Transaksi melalui Digipay</b>: %s transaksi, Rp%s"

	textProgNextAdmin = "<b>Langkah berikutnya: daftarkan admin satker</b>\n" +
		"KPA menunjuk PNS sebagai admin satker melalui SK Penunjukan; admin mengisi formulir pendaftaran yang ditandatangani KPA " +
		"dan mengajukannya ke KPPN. Pengajuan dapat dilakukan di chat ini dengan /daftar."
	textProgNextUsers = "<b>Langkah berikutnya: buat lima pengguna satker</b>\n" +
		"Admin satker masuk ke Digipay → menu <b>Pengguna</b> → tambah pengguna <b>PPK, Pemesan, Pejabat Pengadaan, " +
		"Penerima Barang/Jasa, dan Bendahara</b>. Setiap peran harus orang yang berbeda, dengan email masing-masing.\n" +
		"Lalu catat setiap pengguna di sini dengan tombol <b>Catat pengguna</b>, dan kirimkan tautan kepada mereka dengan <b>Undang pengguna</b>."
	textProgNextVendor = "<b>Langkah berikutnya: daftarkan vendor</b>\n" +
		"Pejabat Pengadaan mengundang (<i>invite</i>) vendor atau menginput data vendor di Digipay: identitas vendor, SIUP, NPWP, " +
		"Kartu Tanda Daftar Perusahaan, SKKPP, nomor HP, dan email aktif. Vendor lalu menerima notifikasi untuk mengakses Digipay.\n" +
		"Laporkan jumlah vendor yang terdaftar dengan tombol <b>Lapor jumlah vendor</b> (Pejabat Pengadaan atau admin satker)."
	textProgNextTx = "<b>Langkah berikutnya: transaksi pertama</b>\n" +
		"Pemesan membuat pesanan kepada vendor yang terdaftar di Digipay; setelah barang/jasa diterima, tagihan dibayar melalui " +
		"<b>CMS</b> (virtual account) atau <b>KKP</b> (Kartu Kredit Pemerintah).\n" +
		"Laporkan setiap transaksi dengan tombol <b>Lapor transaksi</b> (Bendahara, PPK, atau admin satker)."
	textProgAllDone = "🎉 <b>Semua tahap sudah tercapai.</b> Terima kasih! Terus gunakan Digipay untuk belanja UP, " +
		"dan laporkan transaksi berikutnya dengan tombol <b>Lapor transaksi</b>."

	textProgBtnUsers   = "Catat pengguna"
	textProgBtnInvite  = "Undang pengguna"
	textProgBtnVendors = "Lapor jumlah vendor"
	textProgBtnTx      = "Lapor transaksi"
	textProgBtnRefresh = "🔄 Perbarui"
	textProgBtnBack    = "« Kembali ke progres"
)

// "Catat pengguna".
const (
	textProgUsersTitle  = "Catat pengguna satker"
	textProgUsersObject = "pencatatan pengguna"
	textProgUsersIntro  = "Satker <b>%s</b> %s. Catat pengguna yang sudah Anda buat di Digipay (menu Pengguna); " +
		"setiap peran harus orang yang berbeda, dengan email masing-masing."
	labelProgRole   = "Peran"
	promptProgRole  = "Pengguna untuk peran apa yang Anda catat?"
	labelProgName   = "Nama"
	promptProgName  = "Ketik <b>nama lengkap</b> pengguna, sesuai yang direkam di Digipay."
	labelProgEmail  = "Email"
	promptProgEmail = "Ketik <b>alamat email</b> pengguna yang terdaftar di Digipay, misalnya budi@kemenag.go.id."

	textProgNameLetters   = "Nama harus berisi huruf; Anda mengirim “%s”."
	textProgEmailTaken    = "Email ini sudah dipakai pengguna lain satker Anda (%s). Setiap pengguna memerlukan email sendiri; ketik email lain."
	textProgNameTaken     = "Nama ini sudah tercatat untuk peran lain (%s): setiap peran harus orang yang berbeda. Ketik nama pengguna yang lain."
	textProgUserNotSaved  = "Pengguna belum tercatat; silakan catat ulang."
	textProgUserDuplicate = "Nama atau email ini sudah tercatat untuk peran lain satker Anda: setiap peran harus orang yang berbeda, " +
		"dengan email masing-masing. Pengguna belum tercatat; silakan catat ulang."
	textProgUserSaved = "✅ Pengguna <b>%s</b> tercatat: %s (%s)."
)

// "Lapor jumlah vendor".
const (
	textProgVendorTitle   = "Lapor jumlah vendor"
	textProgVendorObject  = "laporan jumlah vendor"
	textProgVendorIntro   = "Satker <b>%s</b> %s. Jumlah vendor yang tercatat saat ini: <b>%s</b>."
	labelProgVendorCount  = "Jumlah vendor"
	promptProgVendorCount = "Berapa vendor yang sudah terdaftar di Digipay untuk satker Anda (seluruhnya, bukan hanya yang baru)? Ketik angka, misalnya 3."
	textProgVendorNumber  = "Jumlah vendor ditulis dengan angka, misalnya 3; Anda mengirim “%s”."
	textProgVendorTooMany = "Jumlah vendor paling banyak %s; Anda mengirim %s."
	textProgVendorSaved   = "✅ Jumlah vendor tercatat: <b>%s</b>."
)

// "Lapor transaksi".
const (
	textProgTxTitle     = "Lapor transaksi"
	textProgTxObject    = "laporan transaksi"
	textProgTxIntro     = "Satker <b>%s</b> %s. Laporkan satu transaksi yang sudah dibayar melalui Digipay."
	labelProgTxDate     = "Tanggal"
	promptProgTxDate    = "Ketik <b>tanggal transaksi</b> dengan format dd-mm-yyyy, misalnya 05-03-2026."
	labelProgTxVendor   = "Vendor"
	promptProgTxVendor  = "Ketik <b>nama vendor</b> penyedia barang/jasa."
	labelProgTxValue    = "Nilai (Rp)"
	promptProgTxValue   = "Ketik <b>nilai transaksi</b> dalam rupiah, misalnya 1.250.000."
	labelProgTxChannel  = "Cara bayar"
	promptProgTxChannel = "Bagaimana transaksi dibayar?\n• <b>CMS</b>: melalui CMS/virtual account bank\n• <b>KKP</b>: dengan Kartu Kredit Pemerintah"
	textProgTxFuture    = "Tanggal transaksi tidak boleh setelah hari ini (%s)."
	textProgValueFormat = "Tulis nilai dalam rupiah tanpa sen, misalnya 1.250.000; Anda mengirim “%s”."
	textProgValueZero   = "Nilai transaksi harus lebih dari Rp0."
	textProgTxSaved     = "✅ Transaksi tercatat: %s, %s, Rp%s, %s."
	textProgTxKnown     = "Transaksi ini sudah tercatat sebelumnya."
)

// Invitation links.
const (
	textInviteAdminOnly    = "Hanya admin satker yang dapat membuat tautan undangan. Jika Anda memerlukan akses, mintalah tautan undangan kepada admin satker Anda."
	textInviteChooseSatker = "Anda admin beberapa satker. Pilih satker yang penggunanya ingin Anda undang:"
	textInviteChooseRole   = "<b>Undang pengguna satker %s</b> %s\n\n" +
		"Pilih peran orang yang akan Anda undang. Anda akan menerima tautan untuk diteruskan kepadanya; " +
		"tautan berlaku 7 hari dan hanya dapat dipakai satu kali."
	textInviteRoleLinked  = "%s (sudah ada yang terhubung)"
	textInviteUnavailable = "Maaf, tautan undangan belum dapat dibuat saat ini. Silakan hubungi petugas KPPN melalui /bantuan."
	textInviteCreated     = "Tautan undangan untuk <b>%s</b> satker %s sudah dibuat. Tautan berlaku sampai <b>%s</b> dan hanya dapat dipakai satu kali.\n\n" +
		"Teruskan pesan di bawah ini kepada yang bersangkutan (tekan lama pesan, lalu pilih Teruskan)."
	textInviteForward = "Yth. Bapak/Ibu,\n" +
		"Silakan buka tautan ini untuk menghubungkan akun Telegram Anda dengan satker <b>%s</b> %s sebagai <b>%s</b> " +
		"di Posko Digipay Online KPPN Lubuk Linggau:\n%s\n\n" +
		"Tautan berlaku sampai %s dan hanya dapat dipakai satu kali. Setelah terhubung, Anda dapat melihat dan melaporkan " +
		"progres Digipay satker melalui /progres."
	textInviteAnother  = "Undang pengguna lain"
	textInviteNotFound = "Maaf, tautan undangan ini tidak dikenal. Pastikan Anda membuka tautan lengkap yang dikirim admin satker Anda, atau mintalah tautan baru kepadanya."
	textInviteUsed     = "Maaf, tautan undangan ini sudah pernah dipakai; setiap tautan hanya berlaku satu kali. Silakan minta tautan baru kepada admin satker Anda."
	textInviteExpired  = "Maaf, tautan undangan ini sudah kedaluwarsa (berlaku 7 hari). Silakan minta tautan baru kepada admin satker Anda."
	textInviteAlready  = "Akun Anda sudah terhubung sebagai <b>%s</b> melalui tautan ini."
	textInviteLinked   = "✅ Akun Anda terhubung dengan satker <b>%s</b> %s sebagai <b>%s</b>."
	textInviteJoined   = "✅ %s telah terhubung sebagai <b>%s</b> satker %s melalui tautan undangan Anda."
	textInviteSomeone  = "Seorang pengguna"
)
