package telegramtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// apiJSON is the official Bot API method list every request is checked against.
//
//go:embed testdata/api.json
var apiJSON []byte

// fieldKind is how a parameter's value must look on the wire.
type fieldKind int

const (
	kindAny          fieldKind = iota // String, or "Integer or String": anything goes
	kindInteger                       // Integer
	kindFloat                         // Float (an Integer is fine too)
	kindBoolean                       // Boolean
	kindJSON                          // an object or an array, sent as a JSON string
	kindFile                          // InputFile only: a multipart file part
	kindFileOrString                  // InputFile or String: a file part, a file_id or a URL
)

// field is one parameter of a method.
type field struct {
	required bool
	kind     fieldKind
	types    string
}

// method is one Bot API method as api.json describes it.
type method struct {
	name   string
	fields map[string]field
}

// loadSpec parses api.json once per test binary: it is immutable, and
// parsing 900 kB of JSON for every New (slow under -race) adds up.
var loadSpec = sync.OnceValues(parseSpec)

// spec maps lower-case method names (Telegram matches them case-insensitively) to methods.
type spec map[string]*method

// parseSpec reads the embedded api.json.
func parseSpec() (spec, error) {
	var doc struct {
		Methods map[string]struct {
			Name   string `json:"name"`
			Fields []struct {
				Name     string   `json:"name"`
				Types    []string `json:"types"`
				Required bool     `json:"required"`
			} `json:"fields"`
		} `json:"methods"`
	}
	if err := json.Unmarshal(apiJSON, &doc); err != nil {
		return nil, fmt.Errorf("parse api.json: %w", err)
	}
	s := make(spec, len(doc.Methods))
	for name, m := range doc.Methods {
		fm := &method{name: name, fields: make(map[string]field, len(m.Fields))}
		for _, f := range m.Fields {
			fm.fields[f.Name] = field{required: f.Required, kind: kindOf(f.Types), types: strings.Join(f.Types, " or ")}
		}
		s[strings.ToLower(name)] = fm
	}
	return s, nil
}

// kindOf maps api.json's type names to the check applied to a value.
func kindOf(types []string) fieldKind {
	if len(types) == 2 && types[0] == "InputFile" && types[1] == "String" {
		return kindFileOrString
	}
	if len(types) != 1 {
		// "Integer or String" (chat_id) or a choice of objects (reply_markup).
		for _, t := range types {
			if t == "String" || t == "Integer" {
				return kindAny
			}
		}
		return kindJSON
	}
	switch t := types[0]; {
	case t == "String":
		return kindAny
	case t == "Integer":
		return kindInteger
	case t == "Float":
		return kindFloat
	case t == "Boolean":
		return kindBoolean
	case t == "InputFile":
		return kindFile
	default:
		return kindJSON
	}
}
