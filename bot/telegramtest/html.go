package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// htmlTags are the tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "tg-emoji": true, "code": true, "pre": true, "blockquote": true, "tg-time": true,
}

// visibleText returns text as the user sees it under parse_mode, or the
// error Telegram gives ("can't parse entities: ...") for malformed HTML.
// MarkdownV2 and Markdown are not parsed: their text is counted as sent.
func visibleText(text, parseMode string) (string, error) {
	if !strings.EqualFold(parseMode, "HTML") {
		return text, nil
	}
	return parseHTML(text)
}

// parseHTML strips tags and decodes entities, checking that tags are known and balanced.
func parseHTML(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	var open []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("can't parse entities: unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+end]
			if strings.HasPrefix(tag, "/") {
				name := strings.ToLower(strings.TrimSpace(tag[1:]))
				if len(open) == 0 {
					return "", fmt.Errorf("can't parse entities: unexpected end tag at byte offset %d", i)
				}
				if top := open[len(open)-1]; name != top {
					return "", fmt.Errorf("can't parse entities: unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top, name)
				}
				open = open[:len(open)-1]
			} else {
				name := strings.ToLower(tag)
				if j := strings.IndexAny(name, " \t\n/"); j >= 0 {
					name = name[:j]
				}
				if !htmlTags[name] {
					return "", fmt.Errorf("can't parse entities: unsupported start tag \"%s\" at byte offset %d", name, i)
				}
				open = append(open, name)
			}
			i += end + 1
		case '&':
			r, n := decodeEntity(s[i:])
			b.WriteString(r)
			i += n
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	if len(open) > 0 {
		return "", fmt.Errorf("can't parse entities: can't find end tag corresponding to start tag \"%s\"", open[len(open)-1])
	}
	return b.String(), nil
}

// decodeEntity decodes the entity at the start of s, returning the text and
// the bytes consumed. Like Telegram, a lone "&" is kept as it is.
func decodeEntity(s string) (string, int) {
	semi := strings.IndexByte(s, ';')
	if semi < 0 || semi > 12 {
		return "&", 1
	}
	name := s[1:semi]
	switch name {
	case "lt":
		return "<", semi + 1
	case "gt":
		return ">", semi + 1
	case "amp":
		return "&", semi + 1
	case "quot":
		return "\"", semi + 1
	}
	if strings.HasPrefix(name, "#") {
		num, base := name[1:], 10
		if strings.HasPrefix(num, "x") || strings.HasPrefix(num, "X") {
			num, base = num[1:], 16
		}
		if n, err := strconv.ParseInt(num, base, 32); err == nil && n > 0 {
			return string(rune(n)), semi + 1
		}
	}
	return "&", 1
}

// utf16Len is the length Telegram counts: UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
