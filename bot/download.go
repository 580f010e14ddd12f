package bot

import (
	"context"

	"posko/storage/postgres"
)

// Download gets the bytes of a file a user sent (a CSV or XLSX to import)
// from TELEGRAM_API_URL, with the same limits as document fetching: at most
// 20 MB, and exactly the size Telegram reported. size is the size the
// update announced (0 when unknown). The bytes are not stored.
func (f *Fetcher) Download(ctx context.Context, fileID string, size int64) ([]byte, error) {
	return f.download(ctx, postgres.Document{FileID: fileID, Size: size})
}
