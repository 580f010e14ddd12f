package telegramtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxUpload is what the fake accepts in one request: Telegram lets bots upload 50 MB.
const maxUpload = 50 << 20

// Request is one Bot API call the bot made, as the fake received it.
type Request struct {
	Method    string            // canonical method name, e.g. "sendMessage"
	Params    map[string]string // every parameter as its wire string; objects stay JSON text
	Files     map[string][]byte // multipart file parts by field name
	FileNames map[string]string // the file name of each file part
	Status    int               // the HTTP status the fake answered
	At        time.Time
}

// Int returns the parameter name as an integer, 0 when absent or not a number.
func (r Request) Int(name string) int64 {
	n, _ := strconv.ParseInt(r.Params[name], 10, 64)
	return n
}

// parseRequest reads parameters the ways Telegram accepts them: the query
// string, and a multipart/form-data, x-www-form-urlencoded or JSON body.
func parseRequest(r *http.Request) (Request, error) {
	req := Request{Params: map[string]string{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			req.Params[k] = v[0]
		}
	}
	if r.Method != http.MethodPost || r.Body == nil {
		return req, nil
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := parseMultipart(r, ctParams["boundary"], &req); err != nil {
			return req, err
		}
	case "application/x-www-form-urlencoded":
		body, err := io.ReadAll(io.LimitReader(r.Body, maxUpload))
		if err != nil {
			return req, fmt.Errorf("read body: %w", err)
		}
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return req, fmt.Errorf("parse form: %w", err)
		}
		for k, v := range vals {
			req.Params[k] = v[0]
		}
	case "application/json":
		body, err := io.ReadAll(io.LimitReader(r.Body, maxUpload))
		if err != nil {
			return req, fmt.Errorf("read body: %w", err)
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return req, nil
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return req, fmt.Errorf("parse json body: %w", err)
		}
		for k, raw := range obj {
			req.Params[k] = jsonParam(raw)
		}
	}
	return req, nil
}

// jsonParam turns a JSON body value into the string form a form field would carry.
func jsonParam(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	return string(raw)
}

func parseMultipart(r *http.Request, boundary string, req *Request) error {
	if boundary == "" {
		return fmt.Errorf("multipart body without boundary")
	}
	// go-telegram/bot sends a multipart content type with an empty body
	// when a method has no parameters; Telegram accepts that.
	br := bufio.NewReader(r.Body)
	if _, err := br.Peek(1); err == io.EOF {
		return nil
	}
	r.Body = io.NopCloser(br)
	mr, err := r.MultipartReader()
	if err != nil {
		return fmt.Errorf("multipart: %w", err)
	}
	var budget int64 = maxUpload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("multipart part: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(part, budget+1))
		if err != nil {
			return fmt.Errorf("multipart part %q: %w", part.FormName(), err)
		}
		budget -= int64(len(data))
		if budget < 0 {
			return fmt.Errorf("request larger than %d bytes", maxUpload)
		}
		name := part.FormName()
		if part.FileName() != "" {
			if req.Files == nil {
				req.Files = map[string][]byte{}
				req.FileNames = map[string]string{}
			}
			req.Files[name] = data
			req.FileNames[name] = part.FileName()
			continue
		}
		req.Params[name] = string(data)
	}
}

// chatParam reports the chat a request addresses, when chat_id is numeric.
func chatParam(p map[string]string, name string) (int64, bool) {
	v, ok := p[name]
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id, err == nil
}
