package conversation

import (
	"context"
	"testing"
	"time"
)

// fakeMembers is the MemberChecker of the staff group: ids are the members.
type fakeMembers struct {
	ids   map[int64]bool
	err   error
	calls int
}

func (m *fakeMembers) IsMember(_ context.Context, _, userID int64) (bool, error) {
	m.calls++
	if m.err != nil {
		return false, m.err
	}
	return m.ids[userID], nil
}

// fakeSent is SentMessages: the message_id delivered for each ref.
type fakeSent map[string]int

func (s fakeSent) SentMessageID(_ context.Context, ref string) (int, error) {
	id, ok := s[ref]
	if !ok {
		return 0, ErrNotFound
	}
	return id, nil
}

// officerT is someone pressing buttons in a group.
type officerT struct {
	id   int64
	name string
}

var (
	budi  = officerT{7001, "Budi Santoso"}
	ani   = officerT{7002, "Ani <Rahma>"}
	mallo = officerT{7999, "Orang Luar"}
)

// staffRoom drives the staff group (or another group) through the engine.
type staffRoom struct {
	t       *testing.T
	e       *Engine
	tx      *fakeTx
	members *fakeMembers
	sent    fakeSent
	chatID  int64
	now     time.Time
	nextID  int64
}

const cardMessage = 400 // the message_id of the card in the tests

func newStaffRoom(t *testing.T) *staffRoom {
	t.Helper()
	s := &staffRoom{
		t: t, tx: &fakeTx{}, chatID: testGroup, now: t0, nextID: 5000,
		members: &fakeMembers{ids: map[int64]bool{budi.id: true, ani.id: true}},
		sent:    fakeSent{},
	}
	s.e = NewEngine(Config{GroupChatID: testGroup, KPPNCode: "070", Now: func() time.Time { return s.now },
		Members: s.members, Sent: s.sent})
	return s
}

// handle runs u from who in the room's chat and checks the invariants.
func (s *staffRoom) handle(who officerT, u Update) ([]Outgoing, error) {
	s.t.Helper()
	s.nextID++
	u.ID = s.nextID
	u.ChatID, u.ChatType, u.At = s.chatID, ChatSupergroup, s.now
	u.UserID, u.UserName = who.id, who.name
	if u.MessageID == 0 {
		u.MessageID = int(s.nextID)
	}
	_, out, err := s.e.Handle(context.Background(), s.tx, State{}, u)
	if err == nil {
		checkOut(s.t, u, out)
	}
	return out, err
}

func (s *staffRoom) must(out []Outgoing, err error) []Outgoing {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("Handle: %v", err)
	}
	return out
}

// press presses data on message msg.
func (s *staffRoom) press(who officerT, data string, msg int) []Outgoing {
	s.t.Helper()
	return s.must(s.handle(who, Update{Kind: KindCallback, CallbackID: "cb-" + data, CallbackData: data, MessageID: msg}))
}

// tolak sends "/tolak args".
func (s *staffRoom) tolak(who officerT, args string) []Outgoing {
	s.t.Helper()
	return s.must(s.handle(who, Update{Kind: KindCommand, Command: "tolak", Args: args, Text: "/tolak " + args}))
}

// submit stores a request as the satker side does and returns it.
func (s *staffRoom) submit(r Registration) Registration {
	s.t.Helper()
	ctx := context.Background()
	id, _, err := s.tx.ReserveRegistrationNumber(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	r.ID = id
	stored, err := s.tx.SubmitRegistration(ctx, r)
	if err != nil {
		s.t.Fatal(err)
	}
	return stored
}

// stored is request id as the store holds it.
func (s *staffRoom) stored(id int64) Registration {
	s.t.Helper()
	r, err := s.tx.Registration(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	return r
}

// sampleRegistration is a complete request with documents of every shape:
// a PDF, an album of two photos, one photo.
func sampleRegistration() Registration {
	return Registration{
		ChatID: testUser, UserID: testUser, UserName: "Rina <Oktaviani>",
		SatkerCode: "409876", SatkerName: "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU", SatkerKnown: true,
		AdminName: "Rina Oktaviani, S.E.", AdminNIP: "199001012015032001", AdminNIK: "1673014101900001",
		AdminPosition: "Pengelola Keuangan", AdminMobile: "+6281234567890", AdminEmail: "rina.oktaviani@kemenag.go.id",
		DecreeNumber: "KEP-12/KK.06.10/1/KU.01/2026", DecreeDate: time.Date(2026, 2, 20, 0, 0, 0, 0, wib()),
		KPAName: "Drs. H. Ahmad Fauzi, M.Si.", KPANIP: "197005051995031002",
		Documents: map[string][]File{
			DocDecree: {{ID: "sk-pdf", Name: "sk.pdf", MIME: "application/pdf", Size: 120000}},
			DocKTP:    {{ID: "ktp-1", Photo: true}, {ID: "ktp-2", Photo: true}},
			DocForm:   {{ID: "form-1", Photo: true}},
		},
		SubmittedAt: t0,
		Deadline:    time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC),
	}
}
