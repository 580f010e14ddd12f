package conversation

// Stubs of the KPPN group's progress commands (issue 5), replaced by kppn.go.

const (
	dataKPPN         = "k:" // callback data prefix of /belum's buttons
	textCmdLaporan   = "Laporan progres implementasi Digipay"
	textCmdBelum     = "Satker yang belum mencapai suatu tahap"
	textCmdImpor     = "Impor peta satker atau transaksi (CSV/XLSX)"
	textCmdSet       = "Ubah tahap satker: /set kode tahap"
	textCmdHubungkan = "Hubungkan grup ini dengan KPPN: /hubungkan kode"
)

func (e *Engine) kppnCallback(t *turn) error      { return nil }
func (e *Engine) importDocument(t *turn) error    { return nil }
func (e *Engine) kppnReply(t *turn) (bool, error) { return false, nil }
func (e *Engine) kppnCommand(t *turn) error       { return nil }
