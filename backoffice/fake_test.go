package backoffice

import (
	"context"
	"errors"
	"sync"
	"time"

	"posko/conversation"
)

// fakeStore is a Store in memory: jobs are claimed in order, each claim
// counting an attempt; what the runner applied and finished is recorded.
type fakeStore struct {
	mu       sync.Mutex
	jobs     []conversation.Job // waiting to be claimed; a claimed job stays here until finished
	claimErr error

	satkerAdded, satkerUpdated, satkerUnchanged int
	txAdded, txDuplicates                       int
	txRejected                                  []conversation.RowProblem
	importErr                                   error
	satkerRows                                  [][]conversation.SatkerRow
	satkerKPPN                                  []string
	txRows                                      [][]conversation.TransactionRow
	importBy                                    []conversation.Actor

	report    conversation.Report
	reportErr error
	reportFor []string
	reportAt  []time.Time

	finishErr error
	finished  []finishCall
}

// finishCall is one FinishJob the runner made.
type finishCall struct {
	id      int64
	out     []conversation.Outgoing
	failure string
}

var _ Store = (*fakeStore)(nil)

func (s *fakeStore) ClaimJob(_ context.Context, owner string, lease time.Duration) (conversation.Job, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claimErr != nil {
		return conversation.Job{}, false, s.claimErr
	}
	if len(s.jobs) == 0 {
		return conversation.Job{}, false, nil
	}
	s.jobs[0].Attempts++
	return s.jobs[0], true, nil
}

func (s *fakeStore) FinishJob(_ context.Context, id int64, out []conversation.Outgoing, failure string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.finishErr != nil {
		return s.finishErr
	}
	s.finished = append(s.finished, finishCall{id: id, out: out, failure: failure})
	for i, j := range s.jobs {
		if j.ID == id {
			s.jobs = append(s.jobs[:i], s.jobs[i+1:]...)
			break
		}
	}
	return nil
}

func (s *fakeStore) ImportSatkers(_ context.Context, rows []conversation.SatkerRow, defaultKPPN string, by conversation.Actor) (int, int, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.satkerRows = append(s.satkerRows, rows)
	s.satkerKPPN = append(s.satkerKPPN, defaultKPPN)
	s.importBy = append(s.importBy, by)
	if s.importErr != nil {
		return 0, 0, 0, s.importErr
	}
	return s.satkerAdded, s.satkerUpdated, s.satkerUnchanged, nil
}

func (s *fakeStore) ImportTransactions(_ context.Context, rows []conversation.TransactionRow, by conversation.Actor) (int, int, []conversation.RowProblem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txRows = append(s.txRows, rows)
	s.importBy = append(s.importBy, by)
	if s.importErr != nil {
		return 0, 0, nil, s.importErr
	}
	return s.txAdded, s.txDuplicates, s.txRejected, nil
}

func (s *fakeStore) Report(_ context.Context, kppnCode string, now time.Time) (conversation.Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reportFor = append(s.reportFor, kppnCode)
	s.reportAt = append(s.reportAt, now)
	if s.reportErr != nil {
		return conversation.Report{}, s.reportErr
	}
	r := s.report
	r.At = now
	return r, nil
}

// finishedCalls returns a copy of the FinishJob calls so far.
func (s *fakeStore) finishedCalls() []finishCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]finishCall(nil), s.finished...)
}

// applied is how many imports reached the store.
func (s *fakeStore) applied() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.satkerRows) + len(s.txRows)
}

// fakeFiles is a Downloader of files by file_id; a missing one fails.
type fakeFiles struct {
	mu    sync.Mutex
	files map[string][]byte
	err   error // returned for every download when set
	asked []string
	sizes []int64
}

var _ Downloader = (*fakeFiles)(nil)

var errNoSuchFile = errors.New("fake: no such file")

func (f *fakeFiles) Download(_ context.Context, fileID string, size int64) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, fileID)
	f.sizes = append(f.sizes, size)
	if f.err != nil {
		return nil, f.err
	}
	data, ok := f.files[fileID]
	if !ok {
		return nil, errNoSuchFile
	}
	return data, nil
}
