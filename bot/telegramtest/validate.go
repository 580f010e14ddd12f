package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Telegram's limits on what a bot sends.
const (
	maxTextLen         = 4096
	maxCaptionLen      = 1024
	maxCallbackData    = 64
	maxCallbackAnswer  = 200
	minMediaGroup      = 2
	maxMediaGroup      = 10
	maxTopicNameLen    = 128
	maxCommandLen      = 32
	maxCommandDescLen  = 256
	maxCommandsPerList = 100
)

// validate checks a request against api.json and Telegram's limits. It
// returns the problems found, each phrased like Telegram's description.
func validate(m *method, req *Request) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	attached := map[string]bool{}
	for name, value := range req.Params {
		f, ok := m.fields[name]
		if !ok {
			add("unknown parameter %q", name)
			continue
		}
		if msg := checkKind(f, value); msg != "" {
			add("parameter %q: %s", name, msg)
		}
		if f.kind == kindJSON {
			for _, a := range attachRefs(value) {
				attached[a] = true
			}
		}
	}
	for name := range req.Files {
		f, ok := m.fields[name]
		switch {
		case ok && (f.kind == kindFile || f.kind == kindFileOrString):
			if _, dup := req.Params[name]; dup {
				add("parameter %q sent both as a file and as a string", name)
			}
		case attached[name]:
		default:
			add("file part %q is neither a parameter nor referenced by attach://", name)
		}
	}
	for name, f := range m.fields {
		if !f.required {
			continue
		}
		_, isFile := req.Files[name]
		if v, ok := req.Params[name]; (!ok || v == "") && !isFile {
			add("parameter %q is required", name)
		}
	}
	for a := range attached {
		if _, ok := req.Files[a]; !ok {
			add("attach://%s has no file part", a)
		}
	}
	return append(problems, checkLimits(m.name, req.Params)...)
}

// checkKind checks one value against the parameter's api.json type.
func checkKind(f field, v string) string {
	switch f.kind {
	case kindInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Sprintf("want %s, got %q", f.types, v)
		}
	case kindFloat:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Sprintf("want %s, got %q", f.types, v)
		}
	case kindBoolean:
		switch strings.ToLower(v) {
		case "true", "false", "1", "0":
		default:
			return fmt.Sprintf("want %s, got %q", f.types, v)
		}
	case kindJSON:
		if !json.Valid([]byte(v)) {
			return fmt.Sprintf("want %s as JSON, got %q", f.types, v)
		}
	case kindFile:
		return fmt.Sprintf("want %s as a multipart file, got a string", f.types)
	}
	return ""
}

// attachRefs lists the attach://name references inside a JSON parameter.
func attachRefs(v string) []string {
	var refs []string
	for rest := v; ; {
		i := strings.Index(rest, `"attach://`)
		if i < 0 {
			return refs
		}
		rest = rest[i+len(`"attach://`):]
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			return refs
		}
		refs = append(refs, rest[:j])
		rest = rest[j:]
	}
}

// checkLimits applies the rules api.json cannot express.
func checkLimits(name string, p map[string]string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if text, ok := p["text"]; ok {
		switch name {
		case "sendMessage", "editMessageText":
			if msg := checkText(text, p["parse_mode"], maxTextLen, "message text"); msg != "" {
				add("%s", msg)
			}
		case "answerCallbackQuery":
			if utf16Len(text) > maxCallbackAnswer {
				add("callback answer text is longer than %d characters", maxCallbackAnswer)
			}
		}
	} else if name == "editMessageText" && p["rich_message"] == "" {
		add("parameter \"text\" is required")
	}
	if caption, ok := p["caption"]; ok {
		if msg := checkCaption(caption, p["parse_mode"]); msg != "" {
			add("%s", msg)
		}
	}
	if markup, ok := p["reply_markup"]; ok {
		problems = append(problems, checkMarkup(markup)...)
	}
	if media, ok := p["media"]; ok && name == "sendMediaGroup" {
		problems = append(problems, checkMediaGroup(media)...)
	}
	if topic, ok := p["name"]; ok && (name == "createForumTopic" || name == "editForumTopic") {
		if n := utf16Len(topic); n < 1 || n > maxTopicNameLen {
			add("topic name must be 1-%d characters, got %d", maxTopicNameLen, n)
		}
	}
	if reaction, ok := p["reaction"]; ok && name == "setMessageReaction" {
		problems = append(problems, checkReactions(reaction)...)
	}
	if cmds, ok := p["commands"]; ok && name == "setMyCommands" {
		problems = append(problems, checkCommands(cmds)...)
	}
	return problems
}

// checkText checks a text's length after entity parsing and its HTML.
func checkText(text, parseMode string, limit int, what string) string {
	visible, err := visibleText(text, parseMode)
	if err != nil {
		return err.Error()
	}
	if strings.TrimSpace(visible) == "" {
		return what + " is empty"
	}
	if n := utf16Len(visible); n > limit {
		return fmt.Sprintf("%s is too long: %d characters, at most %d", what, n, limit)
	}
	return ""
}

// checkCaption checks a caption, which unlike a text may be empty.
func checkCaption(caption, parseMode string) string {
	visible, err := visibleText(caption, parseMode)
	if err != nil {
		return err.Error()
	}
	if n := utf16Len(visible); n > maxCaptionLen {
		return fmt.Sprintf("message caption is too long: %d characters, at most %d", n, maxCaptionLen)
	}
	return ""
}

// inlineButton is the part of an InlineKeyboardButton the fake checks.
type inlineButton struct {
	Text         string  `json:"text"`
	CallbackData *string `json:"callback_data"`
	URL          string  `json:"url"`
	CopyText     *struct {
		Text string `json:"text"`
	} `json:"copy_text"`
	WebApp                       json.RawMessage `json:"web_app"`
	LoginURL                     json.RawMessage `json:"login_url"`
	SwitchInlineQuery            *string         `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string         `json:"switch_inline_query_current_chat"`
	SwitchInlineQueryChosenChat  json.RawMessage `json:"switch_inline_query_chosen_chat"`
	CallbackGame                 json.RawMessage `json:"callback_game"`
	Pay                          bool            `json:"pay"`
}

// hasAction reports whether the button does something; the copy_text that
// go-telegram/bot always sends empty does not count.
func (b inlineButton) hasAction() bool {
	return b.CallbackData != nil || b.URL != "" || (b.CopyText != nil && b.CopyText.Text != "") ||
		b.WebApp != nil || b.LoginURL != nil || b.SwitchInlineQuery != nil ||
		b.SwitchInlineQueryCurrentChat != nil || b.SwitchInlineQueryChosenChat != nil ||
		b.CallbackGame != nil || b.Pay
}

// replyMarkup is the part of reply_markup the fake reads.
type replyMarkup struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

// checkMarkup checks every inline button of a reply_markup.
func checkMarkup(markup string) []string {
	var rm replyMarkup
	if err := json.Unmarshal([]byte(markup), &rm); err != nil {
		return []string{fmt.Sprintf("can't parse reply keyboard markup JSON object: %v", err)}
	}
	var problems []string
	for i, row := range rm.InlineKeyboard {
		for j, b := range row {
			where := fmt.Sprintf("inline button [%d][%d] %q", i, j, b.Text)
			if b.Text == "" {
				problems = append(problems, where+": text is empty")
			}
			if b.CallbackData != nil {
				if n := len(*b.CallbackData); n < 1 || n > maxCallbackData {
					problems = append(problems, fmt.Sprintf("%s: BUTTON_DATA_INVALID: callback_data must be 1-%d bytes, got %d", where, maxCallbackData, n))
				}
			}
			if !b.hasAction() {
				problems = append(problems, where+": text buttons are unallowed in the inline keyboard")
			}
		}
	}
	return problems
}

// mediaItem is the part of an InputMedia the fake reads.
type mediaItem struct {
	Type      string `json:"type"`
	Media     string `json:"media"`
	Caption   string `json:"caption"`
	ParseMode string `json:"parse_mode"`
}

// checkMediaGroup checks sendMediaGroup's media array.
func checkMediaGroup(media string) []string {
	var items []mediaItem
	if err := json.Unmarshal([]byte(media), &items); err != nil {
		return []string{fmt.Sprintf("can't parse media JSON array: %v", err)}
	}
	var problems []string
	if n := len(items); n < minMediaGroup || n > maxMediaGroup {
		problems = append(problems, fmt.Sprintf("media group must have %d-%d items, got %d", minMediaGroup, maxMediaGroup, n))
	}
	for i, it := range items {
		switch it.Type {
		case "photo", "video", "document", "audio":
		default:
			problems = append(problems, fmt.Sprintf("media[%d]: type %q can't be in a media group", i, it.Type))
		}
		if it.Media == "" {
			problems = append(problems, fmt.Sprintf("media[%d]: media is empty", i))
		}
		if msg := checkCaption(it.Caption, it.ParseMode); msg != "" {
			problems = append(problems, fmt.Sprintf("media[%d]: %s", i, msg))
		}
		if it.Type != items[0].Type && (it.Type == "document" || items[0].Type == "document" || it.Type == "audio" || items[0].Type == "audio") {
			problems = append(problems, fmt.Sprintf("media[%d]: %s can't be mixed with other media types", i, it.Type))
		}
	}
	return problems
}

// checkCommands checks setMyCommands' list.
func checkCommands(raw string) []string {
	var cmds []Command
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return []string{fmt.Sprintf("can't parse commands JSON array: %v", err)}
	}
	var problems []string
	if len(cmds) > maxCommandsPerList {
		problems = append(problems, fmt.Sprintf("at most %d commands, got %d", maxCommandsPerList, len(cmds)))
	}
	for _, c := range cmds {
		if !validCommand(c.Command) {
			problems = append(problems, fmt.Sprintf("command %q must be 1-%d characters of a-z, 0-9 and _", c.Command, maxCommandLen))
		}
		if n := utf16Len(c.Description); n < 1 || n > maxCommandDescLen {
			problems = append(problems, fmt.Sprintf("command %q: description must be 1-%d characters", c.Command, maxCommandDescLen))
		}
	}
	return problems
}

func validCommand(c string) bool {
	if len(c) < 1 || len(c) > maxCommandLen {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
