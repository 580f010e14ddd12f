package conversation

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"posko/workdays"
)

// fakeTx is the in-memory Tx: it records complaints and registrations, or
// fails with err.
type fakeTx struct {
	complaints []Complaint
	err        error

	regs       map[int64]*Registration // by ID; a reserved number has an entry with Status ""
	nextRegID  int64
	satkers    map[string]string // the KPPN's map of satker: code → name
	history    []regChange       // every status change, in order
	registered []registeredAdmin // MarkAdminRegistered calls
	cal        *workdays.Calendar
	ticketFake
	progressFake
	reminderFake
	vendorFake
}

// regChange is one status change the fake recorded.
type regChange struct {
	ID       int64
	From, To string
	By       Actor
}

// registeredAdmin is one MarkAdminRegistered call.
type registeredAdmin struct {
	SatkerCode     string
	ChatID, UserID int64
	At             time.Time
}

func (f *fakeTx) ReserveRegistrationNumber(_ context.Context) (int64, string, error) {
	if f.err != nil {
		return 0, "", f.err
	}
	if f.regs == nil {
		f.regs = map[int64]*Registration{}
	}
	f.nextRegID++
	id := f.nextRegID + 122
	number := fmt.Sprintf("REG-%06d", id)
	f.regs[id] = &Registration{ID: id, Number: number}
	return id, number, nil
}

func (f *fakeTx) SubmitRegistration(_ context.Context, r Registration) (Registration, error) {
	if f.err != nil {
		return Registration{}, f.err
	}
	old, ok := f.regs[r.ID]
	if !ok {
		return Registration{}, fmt.Errorf("registration %d: %w", r.ID, ErrNotFound)
	}
	if old.Status != "" && old.Status != RegRejected {
		return Registration{}, fmt.Errorf("registration %d is %s: %w", r.ID, old.Status, ErrStale)
	}
	if old.Status == "" {
		r.Number = old.Number
	}
	f.history = append(f.history, regChange{ID: r.ID, From: old.Status, To: RegSubmitted, By: Actor{UserID: r.UserID, Name: r.UserName, ChatID: r.ChatID}})
	r.Status = RegSubmitted
	r.UpdatedAt = r.SubmittedAt
	r.Documents = cloneDocs(r.Documents)
	r.RejectItems = append([]string(nil), r.RejectItems...)
	f.regs[r.ID] = &r
	return r, nil
}

func (f *fakeTx) Registration(_ context.Context, id int64) (Registration, error) {
	if f.err != nil {
		return Registration{}, f.err
	}
	r, ok := f.regs[id]
	if !ok || r.Status == "" {
		return Registration{}, fmt.Errorf("registration %d: %w", id, ErrNotFound)
	}
	c := *r
	c.Documents = cloneDocs(r.Documents)
	c.RejectItems = append([]string(nil), r.RejectItems...)
	return c, nil
}

func (f *fakeTx) RegistrationsOf(_ context.Context, chatID int64) ([]Registration, error) {
	if f.err != nil {
		return nil, f.err
	}
	var list []Registration
	for _, r := range f.regs {
		if r.Status != "" && r.ChatID == chatID {
			list = append(list, *r)
		}
	}
	slices.SortFunc(list, func(a, b Registration) int { return cmp.Compare(b.ID, a.ID) })
	return list, nil
}

func (f *fakeTx) ChangeRegistration(ctx context.Context, id int64, from []string, to string, by Actor, change func(*Registration)) (Registration, error) {
	r, err := f.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	if !slices.Contains(from, r.Status) {
		return r, fmt.Errorf("registration %d is %s: %w", id, r.Status, ErrStale)
	}
	prev := r.Status
	if change != nil {
		change(&r)
	}
	r.Status = to
	f.history = append(f.history, regChange{ID: id, From: prev, To: to, By: by})
	f.regs[id] = &r
	return r, nil
}

func (f *fakeTx) LookupSatker(_ context.Context, code string) (string, bool, error) {
	if f.err != nil {
		return "", false, f.err
	}
	name, ok := f.satkers[code]
	return name, ok, nil
}

func (f *fakeTx) MarkAdminRegistered(_ context.Context, satkerCode string, chatID, userID int64, at time.Time) error {
	if f.err != nil {
		return f.err
	}
	f.registered = append(f.registered, registeredAdmin{SatkerCode: satkerCode, ChatID: chatID, UserID: userID, At: at})
	return nil
}

func (f *fakeTx) Calendar(_ context.Context) (*workdays.Calendar, error) {
	if f.err != nil {
		return nil, f.err
	}
	if f.cal == nil {
		cal, err := workdays.Default()
		if err != nil {
			return nil, err
		}
		f.cal = cal
	}
	return f.cal, nil
}

// submitted returns the stored (not merely reserved) registrations, oldest first.
func (f *fakeTx) submitted() []Registration {
	var list []Registration
	for _, r := range f.regs {
		if r.Status != "" {
			list = append(list, *r)
		}
	}
	slices.SortFunc(list, func(a, b Registration) int { return cmp.Compare(a.ID, b.ID) })
	return list
}

func cloneDocs(d map[string][]File) map[string][]File {
	if d == nil {
		return nil
	}
	c := make(map[string][]File, len(d))
	for k, v := range d {
		c[k] = append([]File(nil), v...)
	}
	return c
}

func (f *fakeTx) SaveComplaint(_ context.Context, c Complaint) (int64, error) {
	if f.err != nil {
		return 0, f.err
	}
	f.complaints = append(f.complaints, c)
	return int64(122 + len(f.complaints)), nil
}

var errDown = errors.New("database unreachable")

const (
	testUser  = int64(5550001)
	testGroup = int64(-1001234567)
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // Monday 16.00 WIB

// chat drives one private chat through the engine, like the runtime does:
// updates in order, the state carried from one to the next.
type chat struct {
	t      *testing.T
	e      *Engine
	tx     *fakeTx
	st     State
	now    time.Time
	nextID int64
	chatID int64
	typ    ChatType
	// lastOut is what a helper left for the test to press on.
	lastOut []Outgoing
}

func newChat(t *testing.T) *chat {
	t.Helper()
	c := &chat{t: t, tx: &fakeTx{}, now: t0, nextID: 1000, chatID: testUser, typ: ChatPrivate}
	c.e = NewEngine(Config{GroupChatID: testGroup, KPPNCode: "070", Now: func() time.Time { return c.now }})
	return c
}

func newGroupChat(t *testing.T, id int64) *chat {
	c := newChat(t)
	c.chatID, c.typ = id, ChatSupergroup
	return c
}

// handle sends u (ids and chat filled in), checks the invariants every
// answer must keep, and returns the messages.
func (c *chat) handle(u Update) []Outgoing {
	c.t.Helper()
	c.nextID++
	u.ID = c.nextID
	u.ChatID, u.ChatType, u.At = c.chatID, c.typ, c.now
	u.UserID, u.UserName, u.Username = testUser, "Siti <Aminah>", "siti_a"
	u.MessageID = int(c.nextID)
	st, out, err := c.e.Handle(context.Background(), c.tx, c.st, u)
	if err != nil {
		c.t.Fatalf("Handle(%+v): %v", u, err)
	}
	checkOut(c.t, u, out)
	if st.LastUpdateID != u.ID {
		c.t.Errorf("LastUpdateID = %d, want %d", st.LastUpdateID, u.ID)
	}
	c.st = st
	return out
}

func (c *chat) text(s string) []Outgoing { return c.handle(Update{Kind: KindText, Text: s}) }
func (c *chat) cmd(name, args string) []Outgoing {
	return c.handle(Update{Kind: KindCommand, Command: name, Args: args, Text: "/" + name})
}
func (c *chat) press(data string) []Outgoing {
	return c.handle(Update{Kind: KindCallback, CallbackID: "cb" + data, CallbackData: data})
}
func (c *chat) file(kind Kind, f File, album string) []Outgoing {
	return c.handle(Update{Kind: kind, File: &f, MediaGroupID: album})
}

// pressLabel presses the button labelled label on the last message that has buttons.
func (c *chat) pressLabel(out []Outgoing, label string) []Outgoing {
	c.t.Helper()
	b, ok := findButton(out, label)
	if !ok {
		c.t.Fatalf("no button %q in %s", label, dump(out))
	}
	return c.press(b.Data)
}

func findButton(out []Outgoing, label string) (Button, bool) {
	for i := len(out) - 1; i >= 0; i-- {
		for _, row := range out[i].Buttons {
			for _, b := range row {
				if b.Text == label {
					return b, true
				}
			}
		}
	}
	return Button{}, false
}

// labels lists the button texts of o, row by row.
func labels(o Outgoing) []string {
	var l []string
	for _, row := range o.Buttons {
		for _, b := range row {
			l = append(l, b.Text)
		}
	}
	return l
}

// sends returns the OutSend messages of out.
func sends(out []Outgoing) []Outgoing {
	var s []Outgoing
	for _, o := range out {
		if o.Kind == OutSend {
			s = append(s, o)
		}
	}
	return s
}

// only returns the single message of out, failing when there is not exactly one.
func only(t *testing.T, out []Outgoing) Outgoing {
	t.Helper()
	if len(out) != 1 {
		t.Fatalf("got %d messages, want 1: %s", len(out), dump(out))
	}
	return out[0]
}

func dump(out []Outgoing) string {
	var b strings.Builder
	for i, o := range out {
		fmt.Fprintf(&b, "\n#%d %s: %s [%s]", i, o.Kind, o.Text, strings.Join(labels(o), " | "))
	}
	return b.String()
}

func mustContain(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
}

var (
	tagRe    = regexp.MustCompile(`^<(/?)(b|i|u|s|code|pre|blockquote|a)(\s+href="[^"<>]*")?>`)
	entityRe = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]+);`)
)

// checkHTML fails unless text is Telegram HTML Telegram would accept:
// known tags, balanced, and no bare "<" or "&".
func checkHTML(t *testing.T, text string) {
	t.Helper()
	var stack []string
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '<':
			m := tagRe.FindStringSubmatch(text[i:])
			if m == nil {
				t.Errorf("bad tag at %d in %q", i, shorten(text[i:], 40))
				return
			}
			if m[1] == "/" {
				if len(stack) == 0 || stack[len(stack)-1] != m[2] {
					t.Errorf("unbalanced </%s> in %q", m[2], text)
					return
				}
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, m[2])
			}
			i += len(m[0]) - 1
		case '&':
			if !entityRe.MatchString(text[i:]) {
				t.Errorf("bare & at %d in %q", i, shorten(text[i:], 40))
				return
			}
		}
	}
	if len(stack) > 0 {
		t.Errorf("unclosed tags %v in %q", stack, text)
	}
}

// checkOut checks what every answer must keep: a callback gets exactly one
// OutAnswer, first; texts are valid HTML within Telegram's limits; buttons
// carry callback data of 1–64 bytes.
func checkOut(t *testing.T, u Update, out []Outgoing) {
	t.Helper()
	answers := 0
	for i, o := range out {
		if o.ChatID == 0 {
			t.Errorf("message %d has no chat", i)
		}
		if o.Kind == OutAnswer {
			answers++
			if i != 0 || o.CallbackID != u.CallbackID {
				t.Errorf("OutAnswer at %d for %q, want first for %q", i, o.CallbackID, u.CallbackID)
			}
			continue
		}
		checkHTML(t, o.Text)
		limit := 4096
		if o.Kind != OutSend && o.Kind != OutEdit {
			limit = 1024
		}
		if n := utf8.RuneCountInString(o.Text); n > limit || (o.Kind == OutSend && n == 0) {
			t.Errorf("message %d: %d characters", i, n)
		}
		for _, row := range o.Buttons {
			for _, b := range row {
				if b.Text == "" || (b.URL == "" && (len(b.Data) == 0 || len(b.Data) > 64)) {
					t.Errorf("bad button %+v", b)
				}
			}
		}
	}
	want := 0
	if u.Kind == KindCallback {
		want = 1
	}
	if answers != want {
		t.Errorf("%d OutAnswer for a %v update, want %d: %s", answers, u.Kind, want, dump(out))
	}
}
