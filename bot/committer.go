package bot

import (
	"context"

	"posko/storage/postgres"
)

// commitFunc runs one update's handling in a group transaction and returns
// what became of it.
type commitFunc func(ctx context.Context, it postgres.Item) postgres.Result

// commitRequest is one lane's update waiting for the committer.
type commitRequest struct {
	item  postgres.Item
	reply chan postgres.Result // buffered: the committer never waits for a lane
}

// submit hands it to the committer and waits for its result. A lane has at
// most one update in flight, so one chat's updates stay in order.
func submit(ctx context.Context, requests chan<- commitRequest, it postgres.Item) postgres.Result {
	reply := make(chan postgres.Result, 1)
	select {
	case requests <- commitRequest{item: it, reply: reply}:
	case <-ctx.Done():
		return postgres.Result{Err: ctx.Err()}
	}
	select {
	case r := <-reply:
		return r
	case <-ctx.Done():
		// The group may still commit; the entry stays unacknowledged and
		// its redelivery finds the update replayed.
		return postgres.Result{Err: ctx.Err()}
	}
}

// committer stores the lanes' updates in groups, one transaction (and one
// fsync) per group, until ctx is done. A group is whatever is queued when
// the previous one is done, up to MaxGroup: it never waits for more, so an
// idle bot commits each update at once, and a busy one commits many
// together.
func (w *Worker) committer(ctx context.Context, requests <-chan commitRequest) {
	group := make([]commitRequest, 0, w.opt.MaxGroup)
	items := make([]postgres.Item, 0, w.opt.MaxGroup)
	for {
		group = group[:0]
		select {
		case <-ctx.Done():
			return
		case r := <-requests:
			group = append(group, r)
		}
	queued:
		for len(group) < w.opt.MaxGroup {
			select {
			case r := <-requests:
				group = append(group, r)
			default:
				break queued
			}
		}
		items = items[:0]
		for _, r := range group {
			items = append(items, r.item)
		}
		results, err := w.updates.ProcessUpdates(ctx, items)
		for i, r := range group {
			var res postgres.Result
			if i < len(results) {
				res = results[i]
			}
			if res.Err == nil && err != nil {
				res = postgres.Result{Err: err}
			}
			r.reply <- res
		}
		clear(items) // drop the handlers' closures until the next group
		clear(group)
	}
}
