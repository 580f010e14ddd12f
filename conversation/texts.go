package conversation

// Every text a user or a KPPN officer reads lives in this file, so the KPPN
// can change the wording in one place. Texts are Telegram HTML: anything a
// user typed is inserted with EscapeHTML, and a literal "&", "<" or ">" must
// be written as an entity. Format verbs (%s, %d) are filled in by the code.

// Main menu and general answers.
const (
	textGreeting = "Selamat datang di <b>Posko Digipay Online</b> KPPN Lubuk Linggau, %s.\n\n" +
		"Kami membantu satker dan vendor dalam implementasi Digipay. Silakan pilih layanan di bawah ini."
	textGreetingNoName = "Selamat datang di <b>Posko Digipay Online</b> KPPN Lubuk Linggau.\n\n" +
		"Kami membantu satker dan vendor dalam implementasi Digipay. Silakan pilih layanan di bawah ini."
	textMenu            = "Silakan pilih layanan di bawah ini."
	textMenuPanduan     = "Panduan layanan"
	textMenuPengaduan   = "Pengaduan"
	textMenuMain        = "Menu utama"
	textHint            = "Maaf, pesan Anda belum dapat kami proses. Ketik /menu untuk melihat layanan atau /panduan untuk panduan layanan."
	textEditIgnored     = "Perubahan pada pesan yang sudah terkirim tidak kami proses. Jika jawaban Anda perlu diperbaiki, kirim ulang jawabannya, atau tekan <b>Ubah</b> pada ringkasan."
	textStale           = "Tombol ini sudah tidak berlaku. Silakan ketik /menu untuk memulai lagi."
	textFailure         = "Maaf, terjadi gangguan. Silakan coba lagi."
	textFailureToast    = "Maaf, terjadi gangguan."
	textNothingToCancel = "Tidak ada pengisian yang sedang berjalan. Ketik /menu untuk melihat layanan."
	textFlowGone        = "Maaf, formulir yang sedang Anda isi sudah tidak tersedia. Silakan mulai lagi dari menu."
)

// Group chats.
const (
	textGroupStaff = "Halo, saya <b>Posko Digipay Online</b> KPPN Lubuk Linggau. " +
		"Di grup ini saya meneruskan pengaduan dan permintaan bantuan dari pengguna untuk ditindaklanjuti petugas."
	textGroupOther = "Halo, saya <b>Posko Digipay Online</b> KPPN Lubuk Linggau. " +
		"Layanan bagi satker dan vendor tersedia melalui chat pribadi dengan saya. Ketik /panduan untuk panduan layanan."
	textGroupUnknownCommand = "Perintah tersebut tidak tersedia di grup. Perintah yang dapat digunakan di grup: /start, /panduan, dan /pengaduan."
	textGroupComplaint      = "Untuk menyampaikan pengaduan langsung kepada kami, kirim /pengaduan melalui chat pribadi dengan saya."
)

// Commands registered with Telegram (descriptions shown in the command menu).
const (
	textCmdStart      = "Mulai dan tampilkan menu layanan"
	textCmdMenu       = "Tampilkan menu layanan"
	textCmdPanduan    = "Panduan layanan Asistensi Implementasi Digipay"
	textCmdPengaduan  = "Saluran pengaduan dan formulir pengaduan"
	textCmdBatal      = "Batalkan pengisian formulir"
	textCmdGroupStart = "Tentang bot ini"
)

// textPanduan is the KPPN's published service standard "Asistensi
// Implementasi Digipay", arranged for a phone screen.
const textPanduan = `<b>Panduan Layanan Asistensi Implementasi Digipay</b>
KPPN Lubuk Linggau

<b>Persyaratan</b>
1. Form Permintaan Registrasi Admin Digipay Satker
2. Dokumen SK Penunjukan user dan bukti identitas (KTP)
3. Aplikasi Digipay

<b>Prosedur</b>
<b>1. Asistensi implementasi Digipay</b>
a. KPPN memetakan/membuat daftar satker pengelola UP.
b. KPPN mendata progres implementasi Digipay seluruh satker pengelola UP: admin satker yang telah teregistrasi, progres rekrutmen vendor oleh satker, dan transaksi satker melalui Digipay.
c. KPPN berkoordinasi <i>one on one</i> dengan satker yang belum meregistrasi user admin satker, belum mendaftarkan admin vendor langganannya, atau belum bertransaksi melalui Digipay.
d. Satker meminta asistensi KPPN untuk pendaftaran admin satker, input data vendor/<i>invite</i> vendor, dan proses transaksi melalui Digipay.
e. Asistensi dilakukan melalui Posko Digipay (tatap muka) dan secara online (non tatap muka).
f. Asistensi kendala aplikasi Digipay, bila diperlukan, juga melibatkan pihak bank.

<b>2. Pendaftaran user admin satker</b>
a. Satker (KPA) menunjuk PNS sebagai user admin Digipay satker melalui SK Penunjukan.
b. PNS yang ditunjuk mengisi form pendaftaran user admin Digipay; form ditandatangani KPA.
c. SK Penunjukan dan form pendaftaran user admin satker disampaikan kepada KPPN.
d. Admin Digipay KPPN merekam data user admin satker melalui aplikasi Digipay pada DIGIT.
e. User admin satker memperoleh notifikasi untuk mengakses aplikasi Digipay.

<b>3. Pendaftaran user level satker</b>
a. User admin satker yang telah terdaftar mengakses aplikasi Digipay dan memperbarui profil.
b. User admin satker mendaftarkan 5 user Digipay level satker: PPK, Pemesan, Pejabat Pengadaan, Penerima Barang/Jasa, dan Bendahara.

<b>4. Pendaftaran admin vendor</b>
a. Satker (user Pejabat Pengadaan) mendaftarkan user admin vendor melalui aplikasi Digipay.
b. Pejabat Pengadaan merekam data vendor sesuai dokumen/informasi dari vendor: identitas vendor, SIUP, NPWP, Kartu Tanda Daftar Perusahaan, SKKPP, nomor HP, dan alamat email aktif.
c. Admin vendor yang telah terdaftar memperoleh notifikasi untuk mengakses aplikasi Digipay.

<b>5. Pendaftaran user level vendor</b>
a. Admin vendor mengakses aplikasi Digipay untuk memperbarui profil, melengkapi persyaratan, dan mendaftarkan user level vendor (staf dan kurir).
b. User staf vendor mengunggah data barang/jasa (foto dan harga).

<b>Waktu layanan:</b> 1 hari kerja
<b>Biaya:</b> tidak dipungut biaya

<b>Produk layanan</b>
1. User Admin Satker aktif
2. Data/laporan realisasi rekrutmen satker, vendor, dan transaksi

Ada pertanyaan atau keluhan? Ketik /pengaduan.`

// textChannels lists every complaint channel of the service standard.
const textChannels = `<b>Saluran Pengaduan KPPN Lubuk Linggau</b>

1. Kotak pengaduan di ruang Front Office (FO) KPPN Lubuk Linggau.
2. Surat, telepon, dan e-mail:
   • Surat: d/a Kantor Pelayanan Perbendaharaan Negara Lubuk Linggau, Jalan Air Kuti, Lubuk Linggau Timur I, Kota Lubuklinggau, Sumatera Selatan 31625
   • Telepon: (0733) 451572 – 451573
   • Faksimili: (0733) 451571
   • Telepon/SMS (HP): 0815-1936-6898
   • E-mail: kppn070@kemenkeu.go.id
3. Tatap muka di KPPN Lubuk Linggau.
4. SILAMPARI: http://bit.ly/PengaduanKPPNLLG
5. SIPANDU (Sistem Informasi Pengaduan DJPb): http://pengaduandjpb.kemenkeu.go.id
6. WISE (Whistleblowing System Kementerian Keuangan): www.wise.kemenkeu.go.id
7. GOL KPK: https://gol.kpk.go.id

Anda juga dapat menyampaikan pengaduan, aspirasi, maupun permintaan informasi pelayanan publik melalui <b>LAPOR!</b>: https://www.lapor.go.id`

// Complaint channels: the in-chat part.
const (
	textChannelsInChat  = "Anda juga dapat menyampaikan pengaduan langsung di chat ini."
	textComplaintButton = "Sampaikan pengaduan di sini"
)

// The form machinery.
const (
	textFormIntro       = "<b>%s</b>\n%s\n\nAnda dapat membatalkan kapan saja dengan /batal."
	textFieldHeader     = "<b>(%d/%d) %s</b>"
	textFieldOptional   = "<i>Opsional: tekan Lewati jika tidak ada.</i>"
	textPrevious        = "Jawaban sebelumnya: %s"
	textBack            = "« Kembali"
	textSkip            = "Lewati »"
	textCancel          = "Batalkan"
	textSend            = "Kirim"
	textEdit            = "Ubah %s"
	textSummary         = "<b>Periksa kembali %s Anda</b>\n\n%s\n\nTekan <b>Kirim</b> jika sudah benar, atau <b>Ubah</b> untuk memperbaiki jawaban."
	textSummaryLine     = "<b>%s:</b> %s"
	textSkipped         = "<i>(dilewati)</i>"
	textNoAnswer        = "<i>(belum diisi)</i>"
	textFilesOne        = "1 berkas"
	textFilesAlbum      = "%d berkas (album)"
	textFilesAlbumFirst = "album (halaman-halamannya ikut tersimpan)"
	textFilesMany       = "%d berkas"
	textUseSummary      = "Silakan periksa ringkasan di bawah, lalu tekan Kirim atau Ubah."
	textCancelled       = "Pengisian %s dibatalkan."
	textResume          = "Pengisian %s Anda belum selesai.\nLanjutkan pengisian %s?"
	textResumeUseButton = "Silakan pilih salah satu tombol di bawah."
	textResumeContinue  = "Lanjutkan"
	textResumeRestart   = "Mulai ulang"
	textInForm          = "Anda sedang mengisi %s. Silakan lanjutkan:"
	textUnknownInForm   = "Perintah /%s tidak dikenal. Ketik /batal untuk membatalkan %s."
	textFormObject      = "formulir"
	textRequired        = "Bagian <b>%s</b> wajib diisi."
)

// Answers the form rejects: what was expected, what came instead.
const (
	textWrongKind       = "Maaf, untuk <b>%s</b> kami memerlukan %s, bukan %s."
	textExpectText      = "jawaban berupa teks"
	textExpectChoice    = "salah satu pilihan pada tombol di bawah"
	textExpectDocument  = "dokumen (PDF, JPG, atau PNG) atau foto"
	textExpectPhoto     = "foto"
	textNounText        = "teks"
	textNounSticker     = "stiker atau animasi"
	textNounVoice       = "pesan suara, audio, atau video"
	textNounDocument    = "dokumen"
	textNounPhoto       = "foto"
	textNounContact     = "kontak"
	textNounOther       = "jenis pesan ini"
	textChoiceUnknown   = "Pilihan “%s” tidak tersedia. Silakan pilih salah satu tombol di bawah."
	textEmptyAnswer     = "Jawaban tidak boleh kosong."
	textTooLong         = "Jawaban terlalu panjang: maksimal %d karakter; Anda mengirim %d karakter."
	textFileTooBig      = "Berkas terlalu besar (%s MB). Bot hanya dapat menerima berkas hingga 20 MB. Silakan kirim berkas yang lebih kecil, misalnya hasil pindai dengan resolusi lebih rendah."
	textFileType        = "Format berkas %s tidak dapat kami terima. Silakan kirim PDF, JPG, atau PNG."
	textPhotoType       = "Berkas %s bukan foto. Silakan kirim foto (JPG atau PNG)."
	textThisFile        = "ini"
	textAlbumItemFailed = "Satu halaman dari album Anda tidak dapat kami terima: %s"
)

// Validators' reasons. They quote a short prefix of what the user sent.
const (
	textDigitsCount  = "%s harus %d digit angka; Anda mengirim %d digit."
	textDigitsOnly   = "%s hanya boleh berisi angka; Anda mengirim “%s”."
	textLenBetween   = "Jawaban harus %d–%d karakter; Anda mengirim %d karakter."
	textNIPBirth     = "8 digit pertama NIP adalah tanggal lahir (TTTTBBHH); “%s” bukan tanggal yang valid."
	textNIPTMTMonth  = "Digit ke-13 dan ke-14 NIP adalah bulan TMT (01–12); Anda mengirim “%s”."
	textNIPTMTYear   = "Tahun TMT pada NIP (%s) tidak mungkin sebelum tahun lahir (%s)."
	textNIPGender    = "Digit ke-15 NIP adalah jenis kelamin (1 atau 2); Anda mengirim “%s”."
	textNIKRegion    = "6 digit pertama NIK adalah kode wilayah; “%s” bukan kode wilayah yang valid."
	textNIKDay       = "Digit ke-7 dan ke-8 NIK adalah tanggal lahir (01–31, atau 41–71 untuk perempuan); Anda mengirim “%s”."
	textNIKMonth     = "Digit ke-9 dan ke-10 NIK adalah bulan lahir (01–12); Anda mengirim “%s”."
	textNIKDate      = "Tanggal lahir pada NIK (%s) bukan tanggal yang valid."
	textNIKSerial    = "4 digit terakhir NIK tidak boleh 0000."
	textNIPNIKDate   = "Tanggal lahir pada NIK (%s) tidak sama dengan tanggal lahir pada NIP (%s)."
	textNIPNIKGender = "Jenis kelamin pada NIK (%s) tidak sama dengan jenis kelamin pada NIP (%s)."
	textMale         = "laki-laki"
	textFemale       = "perempuan"
	textNPWPDigits   = "NPWP harus 15 atau 16 digit angka; Anda mengirim %d digit."
	textMobilePrefix = "Nomor HP harus diawali 08 atau +62 8; Anda mengirim “%s”."
	textMobileCount  = "Nomor HP harus 10–13 digit (dihitung dari angka 0 di depan); Anda mengirim %d digit."
	textEmailInvalid = "Alamat email “%s” tidak valid. Contoh yang benar: nama@kemenkeu.go.id."
	textEmailTooLong = "Alamat email terlalu panjang: maksimal 254 karakter; Anda mengirim %d karakter."

	labelKodeSatker = "Kode satker"
	labelKodeKPPN   = "Kode KPPN"
	labelNIP        = "NIP"
	labelNIK        = "NIK"
	labelNIB        = "NIB"
	labelNPWP       = "NPWP"
	labelMobile     = "Nomor HP"
)

// The complaint flow (pengaduan).
const (
	textComplaintTitle  = "Pengaduan"
	textComplaintIntro  = "Sampaikan pengaduan Anda tentang layanan Asistensi Implementasi Digipay. Ada 4 pertanyaan singkat."
	textComplaintObject = "pengaduan"

	labelComplaintCategory = "Kategori"
	labelComplaintText     = "Uraian"
	labelComplaintFiles    = "Lampiran"
	labelComplaintPhone    = "Nomor HP"

	promptComplaintCategory = "Pengaduan Anda tentang apa?"
	promptComplaintText     = "Uraikan pengaduan Anda (10–2000 karakter): apa yang terjadi, kapan, dan di mana."
	promptComplaintFiles    = "Lampirkan bukti pendukung bila ada: dokumen (PDF, JPG, atau PNG) atau foto. Beberapa halaman dapat dikirim sekaligus sebagai album."
	promptComplaintPhone    = "Nomor HP yang dapat kami hubungi (contoh: 0812 3456 7890)."

	choiceComplaintStaff = "Pelayanan petugas"
	choiceComplaintApp   = "Aplikasi Digipay"
	choiceComplaintTime  = "Waktu layanan"
	choiceComplaintOther = "Lainnya"

	textComplaintReceipt = "Terima kasih, pengaduan Anda telah kami terima.\n\n" +
		"Nomor pengaduan: <b>%s</b>\n\n" +
		"KPPN Lubuk Linggau akan menindaklanjutinya paling lambat <b>1 hari kerja</b>. Simpan nomor ini untuk menanyakan perkembangannya."
	textComplaintStaff = "<b>Pengaduan baru %s</b>\n\n" +
		"<b>Kategori:</b> %s\n" +
		"<b>Dari:</b> %s\n" +
		"<b>Nomor HP:</b> %s\n" +
		"<b>Waktu:</b> %s\n" +
		"<b>Lampiran:</b> %s\n\n" +
		"<b>Uraian:</b>\n%s\n\n" +
		"Mohon ditindaklanjuti paling lambat 1 hari kerja."
	textComplaintStaffNoPhone = "-"
	textComplaintStaffNoFiles = "tidak ada"
	textComplaintStaffFiles   = "%d berkas (dikirim di bawah)"
	textComplaintAttachment   = "Lampiran %s"
	textComplaintNumber       = "PGD-%06d"
)
