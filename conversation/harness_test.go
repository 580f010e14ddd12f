package conversation

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fakeTx is the in-memory Tx: it records complaints, or fails with err.
type fakeTx struct {
	complaints []Complaint
	err        error
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
