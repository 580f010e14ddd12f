package conversation

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// The help desk's test driver: the asker's private chat and the staff room
// share one engine and one store, as the runtime wires them.

// Moments of the week of t0 (Monday 2 March 2026), in UTC; WIB is UTC+7.
var (
	mon10 = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)  // Monday 10.00 WIB: office hours
	mon17 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // Monday 17.00 WIB: after hours
	sun20 = time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC) // Sunday 20.00 WIB
)

const (
	tkSatker     = "409876"
	tkSatkerName = "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU"
	tkProblem    = "Tombol Simpan di Digipay tidak merespons saat membuat pesanan."
	topicMsg     = 900 // the message_thread_id of a ticket's forum topic in the tests
)

// desk is one asker and the staff room of one KPPN.
type desk struct {
	t     *testing.T
	asker *chat
	room  *staffRoom
	tx    *fakeTx
}

// newDesk returns a desk at mon10 whose engine has the configuration the
// options leave (members budi and ani, the fake sender's refs).
func newDesk(t *testing.T, options ...func(*Config)) *desk {
	t.Helper()
	d := &desk{t: t, asker: newChat(t), room: newStaffRoom(t)}
	d.tx = d.asker.tx
	d.room.tx = d.tx
	d.tx.satkers = map[string]string{tkSatker: tkSatkerName}
	cfg := Config{GroupChatID: testGroup, KPPNCode: "070", Now: func() time.Time { return d.asker.now },
		Members: d.room.members, Sent: d.room.sent}
	for _, o := range options {
		o(&cfg)
	}
	e := NewEngine(cfg)
	d.asker.e, d.room.e = e, e
	d.at(mon10)
	return d
}

func forum(c *Config)           { c.GroupIsForum = func() bool { return true } }
func showOfficerName(c *Config) { c.ShowOfficerName = true }

// at sets the clock of both sides.
func (d *desk) at(now time.Time) { d.asker.now, d.room.now = now, now }

// later moves the clock of both sides on by dur.
func (d *desk) later(dur time.Duration) { d.at(d.asker.now.Add(dur)) }

// say runs u from the asker; a MessageID set in u is kept (an edit names
// the message it changes).
func (d *desk) say(u Update) []Outgoing {
	d.t.Helper()
	c := d.asker
	c.nextID++
	u.ID = c.nextID
	u.ChatID, u.ChatType, u.At = c.chatID, c.typ, c.now
	u.UserID, u.UserName, u.Username = testUser, "Siti <Aminah>", "siti_a"
	if u.MessageID == 0 {
		u.MessageID = int(c.nextID)
	}
	st, out, err := c.e.Handle(context.Background(), c.tx, c.st, u)
	if err != nil {
		d.t.Fatalf("Handle(%+v): %v", u, err)
	}
	checkOut(d.t, u, out)
	c.st = st
	return out
}

// lastMsg is the message_id of the asker's last message.
func (d *desk) lastMsg() int { return int(d.asker.nextID) }

// officer runs u from who in the staff group.
func (d *desk) officer(who officerT, u Update) []Outgoing {
	d.t.Helper()
	return d.room.must(d.room.handle(who, u))
}

// officerSays is who writing text in the staff group, replying to reply
// (0: none) in topic thread (0: none).
func (d *desk) officerSays(who officerT, text string, reply, thread int) []Outgoing {
	d.t.Helper()
	return d.officer(who, Update{Kind: KindText, Text: text, ReplyToMessageID: reply, ThreadID: thread})
}

// command is who sending /name args in the staff group, replying to reply
// in topic thread (0: none).
func (d *desk) command(who officerT, name, args string, reply, thread int) []Outgoing {
	d.t.Helper()
	return d.officer(who, Update{Kind: KindCommand, Command: name, Args: args, Text: "/" + name + " " + args,
		ReplyToMessageID: reply, ThreadID: thread})
}

// delivered records what the sender does once it delivered the message
// sent under ref as msg in chat: the ref of the message (replies find the
// ticket) and the message_id of the ref (cards are edited in place).
func (d *desk) delivered(chat int64, msg int, ref string) {
	d.tx.sent(chat, msg, ref)
	d.room.sent[ref] = msg
}

// open files a ticket through /bantuan: the category, the satker when asked
// (skipped when satker is ""), the description and files (one album when
// several), then "Kirim". It returns what Kirim produced and the stored ticket;
// the card is delivered as cardMessage.
func (d *desk) open(category, satker string, files ...File) ([]Outgoing, Ticket) {
	d.t.Helper()
	out := d.asker.pressLabel(d.asker.cmd("bantuan", ""), category)
	if d.asker.st.Form != nil && d.asker.st.Form.Step == 1 {
		if satker == "" {
			out = d.asker.pressLabel(out, textSkip)
		} else {
			out = d.asker.text(satker)
		}
	}
	out = d.asker.text(tkProblem)
	switch len(files) {
	case 0:
		out = d.asker.pressLabel(out, textSkip)
	case 1:
		out = d.asker.file(KindPhoto, files[0], "")
	default:
		for i, f := range files {
			page := d.asker.file(KindPhoto, f, "album-1")
			if i == 0 {
				out = page
			}
		}
	}
	out = d.asker.pressLabel(out, textSend)
	tk, err := d.tx.ActiveTicketOf(context.Background(), testUser)
	if err != nil {
		d.t.Fatalf("no ticket stored after Kirim: %v%s", err, dump(out))
	}
	d.delivered(testGroup, cardMessage, TicketCardRef(tk.ID))
	return out, tk
}

// ticket is ticket id as the store holds it.
func (d *desk) ticket(id int64) Ticket {
	d.t.Helper()
	tk, err := d.tx.Ticket(context.Background(), id)
	if err != nil {
		d.t.Fatalf("ticket %d: %v", id, err)
	}
	return tk
}

// seed stores a ticket of another asker directly.
func (d *desk) seed(tk Ticket) Ticket {
	d.t.Helper()
	if tk.Status == "" {
		tk.Status = TicketOpen
	}
	stored, err := d.tx.OpenTicket(context.Background(), tk)
	if err != nil {
		d.t.Fatal(err)
	}
	return stored
}

// messagesOf lists what the store recorded for ticket id in direction dir.
func (d *desk) messagesOf(id int64, dir string) []TicketMessage {
	var list []TicketMessage
	for _, m := range d.tx.messages {
		if m.TicketID == id && m.Direction == dir {
			list = append(list, m)
		}
	}
	return list
}

// to returns the messages of out (answers excluded) sent to chat.
func to(out []Outgoing, chat int64) []Outgoing {
	var list []Outgoing
	for _, o := range out {
		if o.ChatID == chat && o.Kind != OutAnswer {
			list = append(list, o)
		}
	}
	return list
}

// withText returns the messages of out whose text contains s.
func withText(out []Outgoing, s string) []Outgoing {
	var list []Outgoing
	for _, o := range out {
		if strings.Contains(o.Text, s) {
			list = append(list, o)
		}
	}
	return list
}

// answerOf is the OutAnswer of out, failing when there is none.
func answerOf(t *testing.T, out []Outgoing) Outgoing {
	t.Helper()
	if len(out) == 0 || out[0].Kind != OutAnswer {
		t.Fatalf("no answer first: %s", dump(out))
	}
	return out[0]
}

// fileIDs lists the ids of files.
func fileIDs(files []File) []string {
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = f.ID
	}
	return ids
}

// hasLabels reports whether o's buttons are exactly want, row by row flattened.
func hasLabels(o Outgoing, want ...string) bool { return slices.Equal(labels(o), want) }
