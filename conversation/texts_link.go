package conversation

// Texts of the request to link an account to a satker by an officer's
// approval (link_request.go). Telegram HTML; see texts.go. Alerts and toasts
// are plain text of at most 200 characters.

// The requester's side.
const (
	textLinkReqButton = "Minta KPPN menghubungkan akun"
	textLinkReqTitle  = "Permintaan penghubungan akun"
	textLinkReqObject = "permintaan penghubungan akun"
	textLinkReqIntro  = "Petugas KPPN akan memeriksa permintaan Anda sebelum akun Telegram Anda dihubungkan dengan satker. " +
		"Nama dan nomor HP Anda hanya dipakai petugas untuk verifikasi."

	labelLinkReqSatker  = "Kode satker"
	promptLinkReqSatker = "Ketik <b>kode satker</b> Anda (6 digit angka), misalnya 409876."
	labelLinkReqRole    = "Peran"
	promptLinkReqRole   = "Apa peran Anda di satker tersebut?"
	labelLinkReqName    = "Nama lengkap"
	promptLinkReqName   = "Ketik <b>nama lengkap</b> Anda."
	labelLinkReqMobile  = "Nomor HP"
	promptLinkReqMobile = "Ketik <b>nomor HP</b> Anda yang dapat dihubungi petugas, misalnya 081234567890."

	textLinkReqUnknown = "Kode satker tidak ada di peta KPPN; periksa kembali atau hubungi KPPN."
	textLinkReqReceipt = "✅ Permintaan Anda untuk satker <b>%s</b> sebagai <b>%s</b> diteruskan ke petugas KPPN; " +
		"Anda akan diberi tahu setelah petugas memutuskannya."
	textLinkReqAlready = "Akun Anda sudah terhubung dengan satker <b>%s</b> sebagai <b>%s</b>. " +
		"Ketik /progres untuk melihat progres Digipay satker Anda."
	textLinkReqNoDesk = "Mohon maaf, permintaan penghubungan akun belum dapat diteruskan ke petugas KPPN saat ini. " +
		"Silakan minta tautan undangan kepada admin satker Anda, atau hubungi KPPN secara langsung."

	textLinkNotifyApproved = "✅ Akun Anda terhubung dengan satker <b>%s</b> %s sebagai <b>%s</b> atas persetujuan petugas KPPN.\n\n" +
		"Ketik /progres untuk melihat dan melaporkan progres Digipay satker Anda."
	textLinkNotifyRejected = "Mohon maaf, permintaan penghubungan akun Anda dengan satker <b>%s</b> sebagai <b>%s</b> " +
		"belum dapat disetujui petugas KPPN.\n\n" +
		"Silakan minta tautan undangan kepada admin satker Anda, atau hubungi petugas KPPN melalui /bantuan."
)

// The staff group's card and the officers' decisions.
const (
	textLinkCardTitle     = "🔗 <b>Permintaan penghubungan akun</b>"
	textLinkCardSatker    = "Satker: <b>%s</b> %s"
	textLinkCardOtherKPPN = "Satker ini terdaftar pada KPPN %s."
	textLinkCardPIC       = "Kontak satker di peta: %s %s"
	textLinkCardRole      = "Peran yang diminta: <b>%s</b>"
	textLinkCardLinked    = "Akun yang sudah terhubung sebagai %s: %d"
	textLinkCardName      = "Nama (menurut peminta): %s"
	textLinkCardMobile    = "Nomor HP: %s"
	textLinkCardAccount   = "Akun Telegram: <a href=\"tg://user?id=%d\">%s</a> (%s), ID <code>%d</code>"
	textLinkCardHint      = "Periksa kebenarannya, misalnya dengan menghubungi kontak satker, sebelum menyetujui."
	textLinkCardAccountID = "Akun Telegram: <a href=\"tg://user?id=%d\">ID %d</a>"

	textLinkBtnApprove = "Setujui"
	textLinkBtnReject  = "Tolak"

	textLinkApproved = "✅ Disetujui oleh %s, %s."
	textLinkRejected = "❌ Ditolak oleh %s, %s."
	textLinkLinked   = "ℹ️ Akun ini sudah terhubung sebagai %s sejak %s (melalui %s)."

	textLinkViaRegistration = "pendaftaran admin satker"
	textLinkViaInvitation   = "tautan undangan admin satker"
	textLinkViaOfficer      = "persetujuan petugas KPPN"

	textLinkNotStaff      = "Hanya petugas KPPN di grup staf yang dapat memutuskan permintaan ini."
	textLinkApprovedToast = "Permintaan disetujui; peminta sudah diberi tahu."
	textLinkRejectedToast = "Permintaan ditolak; peminta sudah diberi tahu."
	textLinkAlreadyToast  = "Permintaan ini sudah diputuskan: akun sudah terhubung sebagai %s."
	textLinkGoneToast     = "Satker %s tidak lagi ada di peta KPPN; permintaan tidak dapat disetujui."
)
