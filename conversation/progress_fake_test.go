package conversation

import (
	"context"
	"slices"
	"strings"
	"time"
)

// progressFake is the in-memory ProgressStore of fakeTx. Tests put satker in
// satkerMap and read back what flows stored.
type progressFake struct {
	satkerMap   map[string]*SatkerProgress
	satkerLinks []SatkerLink
	invitations map[string]*fakeInvitation
	followUps   []string // "<code>: <note>"
	kppns       map[string]*KPPN
	jobs        []Job
	stageSets   []string      // "<code> <stage> <done>"
	txs         []Transaction // every AddTransaction call, in order
}

type fakeInvitation struct {
	Invitation
	used bool
}

// addSatker puts a satker in the fake map.
func (f *progressFake) addSatker(p SatkerProgress) {
	if f.satkerMap == nil {
		f.satkerMap = map[string]*SatkerProgress{}
	}
	p.Mapped, p.ManagesUP = true, true
	f.satkerMap[p.Code] = &p
}

func (f *progressFake) Satker(_ context.Context, code string) (SatkerProgress, error) {
	if p, ok := f.satkerMap[code]; ok {
		c := *p
		c.Users = slices.Clone(p.Users)
		return c, nil
	}
	return SatkerProgress{}, ErrNotFound
}

func (f *progressFake) LinksOf(_ context.Context, chatID int64) ([]SatkerLink, error) {
	var out []SatkerLink
	for i := len(f.satkerLinks) - 1; i >= 0; i-- {
		if f.satkerLinks[i].ChatID == chatID {
			out = append(out, f.satkerLinks[i])
		}
	}
	return out, nil
}

func (f *progressFake) LinksOfSatker(_ context.Context, code string) ([]SatkerLink, error) {
	var out []SatkerLink
	for _, l := range f.satkerLinks {
		if l.SatkerCode == code {
			out = append(out, l)
		}
	}
	return out, nil
}

func (f *progressFake) LinkChat(_ context.Context, l SatkerLink) error {
	for _, x := range f.satkerLinks {
		if x.ChatID == l.ChatID && x.SatkerCode == l.SatkerCode && x.Role == l.Role {
			return nil
		}
	}
	if p, ok := f.satkerMap[l.SatkerCode]; ok {
		l.SatkerName, l.KPPNCode = p.Name, p.KPPNCode
	}
	f.satkerLinks = append(f.satkerLinks, l)
	return nil
}

func (f *progressFake) SaveSatkerUser(_ context.Context, code string, u SatkerUser, _ Actor) error {
	p, ok := f.satkerMap[code]
	if !ok {
		return ErrNotFound
	}
	for _, x := range p.Users {
		if x.Role != u.Role && (strings.EqualFold(x.Email, u.Email) || strings.EqualFold(x.Name, u.Name)) {
			return ErrDuplicate
		}
	}
	p.Users = slices.DeleteFunc(p.Users, func(x SatkerUser) bool { return x.Role == u.Role })
	p.Users = append(p.Users, u)
	if len(p.Users) == len(UserRoles()) && p.UsersAt.IsZero() {
		p.UsersAt = u.At
	}
	return nil
}

func (f *progressFake) SetVendors(_ context.Context, code string, n int, _ Actor) error {
	p, ok := f.satkerMap[code]
	if !ok {
		return ErrNotFound
	}
	p.Vendors = n
	if n > 0 && p.VendorAt.IsZero() {
		p.VendorAt = time.Now()
	}
	return nil
}

func (f *progressFake) AddTransaction(_ context.Context, tx Transaction, _ Actor) (bool, error) {
	p, ok := f.satkerMap[tx.SatkerCode]
	if !ok {
		return false, ErrNotFound
	}
	f.txs = append(f.txs, tx)
	p.Transactions++
	p.TxValue += tx.Value
	if p.TxAt.IsZero() {
		p.TxAt = tx.Date
	}
	return true, nil
}

func (f *progressFake) SetStage(_ context.Context, code, stage string, done bool, at time.Time, _ Actor) error {
	p, ok := f.satkerMap[code]
	if !ok {
		return ErrNotFound
	}
	when := time.Time{}
	if done {
		when = at
	}
	switch stage {
	case StageAdmin:
		p.AdminAt = when
	case StageUsers:
		p.UsersAt = when
	case StageVendor:
		p.VendorAt = when
	case StageTx:
		p.TxAt = when
	}
	f.stageSets = append(f.stageSets, code+" "+stage+" "+map[bool]string{true: "ya", false: "tidak"}[done])
	return nil
}

func (f *progressFake) CreateInvitation(_ context.Context, inv Invitation) error {
	if f.invitations == nil {
		f.invitations = map[string]*fakeInvitation{}
	}
	f.invitations[inv.Token] = &fakeInvitation{Invitation: inv}
	return nil
}

func (f *progressFake) RedeemInvitation(ctx context.Context, token string, chatID, userID int64, at time.Time) (Invitation, error) {
	inv, ok := f.invitations[token]
	switch {
	case !ok:
		return Invitation{}, ErrNotFound
	case inv.used:
		return inv.Invitation, ErrUsed
	case !at.Before(inv.ExpiresAt):
		return inv.Invitation, ErrExpired
	}
	inv.used = true
	return inv.Invitation, f.LinkChat(ctx, SatkerLink{SatkerCode: inv.SatkerCode, ChatID: chatID, UserID: userID,
		Role: inv.Role, Via: ViaInvitation, LinkedAt: at})
}

func (f *progressFake) RecordFollowUp(_ context.Context, code, note string, _ Actor, _ time.Time) error {
	f.followUps = append(f.followUps, code+": "+note)
	return nil
}

func (f *progressFake) Lagging(_ context.Context, kppnCode, stage string, limit int) ([]SatkerProgress, error) {
	var out []SatkerProgress
	for _, p := range f.satkerMap {
		if (kppnCode == "" || p.KPPNCode == kppnCode) && p.ManagesUP && !p.Reached(stage) {
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(a, b SatkerProgress) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out[:min(limit, len(out))], nil
}

func (f *progressFake) KPPNOfGroup(_ context.Context, chatID int64) (KPPN, bool, error) {
	for _, k := range f.kppns {
		if k.GroupChatID == chatID {
			return *k, true, nil
		}
	}
	return KPPN{}, false, nil
}

func (f *progressFake) BindGroup(_ context.Context, code string, chatID int64, _ Actor) error {
	if f.kppns == nil {
		f.kppns = map[string]*KPPN{}
	}
	for _, k := range f.kppns {
		if k.GroupChatID == chatID {
			k.GroupChatID = 0
		}
	}
	k, ok := f.kppns[code]
	if !ok {
		k = &KPPN{Code: code}
		f.kppns[code] = k
	}
	k.GroupChatID = chatID
	return nil
}

func (f *progressFake) QueueJob(_ context.Context, j Job) (int64, error) {
	j.ID = int64(len(f.jobs) + 1)
	f.jobs = append(f.jobs, j)
	return j.ID, nil
}
