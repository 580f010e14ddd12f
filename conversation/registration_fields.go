package conversation

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Keys of the registration form's fields. The review side names them (and
// the document kinds DocDecree, DocKTP, DocForm, which are the keys of the
// document fields) in Registration.RejectItems.
const (
	RegFieldSatkerCode   = "kode_satker"
	RegFieldSatkerName   = "nama_satker"
	RegFieldAdminName    = "nama_admin"
	RegFieldAdminNIP     = "nip_admin"
	RegFieldAdminNIK     = "nik_admin"
	RegFieldPosition     = "jabatan"
	RegFieldMobile       = "hp_admin"
	RegFieldEmail        = "email_admin"
	RegFieldDecreeNumber = "nomor_sk"
	RegFieldDecreeDate   = "tanggal_sk"
	RegFieldKPAName      = "nama_kpa"
	RegFieldKPANIP       = "nip_kpa"
)

// keyRegistration is the registration flow's name (and /start payload).
const keyRegistration = "registrasi"

// Keys of the registration form's own values (FormState.Data).
const (
	regDataID       = "id"        // the reserved request id
	regDataNumber   = "number"    // the reserved request number
	regDataFormHash = "form"      // fingerprint of the data on the pre-filled form last sent
	regDataFix      = "fix"       // "1" while correcting a rejected request
	regDataItems    = "items"     // the items to correct, comma-separated
	regDataOrigForm = "orig_form" // fingerprint of the data of the rejected request
	regDataOrig     = "o:"        // prefix: the rejected request's answer to a text field
)

// regItems are the registration's items in form order with their labels.
var regItems = []struct{ key, label string }{
	{RegFieldSatkerCode, labelRegSatkerCode},
	{RegFieldSatkerName, labelRegSatkerName},
	{RegFieldAdminName, labelRegAdminName},
	{RegFieldAdminNIP, labelRegAdminNIP},
	{RegFieldAdminNIK, labelRegAdminNIK},
	{RegFieldPosition, labelRegPosition},
	{RegFieldMobile, labelRegMobile},
	{RegFieldEmail, labelRegEmail},
	{RegFieldDecreeNumber, labelRegDecreeNumber},
	{RegFieldDecreeDate, labelRegDecreeDate},
	{RegFieldKPAName, labelRegKPAName},
	{RegFieldKPANIP, labelRegKPANIP},
	{DocDecree, labelRegDecree},
	{DocKTP, labelRegKTP},
	{DocForm, labelRegForm},
}

// RegistrationItems lists the keys of every field and document of a
// registration, in form order: what an officer may name as wrong.
func RegistrationItems() []string {
	keys := make([]string, len(regItems))
	for i, it := range regItems {
		keys[i] = it.key
	}
	return keys
}

// RegistrationItemLabel is the short Indonesian name of a registration
// field or document kind ("NIK admin", "KTP admin"), or key itself when
// unknown.
func RegistrationItemLabel(key string) string {
	for _, it := range regItems {
		if it.key == key {
			return it.label
		}
	}
	return key
}

// registrationFlow is the form a satker fills to register its Admin Digipay Satker.
func (e *Engine) registrationFlow() Flow {
	text := func(key, prompt string, v Validator) Field {
		return Field{Key: key, Label: RegistrationItemLabel(key), Prompt: prompt, Kind: FieldText, Validate: v, Hidden: regHidden(key)}
	}
	doc := func(key, prompt string) Field {
		return Field{Key: key, Label: RegistrationItemLabel(key), Prompt: prompt, Kind: FieldDocument, Hidden: regHidden(key)}
	}
	satker := text(RegFieldSatkerCode, promptRegSatkerCode, ValidateKodeSatker)
	satker.Check, satker.NoteText = lookupSatker, textRegSatkerFound
	nik := text(RegFieldAdminNIK, promptRegAdminNIK, ValidateNIK)
	nik.Check = checkNIK
	nik.Expired = expiredNIK
	date := text(RegFieldDecreeDate, promptRegDecreeDate, ValidateDate)
	date.Check = checkPastDate
	kpaNIP := text(RegFieldKPANIP, promptRegKPANIP, ValidateNIP)
	kpaNIP.Check = checkKPANIP
	form := doc(DocForm, promptRegForm)
	form.Before = e.sendPrefilledForm
	form.Expired = expiredForm
	return Flow{
		Name:           keyRegistration,
		Title:          textRegTitle,
		Object:         textRegObject,
		Intro:          textRegIntro,
		Notice:         textRegNotice,
		ResumeQuestion: textRegResume,
		Followed:       true,
		Fields: []Field{
			satker,
			text(RegFieldSatkerName, promptRegSatkerName, TextBetween(3, 200)),
			text(RegFieldAdminName, promptRegAdminName, TextBetween(3, 100)),
			text(RegFieldAdminNIP, promptRegAdminNIP, ValidateNIP),
			nik,
			text(RegFieldPosition, promptRegPosition, TextBetween(2, 100)),
			text(RegFieldMobile, promptRegMobile, ValidateMobile),
			text(RegFieldEmail, promptRegEmail, ValidateEmail),
			text(RegFieldDecreeNumber, promptRegDecreeNumber, TextBetween(3, 100)),
			date,
			text(RegFieldKPAName, promptRegKPAName, TextBetween(3, 100)),
			kpaNIP,
			doc(DocDecree, promptRegDecree),
			doc(DocKTP, promptRegKTP),
			form,
		},
		Submit: e.submitRegistration,
	}
}

// lookupSatker notes the name of a mapped satker beside its code, so the
// name is not asked; an unknown code is accepted and the name is asked.
func lookupSatker(fc FieldContext, a Answer) (Answer, string, error) {
	name, ok, err := fc.Tx.LookupSatker(fc.Ctx, a.Value)
	if err != nil {
		return a, "", fmt.Errorf("look up satker: %w", err)
	}
	a.Note = ""
	if ok {
		a.Note = name
	}
	return a, "", nil
}

// checkNIK cross-checks the NIK with the NIP given before it.
func checkNIK(fc FieldContext, a Answer) (Answer, string, error) {
	return a, CheckNIPNIK(fc.Answers[RegFieldAdminNIP].Value, a.Value), nil
}

// expiredNIK asks the NIK again when an edited NIP no longer agrees with it.
func expiredNIK(fc FieldContext) string {
	if p := CheckNIPNIK(fc.Answers[RegFieldAdminNIP].Value, fc.Answers[RegFieldAdminNIK].Value); p != "" {
		return fmt.Sprintf(textRegNIKMismatch, p)
	}
	return ""
}

// checkKPANIP refuses the admin's own NIP as the KPA's: the KPA appoints someone else.
func checkKPANIP(fc FieldContext, a Answer) (Answer, string, error) {
	if a.Value == fc.Answers[RegFieldAdminNIP].Value {
		return a, textRegKPANIPSame, nil
	}
	return a, "", nil
}

// checkPastDate refuses a date after today (in WIB).
func checkPastDate(fc FieldContext, a Answer) (Answer, string, error) {
	d, err := time.ParseInLocation(dateLayout, a.Value, wib())
	if err != nil {
		return a, fmt.Sprintf(textDateValid, quote(a.Value)), nil
	}
	today := fc.Now.In(wib())
	if d.After(today) {
		return a, fmt.Sprintf(textDateFuture, a.Value, today.Format(dateLayout)), nil
	}
	return a, "", nil
}

// regHidden says when the registration's field key is not asked: the
// satker's name when the code is mapped; during a correction, every item the
// officer did not name, unless the correction made it necessary (a new
// unknown satker code needs a name, a NIK that no longer agrees with the
// NIP must change, changed data need a newly signed form).
func regHidden(key string) func(FieldContext) bool {
	return func(fc FieldContext) bool {
		known := fc.Answers[RegFieldSatkerCode].Note != ""
		if key == RegFieldSatkerName && known {
			return true
		}
		if fc.Data[regDataFix] == "" {
			return false
		}
		items := strings.Split(fc.Data[regDataItems], ",")
		if slices.Contains(items, key) {
			return false
		}
		if orig, ok := fc.Data[regDataOrig+key]; ok && fc.Answers[key].Value != orig {
			return false // changed during this correction: keep it in view
		}
		switch key {
		case RegFieldSatkerName:
			return !slices.Contains(items, RegFieldSatkerCode)
		case RegFieldAdminNIK:
			return expiredNIK(fc) == ""
		case DocForm:
			return formFingerprint(fc.Answers) == fc.Data[regDataOrigForm]
		}
		return true
	}
}

// formFingerprint identifies the data printed on the pre-filled form: a
// signed form is valid only for the data it was printed from.
func formFingerprint(answers map[string]Answer) string {
	h := sha256.New()
	for _, it := range regItems[:12] {
		a := answers[it.key]
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", it.key, a.Value, a.Note)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// expiredForm drops the signed form when the data printed on it changed.
func expiredForm(fc FieldContext) string {
	if fc.Data[regDataFormHash] != formFingerprint(fc.Answers) {
		return textRegFormChanged
	}
	return ""
}
