package conversation

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The vendor's form (issue 6): the business, its owner, its tax number and
// licence, where it is paid and how it is reached, then its documents. The
// satker that invited it is kept in the form's Data when the vendor came by
// an invitation link (or corrects a registration); a vendor who starts on
// its own names it as the first answer.

// Names of the vendor flows (also /start payloads).
const (
	keyVendor    = "vendor"           // the vendor's form; also the menu key
	keyVendorFix = "vendor_perbaikan" // the Pejabat Pengadaan's reason for a correction
)

// Keys of the vendor form's text and choice answers; the document fields
// are keyed by their VendorDoc* kind.
const (
	vndFieldSatker   = "satker"
	vndFieldName     = "nama_usaha"
	vndFieldForm     = "bentuk_usaha"
	vndFieldOwner    = "nama_pemilik"
	vndFieldNIK      = "nik_pemilik"
	vndFieldNPWP     = "npwp"
	vndFieldLicence  = "jenis_izin"
	vndFieldNIB      = "nib"
	vndFieldSIUP     = "siup"
	vndFieldAddress  = "alamat"
	vndFieldBank     = "bank"
	vndFieldBankName = "bank_lain"
	vndFieldMobile   = "hp"
	vndFieldEmail    = "email"
)

// Keys of the vendor form's own values (FormState.Data).
const (
	vndDataID         = "id"          // the reserved vendor id
	vndDataNumber     = "number"      // its VND number
	vndDataFix        = "fix"         // "1" while correcting a registration returned by the Pejabat Pengadaan
	vndDataSatker     = "satker"      // the satker bound by an invitation or a correction
	vndDataSatkerName = "satker_name" //
	vndDataInvited    = "invited"     // "1" when the vendor came by an invitation link
	vndDataDocKind    = "doc_kind"    // the licence kind when the licence document was asked
)

// The licence kinds and the answer that stands for "no NPWP".
const (
	licenceNIB   = "NIB"
	licenceSIUP  = "SIUP"
	vendorNoNPWP = "tidak punya"
	bankOther    = "Lainnya"
)

// vendorBanks are the bank choices; bankOther asks for the name.
func vendorBanks() []string { return []string{"BRI", "BNI", "Mandiri", "BTN", "BSI", bankOther} }

// vendorDocKinds lists the document kinds in form order.
func vendorDocKinds() []string {
	return []string{VendorDocKTP, VendorDocNPWP, VendorDocNIB, VendorDocTDP, VendorDocTax}
}

// vendorRegFlow is the vendor's form. Its notice is shown before it opens
// from the menu, /vendor or a /start link; an invitation shows the same
// notice with the satker named (vendor_invitation.go).
func (e *Engine) vendorRegFlow() Flow {
	text := func(key, label, prompt string, v Validator) Field {
		return Field{Key: key, Label: label, Prompt: prompt, Kind: FieldText, Validate: v}
	}
	doc := func(key, label, prompt string) Field {
		return Field{Key: key, Label: label, Prompt: prompt, Kind: FieldDocument}
	}
	satker := text(vndFieldSatker, labelVendorSatker, promptVendorSatker, ValidateKodeSatker)
	satker.Check, satker.NoteText = checkVendorSatker, textVendorSatkerFound
	satker.Hidden = func(fc FieldContext) bool { return fc.Data[vndDataSatker] != "" }
	nib := text(vndFieldNIB, labelVendorNIB, promptVendorNIB, ValidateNIB)
	nib.Hidden = licenceIsNot(licenceNIB)
	siup := text(vndFieldSIUP, labelVendorSIUP, promptVendorSIUP, collapsed(TextBetween(3, 60)))
	siup.Hidden = licenceIsNot(licenceSIUP)
	bankName := text(vndFieldBankName, labelVendorBankName, promptVendorBankName, collapsed(TextBetween(3, 60)))
	bankName.Hidden = func(fc FieldContext) bool { return fc.Answers[vndFieldBank].Value != bankOther }
	npwpCard := doc(VendorDocNPWP, labelVendorDocNPWP, promptVendorDocNPWP)
	npwpCard.Hidden = func(fc FieldContext) bool { return fc.Answers[vndFieldNPWP].Value == vendorNoNPWP }
	licence := doc(VendorDocNIB, labelVendorDocNIB, promptVendorDocNIB)
	licence.Before = noteLicenceKind
	licence.Expired = expiredLicenceDoc
	tdp := doc(VendorDocTDP, labelVendorDocTDP, promptVendorDocTDP)
	tdp.Optional = true
	tax := doc(VendorDocTax, labelVendorDocTax, promptVendorDocTax)
	tax.Optional = true
	return Flow{
		Name:           keyVendor,
		Title:          textVendorTitle,
		Object:         textVendorObject,
		Intro:          textVendorIntro,
		Notice:         textVendorNotice,
		ResumeQuestion: textVendorResume,
		Followed:       true,
		Fields: []Field{
			satker,
			text(vndFieldName, labelVendorName, promptVendorName, collapsed(TextBetween(3, 150))),
			{Key: vndFieldForm, Label: labelVendorForm, Prompt: promptVendorForm, Kind: FieldChoice,
				Choices: []string{choiceVendorPersonal, choiceVendorCompany}},
			text(vndFieldOwner, labelVendorOwner, promptVendorOwner, validatePersonName),
			text(vndFieldNIK, labelVendorNIK, promptVendorNIK, ValidateNIK),
			text(vndFieldNPWP, labelVendorNPWP, promptVendorNPWP, validateVendorNPWP),
			{Key: vndFieldLicence, Label: labelVendorLicence, Prompt: promptVendorLicence, Kind: FieldChoice,
				Choices: []string{licenceNIB, licenceSIUP}},
			nib,
			siup,
			text(vndFieldAddress, labelVendorAddress, promptVendorAddress, collapsed(TextBetween(8, 300))),
			{Key: vndFieldBank, Label: labelVendorBank, Prompt: promptVendorBank, Kind: FieldChoice, Choices: vendorBanks()},
			bankName,
			text(vndFieldMobile, labelVendorMobile, promptVendorMobile, ValidateMobile),
			text(vndFieldEmail, labelVendorEmail, promptVendorEmail, ValidateEmail),
			doc(VendorDocKTP, labelVendorDocKTP, promptVendorDocKTP),
			npwpCard,
			licence,
			tdp,
			tax,
		},
		Submit: e.submitVendor,
	}
}

// collapsed runs v on s with its inner white space collapsed to single spaces.
func collapsed(v Validator) Validator {
	return func(s string) (string, string) { return v(strings.Join(strings.Fields(s), " ")) }
}

// licenceIsNot hides a licence number field unless kind was chosen.
func licenceIsNot(kind string) func(FieldContext) bool {
	return func(fc FieldContext) bool { return fc.Answers[vndFieldLicence].Value != kind }
}

// checkVendorSatker accepts only a satker of the KPPN's map, noting its
// name: the package goes to that satker's Pejabat Pengadaan.
func checkVendorSatker(fc FieldContext, a Answer) (Answer, string, error) {
	p, ok, err := mappedSatker(fc.Ctx, fc.Tx, a.Value)
	if err != nil {
		return a, "", err
	}
	a.Note = ""
	if !ok {
		return a, fmt.Sprintf(textVendorSatkerUnknown, EscapeHTML(a.Value)), nil
	}
	a.Note = p.Name
	return a, "", nil
}

// validateVendorNPWP accepts an NPWP (normalised to 16 digits) or an answer
// saying the business has none ("tidak punya", also all zeros), kept as
// vendorNoNPWP.
func validateVendorNPWP(s string) (string, string) {
	if noNPWP(s) {
		return vendorNoNPWP, ""
	}
	v, problem := ValidateNPWP(s)
	if problem != "" {
		return "", problem + " " + textVendorNPWPNone
	}
	if v == "" {
		return vendorNoNPWP, ""
	}
	return v, ""
}

// noNPWP reports whether s says there is no NPWP ("tidak punya", "belum
// ada NPWP", "-", …).
func noNPWP(s string) bool {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), ".!"))
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "npwp", "")), " ")
	return slices.Contains([]string{"-", "tidak", "belum", "tidak punya", "tidak ada", "belum punya", "belum ada",
		"tdk punya", "tdk ada", "blm punya", "blm ada", "gak punya", "ga punya", "nggak punya", "tidak memiliki",
		"belum memiliki"}, s)
}

// noteLicenceKind remembers which licence kind the document is asked for,
// so a document given for a SIUP is asked again once the vendor says NIB.
func noteLicenceKind(fc FieldContext) ([]Outgoing, error) {
	fc.Data[vndDataDocKind] = fc.Answers[vndFieldLicence].Value
	return nil, nil
}

// expiredLicenceDoc drops the licence document when the licence kind
// changed since it was given.
func expiredLicenceDoc(fc FieldContext) string {
	kind := fc.Answers[vndFieldLicence].Value
	if given, ok := fc.Data[vndDataDocKind]; ok && given != kind {
		return fmt.Sprintf(textVendorLicenceChanged, EscapeHTML(kind))
	}
	return ""
}

// vendorFrom builds a vendor registration from the form's answers and values.
func vendorFrom(answers map[string]Answer, data map[string]string) Vendor {
	val := func(key string) string { return answers[key].Value }
	id, _ := strconv.ParseInt(data[vndDataID], 10, 64)
	v := Vendor{
		ID: id, Number: data[vndDataNumber],
		SatkerCode: data[vndDataSatker], SatkerName: data[vndDataSatkerName],
		BusinessName: val(vndFieldName), Form: VendorPersonal,
		OwnerName: val(vndFieldOwner), OwnerNIK: val(vndFieldNIK),
		LicenceKind: val(vndFieldLicence), Address: val(vndFieldAddress), Bank: val(vndFieldBank),
		Mobile: val(vndFieldMobile), Email: val(vndFieldEmail),
		Documents: map[string][]File{},
	}
	if v.SatkerCode == "" {
		v.SatkerCode, v.SatkerName = val(vndFieldSatker), answers[vndFieldSatker].Note
	}
	if val(vndFieldForm) == choiceVendorCompany {
		v.Form = VendorCompany
	}
	if n := val(vndFieldNPWP); n != vendorNoNPWP {
		v.NPWP = n
	}
	v.Licence = val(vndFieldSIUP)
	if v.LicenceKind == licenceNIB {
		v.Licence = val(vndFieldNIB)
	}
	if v.Bank == bankOther {
		v.Bank = val(vndFieldBankName)
	}
	for _, kind := range vendorDocKinds() {
		if kind == VendorDocNPWP && v.NPWP == "" {
			continue
		}
		if files := answers[kind].Files; len(files) > 0 {
			v.Documents[kind] = append([]File(nil), files...)
		}
	}
	return v
}

// vendorAnswers is the inverse of vendorFrom: the answers of a stored
// registration, for its correction.
func vendorAnswers(v Vendor) map[string]Answer {
	a := map[string]Answer{
		vndFieldName:    {Value: v.BusinessName},
		vndFieldForm:    {Value: choiceVendorPersonal},
		vndFieldOwner:   {Value: v.OwnerName},
		vndFieldNIK:     {Value: v.OwnerNIK},
		vndFieldNPWP:    {Value: v.NPWP},
		vndFieldLicence: {Value: v.LicenceKind},
		vndFieldAddress: {Value: v.Address},
		vndFieldBank:    {Value: v.Bank},
		vndFieldMobile:  {Value: v.Mobile},
		vndFieldEmail:   {Value: v.Email},
	}
	if v.Form == VendorCompany {
		a[vndFieldForm] = Answer{Value: choiceVendorCompany}
	}
	if v.NPWP == "" {
		a[vndFieldNPWP] = Answer{Value: vendorNoNPWP}
	}
	if v.LicenceKind == licenceNIB {
		a[vndFieldNIB] = Answer{Value: v.Licence}
	} else {
		a[vndFieldSIUP] = Answer{Value: v.Licence}
	}
	if !slices.Contains(vendorBanks(), v.Bank) || v.Bank == bankOther {
		a[vndFieldBank] = Answer{Value: bankOther}
		a[vndFieldBankName] = Answer{Value: v.Bank}
	}
	for _, kind := range vendorDocKinds() {
		if files := v.Documents[kind]; len(files) > 0 {
			a[kind] = Answer{Files: append([]File(nil), files...), Album: len(files) > 1}
		} else if kind == VendorDocTDP || kind == VendorDocTax {
			a[kind] = Answer{Skipped: true}
		}
	}
	return a
}

// vendorDocLabel names a vendor document kind for the package.
func vendorDocLabel(kind string) string {
	switch kind {
	case VendorDocKTP:
		return labelVendorDocKTP
	case VendorDocNPWP:
		return labelVendorDocNPWP
	case VendorDocNIB:
		return labelVendorDocNIB
	case VendorDocTDP:
		return labelVendorDocTDPLong
	case VendorDocTax:
		return labelVendorDocTaxLong
	}
	return kind
}
