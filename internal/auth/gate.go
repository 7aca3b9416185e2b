package auth

import (
	"context"
	"errors"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// A password check takes its hash's Params.Memory (9 MiB with
// DefaultParams; 19 MiB for a hash made before them, until a sign-in
// upgrades it) for its tens of milliseconds of CPU. Run side by side
// without a bound (a wave of sign-ins, protocol signatures with the re-typed password), they took the
// server far past its memory limit. Every hash and check of the process
// goes through a Gate: at most its budget of argon2id memory is in use at
// once; the others wait their turn, first come first served, for at most
// the gate's longest wait and never past their request's end.

// ErrBusy is returned by a check that did not get its turn in time.
var ErrBusy = errors.New("auth: too many password checks at once")

// Gate bounds the argon2id memory of the hashes and checks running at once.
type Gate struct {
	mu     sync.Mutex
	budget int64 // KiB
	free   int64
	queue  []*waiter // first come, first served
	// maxWait is the longest a check waits for its turn; timeout calls f
	// once d has passed, unless stopped first (time.AfterFunc; tests
	// replace it).
	maxWait time.Duration
	timeout func(d time.Duration, f func()) (stop func() bool)
	// collect: a check's memory is handed back to the system before its
	// slot goes to the next one (debug.FreeOSMemory: a collection, then
	// every free page returned). Its memory is garbage once it ends; left
	// to the pacer, the next check grows the heap beside it. A collection
	// alone (round three's choice) freed the pages but kept them: the
	// pages' small objects then took parts of them, and the next check's
	// 9 MiB came on fresh pages, seen as a 10 MB rise of VmHWM within one
	// check's 27 ms (peak RSS 65.2–66.9 MiB in four `make load` runs).
	// Handed back, the next check faults its pages in again: sign-in
	// alone p50 27.5–35.4 → 42.8 ms, peak RSS 58.1 MiB (BENCHMARKS.md,
	// "National-scale capacity, round four"; with 19 MiB checks in round
	// three it cost 24 → 41 ms of CPU a check, "Memory, round three").
	collect bool
	// checkGC is the collector's percent (GOGC) while a check runs, when it
	// is below baseGC, the process's own (0: the collector is left alone).
	// A running check's memory is live heap, and at GOGC=100 the pacer
	// lets the heap grow by as much again with the pages' garbage before
	// it collects (to 43 MiB with the 19 MiB checks of then), and those
	// pages then stay with the process. At 25 the heap grows by a quarter
	// of the check's memory and the rest; outside checks the heap is small
	// and the process's percent applies. Peak resident memory of a sign-in
	// burst, with 19 MiB checks, 65–71 → 62–65 MiB, 15–25 % more
	// collections (BENCHMARKS.md, "Memory, round three").
	// setGCPercent is debug.SetGCPercent (tests record it).
	checkGC, baseGC int
	lowered         bool
	setGCPercent    func(int) int
}

type waiter struct {
	memory int64
	ready  chan struct{} // closed when the memory is granted
}

// NewGate admits checks of at most budget KiB of argon2id memory at once
// (one check is always let through, whatever its cost), each waiting at
// most maxWait for its turn.
func NewGate(budget int64, maxWait time.Duration) *Gate {
	budget = max(budget, 1)
	return &Gate{budget: budget, free: budget, maxWait: maxWait, timeout: func(d time.Duration, f func()) func() bool {
		return time.AfterFunc(d, f).Stop
	}, setGCPercent: debug.SetGCPercent}
}

// Slots is how many checks of DefaultParams the gate admits at once.
func (g *Gate) Slots() int { return int(max(g.budget/int64(DefaultParams.Memory), 1)) }

// Process-wide sizing: the memory the rest of the server needs at most
// (pages, pools, caches, the runtime's own), and how long a check waits:
// as long as a read is retried while the database restarts (web's
// defaultRetryBudget), well below the usual proxy timeouts; a queue that
// long is hundreds of checks.
const (
	ReserveKiB     = 28 << 10
	DefaultMaxWait = 10 * time.Second
)

// SlotsFor is how many checks of perCheck KiB fit in the Go memory limit
// (GOMEMLIMIT, or math.MaxInt64 when none is set) beside ReserveKiB:
// at least one and at most one per processor, since a check is one
// thread's work and more at once would only wait in memory. Under a limit,
// at most one per two processors as well: the server is sized for its
// memory, every slot is a check's memory more at the peak, and checks on
// every processor at once stop every page for their length. On 2
// processors at GOMEMLIMIT=56MiB that is one slot (with 9 MiB checks the
// memory would allow two): about 40 checks a second, where the national
// mix asks 6; peak RSS of the whole mix 64.7–65.0 MiB with two slots in
// quick runs (BENCHMARKS.md, "National-scale capacity, round four").
func SlotsFor(limit int64, perCheck int64, procs int) int {
	n := int64(procs)
	if limit != math.MaxInt64 {
		n = min(n/2, (limit>>10-ReserveKiB)/perCheck)
	}
	return int(max(n, 1))
}

// Checks is the process's gate, sized from the Go memory limit and
// GOMAXPROCS when first used.
func Checks() *Gate { return checks() }

var checks = sync.OnceValue(func() *Gate {
	per := int64(DefaultParams.Memory)
	limit := debug.SetMemoryLimit(-1)
	g := NewGate(int64(SlotsFor(limit, per, runtime.GOMAXPROCS(0)))*per, DefaultMaxWait)
	// Under a memory limit a check's memory is handed back to the system
	// as it ends (Gate.collect), and the heap is collected more often
	// while checks run (Gate.checkGC).
	if limit != math.MaxInt64 {
		g.collect = true
		g.lowerGCDuringChecks(CheckGCPercent, processGCPercent())
	}
	return g
})

// CheckGCPercent is the collector's percent while checks run under a
// memory limit (Gate.checkGC).
const CheckGCPercent = 25

// processGCPercent is the process's GOGC (-1 when off).
func processGCPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() > math.MaxInt32 {
		return -1 // off reads as -1 made unsigned
	}
	return int(s[0].Value.Uint64()) // #nosec G115 -- at most MaxInt32, checked above
}

// lowerGCDuringChecks sets the collector's percent to check while checks
// run, base otherwise; nothing changes when base is already at most check
// or the collector is off (base < 0: the memory limit alone paces it).
func (g *Gate) lowerGCDuringChecks(check, base int) {
	if base > check && check > 0 {
		g.checkGC, g.baseGC = check, base
	}
}

// pace sets the collector's percent for whether checks are running
// (g.mu held).
func (g *Gate) pace() {
	if g.checkGC == 0 {
		return
	}
	switch busy := g.free < g.budget; {
	case busy && !g.lowered:
		g.setGCPercent(g.checkGC)
		g.lowered = true
	case !busy && g.lowered:
		g.setGCPercent(g.baseGC)
		g.lowered = false
	}
}

// Acquire waits for memory KiB of the budget (all of it for a check that
// costs more than the budget), for at most the gate's longest wait and
// while ctx lasts, behind every check that came before. It returns ErrBusy
// when the turn did not come in time, or ctx's error when the request
// ended first; on success, release gives the memory back.
func (g *Gate) Acquire(ctx context.Context, memory int64) (release func(), err error) {
	n := min(max(memory, 1), g.budget)
	g.mu.Lock()
	if len(g.queue) == 0 && g.free >= n {
		g.free -= n
		g.pace()
		g.mu.Unlock()
		g.clearGarbage()
		return g.releaser(n), nil
	}
	w := &waiter{memory: n, ready: make(chan struct{})}
	g.queue = append(g.queue, w)
	g.mu.Unlock()

	expired := make(chan struct{})
	stop := g.timeout(g.maxWait, func() { close(expired) })
	defer stop()
	select {
	case <-w.ready:
		g.clearGarbage()
		return g.releaser(n), nil
	case <-ctx.Done():
		err = ctx.Err()
	case <-expired:
		err = ErrBusy
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-w.ready: // granted meanwhile: given back, the request is over
		g.free += n
	default:
		for i, x := range g.queue {
			if x == w {
				g.queue = append(g.queue[:i], g.queue[i+1:]...)
				break
			}
		}
	}
	// A big check leaving the head of the queue may let smaller ones in.
	g.grant()
	return nil, err
}

// clearGarbage collects before a check under a memory limit when the
// heap holds more garbage than half a check's memory. A check ends by handing
// its pages back (Gate.collect), but between checks the pages' garbage grows
// to the pacer's goal, and a check that comes then adds its memory on top
// of it: after a busy minute, the first sign-ins took the process to
// 66 MiB (VmHWM, in the load tool's preparation of the mixed runs) while
// no scenario went above 55 (BENCHMARKS.md, "National-scale capacity,
// round four"). Collected first, the check's memory takes the garbage's
// pages. A collection of the small live heap costs a few ms, once a check
// at most. Measured alone it did not lower the peak (65.2 MiB, within
// the runs' noise): the pages a collection frees stay with the process
// and small objects take parts of them; what lowered it is Gate.collect
// handing them back. It stays for the garbage a busy page makes between
// two checks, which that does not reach.
func (g *Gate) clearGarbage() {
	if !g.collect {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return
	}
	if live, objects := s[0].Value.Uint64(), s[1].Value.Uint64(); objects > live && objects-live > uint64(DefaultParams.Memory)<<9 { // half a check, KiB → bytes
		runtime.GC()
	}
}

func (g *Gate) releaser(n int64) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			if g.collect {
				debug.FreeOSMemory()
			}
			g.mu.Lock()
			g.free += n
			g.grant()
			g.mu.Unlock()
		})
	}
}

// grant lets in the waiting checks, in their order, while the memory
// lasts, and paces the collector (g.mu held).
func (g *Gate) grant() {
	for len(g.queue) > 0 && g.queue[0].memory <= g.free {
		w := g.queue[0]
		g.queue = g.queue[1:]
		g.free -= w.memory
		close(w.ready)
	}
	g.pace()
}

// waiting is how many checks wait for their turn.
func (g *Gate) waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.queue)
}

// Hash returns the PHC string of password, in its turn.
func (g *Gate) Hash(ctx context.Context, password string) (string, error) {
	release, err := g.Acquire(ctx, int64(DefaultParams.Memory))
	if err != nil {
		return "", err
	}
	defer release()
	return hashWith(password, DefaultParams)
}

// Verify reports whether password matches the PHC string hash, in its turn.
func (g *Gate) Verify(ctx context.Context, password, hash string) (bool, error) {
	h, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	release, err := g.Acquire(ctx, int64(h.p.Memory))
	if err != nil {
		return false, err
	}
	defer release()
	return h.matches(password), nil
}

// VerifyDummy spends the time (and memory) of one verification, in its
// turn: a wrong username takes as long as a wrong password.
func (g *Gate) VerifyDummy(ctx context.Context, password string) error {
	release, err := g.Acquire(ctx, int64(DefaultParams.Memory))
	if err != nil {
		return err
	}
	defer release()
	h, err := dummyHash()
	if err != nil {
		return err
	}
	h.matches(password)
	return nil
}

// Hash, Verify and VerifyDummy go through the process's gate.

// Hash returns the PHC string of password.
func Hash(ctx context.Context, password string) (string, error) {
	return Checks().Hash(ctx, password)
}

// Verify reports whether password matches the PHC string hash.
func Verify(ctx context.Context, password, hash string) (bool, error) {
	return Checks().Verify(ctx, password, hash)
}

// VerifyDummy spends the time of one verification.
func VerifyDummy(ctx context.Context, password string) error {
	return Checks().VerifyDummy(ctx, password)
}
