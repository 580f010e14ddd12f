package conversation

import (
	"context"
	"time"
)

// Config configures the Engine.
type Config struct {
	// GroupChatID is the KPPN staff group that receives escalations; 0 when not configured.
	GroupChatID int64
	// KPPNCode is the KPPN's 3-digit code, e.g. "070".
	KPPNCode string
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// ResumeAfter is how long a user may leave a form before the engine
	// asks whether to continue it; one hour when zero.
	ResumeAfter time.Duration
	// Forms generates the printed forms (the pre-filled registration form).
	// Nil means no form is sent: the registrant is only asked for the signed one.
	Forms FormRenderer
	// Members tells who belongs to the staff group: only members may act on
	// registration requests. Nil means everyone in the group counts.
	Members MemberChecker
	// Sent finds the message_id of a message sent earlier with Outgoing.Ref
	// (a request's card, edited when an officer rejects it by command). Nil
	// means the updated card is sent as a new message instead.
	Sent SentMessages
	// GroupIsForum reports whether the staff group is a forum now: then each
	// registration request gets its own topic. Nil means it is not.
	GroupIsForum func() bool
	// ShowOfficerName shows the officer's name on the messages a ticket's
	// asker receives ("Petugas KPPN (Rina)"); otherwise only "Petugas KPPN".
	ShowOfficerName bool
	// BotUsername is the bot's @username without the @, for invitation
	// links (t.me/<bot>?start=<token>).
	BotUsername string
	// Admins tells who administers a group (/hubungkan binds a group to its
	// KPPN). Nil means nobody may bind a group.
	Admins AdminChecker
	// Schedule lists the scheduled jobs and their next runs after now, for
	// /pengingat. Nil means none are shown.
	Schedule func(now time.Time) []ScheduledJob
	// FollowUpAfter is how many reminders in a row a satker may ignore
	// before /belum marks it for a one-on-one follow-up; 3 when zero.
	FollowUpAfter int
}

// AdminChecker tells whether a user administers a chat (owner or admin).
type AdminChecker interface {
	IsAdmin(ctx context.Context, chatID, userID int64) (bool, error)
}

// Engine turns one incoming update and the chat's state into the chat's next
// state and the messages to send. It does no I/O of its own beyond the Tx it
// is given.
type Engine struct {
	cfg   Config
	flows map[string]*Flow
	menu  []menuItem
}

// NewEngine returns an Engine.
func NewEngine(cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ResumeAfter <= 0 {
		cfg.ResumeAfter = time.Hour
	}
	if cfg.FollowUpAfter <= 0 {
		cfg.FollowUpAfter = 3
	}
	e := &Engine{cfg: cfg, flows: map[string]*Flow{}}
	e.addFlow(e.complaintFlow())
	e.addFlow(e.registrationFlow())
	e.addFlow(e.ticketFlow())
	e.addFlow(e.linkRequestFlow())
	e.addFlow(e.vendorRegFlow())
	e.addFlow(e.vendorFixFlow())
	for _, f := range e.progressFlows() {
		e.addFlow(f)
	}
	e.menu = []menuItem{
		{key: keyRegistration, label: textMenuRegistration, show: e.registrationItem},
		{key: keyVendor, label: textMenuVendor, show: e.vendorItem},
		{key: keyTicket, label: textMenuTicket, show: e.ticketItem},
		{key: keyProgress, label: textMenuProgress, show: e.progressItem},
		{key: keyStatus, label: textMenuStatus, show: e.statusItem, visible: e.hasRegistrations},
		{key: "panduan", label: textMenuPanduan, show: e.showPanduan},
		{key: "pengaduan", label: textMenuPengaduan, show: e.showChannels},
	}
	return e
}

// addFlow registers a form; its Name opens it from a button or a /start payload.
func (e *Engine) addFlow(f Flow) {
	e.flows[f.Name] = &f
}

// Handle handles u given the chat's state st. It returns the new state and
// the messages to send, in order. Bad user input is answered in the returned
// messages; an error means a fault (storage unreachable) and the update will
// be retried.
//
// The returned state has LastUpdateID set to u.ID (when higher) and, when
// anything was answered or changed, UpdatedAt set to Config.Now. Every
// callback press gets exactly one OutAnswer, first in the list.
func (e *Engine) Handle(ctx context.Context, tx Tx, st State, u Update) (State, []Outgoing, error) {
	t := &turn{ctx: ctx, tx: tx, st: st, u: u, now: e.cfg.Now()}
	t.st.Form = st.Form.clone()
	var err error
	switch {
	case u.ChatType == ChatPrivate:
		err = e.private(t)
	case u.ChatType.IsGroup():
		err = e.group(t)
	}
	if err == nil {
		err = t.err
	}
	if err == nil && u.ChatType == ChatPrivate {
		err = trackForm(t, st.Form) // for the nudge about a form left unfinished
	}
	if err != nil {
		return st, nil, err
	}
	if u.Kind == KindCallback {
		t.answer(textStale) // nothing recognised the press: an old or unknown button
	}
	if u.ID > t.st.LastUpdateID {
		t.st.LastUpdateID = u.ID
	}
	if len(t.out) > 0 || t.changed {
		t.st.UpdatedAt = t.now
	}
	return t.st, t.out, nil
}

// Failure is what the user is told when handling u failed unexpectedly (a
// recovered panic): a calm apology that asks them to try again. Updates that
// are never answered (group chatter, membership changes, edits) get none.
func (e *Engine) Failure(u Update) []Outgoing {
	if u.ChatID == 0 {
		return nil
	}
	msg := Outgoing{Kind: OutSend, ChatID: u.ChatID, ThreadID: u.ThreadID, Text: textFailure}
	switch {
	case u.Kind == KindCallback:
		return []Outgoing{{Kind: OutAnswer, ChatID: u.ChatID, CallbackID: u.CallbackID, Text: textFailureToast}, msg}
	case u.Kind == KindMembership || u.Kind == KindEdited:
		return nil
	case u.ChatType.IsGroup() && u.Kind != KindCommand:
		return nil
	case u.ChatType == ChatChannel:
		return nil
	}
	return []Outgoing{msg}
}

// Command is a bot command for setMyCommands.
type Command struct {
	Command     string
	Description string
}

// Commands returns the command lists registered with Telegram: one for private
// chats and one for groups.
func (e *Engine) Commands() (private, group []Command) {
	private = []Command{
		{Command: "start", Description: textCmdStart},
		{Command: "menu", Description: textCmdMenu},
		{Command: "panduan", Description: textCmdPanduan},
		{Command: "daftar", Description: textCmdDaftar},
		{Command: "status", Description: textCmdStatus},
		{Command: "bantuan", Description: textCmdBantuan},
		{Command: "progres", Description: textCmdProgres},
		{Command: "undang", Description: textCmdUndang},
		{Command: "vendor", Description: textCmdVendor},
		{Command: "pengaduan", Description: textCmdPengaduan},
		{Command: "batal", Description: textCmdBatal},
	}
	group = []Command{
		{Command: "start", Description: textCmdGroupStart},
		{Command: "panduan", Description: textCmdPanduan},
		{Command: "pengaduan", Description: textCmdPengaduan},
		{Command: "tolak", Description: textCmdTolak},
		{Command: "tiket", Description: textCmdTiket},
		{Command: "posko", Description: textCmdPosko},
		{Command: "catatan", Description: textCmdCatatan},
		{Command: "eskalasi", Description: textCmdEskalasi},
		{Command: "blokir", Description: textCmdBlokir},
		{Command: "bukablokir", Description: textCmdBukaBlokir},
		{Command: "laporan", Description: textCmdLaporan},
		{Command: "belum", Description: textCmdBelum},
		{Command: "pengingat", Description: textCmdPengingat},
		{Command: "impor", Description: textCmdImpor},
		{Command: "set", Description: textCmdSet},
		{Command: "hubungkan", Description: textCmdHubungkan},
	}
	return private, group
}
