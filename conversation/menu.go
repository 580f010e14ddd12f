package conversation

import "fmt"

// menuItem is one entry of the main menu. Later flows (registration, help
// desk, vendors, progress) append their entries in NewEngine; a press sends
// callback data "m:<key>".
type menuItem struct {
	key   string
	label string
	show  func(t *turn)
	// visible, when set, says whether the entry is offered to this user
	// (the status of requests, to users who have some).
	visible func(t *turn) bool
}

// The callback data prefixes that are not bound to a form session.
const (
	dataMenu     = "m:"        // m:<menu key>, or m:menu for the menu itself
	dataStart    = "s:"        // s:<flow name> opens a form
	keyMenu      = "menu"      // the main menu itself
	keyComplaint = "pengaduan" // the complaint flow's name
)

// hasRegistrations tells whether the user has sent requests, for the
// "Status permintaan" entry. It reads the chat's state, not the database:
// the menu is the most common answer and must stay cheap.
func (e *Engine) hasRegistrations(t *turn) bool {
	return t.st.Requests
}

// statusItem shows /status from the menu.
func (e *Engine) statusItem(t *turn) {
	if err := e.showStatus(t); err != nil {
		t.fail(err)
	}
}

// ticketItem opens a help ticket from the menu.
func (e *Engine) ticketItem(t *turn) {
	if err := e.openTicket(t); err != nil {
		t.fail(err)
	}
}

// registrationItem offers the registration: its purpose notice first.
func (e *Engine) registrationItem(t *turn) {
	e.offer(t, e.flows[keyRegistration])
}

// menuButtons is the main menu as an inline keyboard, one entry per row.
func (e *Engine) menuButtons(t *turn) [][]Button {
	rows := make([][]Button, 0, len(e.menu))
	for _, m := range e.menu {
		if m.visible != nil && !m.visible(t) {
			continue
		}
		rows = append(rows, []Button{{Text: m.label, Data: dataMenu + m.key}})
	}
	return rows
}

// menuItem returns the entry with key, or nil.
func (e *Engine) menuItem(key string) *menuItem {
	for i := range e.menu {
		if e.menu[i].key == key {
			return &e.menu[i]
		}
	}
	return nil
}

// showGreeting greets the user by name and shows the main menu.
func (e *Engine) showGreeting(t *turn) {
	text := textGreetingNoName
	if name := shorten(t.u.UserName, 64); name != "" {
		text = fmt.Sprintf(textGreeting, EscapeHTML(name))
	}
	t.send(text, e.menuButtons(t))
}

// showMenu shows the main menu, after prefix when it is not empty.
func (e *Engine) showMenu(t *turn, prefix string) {
	text := textMenu
	if prefix != "" {
		text = prefix + "\n\n" + textMenu
	}
	t.send(text, e.menuButtons(t))
}

// showPanduan explains the service: procedures, requirements, service level, cost and outputs.
func (e *Engine) showPanduan(t *turn) {
	t.send(textPanduan, [][]Button{
		{{Text: textMenuPengaduan, Data: dataMenu + keyComplaint}},
		{{Text: textMenuMain, Data: dataMenu + keyMenu}},
	})
}

// showChannels lists every complaint channel and offers the complaint form.
func (e *Engine) showChannels(t *turn) {
	t.send(textChannels+"\n\n"+textChannelsInChat, [][]Button{
		{{Text: textComplaintButton, Data: dataStart + keyComplaint}},
		{{Text: textMenuMain, Data: dataMenu + keyMenu}},
	})
}
