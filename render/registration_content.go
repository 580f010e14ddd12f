package render

import (
	"fmt"

	"github.com/signintech/gopdf"
)

// The wording of the registration form. The KPPN changes it here.
const (
	formTitle       = "FORM PERMINTAAN REGISTRASI ADMIN DIGIPAY SATKER"
	formAddressee   = "Yth. Kepala %s"
	formOpening     = "Dengan hormat, bersama ini kami mengajukan permintaan registrasi Admin Digipay Satker pada aplikasi Digipay dengan data sebagai berikut:"
	sectionSatker   = "A. Data Satuan Kerja"
	sectionAdmin    = "B. Data Pegawai yang Ditunjuk sebagai Admin Digipay Satker"
	sectionDecree   = "C. Dasar Penunjukan"
	sectionKPA      = "D. Kuasa Pengguna Anggaran (KPA)"
	labelSatkerCode = "Kode Satker"
	labelSatkerName = "Nama Satker"
	labelAdminName  = "Nama Lengkap"
	labelAdminNIP   = "NIP"
	labelAdminNIK   = "NIK (sesuai KTP)"
	labelPosition   = "Jabatan"
	labelMobile     = "Nomor HP"
	labelEmail      = "Alamat Email (aktif)"
	labelDecreeNo   = "Nomor SK Penunjukan"
	labelDecreeDate = "Tanggal SK Penunjukan"
	labelKPAName    = "Nama KPA"
	labelKPANIP     = "NIP KPA"
	formStatement   = "Saya selaku Kuasa Pengguna Anggaran pada satuan kerja tersebut di atas menyatakan bahwa " +
		"pegawai tersebut telah ditunjuk sebagai Admin Digipay Satker berdasarkan SK Penunjukan di atas, " +
		"bahwa data dalam formulir ini benar, dan bahwa saya bertanggung jawab atas penggunaan akun " +
		"Admin Digipay Satker tersebut sesuai dengan ketentuan yang berlaku."
	formAttachments = "Lampiran: 1. Salinan SK Penunjukan Admin Digipay Satker; 2. Salinan KTP pegawai yang ditunjuk."
	signerAdmin     = "Admin Digipay Satker yang ditunjuk,"
	signerKPA       = "Kuasa Pengguna Anggaran,"
	footerNumber    = "Nomor permintaan: "
	footerPage      = "Halaman %d dari %d"
	footerMade      = "Dokumen ini dibuat oleh Posko Digipay Online pada %s. Setelah ditandatangani KPA, kirimkan kembali melalui Posko Digipay Online."
)

// registrationBlocks lays out the form's content, top to bottom. Every value from the user goes through
// d.clean, so the fonts can draw each character.
func registrationBlocks(d *document, f RegistrationFormData) []block {
	kppn := d.clean(f.KPPNName)
	subtitle := kppn
	if f.KPPNCode != "" {
		subtitle += " (" + d.clean(f.KPPNCode) + ")"
	}
	field := func(no, label, value string) block { return row{no: no, label: label, value: d.clean(value)} }
	return []block{
		paragraph{text: formTitle, bold: true, delta: 3, align: gopdf.Center},
		paragraph{text: subtitle, bold: true, delta: 1, align: gopdf.Center, before: 1, after: 6},
		paragraph{text: fmt.Sprintf(formAddressee, kppn), after: 2},
		paragraph{text: formOpening, after: 3},
		section{title: sectionSatker},
		field("1", labelSatkerCode, f.SatkerCode),
		field("2", labelSatkerName, f.SatkerName),
		section{title: sectionAdmin},
		field("3", labelAdminName, f.AdminName),
		field("4", labelAdminNIP, f.AdminNIP),
		field("5", labelAdminNIK, f.AdminNIK),
		field("6", labelPosition, f.AdminPosition),
		field("7", labelMobile, f.AdminMobile),
		field("8", labelEmail, f.AdminEmail),
		section{title: sectionDecree},
		field("9", labelDecreeNo, f.DecreeNumber),
		row{no: "10", label: labelDecreeDate, value: IndonesianDate(f.DecreeDate)},
		section{title: sectionKPA},
		field("11", labelKPAName, f.KPAName),
		field("12", labelKPANIP, f.KPANIP),
		paragraph{text: formStatement, before: 4},
		paragraph{text: formAttachments, delta: -1, before: 2},
		signatures{
			before: 6,
			left:   signer{above: []string{signerAdmin}, name: d.clean(f.AdminName), nip: d.clean(f.AdminNIP)},
			right: signer{
				above: []string{d.clean(f.Place) + ", " + IndonesianDate(f.Date), signerKPA},
				name:  d.clean(f.KPAName),
				nip:   d.clean(f.KPANIP),
			},
		},
	}
}

// registrationFooter draws, on every page, a rule, the request number, the page number and the line
// saying the bot made the document.
func registrationFooter(number, date string) func(d *document, page, total int) error {
	return func(d *document, page, total int) error {
		const size = 7.5
		y := contentBottom + 6
		d.pdf.Line(marginLeft, y, pageWidth-marginRight, y)
		if err := d.font(true, size-d.body); err != nil {
			return err
		}
		if err := d.text(marginLeft, y+1.5, footerNumber+number); err != nil {
			return err
		}
		if err := d.font(false, size-d.body); err != nil {
			return err
		}
		if err := d.textAligned(marginLeft, contentWidth, y+1.5, fmt.Sprintf(footerPage, page, total), gopdf.Right); err != nil {
			return err
		}
		lines, err := d.wrap(fmt.Sprintf(footerMade, date), contentWidth)
		if err != nil {
			return err
		}
		lh := d.lineHeight(size - d.body)
		return column(d, marginLeft, y+1.5+lh, lh, lines)
	}
}
