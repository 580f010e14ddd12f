package conversation

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// What the asker writes into an open ticket reaches the staff group: copied
// under the ticket's header, with a receipt back to the asker's message.

const askerHeader = "💬 <b>TKT-000041</b> · Siti &lt;Aminah&gt;:"

func TestTicketFollowUpText(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	out := d.asker.text("Mohon dibantu <segera> & terima kasih")
	msg := d.lastMsg()
	o := only(t, out)
	want := Outgoing{Kind: OutSend, ChatID: testGroup, Text: askerHeader + "\nMohon dibantu &lt;segera&gt; &amp; terima kasih",
		Ref: "ticket:41:in:" + strconv.Itoa(msg), TopicName: "TKT-000041 · Proses transaksi",
		Receipt: &Receipt{ChatID: testUser, MessageID: msg, Failed: textTicketNotForwarded}}
	if !sameOutgoing(o, want) {
		t.Errorf("relayed\n%+v\nwant\n%+v", o, want)
	}
	if *o.Receipt != *want.Receipt {
		t.Errorf("receipt %+v, want %+v", *o.Receipt, *want.Receipt)
	}
	in := d.messagesOf(41, TicketIn)
	if len(in) != 1 || in[0].MessageID != msg || in[0].ChatID != testUser || in[0].Text != "Mohon dibantu <segera> & terima kasih" ||
		in[0].Kind != KindText || in[0].UserID != testUser || !in[0].At.Equal(mon10) {
		t.Errorf("stored %+v", in)
	}
	if d.asker.st.Ticket != 41 {
		t.Errorf("state ticket %d", d.asker.st.Ticket)
	}
}

// sameOutgoing compares the fields a relayed message is checked on.
func sameOutgoing(a, b Outgoing) bool {
	return a.Kind == b.Kind && a.ChatID == b.ChatID && a.Text == b.Text && a.Ref == b.Ref && a.ThreadRef == b.ThreadRef &&
		a.ReplyTo == b.ReplyTo && a.ReplyRef == b.ReplyRef && a.Gather == b.Gather && a.FromChatID == b.FromChatID &&
		a.MessageID == b.MessageID && (a.Receipt == nil) == (b.Receipt == nil) && slices.Equal(a.Files, b.Files)
}

func TestTicketFollowUpKinds(t *testing.T) {
	photo := File{ID: "ph-1", Photo: true}
	pdf := File{ID: "doc-1", Name: "bukti.pdf", MIME: "application/pdf"}
	tests := []struct {
		name string
		u    Update
		want func(msg int) []Outgoing
		kind Kind
	}{
		{"photo with a caption", Update{Kind: KindPhoto, File: &photo, Text: "Ini layarnya"}, func(msg int) []Outgoing {
			return []Outgoing{{Kind: OutCopy, ChatID: testGroup, Text: askerHeader + "\nIni layarnya", FromChatID: testUser,
				MessageID: msg, Ref: "ticket:41:in:" + strconv.Itoa(msg), Receipt: &Receipt{}}}
		}, KindPhoto},
		{"document without a caption", Update{Kind: KindDocument, File: &pdf}, func(msg int) []Outgoing {
			return []Outgoing{{Kind: OutCopy, ChatID: testGroup, Text: askerHeader, FromChatID: testUser,
				MessageID: msg, Ref: "ticket:41:in:" + strconv.Itoa(msg), Receipt: &Receipt{}}}
		}, KindDocument},
		{"sticker", Update{Kind: KindSticker}, func(msg int) []Outgoing {
			return []Outgoing{
				{Kind: OutSend, ChatID: testGroup, Text: "💬 <b>TKT-000041</b> · Siti &lt;Aminah&gt; mengirim stiker:"},
				{Kind: OutCopy, ChatID: testGroup, FromChatID: testUser, MessageID: msg, Ref: "ticket:41:in:" + strconv.Itoa(msg), Receipt: &Receipt{}},
			}
		}, KindSticker},
		{"voice note", Update{Kind: KindVoice}, func(msg int) []Outgoing {
			return []Outgoing{
				{Kind: OutSend, ChatID: testGroup, Text: "💬 <b>TKT-000041</b> · Siti &lt;Aminah&gt; mengirim pesan suara/video:"},
				{Kind: OutCopy, ChatID: testGroup, FromChatID: testUser, MessageID: msg, Ref: "ticket:41:in:" + strconv.Itoa(msg), Receipt: &Receipt{}},
			}
		}, KindVoice},
		{"shared contact", Update{Kind: KindContact, Text: "+6281234567890"}, func(msg int) []Outgoing {
			return []Outgoing{{Kind: OutSend, ChatID: testGroup, Text: askerHeader + "\n+6281234567890",
				Ref: "ticket:41:in:" + strconv.Itoa(msg), Receipt: &Receipt{}}}
		}, KindContact},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			d.open("Proses transaksi", "")
			out := d.say(tc.u)
			msg := d.lastMsg()
			want := tc.want(msg)
			if len(out) != len(want) {
				t.Fatalf("got %s\nwant %d messages", dump(out), len(want))
			}
			for i := range want {
				if !sameOutgoing(out[i], want[i]) {
					t.Errorf("message %d\n%+v\nwant\n%+v", i, out[i], want[i])
				}
				if out[i].TopicName != "TKT-000041 · Proses transaksi" {
					t.Errorf("message %d topic name %q", i, out[i].TopicName)
				}
				if r := out[i].Receipt; r != nil && (r.ChatID != testUser || r.MessageID != msg || r.Failed != textTicketNotForwarded) {
					t.Errorf("receipt %+v", *r)
				}
			}
			in := d.messagesOf(41, TicketIn)
			if len(in) != 1 || in[0].Kind != tc.kind || in[0].MessageID != msg {
				t.Fatalf("stored %+v", in)
			}
			if tc.u.File != nil && (len(in[0].Files) != 1 || in[0].Files[0] != *tc.u.File) {
				t.Errorf("stored files %+v", in[0].Files)
			}
		})
	}
}

func TestTicketFollowUpAlbum(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	var msgs []int
	var got []Outgoing
	for _, id := range []string{"alb-1", "alb-2", "alb-3"} {
		out := d.say(Update{Kind: KindPhoto, File: &File{ID: id, Photo: true}, MediaGroupID: "mg-9", Text: captionOf(id)})
		msgs = append(msgs, d.lastMsg())
		got = append(got, only(t, out))
	}
	for i, o := range got {
		if o.Kind != OutMediaGroup || o.ChatID != testGroup || o.Gather != "ticket:41:album:mg-9" ||
			!slices.Equal(fileIDs(o.Files), []string{[]string{"alb-1", "alb-2", "alb-3"}[i]}) ||
			o.Ref != "ticket:41:in:"+strconv.Itoa(msgs[i]) || o.Receipt == nil || o.Receipt.MessageID != msgs[i] {
			t.Errorf("page %d: %+v", i, o)
		}
	}
	mustContain(t, got[0].Text, askerHeader, "layar pertama")
	if len(d.messagesOf(41, TicketIn)) != 3 {
		t.Errorf("stored %d pages", len(d.messagesOf(41, TicketIn)))
	}
	if d.asker.st.Flood != 0 {
		t.Errorf("an album counts toward the flood: %d", d.asker.st.Flood)
	}
	// A second album is gathered apart.
	o := only(t, d.say(Update{Kind: KindPhoto, File: &File{ID: "x", Photo: true}, MediaGroupID: "mg-10"}))
	if o.Gather != "ticket:41:album:mg-10" {
		t.Errorf("second album gather %q", o.Gather)
	}
}

func captionOf(id string) string {
	if id == "alb-1" {
		return "layar pertama"
	}
	return ""
}

func TestTicketFollowUpEdit(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.asker.text("Nomor SPM 00012")
	original := d.lastMsg()
	d.later(time.Minute)

	out := d.say(Update{Kind: KindEdited, Text: "Nomor SPM 00021", MessageID: original})
	o := only(t, out)
	if o.Kind != OutSend || o.ChatID != testGroup || o.ReplyRef != "ticket:41:in:"+strconv.Itoa(original) {
		t.Errorf("edit %s to %d reply ref %q", o.Kind, o.ChatID, o.ReplyRef)
	}
	mustContain(t, o.Text, "✏️ <b>TKT-000041</b> · Siti &lt;Aminah&gt; mengubah pesan menjadi:\nNomor SPM 00021")
	if o.Receipt == nil || o.Receipt.MessageID != original || o.Receipt.ChatID != testUser {
		t.Errorf("receipt %+v", o.Receipt)
	}
	edits := d.messagesOf(41, TicketEdit)
	if len(edits) != 1 || edits[0].MessageID != original || edits[0].Text != "Nomor SPM 00021" {
		t.Errorf("stored edits %+v", edits)
	}
}

func TestTicketFollowUpReplyToOfficer(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	// The asker's copy of officer message 5003 is message 777 in the private chat.
	d.delivered(testUser, 777, "ticket:41:out:5003")
	o := only(t, d.say(Update{Kind: KindText, Text: "Sudah saya coba", ReplyToMessageID: 777}))
	if o.ReplyTo != 5003 || o.ChatID != testGroup {
		t.Errorf("reply to %d in %d, want the officer's message 5003", o.ReplyTo, o.ChatID)
	}
	// A reply to a message that is not an officer's copy is a plain message.
	d.delivered(testUser, 778, "ticket:41:bank")
	if o := only(t, d.say(Update{Kind: KindText, Text: "ok", ReplyToMessageID: 778})); o.ReplyTo != 0 {
		t.Errorf("reply to %d", o.ReplyTo)
	}
	if o := only(t, d.say(Update{Kind: KindText, Text: "ok", ReplyToMessageID: 12})); o.ReplyTo != 0 {
		t.Errorf("reply to %d", o.ReplyTo)
	}
}

func TestTicketFlood(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	notices := func(out []Outgoing) int {
		return len(withText(to(out, testUser), "Pesan Anda banyak dalam waktu singkat"))
	}

	total, relayed := 0, 0
	for i := range 7 {
		out := d.asker.text("pesan " + strconv.Itoa(i+1))
		relayed += len(to(out, testGroup))
		n := notices(out)
		total += n
		if n == 1 && i != 5 {
			t.Errorf("notice after message %d, want after the 6th", i+1)
		}
		d.later(time.Second)
	}
	if total != 1 || relayed != 7 {
		t.Errorf("%d notices, %d relayed; want exactly 1 notice and all 7 relayed", total, relayed)
	}
	// After a quiet while, a new burst gets its own notice.
	d.later(time.Minute)
	total = 0
	for range 6 {
		total += notices(d.asker.text("lagi"))
	}
	if total != 1 {
		t.Errorf("second burst: %d notices", total)
	}
	// Slow messages never get one.
	d.later(time.Minute)
	total = 0
	for range 8 {
		total += notices(d.asker.text("pelan"))
		d.later(3 * time.Second)
	}
	if total != 0 {
		t.Errorf("slow messages: %d notices", total)
	}
}

func TestTicketFollowUpOffHours(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	notice := "Saat ini di luar jam layanan KPPN; petugas akan mulai menanggapi pada <b>Selasa, 3 Maret 2026 pukul 07.30 WIB</b>"

	d.at(mon17)
	out := d.asker.text("Masih menunggu")
	if len(to(out, testGroup)) != 1 {
		t.Errorf("not relayed after hours: %s", dump(out))
	}
	mustContain(t, only(t, to(out, testUser)).Text, notice)
	d.later(10 * time.Minute)
	if got := to(d.asker.text("Halo?"), testUser); len(got) != 0 {
		t.Errorf("told twice in the same evening: %s", dump(got))
	}
	d.at(mon10.Add(24 * time.Hour)) // Tuesday 10.00
	if got := to(d.asker.text("Selamat pagi"), testUser); len(got) != 0 {
		t.Errorf("told in office hours: %s", dump(got))
	}
	d.at(mon17.Add(24 * time.Hour)) // Tuesday 17.00
	mustContain(t, only(t, to(d.asker.text("Sore"), testUser)).Text, "Rabu, 4 Maret 2026 pukul 07.30 WIB")
}

func TestTicketForumGroup(t *testing.T) {
	d := newDesk(t, forum)
	out, _ := d.open("Proses transaksi", tkSatker, File{ID: "a", Photo: true}, File{ID: "b", Photo: true})
	staff := to(out, testGroup)
	if len(staff) != 3 {
		t.Fatalf("want topic, card, album: %s", dump(out))
	}
	name := "TKT-000041 · Proses transaksi · " + tkSatkerName
	topic := staff[0]
	if topic.Kind != OutTopic || topic.Ref != "ticket:41:topic" || topic.Text != name || topic.ThreadRef != "" {
		t.Errorf("topic %+v", topic)
	}
	for i, o := range staff[1:] {
		if o.ThreadRef != "ticket:41:topic" || o.TopicName != name {
			t.Errorf("message %d (%s) thread %q name %q", i+1, o.Kind, o.ThreadRef, o.TopicName)
		}
	}
	mustContain(t, staff[1].Text, "Tulis di topik ini untuk menjawab penanya")

	d.delivered(testGroup, topicMsg, "ticket:41:topic")
	out = d.asker.text("Ada kabar?")
	out = append(out, d.asker.handle(Update{Kind: KindSticker})...)
	d.asker.text("Nomor 1")
	out = append(out, d.say(Update{Kind: KindEdited, Text: "Nomor 2", MessageID: d.lastMsg()})...)
	out = append(out, d.say(Update{Kind: KindPhoto, File: &File{ID: "c", Photo: true}, MediaGroupID: "m"})...)
	if len(out) != 5 {
		t.Fatalf("want 5 group messages: %s", dump(out))
	}
	for i, o := range out {
		if o.ChatID != testGroup || o.ThreadRef != "ticket:41:topic" || o.TopicName != name || o.Kind == OutTopic {
			t.Errorf("message %d (%s) to %d thread %q name %q", i, o.Kind, o.ChatID, o.ThreadRef, o.TopicName)
		}
	}
	// The topic name is cut to Telegram's limit.
	long := Ticket{Number: "TKT-000099", Category: "Kendala aplikasi", SatkerCode: "409876", SatkerName: strings.Repeat("SATKER ", 40)}
	if n := len([]rune(ticketTopicName(long))); n > 128 || n == 0 {
		t.Errorf("topic name of %d characters", n)
	}
}

// A caption at Telegram's limit (1024 characters) still fits under the
// ticket's header: the copy's caption is cut, never refused by Telegram.
func TestTicketLongCaption(t *testing.T) {
	long := strings.Repeat("a", 1020) + " akhir"
	d := newDesk(t)
	d.open("Proses transaksi", "")
	photo := File{ID: "ph", Photo: true}
	for _, album := range []string{"", "mg"} {
		o := only(t, d.say(Update{Kind: KindPhoto, File: &photo, Text: long, MediaGroupID: album}))
		if n := len([]rune(o.Text)); n > 1024 || !strings.HasPrefix(o.Text, askerHeader+"\naaa") || !strings.HasSuffix(o.Text, "…") {
			t.Errorf("album %q: caption of %d characters: %q…", album, n, shorten(o.Text, 60))
		}
	}
	o := only(t, to(d.officer(budi, Update{Kind: KindDocument, File: &photo, Text: long, ReplyToMessageID: cardMessage}), testUser))
	if n := len([]rune(o.Text)); n > 1024 || !strings.HasPrefix(o.Text, "💬 <b>Petugas KPPN</b>:\naaa") {
		t.Errorf("officer's caption of %d characters", n)
	}
	// A long text is sent whole as a message (up to the edit limit of 3500).
	o = only(t, d.asker.text(long))
	if !strings.HasSuffix(o.Text, " akhir") {
		t.Errorf("text cut: …%q", o.Text[len(o.Text)-20:])
	}
}
