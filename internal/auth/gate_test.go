package auth

import (
	"context"
	"errors"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"
)

func TestSlotsFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name  string
		limit int64
		per   int64 // KiB a check
		procs int
		want  int
	}{
		{"Limit56MiB", 56 * mib, 19 * 1024, 2, 1},
		{"Limit100MiB", 100 * mib, 19 * 1024, 8, 3},
		// Under a limit, one per two processors even where memory
		// would allow more.
		{"Limit56MiB9MiBChecks", 56 * mib, 9 * 1024, 2, 1},
		{"Limit56MiB9MiBChecksManyProcessors", 56 * mib, 9 * 1024, 8, 3},
		{"Limit100MiB9MiBChecks4Processors", 100 * mib, 9 * 1024, 4, 2},
		{"LimitAboveProcessors", 1024 * mib, 19 * 1024, 2, 1},
		{"LimitAboveProcessors8", 1024 * mib, 9 * 1024, 8, 4},
		{"LimitBelowReserve", 16 * mib, 19 * 1024, 2, 1},
		{"OneProcessor", 1024 * mib, 9 * 1024, 1, 1},
		// Without a limit, one per processor.
		{"NoLimit", math.MaxInt64, 19 * 1024, 4, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SlotsFor(tc.limit, tc.per, tc.procs); got != tc.want {
				t.Errorf("SlotsFor(%d MiB, %d KiB, %d procs) = %d, want %d", tc.limit/mib, tc.per, tc.procs, got, tc.want)
			}
		})
	}
}

// fakeTimeouts records each wait's expiry instead of starting a timer:
// the test expires a wait by calling what it received.
func fakeTimeouts(g *Gate) chan func() {
	fired := make(chan func(), 16)
	g.timeout = func(_ time.Duration, f func()) func() bool {
		fired <- f
		return func() bool { return true }
	}
	return fired
}

type result struct {
	release func()
	err     error
}

// acquire starts a check of memory KiB and waits until it is queued (or
// has its turn at once).
func acquire(ctx context.Context, t *testing.T, g *Gate, memory int64) chan result {
	t.Helper()
	before := g.waiting()
	out := make(chan result, 1)
	go func() {
		r, err := g.Acquire(ctx, memory)
		out <- result{r, err}
	}()
	for g.waiting() == before && len(out) == 0 {
		runtime.Gosched()
	}
	return out
}

func granted(t *testing.T, name string, c chan result) func() {
	t.Helper()
	r := <-c
	if r.err != nil {
		t.Fatalf("%s: %v", name, r.err)
	}
	return r.release
}

func waitingStill(t *testing.T, name string, c chan result) {
	t.Helper()
	select {
	case r := <-c:
		t.Fatalf("%s got its turn out of order (%v)", name, r.err)
	default:
	}
}

// Checks get their turn in the order they came, a big one included: a
// small one does not overtake it even when it would fit.
func TestGateOrder(t *testing.T) {
	g := NewGate(2, time.Hour)
	fakeTimeouts(g)
	ctx := t.Context()
	holder := granted(t, "holder", acquire(ctx, t, g, 2))
	a := acquire(ctx, t, g, 1)
	b := acquire(ctx, t, g, 2)
	c := acquire(ctx, t, g, 1)
	if n := g.waiting(); n != 3 {
		t.Fatalf("%d waiting, want 3", n)
	}
	holder()
	relA := granted(t, "A", a)
	waitingStill(t, "B", b)
	waitingStill(t, "C", c)
	relA()
	relA() // a second release gives nothing back twice
	relB := granted(t, "B", b)
	waitingStill(t, "C", c)
	relB()
	granted(t, "C", c)()
	if g.free != g.budget {
		t.Fatalf("free %d of %d after every release", g.free, g.budget)
	}
}

// A check that waited past the gate's longest wait gets ErrBusy and leaves
// the queue; one whose request ended gets the context's error.
func TestGateDeadline(t *testing.T) {
	g := NewGate(1, time.Hour)
	fired := fakeTimeouts(g)
	holder := granted(t, "holder", acquire(t.Context(), t, g, 1))
	late := acquire(t.Context(), t, g, 1)
	(<-fired)()
	if r := <-late; !errors.Is(r.err, ErrBusy) {
		t.Fatalf("expired wait: %v, want ErrBusy", r.err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	gone := acquire(ctx, t, g, 1)
	cancel()
	if r := <-gone; !errors.Is(r.err, context.Canceled) {
		t.Fatalf("ended request: %v, want context.Canceled", r.err)
	}
	if n := g.waiting(); n != 0 {
		t.Fatalf("%d still waiting", n)
	}
	holder()
	granted(t, "after", acquire(t.Context(), t, g, 1))()
}

// A big check that gives up at the head of the queue lets the smaller ones
// behind it in.
func TestGateBigLeavesQueue(t *testing.T) {
	g := NewGate(2, time.Hour)
	fired := fakeTimeouts(g)
	holder := granted(t, "holder", acquire(t.Context(), t, g, 1))
	big := acquire(t.Context(), t, g, 5) // more than the budget: all of it
	small := acquire(t.Context(), t, g, 1)
	waitingStill(t, "small", small)
	(<-fired)() // big's wait
	if r := <-big; !errors.Is(r.err, ErrBusy) {
		t.Fatalf("big: %v", r.err)
	}
	granted(t, "small", small)()
	holder()
}

// Hashes and checks go through the gate: with its memory taken, they are
// refused with ErrBusy once their wait is over, and work once it is free.
func TestGateHashVerify(t *testing.T) {
	g := NewGate(int64(DefaultParams.Memory), time.Hour)
	g.timeout = func(_ time.Duration, f func()) func() bool { f(); return func() bool { return true } }
	ctx := t.Context()
	h, err := g.Hash(ctx, "hasło-ąę")
	if err != nil {
		t.Fatal(err)
	}
	release, err := g.Acquire(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Hash(ctx, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("Hash on a full gate: %v", err)
	}
	if _, err := g.Verify(ctx, "hasło-ąę", h); !errors.Is(err, ErrBusy) {
		t.Errorf("Verify on a full gate: %v", err)
	}
	if err := g.VerifyDummy(ctx, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("VerifyDummy on a full gate: %v", err)
	}
	release()
	if ok, err := g.Verify(ctx, "hasło-ąę", h); !ok || err != nil {
		t.Errorf("Verify = %v, %v", ok, err)
	}
	if ok, err := g.Verify(ctx, "hasło-ae", h); ok || err != nil {
		t.Errorf("Verify of a wrong password = %v, %v", ok, err)
	}
	if err := g.VerifyDummy(ctx, "x"); err != nil {
		t.Errorf("VerifyDummy: %v", err)
	}
	if _, err := g.Verify(ctx, "x", "plain"); !errors.Is(err, ErrMalformedHash) {
		t.Errorf("malformed hash: %v", err)
	}
}

// Under a memory limit (collect), a check's memory is collected before the
// slot goes to the next one.
func TestGateCollects(t *testing.T) {
	g := NewGate(1, time.Hour)
	g.collect = true
	release, err := g.Acquire(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	release()
	runtime.ReadMemStats(&after)
	if after.NumForcedGC <= before.NumForcedGC {
		t.Fatalf("forced collections %d before the release, %d after", before.NumForcedGC, after.NumForcedGC)
	}
}

// Under a memory limit the collector runs at CheckGCPercent while a check
// holds memory and at the process's percent otherwise; a check let in from
// the queue as another ends keeps it lowered.
func TestGatePacesGC(t *testing.T) {
	g := NewGate(1, time.Hour)
	fakeTimeouts(g)
	var set []int
	g.setGCPercent = func(p int) int { set = append(set, p); return 0 } // g.mu held
	g.lowerGCDuringChecks(CheckGCPercent, 100)
	percents := func() []int {
		g.mu.Lock()
		defer g.mu.Unlock()
		return slices.Clone(set)
	}
	ctx := t.Context()
	first := granted(t, "first", acquire(ctx, t, g, 1))
	second := acquire(ctx, t, g, 1)
	first()
	release := granted(t, "second", second)
	if got, want := percents(), []int{CheckGCPercent}; !slices.Equal(got, want) {
		t.Fatalf("while checks run: percents set %v, want %v", got, want)
	}
	release()
	if got, want := percents(), []int{CheckGCPercent, 100}; !slices.Equal(got, want) {
		t.Fatalf("after the checks: percents set %v, want %v", got, want)
	}

	// A process whose percent is already as low, or whose collector is
	// off (the memory limit alone paces it), keeps it.
	for _, base := range []int{CheckGCPercent, 10, -1} {
		g := NewGate(1, time.Hour)
		g.setGCPercent = func(p int) int { t.Errorf("GOGC %d: set to %d", base, p); return 0 }
		g.lowerGCDuringChecks(CheckGCPercent, base)
		release, err := g.Acquire(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
}

// The process's percent as the gate reads it: the test binary's GOGC.
func TestProcessGCPercent(t *testing.T) {
	old := debug.SetGCPercent(60)
	defer debug.SetGCPercent(old)
	if got := processGCPercent(); got != 60 {
		t.Errorf("at GOGC=60: %d", got)
	}
	debug.SetGCPercent(-1)
	if got := processGCPercent(); got != -1 {
		t.Errorf("at GOGC=off: %d", got)
	}
}

// garbage keeps TestClearGarbageCollectsBeforeACheck's allocations until
// it drops them.
var garbage [][]byte

// Under a memory limit, a check that finds more garbage than half a
// check's memory on the heap has it collected first.
func TestClearGarbageCollectsBeforeACheck(t *testing.T) {
	g := NewGate(int64(DefaultParams.Memory), time.Second)
	g.collect = true
	runtime.GC()
	// No collection of its own while the garbage is made.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for range 64 {
		garbage = append(garbage, make([]byte, 256<<10)) // 16 MiB, then garbage
	}
	garbage = nil
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	release, err := g.Acquire(context.Background(), int64(DefaultParams.Memory))
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	release()
	if after.NumGC <= before.NumGC {
		t.Errorf("no collection before the check: %d → %d collections", before.NumGC, after.NumGC)
	}
}
