package conversation

import (
	"context"
	"slices"
	"time"
)

// vendorFake is the in-memory VendorStore of fakeTx.
type vendorFake struct {
	vendors       map[int64]*Vendor
	nextVendor    int64
	vendorInvites map[string]*VendorInvitation
	usedInvites   map[string]bool
	vendorCounts  map[string]int // satker → vendors entered
	vendorOpened  [][2]int64     // (vendor, officer) of every package opened in the group
}

func (f *vendorFake) CreateVendorInvitation(_ context.Context, inv VendorInvitation) error {
	if f.vendorInvites == nil {
		f.vendorInvites, f.usedInvites = map[string]*VendorInvitation{}, map[string]bool{}
	}
	f.vendorInvites[inv.Token] = &inv
	return nil
}

func (f *vendorFake) RedeemVendorInvitation(_ context.Context, token string, _ int64, at time.Time) (VendorInvitation, error) {
	inv, ok := f.vendorInvites[token]
	switch {
	case !ok:
		return VendorInvitation{}, ErrNotFound
	case f.usedInvites[token]:
		return *inv, ErrUsed
	case !at.Before(inv.ExpiresAt):
		return *inv, ErrExpired
	}
	f.usedInvites[token] = true
	return *inv, nil
}

func (f *vendorFake) ReserveVendorNumber(_ context.Context) (int64, string, error) {
	f.nextVendor++
	id := f.nextVendor + 70
	return id, VendorNumber(id), nil
}

func (f *vendorFake) SubmitVendor(_ context.Context, v Vendor) (Vendor, error) {
	if f.vendors == nil {
		f.vendors = map[int64]*Vendor{}
	}
	if old, ok := f.vendors[v.ID]; ok && old.Status != VendorFix {
		return *old, ErrStale
	}
	v.Status = VendorSubmitted
	f.vendors[v.ID] = &v
	return v, nil
}

func (f *vendorFake) Vendor(_ context.Context, id int64) (Vendor, error) {
	if v, ok := f.vendors[id]; ok {
		return *v, nil
	}
	return Vendor{}, ErrNotFound
}

func (f *vendorFake) VendorsOf(_ context.Context, chatID int64) ([]Vendor, error) {
	var out []Vendor
	for _, v := range f.vendors {
		if v.ChatID == chatID {
			out = append(out, *v)
		}
	}
	slices.SortFunc(out, func(a, b Vendor) int { return int(b.ID - a.ID) })
	return out, nil
}

func (f *vendorFake) VendorsOfSatker(_ context.Context, code string) ([]Vendor, error) {
	var out []Vendor
	for _, v := range f.vendors {
		if v.SatkerCode == code {
			out = append(out, *v)
		}
	}
	slices.SortFunc(out, func(a, b Vendor) int { return int(b.ID - a.ID) })
	return out, nil
}

func (f *vendorFake) DecideVendor(_ context.Context, id int64, to, reason string, by Actor, at time.Time) (Vendor, error) {
	v, ok := f.vendors[id]
	if !ok {
		return Vendor{}, ErrNotFound
	}
	if v.Status != VendorSubmitted {
		return *v, ErrStale
	}
	v.Status, v.DecidedBy, v.DecidedName, v.UpdatedAt = to, by.UserID, by.Name, at
	if to == VendorFix {
		v.FixReason = reason
	}
	if to == VendorEntered {
		v.EnteredAt = at
		if f.vendorCounts == nil {
			f.vendorCounts = map[string]int{}
		}
		f.vendorCounts[v.SatkerCode]++
	}
	return *v, nil
}

func (f *vendorFake) RecordVendorOpened(_ context.Context, id int64, by Actor, _ time.Time) error {
	f.vendorOpened = append(f.vendorOpened, [2]int64{id, by.UserID})
	return nil
}

func (f *vendorFake) TickVendorStep(_ context.Context, id int64, step string, done bool, at time.Time) (Vendor, error) {
	v, ok := f.vendors[id]
	if !ok {
		return Vendor{}, ErrNotFound
	}
	if v.Steps == nil {
		v.Steps = map[string]time.Time{}
	}
	if done {
		v.Steps[step] = at
	} else {
		delete(v.Steps, step)
	}
	return *v, nil
}
