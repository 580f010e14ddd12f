package conversation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// What the satker's users report in chat: the number of vendors registered
// (the Pejabat Pengadaan, or the admin) and each transaction paid through
// Digipay (the Bendahara or the PPK, or the admin).

// Keys of the report forms' answers.
const (
	vendorFieldCount = "jumlah"
	txFieldDate      = "tanggal"
	txFieldVendor    = "vendor"
	txFieldValue     = "nilai"
	txFieldChannel   = "cara_bayar"

	maxVendorCount = 10000 // the largest number of vendors a satker can report
)

// vendorFlow is "Lapor jumlah vendor".
func (e *Engine) vendorFlow() Flow {
	return Flow{
		Name:   flowVendors,
		Title:  textProgVendorTitle,
		Object: textProgVendorObject,
		Fields: []Field{
			{Key: vendorFieldCount, Label: labelProgVendorCount, Prompt: promptProgVendorCount, Kind: FieldText,
				Validate: validateVendorCount},
		},
		Submit: e.submitVendors,
	}
}

// transactionFlow is "Lapor transaksi".
func (e *Engine) transactionFlow() Flow {
	return Flow{
		Name:   flowTransaction,
		Title:  textProgTxTitle,
		Object: textProgTxObject,
		Fields: []Field{
			{Key: txFieldDate, Label: labelProgTxDate, Prompt: promptProgTxDate, Kind: FieldText,
				Validate: ValidateDate, Check: checkTxDate},
			{Key: txFieldVendor, Label: labelProgTxVendor, Prompt: promptProgTxVendor, Kind: FieldText,
				Validate: func(s string) (string, string) { return TextBetween(2, 200)(strings.Join(strings.Fields(s), " ")) }},
			{Key: txFieldValue, Label: labelProgTxValue, Prompt: promptProgTxValue, Kind: FieldText,
				Validate: ValidateRupiah},
			{Key: txFieldChannel, Label: labelProgTxChannel, Prompt: promptProgTxChannel, Kind: FieldChoice,
				Choices: []string{ChannelCMS, ChannelKKP}},
		},
		Submit: e.submitTransaction,
	}
}

// startVendorReport opens "Lapor jumlah vendor", telling the number
// recorded so far.
func (e *Engine) startVendorReport(t *turn, a satkerAccess) error {
	if !a.has(RoleAdmin, RolePP) {
		t.send(textProgVendorOnly, nil)
		return nil
	}
	p, _, err := satkerOrNone(t.ctx, t.tx, a.Code)
	if err != nil {
		return err
	}
	intro := fmt.Sprintf(textProgVendorIntro, EscapeHTML(a.Code), EscapeHTML(a.Name), FormatCount(int64(p.Vendors)))
	return e.startProgressFlow(t, flowVendors, a.Code, intro)
}

// validateVendorCount checks a number of vendors: 0 to maxVendorCount, dots
// between thousands allowed.
func validateVendorCount(s string) (string, string) {
	v := strings.ReplaceAll(strings.TrimSpace(s), ".", "")
	n, err := strconv.Atoi(v)
	if err != nil || !allDigits(v) {
		return "", fmt.Sprintf(textProgVendorNumber, quote(s))
	}
	if n > maxVendorCount {
		return "", fmt.Sprintf(textProgVendorTooMany, FormatCount(maxVendorCount), FormatCount(int64(n)))
	}
	return strconv.Itoa(n), ""
}

// ValidateRupiah checks an amount of rupiah as Indonesians write it
// ("1.250.000", "Rp 1.250.000,00", "1250000", "1.250.000,-"): more than
// zero, no sen. It returns the amount with dots between thousands.
func ValidateRupiah(s string) (string, string) {
	n, ok := rupiahAmount(s)
	switch {
	case !ok:
		return "", fmt.Sprintf(textProgValueFormat, quote(s))
	case n <= 0:
		return "", textProgValueZero
	}
	return FormatCount(n), ""
}

// rupiahAmount reads an amount checked by ValidateRupiah (or any way it
// accepts), false when it is not one.
func rupiahAmount(s string) (int64, bool) {
	v := strings.Join(strings.Fields(s), "")
	if len(v) >= 2 && strings.EqualFold(v[:2], "rp") {
		v = strings.TrimPrefix(v[2:], ".")
	}
	v = strings.TrimSuffix(v, ",-")
	if i := strings.LastIndexByte(v, ','); i >= 0 && len(v)-i-1 <= 2 && strings.Trim(v[i+1:], "0") == "" {
		v = v[:i] // ",00": zero sen
	}
	for _, sep := range []string{".", ","} {
		if !strings.Contains(v, sep) {
			continue
		}
		groups := strings.Split(v, sep)
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		v = strings.Join(groups, "")
	}
	if v == "" || len(v) > 15 || !allDigits(v) {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

// checkTxDate re-asks a transaction date after today (WIB).
func checkTxDate(fc FieldContext, a Answer) (Answer, string, error) {
	d, err := time.ParseInLocation(dateLayout, a.Value, wib())
	if err != nil {
		return a, fmt.Sprintf(textDateFormat, quote(a.Value)), nil
	}
	y, m, day := fc.Now.In(wib()).Date()
	if today := time.Date(y, m, day, 0, 0, 0, 0, wib()); d.After(today) {
		return a, fmt.Sprintf(textProgTxFuture, today.Format(dateLayout)), nil
	}
	return a, "", nil
}

// submitVendors records the number of vendors and answers with the checklist.
func (e *Engine) submitVendors(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	a, refused, err := submitterAccess(ctx, tx, s, textProgVendorOnly, RoleAdmin, RolePP)
	if err != nil || refused != nil {
		return refused, err
	}
	n, err := strconv.Atoi(s.Value(vendorFieldCount))
	if err != nil {
		return nil, fmt.Errorf("vendor count %q: %w", s.Value(vendorFieldCount), err)
	}
	err = tx.SetVendors(ctx, a.Code, n, submitterActor(s))
	if errors.Is(err, ErrNotFound) {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: fmt.Sprintf(textProgNoData, EscapeHTML(a.Code), EscapeHTML(a.Name))}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("set vendors of satker %s: %w", a.Code, err)
	}
	out, err := checklistFor(ctx, tx, s.ChatID, a.Code, fmt.Sprintf(textProgVendorSaved, FormatCount(int64(n))))
	if err != nil {
		return nil, err
	}
	return []Outgoing{out}, nil
}

// submitTransaction records the transaction and answers with the checklist.
func (e *Engine) submitTransaction(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	a, refused, err := submitterAccess(ctx, tx, s, textProgTxOnly, RoleAdmin, RoleBendahara, RolePPK)
	if err != nil || refused != nil {
		return refused, err
	}
	date, err := time.ParseInLocation(dateLayout, s.Value(txFieldDate), wib())
	if err != nil {
		return nil, fmt.Errorf("transaction date %q: %w", s.Value(txFieldDate), err)
	}
	value, ok := rupiahAmount(s.Value(txFieldValue))
	if !ok {
		return nil, fmt.Errorf("transaction value %q unreadable", s.Value(txFieldValue))
	}
	t := Transaction{SatkerCode: a.Code, Date: date, Vendor: s.Value(txFieldVendor), Value: value,
		Channel: s.Value(txFieldChannel)}
	added, err := tx.AddTransaction(ctx, t, submitterActor(s))
	if errors.Is(err, ErrNotFound) {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: fmt.Sprintf(textProgNoData, EscapeHTML(a.Code), EscapeHTML(a.Name))}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("add transaction of satker %s: %w", a.Code, err)
	}
	prefix := fmt.Sprintf(textProgTxSaved, date.Format(dateLayout), EscapeHTML(t.Vendor), FormatCount(value), t.Channel)
	if !added {
		prefix = textProgTxKnown
	}
	out, err := checklistFor(ctx, tx, s.ChatID, a.Code, prefix)
	if err != nil {
		return nil, err
	}
	return []Outgoing{out}, nil
}
