package conversation

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// The KPPN group's commands that become back-office jobs: /impor of a satker
// map or of Digipay transactions (a CSV or XLSX document), and /laporan.
// The job is queued in the update's transaction and its result is sent to
// the group later, as a reply to the officer's message.

// kppnImportMax is the largest file a bot may download from Telegram.
const kppnImportMax = 20 << 20

// The MIME types of the files /impor reads, for a document without a name.
var (
	kppnCSVTypes  = []string{"text/csv", "text/comma-separated-values", "application/csv", "text/x-csv"}
	kppnXLSXTypes = []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	kppnXLSTypes  = []string{"application/vnd.ms-excel"}
)

// kppnImportCommand is /impor sent as text: the file must come with it as
// the caption of a document, which the officer is told how to send.
func (e *Engine) kppnImportCommand(t *turn) {
	if t.u.ReplyToMessageID != 0 {
		t.reply(textKPPNImportReply)
		return
	}
	t.reply(textKPPNImportUsage)
}

// importDocument handles a document sent with the caption /impor or
// /impor transaksi: a CSV or XLSX file of at most 20 MB is queued for
// import into the group's KPPN.
func (e *Engine) importDocument(t *turn) error {
	kind, arg, ours := kppnCaption(t.u.Text, e.cfg.BotUsername)
	if !ours {
		return nil
	}
	code, ok, err := e.kppnOfficer(t)
	if err != nil || !ok {
		return err
	}
	if kind == "" {
		t.reply(fmt.Sprintf(textKPPNImportBadKind, quote(arg)) + "\n\n" + textKPPNImportUsage)
		return nil
	}
	f := t.u.File
	if f == nil || f.Photo {
		t.reply(textKPPNImportNoFile + "\n\n" + textKPPNImportUsage)
		return nil
	}
	if problem := kppnFileProblem(*f); problem != "" {
		t.reply(problem)
		return nil
	}
	file := *f
	_, err = t.tx.QueueJob(t.ctx, Job{Kind: kind, KPPNCode: code, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID,
		ReplyTo: t.u.MessageID, File: &file, By: officer(t), At: t.now})
	if err != nil {
		return fmt.Errorf("queue %s job for kppn %s: %w", kind, code, err)
	}
	what := textKPPNImportSatker
	if kind == JobImportTx {
		what = textKPPNImportTx
	}
	t.reply(fmt.Sprintf(textKPPNImportQueued, kppnFileName(file), what))
	return nil
}

// kppnCaption reads a caption "/impor[@bot] [transaksi]": ours is false
// when it is another command or names another bot; kind is "" when the
// argument is not a kind of import.
func kppnCaption(caption, bot string) (kind, arg string, ours bool) {
	first, rest := firstWord(caption)
	name, at, addressed := strings.Cut(strings.ToLower(first), "@")
	if name != "/impor" || (addressed && bot != "" && !strings.EqualFold(at, bot)) {
		return "", "", false
	}
	arg, _ = firstWord(rest)
	switch strings.ToLower(arg) {
	case "", "satker", "peta":
		return JobImportSatker, arg, true
	case "transaksi", "tx", "transaction":
		return JobImportTx, arg, true
	}
	return "", arg, true
}

// kppnFileProblem is why f cannot be imported, "" when it can: by its
// name's extension, or its MIME type when the name has none, and its size.
func kppnFileProblem(f File) string {
	name := kppnFileName(f)
	ext := strings.ToLower(path.Ext(f.Name))
	mime := strings.ToLower(strings.TrimSpace(strings.Split(f.MIME, ";")[0]))
	switch {
	case ext == ".xls" || (ext == "" && slices.Contains(kppnXLSTypes, mime)):
		return fmt.Sprintf(textKPPNImportOldExcel, name)
	case ext == ".csv" || ext == ".xlsx":
	case ext == "" && (slices.Contains(kppnCSVTypes, mime) || slices.Contains(kppnXLSXTypes, mime)):
	default:
		what := ext
		if what == "" {
			what = mime
		}
		if what == "" {
			what = textKPPNImportNoType
		}
		return fmt.Sprintf(textKPPNImportType, name, EscapeHTML(what))
	}
	if f.Size > kppnImportMax {
		return fmt.Sprintf(textKPPNImportTooBig, name, strings.Replace(fmt.Sprintf("%.1f", float64(f.Size)/(1<<20)), ".", ",", 1))
	}
	return ""
}

// kppnFileName is the file's name for a message, escaped.
func kppnFileName(f File) string {
	if f.Name == "" {
		return textKPPNImportNoName
	}
	return "<b>" + EscapeHTML(shorten(f.Name, 80)) + "</b>"
}

// kppnReport is /laporan: the KPPN's report (summary, chart, workbook) is
// produced by the back office and sent to the group.
func (e *Engine) kppnReport(t *turn, code string) error {
	_, err := t.tx.QueueJob(t.ctx, Job{Kind: JobReport, KPPNCode: code, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID,
		ReplyTo: t.u.MessageID, By: officer(t), At: t.now})
	if err != nil {
		return fmt.Errorf("queue report job for kppn %s: %w", code, err)
	}
	t.reply(fmt.Sprintf(textKPPNReportQueued, EscapeHTML(code)))
	return nil
}
