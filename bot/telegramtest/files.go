package telegramtest

import (
	"fmt"
	"net/http"
	"strings"
)

// maxDownload is the largest file a bot may download through getFile.
const maxDownload = 20 << 20

// file is a file Telegram holds: one users sent or the bot uploaded.
type file struct {
	id, uniqueID string
	path         string
	name, mime   string
	kind         string // "photo", "document", ...; "" when added with AddFile and usable as anything
	data         []byte
}

// json renders the file as the object a message carries for its kind.
func (f *file) json(kind string) any {
	m := map[string]any{"file_id": f.id, "file_unique_id": f.uniqueID, "file_size": len(f.data)}
	switch kind {
	case "photo":
		m["width"], m["height"] = 1280, 960
		small := map[string]any{"file_id": f.id, "file_unique_id": f.uniqueID, "file_size": len(f.data), "width": 90, "height": 67}
		return []any{small, m}
	case "sticker":
		m["type"], m["width"], m["height"], m["is_animated"], m["is_video"], m["emoji"] = "regular", 512, 512, false, false, "👍"
	case "voice", "audio", "video", "video_note", "animation":
		m["duration"] = 2
	}
	if f.name != "" && kind != "sticker" && kind != "voice" {
		m["file_name"] = f.name
	}
	if f.mime != "" && kind != "sticker" {
		m["mime_type"] = f.mime
	}
	return m
}

// AddFile registers a file as if a user had sent it, so getFile and the
// download link work for it; its file_id may be sent as any kind of media.
func (s *Server) AddFile(data []byte) (fileID, uniqueID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.addFileLocked(data, "", "", "")
	return f.id, f.uniqueID
}

// File returns the bytes of a file by file_id: one a user sent or the bot uploaded.
func (s *Server) File(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[fileID]
	if f == nil {
		return nil, false
	}
	return f.data, true
}

func (s *Server) addFileLocked(data []byte, kind, name, mime string) *file {
	s.nextFile++
	n := s.nextFile
	dir := "documents"
	if kind != "" && kind != "document" {
		dir = kind + "s"
	}
	f := &file{
		id:       fmt.Sprintf("BQACAgUAAx%s%06d", strings.ToUpper(kind[:min(len(kind), 3)]), n),
		uniqueID: fmt.Sprintf("AgAD%06d", n),
		path:     fmt.Sprintf("%s/file_%d", dir, n),
		name:     name,
		mime:     mime,
		kind:     kind,
		data:     data,
	}
	s.files[f.id] = f
	s.paths[f.path] = f
	return f
}

// fileFor resolves a media parameter: an uploaded part, a known file_id or
// a URL. kind is the media kind the method sends.
func (s *Server) fileFor(c *call, param, value, kind string) (*file, *apiError) {
	if data, ok := c.Files[param]; ok {
		name := c.FileNames[param]
		return s.addFileLocked(data, kind, name, mimeOf(name)), nil
	}
	if ref, ok := strings.CutPrefix(value, "attach://"); ok {
		data, ok := c.Files[ref]
		if !ok {
			return nil, errBadRequest("wrong file identifier/HTTP URL specified")
		}
		name := c.FileNames[ref]
		return s.addFileLocked(data, kind, name, mimeOf(name)), nil
	}
	if strings.HasPrefix(value, "http://") || strings.HasPrefix(value, "https://") {
		return s.addFileLocked(nil, kind, value[strings.LastIndexByte(value, '/')+1:], ""), nil
	}
	f := s.files[value]
	if f == nil {
		return nil, errBadRequest("wrong file identifier/HTTP URL specified")
	}
	if f.kind != "" && f.kind != kind && (f.kind == "photo" || kind == "photo") {
		return nil, errBadRequest(fmt.Sprintf("can't use file of type %s as %s", title(f.kind), title(kind)))
	}
	return f, nil
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mimeOf guesses the MIME type Telegram would report for an uploaded file name.
func mimeOf(name string) string {
	switch ext := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]); ext {
	case "pdf":
		return "application/pdf"
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "csv":
		return "text/csv"
	case "txt":
		return "text/plain"
	}
	return ""
}

func (s *Server) getFile(c *call) (any, *apiError) {
	f := s.files[c.Params["file_id"]]
	if f == nil {
		return nil, errBadRequest("invalid file_id")
	}
	if len(f.data) > maxDownload {
		return nil, errBadRequest("file is too big")
	}
	return map[string]any{"file_id": f.id, "file_unique_id": f.uniqueID, "file_size": len(f.data), "file_path": f.path}, nil
}

// serveFile answers a download: rest is "<token>/<file_path>".
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, ok := strings.Cut(rest, "/")
	if !ok || token != Token {
		http.Error(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	f := s.paths[path]
	s.mu.Unlock()
	if f == nil {
		http.Error(w, `{"ok":false,"error_code":404,"description":"Not Found"}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(f.data)
}
