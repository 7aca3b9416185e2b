package fault

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"kaizen/internal/pgembed"
)

// env is the system under test: a private PostgreSQL cluster (restarted by
// the test, so not the shared throwaway cluster of internal/testdb) and the
// kaizen binary serving on a fixed address, restarted on the same one.
type env struct {
	t        *testing.T
	dir      string
	cluster  *pgembed.Cluster
	ownerURL string
	bin      string
	addr     string

	mu      sync.Mutex
	app     *exec.Cmd
	exited  chan struct{}
	logFile *os.File

	// Lines of the application's log: reads retried on an unavailable
	// database, and 500s.
	retries, internalErrors atomic.Int64
}

// tWriter sends a logger's lines to t.Log.
type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// newEnv builds kaizen, starts the cluster and the application in demo mode.
func newEnv(t *testing.T) *env {
	t.Helper()
	if _, err := pgembed.FindBinaries(); errors.Is(err, pgembed.ErrNoBinaries) {
		t.Skipf("fault test needs a PostgreSQL server: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	e := &env{t: t, bin: buildKaizen(t)}

	// A folder the postgres OS user can enter (the server runs as that user
	// when the test runs as root); pgembed moves the cluster under the
	// system temp dir, and logs it, when a parent folder is private.
	dir, err := os.MkdirTemp("", "kaizen-fault-")
	if err != nil {
		t.Fatal(err)
	}
	e.dir = dir
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // #nosec G302 -- the server's OS user must enter it; it holds no secret
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c, err := pgembed.Start(ctx, pgembed.Options{DataDir: filepath.Join(dir, "data"), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	e.cluster = c
	t.Cleanup(func() {
		_ = c.Stop()
		if parent := filepath.Dir(c.DataDir); parent != dir {
			_ = os.RemoveAll(parent) // the fallback folder under the temp dir
		}
	})
	if err := c.EnsureDatabase(ctx, "kaizen"); err != nil {
		t.Fatal(err)
	}
	e.ownerURL = c.URL("kaizen")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = l.Addr().String()
	l.Close()
	if e.logFile, err = os.Create(filepath.Join(dir, "kaizen.log")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.stopApp(); e.logFile.Close() })
	if _, err := e.startApp(); err != nil {
		t.Fatal(err)
	}
	return e
}

// buildKaizen builds the binary from the module's root.
func buildKaizen(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(t.TempDir(), "kaizen")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/kaizen")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// kaizenEnv is the environment of a kaizen process: the caller's, without
// any Kaizen or database setting, plus the cluster's URL.
func (e *env) kaizenEnv(extra ...string) []string {
	var vars []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "KAIZEN_") || strings.Contains(name, "DATABASE_URL") {
			continue
		}
		vars = append(vars, kv)
	}
	return append(append(vars, "DATABASE_URL="+e.ownerURL, "KAIZEN_DATA_DIR="+e.dir), extra...)
}

// startApp runs `kaizen serve -demo` and waits until it answers; it
// returns when the process was started.
func (e *env) startApp() (time.Time, error) {
	cmd := exec.Command(e.bin, "serve", "-demo") // #nosec G204 -- the binary this test built
	cmd.Env = e.kaizenEnv("KAIZEN_ADDR="+e.addr, "KAIZEN_LOG_LEVEL=warn")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return time.Time{}, err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return started, err
	}
	exited := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.Contains(line, "retrying the read"):
				e.retries.Add(1)
			case strings.Contains(line, "internal error"):
				e.internalErrors.Add(1)
			}
			e.mu.Lock()
			fmt.Fprintln(e.logFile, line)
			e.mu.Unlock()
		}
		_ = cmd.Wait()
		close(exited)
	}()
	e.mu.Lock()
	e.app, e.exited = cmd, exited
	e.mu.Unlock()

	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return started, fmt.Errorf("kaizen serve exited during start-up; its log:\n%s", e.appLog(30))
		default:
		}
		resp, err := http.Get("http://" + e.addr + "/healthz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return started, nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return started, fmt.Errorf("kaizen serve did not answer within 2 minutes; its log:\n%s", e.appLog(30))
}

// killApp ends the application at once (SIGKILL), as a crash or OOM kill.
func (e *env) killApp() {
	e.mu.Lock()
	cmd, exited := e.app, e.exited
	e.mu.Unlock()
	_ = cmd.Process.Kill()
	<-exited
}

// stopApp stops the application as an operator does (SIGTERM).
func (e *env) stopApp() {
	e.mu.Lock()
	cmd, exited := e.app, e.exited
	e.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// appLog is the tail of the application's log.
func (e *env) appLog(n int) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := os.ReadFile(e.logFile.Name())
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// kaizen runs a maintenance command of the binary against the cluster and
// returns its exit status and output.
func (e *env) kaizen(args ...string) (int, string) {
	cmd := exec.Command(e.bin, args...) // #nosec G204 -- the binary this test built
	cmd.Env = e.kaizenEnv("KAIZEN_LOG_LEVEL=warn")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), string(out)
	} else if err != nil {
		return -1, err.Error()
	}
	return 0, string(out)
}

// appLogOf is what the application logged about one request.
func (e *env) appLogOf(requestID string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := os.ReadFile(e.logFile.Name())
	if err != nil {
		return err.Error()
	}
	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		if requestID != "" && strings.Contains(line, requestID) {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}
