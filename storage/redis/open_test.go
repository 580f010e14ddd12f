package redis_test

import (
	"strings"
	"testing"

	"posko/storage/redis"
	"posko/storage/redis/redistest"
)

func TestOpen(t *testing.T) {
	url, _ := redistest.New(t)
	tests := []struct {
		name    string
		url     string
		wantErr []string // substrings the error must contain; nil: no error
	}{
		{name: "reachable server", url: url},
		{name: "unreachable server", url: "redis://:s3cretpw@127.0.0.1:1/0", wantErr: []string{"127.0.0.1:1", "REDIS_URL"}},
		{name: "malformed URL", url: "redis://user:s3cretpw@host:port/0", wantErr: []string{"REDIS_URL"}},
		{name: "wrong scheme", url: "http://127.0.0.1:6379", wantErr: []string{"REDIS_URL", "scheme"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rdb, err := redis.Open(t.Context(), tt.url)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				defer rdb.Close()
				if err := rdb.Ping(t.Context()).Err(); err != nil {
					t.Errorf("Ping after Open: %v", err)
				}
				return
			}
			if err == nil {
				rdb.Close()
				t.Fatal("Open succeeded, want an error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			if strings.Contains(err.Error(), "s3cretpw") {
				t.Errorf("error %q reveals the password", err)
			}
		})
	}
}
