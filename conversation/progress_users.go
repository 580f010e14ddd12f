package conversation

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// The admin's record of the five satker users created in Digipay (procedure
// 3.b): the role, the name and the email of each, every role a different
// person with an email of their own.

// The progress forms' names (also what FormState.Flow keeps).
const (
	flowSatkerUser  = "progres_pengguna"
	flowVendors     = "progres_vendor"
	flowTransaction = "progres_transaksi"
)

// Keys of the user form's answers.
const (
	userFieldRole  = "peran"
	userFieldName  = "nama"
	userFieldEmail = "email"
)

// progressFlows are the forms of the progress side, registered by NewEngine.
func (e *Engine) progressFlows() []Flow {
	return []Flow{e.satkerUserFlow(), e.vendorFlow(), e.transactionFlow()}
}

// satkerUserFlow is the admin's "Catat pengguna".
func (e *Engine) satkerUserFlow() Flow {
	roles := make([]string, 0, len(UserRoles()))
	for _, r := range UserRoles() {
		roles = append(roles, satkerRoleName(r))
	}
	return Flow{
		Name:   flowSatkerUser,
		Title:  textProgUsersTitle,
		Object: textProgUsersObject,
		Fields: []Field{
			{Key: userFieldRole, Label: labelProgRole, Prompt: promptProgRole, Kind: FieldChoice, Choices: roles},
			{Key: userFieldName, Label: labelProgName, Prompt: promptProgName, Kind: FieldText,
				Validate: validatePersonName, Check: checkUserName, Expired: expiredUserName},
			{Key: userFieldEmail, Label: labelProgEmail, Prompt: promptProgEmail, Kind: FieldText,
				Validate: ValidateEmail, Check: checkUserEmail, Expired: expiredUserEmail},
		},
		Submit: e.submitSatkerUser,
	}
}

// validatePersonName checks a person's name: 3 to 100 characters with at
// least one letter, inner spaces collapsed.
func validatePersonName(s string) (string, string) {
	v, problem := TextBetween(3, 100)(strings.Join(strings.Fields(s), " "))
	if problem != "" {
		return "", problem
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) {
		return "", fmt.Sprintf(textProgNameLetters, quote(s))
	}
	return v, ""
}

// roleOfChoice is the role whose name the user chose, "" when none.
func roleOfChoice(choice string) string {
	for _, r := range UserRoles() {
		if satkerRoleName(r) == choice {
			return r
		}
	}
	return ""
}

// userConflict returns the problem with recording u for the satker whose
// users are others: another role holds u's name or u's email.
func userConflict(others []SatkerUser, u SatkerUser) string {
	for _, x := range others {
		if x.Role == u.Role {
			continue
		}
		if u.Email != "" && strings.EqualFold(x.Email, u.Email) {
			return fmt.Sprintf(textProgEmailTaken, satkerRoleName(x.Role))
		}
		if u.Name != "" && strings.EqualFold(strings.Join(strings.Fields(x.Name), " "), u.Name) {
			return fmt.Sprintf(textProgNameTaken, satkerRoleName(x.Role))
		}
	}
	return ""
}

// conflictInForm checks u (built from the form's answers) against the
// users already recorded for the form's satker.
func conflictInForm(fc FieldContext, u SatkerUser) (string, error) {
	u.Role = roleOfChoice(fc.Answers[userFieldRole].Value)
	p, found, err := satkerOrNone(fc.Ctx, fc.Tx, fc.Data[progDataSatker])
	if err != nil || !found {
		return "", err
	}
	return userConflict(p.Users, u), nil
}

// checkUserName re-asks a name another role of the satker holds.
func checkUserName(fc FieldContext, a Answer) (Answer, string, error) {
	problem, err := conflictInForm(fc, SatkerUser{Name: a.Value})
	return a, problem, err
}

// checkUserEmail re-asks an email another user of the satker has.
func checkUserEmail(fc FieldContext, a Answer) (Answer, string, error) {
	problem, err := conflictInForm(fc, SatkerUser{Email: a.Value})
	return a, problem, err
}

// expiredUserName asks the name again when the role was changed from the
// summary to one whose other roles hold it. A fault reads as no conflict:
// Submit checks again.
func expiredUserName(fc FieldContext) string {
	problem, _ := conflictInForm(fc, SatkerUser{Name: fc.Answers[userFieldName].Value})
	return problem
}

// expiredUserEmail is expiredUserName for the email.
func expiredUserEmail(fc FieldContext) string {
	problem, _ := conflictInForm(fc, SatkerUser{Email: fc.Answers[userFieldEmail].Value})
	return problem
}

// submitSatkerUser records the user and answers with the checklist. A name
// or email taken meanwhile by another role is explained, with the button to
// record the user again.
func (e *Engine) submitSatkerUser(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	a, refused, err := submitterAccess(ctx, tx, s, textProgAdminOnly, RoleAdmin)
	if err != nil || refused != nil {
		return refused, err
	}
	u := SatkerUser{Role: roleOfChoice(s.Value(userFieldRole)), Name: s.Value(userFieldName),
		Email: s.Value(userFieldEmail), At: s.At}
	if u.Role == "" {
		return nil, fmt.Errorf("satker user role %q unknown", s.Value(userFieldRole))
	}
	again := [][]Button{{{Text: textProgBtnUsers, Data: progressData(progUsers, a.Code)}}}
	p, found, err := satkerOrNone(ctx, tx, a.Code)
	if err != nil {
		return nil, err
	}
	if found {
		if problem := userConflict(p.Users, u); problem != "" {
			return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: problem + "\n\n" + textProgUserNotSaved, Buttons: again}}, nil
		}
	}
	err = tx.SaveSatkerUser(ctx, a.Code, u, submitterActor(s))
	switch {
	case errors.Is(err, ErrDuplicate):
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: textProgUserDuplicate, Buttons: again}}, nil
	case errors.Is(err, ErrNotFound):
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID,
			Text: fmt.Sprintf(textProgNoData, EscapeHTML(a.Code), EscapeHTML(a.Name))}}, nil
	case err != nil:
		return nil, fmt.Errorf("save user %s of satker %s: %w", u.Role, a.Code, err)
	}
	out, err := checklistFor(ctx, tx, s.ChatID, a.Code,
		fmt.Sprintf(textProgUserSaved, satkerRoleName(u.Role), EscapeHTML(u.Name), EscapeHTML(u.Email)))
	if err != nil {
		return nil, err
	}
	return []Outgoing{out}, nil
}
