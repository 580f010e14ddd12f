package conversation

// Stubs of the satker's progress side (issue 5), replaced by progress.go.

const (
	keyProgress      = "progres" // menu key
	dataProgress     = "p:"      // callback data prefix of the progress buttons
	invitationPrefix = "inv_"    // /start payload of an invitation link
	textMenuProgress = "Progres satker"
	textCmdProgres   = "Progres Digipay satker Anda"
	textCmdUndang    = "Undang pengguna satker (khusus admin)"
)

func (e *Engine) progressItem(t *turn)                         {}
func (e *Engine) progressCommand(t *turn) error                { return nil }
func (e *Engine) progressCallback(t *turn) error               { return nil }
func (e *Engine) redeemInvitation(t *turn, token string) error { return nil }
