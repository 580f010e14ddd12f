package conversation

// group handles an update in a group chat: only commands addressed to the
// bot are answered (the adapter drops commands for other bots); everything
// else, plain chatter included, is ignored and changes nothing.
func (e *Engine) group(t *turn) {
	if t.u.Kind != KindCommand {
		return
	}
	switch t.u.Command {
	case "start", "menu":
		if e.cfg.GroupChatID != 0 && t.u.ChatID == e.cfg.GroupChatID {
			t.reply(textGroupStaff)
		} else {
			t.reply(textGroupOther)
		}
	case "panduan":
		t.reply(textPanduan)
	case "pengaduan":
		t.reply(textChannels + "\n\n" + textGroupComplaint)
	default:
		// A bare "/batal" in a group may be meant for another bot; one that
		// names this bot deserves an answer.
		if t.u.Addressed {
			t.reply(textGroupUnknownCommand)
		}
	}
}
