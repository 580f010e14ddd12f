package report

import (
	"fmt"
	"time"

	"posko/conversation"
)

var testWIB = time.FixedZone("WIB", 7*60*60)

// testReport builds a report of three satker at different stages.
func testReport() conversation.Report {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, testWIB) }
	users := make([]conversation.SatkerUser, 5)
	for i, role := range conversation.UserRoles() {
		users[i] = conversation.SatkerUser{Role: role, Name: "Orang " + role, Email: role + "@example.go.id"}
	}
	return conversation.Report{
		KPPN: conversation.KPPN{Code: "070", Name: "Lubuk Linggau"},
		At:   time.Date(2026, 11, 30, 16, 0, 0, 0, testWIB),
		Satkers: []conversation.SatkerProgress{
			{Code: "401234", Name: "Satker Lengkap", KPPNCode: "070", ManagesUP: true, Mapped: true,
				ContactName: "Budi", ContactPhone: "+6281234567890",
				AdminAt: day(6, 1), UsersAt: day(7, 15), Users: users, VendorAt: day(9, 2), Vendors: 4,
				TxAt: day(10, 5), Transactions: 7, TxValue: 12_500_000,
				LastContactAt: time.Date(2026, 11, 20, 9, 30, 0, 0, testWIB), CreatedAt: day(5, 1)},
			{Code: "401235", Name: "Satker Vendor", KPPNCode: "070", ManagesUP: true, Mapped: true,
				AdminAt: day(8, 3), UsersAt: day(9, 10), Users: users, VendorAt: day(11, 3), Vendors: 1,
				CreatedAt: day(5, 1)},
			{Code: "012345", Name: "Satker Baru", KPPNCode: "070", ManagesUP: true, Mapped: true,
				Users: users[:2], CreatedAt: day(11, 1)},
		},
		MonthTransactions: 3, MonthTxValue: 1_250_000,
		Tickets: 8, TicketsOnTime: 6, PoskoVisits: 2,
	}
}

// bigReport builds a report of n satker spread over the stages and the
// last half year, as a KPPN's whole map.
func bigReport(n int) conversation.Report {
	r := testReport()
	r.Satkers = make([]conversation.SatkerProgress, n)
	start := r.At.AddDate(0, -8, 0)
	for i := range r.Satkers {
		s := conversation.SatkerProgress{Code: fmt.Sprintf("%06d", 100000+i), Name: fmt.Sprintf("Satker Nomor %d Kabupaten Contoh", i),
			KPPNCode: "070", ManagesUP: true, Mapped: true, ContactName: "Narahubung", ContactPhone: "+6281200000000",
			CreatedAt: start.Add(time.Duration(i%200) * time.Hour)}
		at := start.Add(time.Duration(i%5000) * time.Hour)
		if i%10 < 8 {
			s.AdminAt = at
		}
		if i%10 < 6 {
			s.UsersAt = at.Add(240 * time.Hour)
		}
		if i%10 < 4 {
			s.VendorAt, s.Vendors = at.Add(480*time.Hour), 1+i%7
		}
		if i%10 < 2 {
			s.TxAt, s.Transactions, s.TxValue = at.Add(720*time.Hour), 1+i%13, int64(1+i%13)*1_100_000
			s.LastContactAt = s.TxAt
		}
		r.Satkers[i] = s
	}
	return r
}
