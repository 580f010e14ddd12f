package reminders

import "posko/conversation"

// The messages the jobs send, from package conversation (its texts live
// there). The jobs' Message fields replace them in tests.
var (
	stageReminder = conversation.StageReminder
	slaAlert      = conversation.SLAAlert
)
