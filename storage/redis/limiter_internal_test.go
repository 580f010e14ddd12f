package redis

import (
	"testing"
	"time"
)

func TestGlobalLimitStaysUnderTheLimitInEverySecond(t *testing.T) {
	for _, tc := range []struct{ perSecond, rate, burst int }{
		{1, 1, 1}, {30, 28, 1}, {300, 285, 10},
	} {
		l := globalLimit(tc.perSecond)
		if l.Rate != tc.rate || l.Burst != tc.burst || l.Period != time.Second {
			t.Errorf("globalLimit(%d) = %+v, want %d/s with a burst of %d", tc.perSecond, l, tc.rate, tc.burst)
		}
		// The most a one-second window can hold: the burst plus a second's rate.
		if tc.perSecond > 1 && l.Rate+l.Burst > tc.perSecond {
			t.Errorf("globalLimit(%d) allows %d in a second", tc.perSecond, l.Rate+l.Burst)
		}
		if float64(l.Rate) < 0.9*float64(tc.perSecond) {
			t.Errorf("globalLimit(%d) paces at %d/s, under 90%% of the limit", tc.perSecond, l.Rate)
		}
	}
}
