package conversation

// Texts of the vendors (issue 6): the invitation, the vendor's notice,
// form, receipt and checklist, the Pejabat Pengadaan's package and
// decisions, and the staff group's notice. Telegram HTML, as in texts.go;
// alerts (answers to a button press) are plain text of at most 200
// characters.

// Menu and command.
const (
	textMenuVendor = "Daftar sebagai vendor"
	textCmdVendor  = "Vendor: undang vendor (Pejabat Pengadaan) atau daftar sebagai vendor"
)

// The purpose notice and the form.
const (
	textVendorNotice = "<b>Pendaftaran Vendor Digipay</b>\n\n" +
		"Melalui layanan ini Anda menyerahkan data dan dokumen usaha kepada <b>Pejabat Pengadaan</b> satker yang mengundang Anda, " +
		"agar usaha Anda didaftarkan sebagai vendor (Admin Vendor) di aplikasi Digipay. Tanpa biaya.\n\n" +
		"<b>Data yang kami kumpulkan</b>\n" +
		"• nama, bentuk, dan alamat usaha, bank, nomor HP, serta email aktif;\n" +
		"• nama dan NIK pemilik, NPWP, serta NIB atau SIUP;\n" +
		"• dokumen: KTP pemilik, kartu NPWP, NIB/SIUP, dan bila ada, Kartu Tanda Daftar Perusahaan serta surat keterangan status pajak.\n\n" +
		"<b>Tujuan:</b> semata-mata untuk mendaftarkan usaha Anda di aplikasi Digipay.\n" +
		"<b>Siapa yang melihat:</b> hanya Anda, Pejabat Pengadaan satker tersebut, dan petugas KPPN Lubuk Linggau. " +
		"Dokumen disimpan terenkripsi, setiap akses dicatat, dan data dihapus setelah tujuannya tercapai, sesuai UU Nomor 27 Tahun 2022 " +
		"tentang Pelindungan Data Pribadi.\n\n" +
		"Siapkan foto KTP pemilik, kartu NPWP, dan NIB atau SIUP. Tekan <b>Setuju</b> untuk mulai mengisi."
	textVendorInvited = "👋 Satker <b>%s</b> %s mengundang Anda mendaftar sebagai vendor di Digipay."

	textVendorTitle        = "Pendaftaran Vendor"
	textVendorObject       = "pendaftaran vendor"
	textVendorIntro        = "Sekitar 12 pertanyaan singkat, lalu foto atau PDF dokumen usaha Anda. Pertama, sebutkan satker yang mengundang Anda."
	textVendorIntroInvited = "Untuk satker <b>%s</b> %s. Sekitar 12 pertanyaan singkat, lalu foto atau PDF dokumen usaha Anda."
	textVendorResume       = "Pendaftaran vendor Anda belum selesai.\nLanjutkan pendaftaran?"

	labelVendorSatker    = "Satker pengundang"
	labelVendorName      = "Nama usaha"
	labelVendorForm      = "Bentuk usaha"
	labelVendorOwner     = "Nama pemilik"
	labelVendorNIK       = "NIK pemilik"
	labelVendorNPWP      = "NPWP"
	labelVendorLicence   = "Jenis izin usaha"
	labelVendorNIB       = "NIB"
	labelVendorSIUP      = "Nomor SIUP"
	labelVendorAddress   = "Alamat usaha"
	labelVendorBank      = "Bank"
	labelVendorBankName  = "Nama bank"
	labelVendorMobile    = "Nomor HP"
	labelVendorEmail     = "Email"
	labelVendorDocKTP    = "KTP pemilik"
	labelVendorDocNPWP   = "Kartu NPWP"
	labelVendorDocNIB    = "Dokumen NIB/SIUP"
	labelVendorDocTDP    = "TDP (opsional)"
	labelVendorDocTax    = "Status pajak (opsional)"
	choiceVendorPersonal = "Perorangan"
	choiceVendorCompany  = "Badan usaha (CV, PT, dll.)"

	labelVendorDocTDPLong = "Kartu Tanda Daftar Perusahaan (TDP)"
	labelVendorDocTaxLong = "SKKPP / surat keterangan status pajak"

	promptVendorSatker   = "Ketik <b>kode satker</b> yang mengundang Anda (6 digit angka, contoh: 409876). Tanyakan kodenya kepada Pejabat Pengadaan satker tersebut."
	promptVendorName     = "Nama usaha atau toko Anda, sesuai NIB/SIUP (contoh: Toko Maju Jaya, CV Sinar Abadi)."
	promptVendorForm     = "Apa bentuk usaha Anda?"
	promptVendorOwner    = "Nama lengkap pemilik usaha (untuk badan usaha: direktur atau penanggung jawab), sesuai KTP."
	promptVendorNIK      = "NIK pemilik sesuai KTP (16 digit angka)."
	promptVendorNPWP     = "NPWP usaha (15 atau 16 digit; titik dan tanda hubung boleh ditulis). Jika belum memiliki NPWP, ketik <b>tidak punya</b>."
	promptVendorLicence  = "Izin usaha apa yang Anda miliki? Sejak 2018, <b>NIB</b> (Nomor Induk Berusaha dari OSS) menggantikan SIUP dan TDP."
	promptVendorNIB      = "Nomor Induk Berusaha (NIB) Anda: 13 digit angka."
	promptVendorSIUP     = "Nomor SIUP Anda, sesuai yang tertulis pada dokumen."
	promptVendorAddress  = "Alamat lengkap usaha: jalan, nomor, kelurahan/desa, kecamatan, dan kota/kabupaten."
	promptVendorBank     = "Di bank apa rekening usaha Anda? Pembayaran dari satker melalui Digipay masuk ke rekening ini."
	promptVendorBankName = "Ketik nama bank rekening usaha Anda."
	promptVendorMobile   = "Nomor HP yang aktif (contoh: 0812 3456 7890)."
	promptVendorEmail    = "Alamat email yang aktif. Notifikasi akses aplikasi Digipay dikirim ke email ini, dan satu email hanya untuk satu user Digipay."
	promptVendorDocKTP   = "Kirim foto atau PDF <b>KTP pemilik</b>."
	promptVendorDocNPWP  = "Kirim foto atau PDF <b>kartu NPWP</b>."
	promptVendorDocNIB   = "Kirim dokumen <b>NIB atau SIUP</b> sesuai pilihan Anda: foto atau PDF. Dokumen beberapa halaman dapat dikirim sekaligus sebagai album."
	promptVendorDocTDP   = "Kirim <b>Kartu Tanda Daftar Perusahaan (TDP)</b> bila ada. Jika Anda sudah mengirim NIB, tekan Lewati: NIB sudah berlaku sebagai TDP."
	promptVendorDocTax   = "Kirim <b>SKKPP / surat keterangan status pajak</b> bila ada (misalnya surat keterangan PPh final atau SPPKP). Dokumen ini <b>opsional</b>."

	textVendorSatkerFound    = "Satker %s: %s."
	textVendorSatkerUnknown  = "Kode satker %s tidak ada dalam daftar satker KPPN Lubuk Linggau. Mohon periksa kembali kodenya kepada satker yang mengundang Anda."
	textVendorNPWPNone       = "Jika usaha Anda belum memiliki NPWP, ketik <b>tidak punya</b>."
	textVendorLicenceChanged = "Jenis izin usaha Anda sekarang %s. Mohon kirim dokumen yang sesuai."
)

// The receipt, /status and the vendor's own page.
const (
	textVendorReceipt = "✅ Terima kasih, data pendaftaran vendor Anda sudah kami terima.\n\n" +
		"Nomor pendaftaran: <b>%s</b>\n" +
		"Satker: %s\n\n" +
		"Data dan dokumen Anda sudah kami teruskan kepada Pejabat Pengadaan satker tersebut untuk diinput di aplikasi Digipay. " +
		"Kami akan mengabari Anda di chat ini. Ketik /status untuk melihat perkembangannya."
	textVendorResubmitted = "✅ Perbaikan pendaftaran vendor <b>%s</b> sudah kami terima dan diteruskan kembali kepada Pejabat Pengadaan satker %s.\n\n" +
		"Ketik /status untuk melihat perkembangannya."
	textVendorReceiptNobody = "\n\n⚠️ Satker ini belum memiliki Pejabat Pengadaan yang terhubung dengan Posko Digipay Online. " +
		"Mohon minta satker tersebut menghubungi KPPN Lubuk Linggau; petugas KPPN juga sudah kami beri tahu."

	textVendorOwnHeader  = "<b>Pendaftaran vendor Anda</b>"
	textVendorStatusHead = "<b>Pendaftaran vendor</b>"
	textVendorStatusItem = "<b>%s</b> · %s · satker %s\nStatus: %s"
	textVendorBtnSteps   = "Langkah Digipay %s"
	textVendorBtnAnother = "Daftar untuk satker lain"

	textVendorStateSubmitted = "diajukan, menunggu input oleh Pejabat Pengadaan satker"
	textVendorStateFix       = "perlu diperbaiki: %s"
	textVendorStateEntered   = "sudah diinput di Digipay"

	textVendorFixIntro = "<b>Perbaikan pendaftaran vendor %s</b>\nCatatan Pejabat Pengadaan: %s\n\n" +
		"Jawaban Anda sebelumnya tetap tersimpan. Tekan <b>Ubah</b> pada bagian yang perlu diperbaiki, lalu <b>Kirim</b>."
	textVendorFixNotNeeded = "Pendaftaran vendor <b>%s</b> tidak perlu diperbaiki: statusnya %s."
	textVendorGone         = "Pendaftaran vendor ini tidak ditemukan."
)

// The Pejabat Pengadaan's side: the vendor page and the invitation.
const (
	textVendorSatkerPage = "<b>Vendor satker %s</b> %s\n\n" +
		"Undang vendor langganan Anda dengan <b>Undang vendor</b>: vendor mengisi data dan mengirim dokumennya di chat, " +
		"lalu paketnya Anda terima di sini untuk diinput di Digipay."
	textVendorChooseSatker = "Anda terhubung dengan beberapa satker. Pilih satker yang vendornya ingin Anda kelola:"
	textVendorPPOnly       = "Vendor diundang dan diinput di Digipay oleh <b>Pejabat Pengadaan</b> atau admin satker. " +
		"Mintalah Pejabat Pengadaan satker Anda membuka /vendor."
	textVendorInvitePPOnly  = "Hanya Pejabat Pengadaan atau admin satker yang dapat mengundang vendor dan membuka paket vendor satker tersebut."
	textVendorBtnInvite     = "Undang vendor"
	textVendorBtnInviteMore = "Undang vendor lain"
	textVendorBtnBack       = "« Kembali ke daftar vendor"
	textVendorBtnOpenOne    = "Buka paket %s"
	textVendorBtnSelf       = "Daftar sebagai vendor"

	textVendorInviteCreated = "Tautan undangan vendor untuk satker %s sudah dibuat. Tautan berlaku sampai <b>%s</b> dan hanya dapat dipakai oleh satu vendor.\n\n" +
		"Teruskan pesan di bawah ini kepada vendor (tekan lama pesan, lalu Teruskan), salin ke WhatsApp, atau cetak tautannya untuk diberikan langsung."
	textVendorInviteForward = "Yth. Bapak/Ibu pemilik usaha,\n" +
		"Satker <b>%s</b> %s mengundang usaha Anda menjadi vendor di <b>Digipay</b>, aplikasi belanja satker pemerintah. " +
		"Pendaftaran dilakukan melalui Posko Digipay Online KPPN Lubuk Linggau di Telegram, tanpa biaya. Buka tautan ini:\n%s\n\n" +
		"Siapkan foto KTP pemilik, kartu NPWP, dan NIB atau SIUP. Tautan berlaku sampai %s dan hanya untuk satu usaha."
	textVendorInviteOpened   = "ℹ️ %s telah membuka tautan undangan vendor satker %s. Paket data dan dokumennya akan Anda terima di sini setelah selesai diisi."
	textVendorInviteNotFound = "Maaf, tautan undangan vendor ini tidak dikenal. Pastikan Anda membuka tautan lengkap dari satker, atau mintalah tautan baru kepada Pejabat Pengadaan satker tersebut.\n\n" +
		"Anda juga dapat mendaftar dengan menyebut kode satker yang mengundang Anda."
	textVendorInviteUsed = "Maaf, tautan undangan vendor ini sudah pernah dipakai; setiap tautan hanya berlaku untuk satu vendor. " +
		"Jika Anda sudah mengisi pendaftaran, ketik /status untuk melihat perkembangannya.\n\n" +
		"Jika belum, mintalah tautan baru kepada Pejabat Pengadaan satker, atau daftar dengan menyebut kode satker yang mengundang Anda."
	textVendorInviteExpired = "Maaf, tautan undangan vendor ini sudah kedaluwarsa (berlaku 14 hari). Mintalah tautan baru kepada Pejabat Pengadaan satker, " +
		"atau daftar dengan menyebut kode satker yang mengundang Anda."
)

// The package and the decisions.
const (
	textVendorCardTitle     = "🏪 <b>Pendaftaran vendor %s</b>"
	textVendorCardInvited   = "Vendor ini mendaftar melalui tautan undangan satker Anda."
	textVendorCardSelf      = "⚠️ Vendor ini mendaftar sendiri dan menyebut satker Anda. Jika Anda tidak mengenal vendor ini, tekan <b>Perlu perbaikan</b> dan jelaskan."
	textVendorCardFixed     = "<b>PERBAIKAN</b>: dikirim ulang setelah diminta perbaikan.\n<b>Catatan sebelumnya:</b> %s"
	textVendorCardSatker    = "<b>Satker:</b> %s – %s"
	textVendorCardSender    = "<b>Pengirim:</b> %s · ID Telegram %d"
	textVendorCardBusiness  = "<b>Data usaha</b>\nNama usaha: %s\nBentuk: %s\nAlamat: %s\nNPWP: %s\n%s: %s\nBank: %s"
	textVendorCardNoNPWP    = "tidak punya"
	textVendorCardOwner     = "<b>Pemilik / penanggung jawab</b>\nNama: %s\nNIK: %s"
	textVendorCardContact   = "<b>Kontak Admin Vendor</b>\nNomor HP: %s\nEmail: %s"
	textVendorCardSubmitted = "<b>Diajukan:</b> %s"
	textVendorCardDocs      = "<b>Dokumen:</b> %s (dikirim di bawah pesan ini)."
	textVendorCardHowTo     = "Input data vendor ini di Digipay (undang/tambah vendor) sesuai dokumennya, lalu tekan <b>Sudah saya input di Digipay</b>. " +
		"Jika ada yang kurang atau salah, tekan <b>Perlu perbaikan</b>."
	textVendorDocCaption = "%s · %s"

	textVendorStatusSubmitted = "<b>Status:</b> menunggu input di Digipay oleh Pejabat Pengadaan."
	textVendorStatusEntered   = "<b>Status:</b> ✅ sudah diinput di Digipay oleh %s (%s)."
	textVendorStatusFix       = "<b>Status:</b> 🔧 dikembalikan kepada vendor untuk diperbaiki oleh %s.\n<b>Catatan:</b> %s"
	textVendorSomePP          = "Pejabat Pengadaan"

	textVendorBtnEntered = "Sudah saya input di Digipay"
	textVendorBtnFix     = "Perlu perbaikan"

	textVendorNameSubmitted = "diajukan"
	textVendorNameFix       = "perbaikan"
	textVendorNameEntered   = "diinput"

	textVendorNotPP          = "Hanya Pejabat Pengadaan atau admin satker %s yang dapat memproses pendaftaran vendor ini."
	textVendorAlreadyDecided = "Pendaftaran %s sudah diproses oleh %s: %s."
	textVendorEnteredToast   = "%s tercatat sudah diinput. Vendor sudah diberi tahu."

	textVendorFixTitle       = "Perbaikan pendaftaran vendor"
	textVendorFixObject      = "catatan perbaikan"
	labelVendorFixReason     = "Catatan"
	promptVendorFixReason    = "Tuliskan apa yang perlu diperbaiki vendor (5–1000 karakter), misalnya: Foto KTP tidak terbaca; mohon kirim ulang."
	textVendorFixPrompt      = "<b>Perbaikan %s</b> · %s\nCatatan Anda dikirim kepada vendor bersama tombol untuk memperbaiki datanya. Batalkan kapan saja dengan /batal."
	textVendorFixSent        = "Catatan perbaikan <b>%s</b> sudah dikirim kepada vendor. Paket perbaikannya akan Anda terima di sini."
	textVendorFixFromPackage = "Silakan tekan <b>Perlu perbaikan</b> pada paket vendor yang ingin Anda kembalikan."

	textVendorNotifyEntered = "✅ <b>Data usaha Anda sudah diinput di Digipay</b>\n\n" +
		"Pejabat Pengadaan satker %s %s telah mendaftarkan <b>%s</b> (%s) di aplikasi Digipay.\n\n" +
		"<b>Langkah berikutnya</b>\n" +
		"1. Periksa email <b>%s</b> (termasuk folder spam): notifikasi akses aplikasi Digipay dikirim ke alamat tersebut.\n" +
		"2. Ikuti petunjuk pada email untuk masuk ke Digipay sebagai Admin Vendor.\n" +
		"3. Kerjakan langkah-langkah di bawah ini dan tandai yang sudah selesai."
	textVendorNotifyFix = "🔧 <b>Pendaftaran vendor %s perlu diperbaiki</b>\n\n" +
		"Pejabat Pengadaan satker %s %s belum dapat menginput data Anda di Digipay.\n\n" +
		"<b>Catatan:</b> %s\n\n" +
		"Tekan <b>Perbaiki</b> untuk mengubah data atau dokumen yang diminta, lalu kirim kembali. Pendaftaran Anda tetap memakai nomor yang sama."
)

// The staff group.
const (
	textVendorGroupNotice  = "🏪 %s · %s · satker %s · %s"
	textVendorNoticeNobody = "⚠️ Satker ini belum memiliki Pejabat Pengadaan atau admin yang terhubung dengan bot; mohon hubungi satker."
	textVendorBtnOpen      = "Buka paket"
	textVendorNotStaff     = "Hanya petugas KPPN di grup staf Posko Digipay yang dapat membuka paket vendor."
	textVendorOpenedToast  = "Paket %s dikirim di bawah."
)

// The vendor's checklist and the satker's list of vendors.
const (
	textVendorStepsHead     = "<b>Langkah Admin Vendor di Digipay</b>\n%s · %s · satker %s"
	textVendorStepTodo      = "⬜ %s: tandai selesai"
	textVendorStepDone      = "✅ %s"
	textVendorStepsCount    = "Selesai: <b>%d dari %d</b>. Tandai setiap langkah yang sudah selesai. Ada kendala? Tekan <b>Butuh bantuan</b>."
	textVendorStepsAllDone  = "🎉 <b>Semua langkah selesai.</b> Usaha Anda siap menerima pesanan satker melalui Digipay."
	textVendorBtnHelp       = "Butuh bantuan"
	textVendorNotYours      = "Langkah ini hanya dapat ditandai oleh vendor yang bersangkutan."
	textVendorStepsNotYet   = "Langkah Digipay %s tersedia setelah Pejabat Pengadaan menginput data Anda. Status saat ini: %s."
	textVendorTickedToast   = "%s: selesai."
	textVendorUntickedToast = "%s: ditandai belum selesai."

	textVendorStepProfile  = "Profil"
	textVendorStepRequire  = "Persyaratan"
	textVendorStepUsers    = "Staf & kurir"
	textVendorStepProducts = "Produk"

	textVendorStepProfileTitle  = "Perbarui profil"
	textVendorStepRequireTitle  = "Lengkapi persyaratan"
	textVendorStepUsersTitle    = "Buat pengguna staf dan kurir"
	textVendorStepProductsTitle = "Unggah produk"

	textVendorStepProfileHow  = "Masuk ke Digipay sebagai Admin Vendor, buka menu profil, lalu lengkapi data usaha, alamat, dan rekening bank."
	textVendorStepRequireHow  = "Unggah dokumen persyaratan yang diminta aplikasi (NPWP, NIB/SIUP, dan lainnya) sampai statusnya lengkap."
	textVendorStepUsersHow    = "Tambahkan user <b>Staf</b> (mengelola barang/jasa) dan <b>Kurir</b> (mengantar pesanan); setiap user memakai email masing-masing."
	textVendorStepProductsHow = "User Staf mengunggah barang/jasa yang dijual: <b>foto</b>, nama, dan <b>harga</b>."

	textVendorNone        = "<i>Belum ada vendor yang mendaftar melalui Posko Digipay Online.</i>"
	textVendorListHead    = "<b>Vendor melalui Posko Digipay Online</b> (%d):"
	textVendorListMore    = "<i>dan %d vendor lainnya: ketik /vendor.</i>"
	textVendorLine        = "• %s %s: %s"
	textVendorLineWaiting = "menunggu input Pejabat Pengadaan"
	textVendorLineFix     = "menunggu perbaikan vendor"
	textVendorLineEntered = "diinput, langkah vendor %d/%d"
)
