package bot

import (
	"testing"
	"time"

	"posko/conversation"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name, text string
		cmd, args  string
		ok         bool
	}{
		{"plain", "/start", "start", "", true},
		{"with payload", "/start daftar", "start", "daftar", true},
		{"addressed to us", "/panduan@posko_bot", "panduan", "", true},
		{"addressed to us, other case", "/Panduan@Posko_Bot extra", "panduan", "extra", true},
		{"addressed to another bot", "/start@other_bot", "", "", false},
		{"after non-ASCII text is not a command", "Halo 👋 /start", "", "", false},
		{"emoji before args", "/batal 👋 sekarang", "batal", "👋 sekarang", true},
		{"newline after command", "/posko\n123456", "posko", "123456", true},
		{"slash alone", "/", "", "", false},
		{"path, not a command", "/home/user", "", "", false},
		{"not a command", "start", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, args, ok := parseCommand(tt.text, "posko_bot")
			if cmd != tt.cmd || args != tt.args || ok != tt.ok {
				t.Errorf("parseCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.text, cmd, args, ok, tt.cmd, tt.args, tt.ok)
			}
		})
	}
}

func TestToDomain(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		raw   string
		check func(t *testing.T, u conversation.Update)
	}{
		{"command in a group, addressed to us", `{"update_id":1,"message":{"message_id":5,"date":1764147600,"chat":{"id":-100,"type":"supergroup","title":"KPPN","is_forum":true},"message_thread_id":9,"is_topic_message":true,"from":{"id":7,"first_name":"Budi","last_name":"S","username":"budis"},"text":"/start@posko_bot"}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindCommand || u.Command != "start" || !u.Addressed || u.ChatID != -100 || !u.ChatType.IsGroup() ||
					u.ThreadID != 9 || !u.IsForum || u.UserID != 7 || u.UserName != "Budi S" || u.Username != "budis" || u.MessageID != 5 {
					t.Errorf("got %+v", u)
				}
			}},
		{"command for another bot in a group", `{"update_id":2,"message":{"message_id":5,"date":1,"chat":{"id":-100,"type":"group"},"from":{"id":7,"first_name":"B"},"text":"/start@other_bot"}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindOther {
					t.Errorf("kind = %v, want other", u.Kind)
				}
			}},
		{"document with caption", `{"update_id":3,"message":{"message_id":6,"date":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"caption":"SK","document":{"file_id":"F","file_unique_id":"U","file_name":"sk.pdf","mime_type":"application/pdf","file_size":1234}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindDocument || u.Text != "SK" || u.File == nil || u.File.ID != "F" || u.File.Name != "sk.pdf" || u.File.Size != 1234 || u.File.Photo {
					t.Errorf("got %+v file %+v", u, u.File)
				}
			}},
		{"album photo takes the largest size", `{"update_id":4,"message":{"message_id":7,"date":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"media_group_id":"G1","photo":[{"file_id":"small","file_unique_id":"s","width":90,"height":90,"file_size":10},{"file_id":"big","file_unique_id":"b","width":1280,"height":1280,"file_size":90000}]}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindPhoto || u.File.ID != "big" || !u.File.Photo || u.MediaGroupID != "G1" {
					t.Errorf("got %+v file %+v", u, u.File)
				}
			}},
		{"sticker", `{"update_id":5,"message":{"message_id":8,"date":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"sticker":{"file_id":"S","file_unique_id":"s","type":"regular","width":1,"height":1,"is_animated":false,"is_video":false}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindSticker {
					t.Errorf("kind = %v, want sticker", u.Kind)
				}
			}},
		{"voice note", `{"update_id":6,"message":{"message_id":9,"date":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"voice":{"file_id":"V","file_unique_id":"v","duration":3}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindVoice {
					t.Errorf("kind = %v, want voice", u.Kind)
				}
			}},
		{"shared contact", `{"update_id":7,"message":{"message_id":10,"date":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"contact":{"phone_number":"+6281234567890","first_name":"A"}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindContact || u.Text != "+6281234567890" {
					t.Errorf("got %+v", u)
				}
			}},
		{"edited message", `{"update_id":8,"edited_message":{"message_id":11,"date":1,"edit_date":2,"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"text":"ralat"}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindEdited || u.Text != "ralat" || u.MessageID != 11 {
					t.Errorf("got %+v", u)
				}
			}},
		{"button press", `{"update_id":9,"callback_query":{"id":"Q1","chat_instance":"c","data":"m:panduan","from":{"id":7,"first_name":"A"},"message":{"message_id":12,"date":1,"chat":{"id":7,"type":"private"},"text":"menu"}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindCallback || u.CallbackID != "Q1" || u.CallbackData != "m:panduan" || u.ChatID != 7 || u.MessageID != 12 || u.UserID != 7 {
					t.Errorf("got %+v", u)
				}
			}},
		{"button on an inaccessible message", `{"update_id":10,"callback_query":{"id":"Q2","chat_instance":"c","data":"x","from":{"id":7,"first_name":"A"},"message":{"message_id":13,"date":0,"chat":{"id":7,"type":"private"}}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindCallback || u.ChatID != 7 || u.MessageID != 13 {
					t.Errorf("got %+v", u)
				}
			}},
		{"bot added to a group", `{"update_id":11,"my_chat_member":{"chat":{"id":-5,"type":"group","title":"G"},"from":{"id":7,"first_name":"A"},"date":1,"old_chat_member":{"status":"left","user":{"id":1,"is_bot":true,"first_name":"P"}},"new_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"P"}}}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindMembership || u.ChatID != -5 {
					t.Errorf("got %+v", u)
				}
			}},
		{"group migrated to a supergroup", `{"update_id":12,"message":{"message_id":14,"date":1,"chat":{"id":-5,"type":"group"},"from":{"id":7,"first_name":"A"},"migrate_to_chat_id":-1005}}`,
			func(t *testing.T, u conversation.Update) {
				if u.Kind != conversation.KindMembership || u.MigrateToChatID != -1005 {
					t.Errorf("got %+v", u)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu, err := decodeUpdate([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			u := toDomain(mu, "posko_bot", now)
			if u.ID == 0 || u.ChatID != chatOf(mu) {
				t.Errorf("id %d chat %d, chatOf %d", u.ID, u.ChatID, chatOf(mu))
			}
			id, chat, err := peekUpdate([]byte(tt.raw))
			if err != nil || id != u.ID || chat != u.ChatID {
				t.Errorf("peekUpdate = %d, %d, %v; want the worker's %d, %d", id, chat, err, u.ID, u.ChatID)
			}
			tt.check(t, u)
		})
	}
}
