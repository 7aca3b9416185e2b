package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// app is `kaizen serve` running as a child process, with its memory watched.
type app struct {
	URL string
	cmd *exec.Cmd
	mem *memory

	mu      sync.Mutex
	tail    []string // the last lines of its log, for a failure
	done    chan struct{}
	waitErr error // how it ended, once done is closed
}

func (a *app) window() (rss, heap uint64)                       { return a.mem.window() }
func (a *app) settle(limit time.Duration) (time.Duration, bool) { return a.mem.settle(limit) }

// alive is an error once the application has exited by itself.
func (a *app) alive() error {
	select {
	case <-a.done:
		return fmt.Errorf("kaizen serve exited during the benchmark (%v); last lines of its log:\n%s", a.waitErr, a.logTail())
	default:
		return nil
	}
}

// startApp starts bin as `kaizen serve` on a free local port against
// dbURL and waits until it answers /readyz.
func startApp(ctx context.Context, bin, dbURL, memLimit string, demo bool) (*app, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	args := []string{"serve"}
	if demo {
		args = append(args, "-demo")
	}
	cmd := exec.Command(bin, args...) // #nosec G204 -- the operator names the binary to benchmark
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DATABASE_URL", "KAIZEN_ADDR", "GOMEMLIMIT", "KAIZEN_LOG_LEVEL", "GODEBUG", "KAIZEN_DEMO", "KAIZEN_ALLOW_OWNER_DB", "KAIZEN_TRUSTED_PROXIES",
			"KAIZEN_SECOND_FACTOR_ROLES":
			continue
		}
		env = append(env, kv)
	}
	// The tool is the application's proxy: the survey answers' client
	// addresses (X-Forwarded-For) stand for many respondents.
	// gctrace reports the Go heap at every collection: the peak heap
	// without changing the application. The benchmark's database is the
	// owner's (a generated data set, no production records): serve may run
	// on it outside demo mode. The generated accounts have no second factor:
	// the benchmark measures the pages, not the second step of sign-in.
	cmd.Env = append(env, "DATABASE_URL="+dbURL, "KAIZEN_ADDR="+addr, "GOMEMLIMIT="+memLimit,
		"KAIZEN_LOG_LEVEL=warn", "GODEBUG=gctrace=1", "KAIZEN_ALLOW_OWNER_DB=1",
		"KAIZEN_TRUSTED_PROXIES=127.0.0.1/32,::1/128", "KAIZEN_SECOND_FACTOR_ROLES=none")
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	// Its own process group (a Ctrl+C reaches only this tool, which stops
	// it gracefully), and it ends with this tool whatever happens.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	a := &app{URL: "http://" + addr, cmd: cmd, mem: newMemory(cmd.Process.Pid), done: make(chan struct{})}
	go a.readLog(stderr)
	go func() { a.waitErr = cmd.Wait(); close(a.done) }()

	deadline := time.Now().Add(5 * time.Minute) // migrations or a read-model build may come first
	for {
		resp, err := http.Get(a.URL + "/readyz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return a, nil
			}
		}
		select {
		case <-a.done:
			return nil, fmt.Errorf("kaizen serve exited before it was ready:\n%s", a.logTail())
		case <-ctx.Done():
			a.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			a.stop()
			return nil, errors.New("kaizen serve did not become ready within 5 minutes")
		}
	}
}

var gcLine = regexp.MustCompile(`^gc \d+ @.*: .* (\d+)->(\d+)->(\d+) MB`)

func (a *app) readLog(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := gcLine.FindStringSubmatch(line); m != nil {
			mb, _ := strconv.ParseUint(m[1], 10, 64)
			a.mem.heap(mb << 20)
			continue
		}
		a.mu.Lock()
		a.tail = append(a.tail, line)
		if len(a.tail) > 40 {
			a.tail = a.tail[1:]
		}
		a.mu.Unlock()
	}
}

func (a *app) logTail() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Join(a.tail, "\n")
}

// stop ends the application (SIGINT: a graceful shutdown) and returns its
// peak resident memory (VmHWM) read just before.
func (a *app) stop() uint64 {
	hwm := a.mem.hwm()
	a.mem.close()
	_ = a.cmd.Process.Signal(os.Interrupt)
	select {
	case <-a.done:
	case <-time.After(20 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.done
	}
	return hwm
}

// memory samples a process's resident memory every 20 ms.
type memory struct {
	pid  int
	stop chan struct{}

	mu                   sync.Mutex
	maxRSS, windowRSS    uint64
	maxHeap, windowHeap  uint64
	lastHWM              uint64
	samples, failedReads int
}

func newMemory(pid int) *memory {
	m := &memory{pid: pid, stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				m.sample()
			}
		}
	}()
	return m
}

func (m *memory) close() { close(m.stop) }

// cpuTicks is the CPU time the process has used, in clock ticks.
func (m *memory) cpuTicks() (uint64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(m.pid) + "/stat") // #nosec G304 -- the path of our own child process
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may hold spaces): utime is the
	// 14th field of the line, stime the 15th.
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc stat line")
	}
	u, _ := strconv.ParseUint(f[11], 10, 64)
	st, _ := strconv.ParseUint(f[12], 10, 64)
	return u + st, nil
}

// settle waits until the application is idle (under a tenth of a core for
// a second), so that one scenario's backlog (requests the client gave up
// on but the server still works through) is not measured in the next. It
// reports how long it waited and whether the application became idle.
func (m *memory) settle(limit time.Duration) (time.Duration, bool) {
	start := time.Now()
	prev, err := m.cpuTicks()
	for err == nil && time.Since(start) < limit {
		time.Sleep(time.Second)
		var cur uint64
		if cur, err = m.cpuTicks(); err == nil {
			if cur-prev < 10 { // clock ticks are 1/100 s on Linux
				return time.Since(start), true
			}
			prev = cur
		}
	}
	return time.Since(start), false
}

// status reads VmRSS and VmHWM (bytes) of the process.
func (m *memory) status() (rss, hwm uint64, err error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(m.pid) + "/status") // #nosec G304 -- the path of our own child process
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if k == "VmRSS" {
			rss = kb << 10
		} else {
			hwm = kb << 10
		}
	}
	return rss, hwm, nil
}

func (m *memory) sample() {
	rss, hwm, err := m.status()
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		m.failedReads++
		return
	}
	m.samples++
	// A peak between two samples shows only in VmHWM: when it rose since
	// the last sample, the window's peak is at least the new mark, so that
	// the scenario it happened in shows it.
	if hwm > m.lastHWM {
		m.windowRSS = max(m.windowRSS, hwm)
	}
	m.maxRSS, m.windowRSS, m.lastHWM = max(m.maxRSS, rss), max(m.windowRSS, rss), max(m.lastHWM, hwm)
}

func (m *memory) heap(b uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.maxHeap, m.windowHeap = max(m.maxHeap, b), max(m.windowHeap, b)
}

// window returns the peaks since the previous call and starts a new window.
func (m *memory) window() (rss, heap uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rss, heap = m.windowRSS, m.windowHeap
	m.windowRSS, m.windowHeap = 0, 0
	return rss, heap
}

// hwm is the kernel's peak resident set of the process (VmHWM), or the
// highest sample when it cannot be read.
func (m *memory) hwm() uint64 {
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	return max(m.lastHWM, m.maxRSS)
}

func (m *memory) peakHeap() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.maxHeap
}
