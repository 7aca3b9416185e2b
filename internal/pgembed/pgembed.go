// Package pgembed runs a private PostgreSQL cluster as a child process, from
// the machine's PostgreSQL server binaries. It serves two uses: the default
// database of `kaizen serve` when DATABASE_URL is not set (data kept between
// runs), and throwaway clusters for tests (temporary folder, fsync off,
// removed afterwards).
package pgembed

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoBinaries says the PostgreSQL server is not installed; its message
// names the package to install.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, postgres) not found on PATH or under /usr/lib/postgresql/*/bin: install the Debian package \"postgresql\" (apt-get install -y postgresql)")

// Options describe the cluster to run.
type Options struct {
	// DataDir is the cluster's data folder (PGDATA). For an ephemeral
	// cluster it may be empty: a temporary folder is made.
	DataDir string
	// Ephemeral clusters run with fsync off and are removed by Stop.
	Ephemeral bool
	// Logger receives what the package does; nil means slog.Default().
	Logger *slog.Logger
	// MaxConnections for the server; 0 means 100.
	MaxConnections int
}

// Cluster is a running PostgreSQL server.
type Cluster struct {
	DataDir   string
	SocketDir string
	Port      int

	cmd       *exec.Cmd
	exited    chan struct{}
	owned     bool // started by us, so Stop stops it
	ephemeral bool
	removeDir string
	log       *slog.Logger
	// What run needs to start the server again (Restart).
	bin  string
	su   osUser
	opts Options
}

// osUser is the account the server runs as.
type osUser struct {
	name     string
	uid, gid uint32
	asRoot   bool // we are root and switch to uid/gid for the server
}

// FindBinaries returns the folder holding initdb and postgres: PATH first,
// then the newest /usr/lib/postgresql/*/bin.
func FindBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

func serverUser() (osUser, error) {
	if os.Geteuid() != 0 {
		// Process ids are never negative and fit 32 bits on every system Go runs on.
		return osUser{name: "current user", uid: uint32(os.Geteuid()), gid: uint32(os.Getegid())}, nil // #nosec G115 -- ids from the OS, 0 ≤ id < 2³²
	}
	for _, name := range []string{"postgres"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		if uid == 0 {
			continue
		}
		return osUser{name: name, uid: uint32(uid), gid: uint32(gid), asRoot: true}, nil
	}
	return osUser{}, errors.New("running as root, but there is no \"postgres\" OS user to run the PostgreSQL server as: install the Debian package \"postgresql\" (it creates that user) or run kaizen as a non-root user")
}

func (u osUser) attr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	if u.asRoot {
		a.Credential = &syscall.Credential{Uid: u.uid, Gid: u.gid}
	}
	return a
}

// reachable reports whether the server's OS user can enter dir.
func (u osUser) reachable(dir string) bool {
	if !u.asRoot {
		return true
	}
	cmd := exec.Command("/bin/sh", "-c", `cd "$1"`, "sh", dir) // #nosec G204 -- a fixed script; the folder is its argument ($1), never part of the script
	cmd.SysProcAttr = u.attr()
	return cmd.Run() == nil
}

// Start runs the cluster described by opts: it initializes the data folder on
// first use and starts the server, or reuses a server already running on that
// folder (e.g. `kaizen user add` while `kaizen serve` runs).
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	bin, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	su, err := serverUser()
	if err != nil {
		return nil, err
	}
	c := &Cluster{log: log, ephemeral: opts.Ephemeral}

	if opts.DataDir == "" {
		if !opts.Ephemeral {
			return nil, errors.New("pgembed: DataDir is required for a persistent cluster")
		}
		tmp, err := os.MkdirTemp("", "kaizen-pg-")
		if err != nil {
			return nil, err
		}
		c.removeDir = tmp
		opts.DataDir = filepath.Join(tmp, "data")
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dataDir)
	_, statErr := os.Stat(parent)
	if err := os.MkdirAll(parent, 0o755); err != nil { // #nosec G301 -- the parent of the 0700 data folder, entered by the cluster's unprivileged user when run as root
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	if su.asRoot && (errors.Is(statErr, os.ErrNotExist) || c.removeDir == parent) {
		// A folder we just made for the cluster must be enterable by its user.
		_ = os.Chmod(parent, 0o755) // #nosec G302 -- as above: the cluster's unprivileged user must enter the parent of its 0700 data folder
	}
	if !su.reachable(parent) {
		sum := sha256.Sum256([]byte(dataDir))
		fallback := filepath.Join(os.TempDir(), "kaizen-"+hex.EncodeToString(sum[:6]), filepath.Base(dataDir))
		log.Warn("the PostgreSQL OS user cannot reach the data folder (a parent folder is private); using a folder under the system temp dir instead",
			"wanted", dataDir, "using", fallback, "os_user", su.name)
		dataDir = fallback
		if c.removeDir != "" {
			_ = os.RemoveAll(c.removeDir)
			c.removeDir = filepath.Dir(fallback)
		}
		if err := ownDir(filepath.Dir(dataDir)); err != nil {
			return nil, err
		}
	}
	c.DataDir = dataDir
	c.SocketDir = dataDir

	if c.attachRunning(ctx) {
		log.Info("using the PostgreSQL server already running on the data folder", "data_dir", dataDir, "port", c.Port)
		return c, nil
	}

	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := initdb(ctx, bin, dataDir, su, log); err != nil {
			c.cleanup()
			return nil, err
		}
	} else if err != nil {
		c.cleanup()
		return nil, err
	}

	// A unix socket path is limited to 107 bytes; use a short private folder
	// when the data folder's path is too long.
	if len(filepath.Join(dataDir, ".s.PGSQL.65535")) > 100 {
		sock, err := os.MkdirTemp("", "kzs-")
		if err != nil {
			c.cleanup()
			return nil, err
		}
		c.SocketDir = sock
		if su.asRoot {
			if err := os.Chown(sock, int(su.uid), int(su.gid)); err != nil {
				c.cleanup()
				return nil, err
			}
		}
		log.Info("data folder path too long for a unix socket; socket placed in a temporary folder", "socket_dir", sock)
	}

	c.bin, c.su, c.opts = bin, su, opts
	if err := c.run(ctx, false); err != nil {
		c.cleanup()
		return nil, err
	}
	return c, nil
}

// initdb initializes the cluster in a sibling folder and renames it into
// place on success, so an interrupted initdb never leaves a half-made
// cluster that later starts would take for a finished one.
func initdb(ctx context.Context, bin, dataDir string, su osUser, log *slog.Logger) error {
	if entries, err := os.ReadDir(dataDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty but holds no PostgreSQL cluster (no PG_VERSION): move it away or remove it", dataDir)
	}
	final := dataDir
	dataDir = final + ".initdb"
	_ = os.RemoveAll(dataDir)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	if su.asRoot {
		if err := os.Chown(dataDir, int(su.uid), int(su.gid)); err != nil {
			return err
		}
	}
	// The superuser gets a random password for TCP; local socket connections
	// are trusted (the socket folder is private to the server's OS user and root).
	pw := make([]byte, 24)
	_, _ = rand.Read(pw)
	pwFile, err := os.CreateTemp("", "kaizen-pw-")
	if err != nil {
		return err
	}
	defer os.Remove(pwFile.Name())
	if _, err := pwFile.WriteString(hex.EncodeToString(pw) + "\n"); err != nil {
		return err
	}
	pwFile.Close()
	if su.asRoot {
		_ = os.Chown(pwFile.Name(), int(su.uid), int(su.gid))
	}
	log.Info("initializing a private PostgreSQL cluster", "data_dir", dataDir)
	base := []string{"-D", dataDir, "-U", "postgres", "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwFile.Name()}
	// Polish collation (Ł after L) through ICU when available, else C.UTF-8.
	attempts := [][]string{
		append(append([]string{}, base...), "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=pl-PL"),
		append(append([]string{}, base...), "--locale=C.UTF-8"),
		append(append([]string{}, base...), "--no-locale"),
	}
	var out []byte
	for _, args := range attempts {
		cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), args...) // #nosec G204 -- PostgreSQL's own initdb from its installation folder (findBin), with our fixed arguments
		cmd.SysProcAttr = su.attr()
		cmd.Dir = "/"
		out, err = cmd.CombinedOutput()
		if err == nil {
			_ = os.Remove(final) // an empty folder, if any
			return os.Rename(dataDir, final)
		}
		// initdb removes what it made on failure, but keep the folder itself.
		_ = os.MkdirAll(dataDir, 0o700)
		if su.asRoot {
			_ = os.Chown(dataDir, int(su.uid), int(su.gid))
		}
	}
	_ = os.RemoveAll(dataDir)
	return fmt.Errorf("initdb failed: %w\n%s", err, lastLines(out, 20))
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run starts the server on a free port, or on c.Port when samePort is set
// (a restart: clients keep their URL).
func (c *Cluster) run(ctx context.Context, samePort bool) error {
	bin, su, opts := c.bin, c.su, c.opts
	maxConn := opts.MaxConnections
	if maxConn == 0 {
		maxConn = 100
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := c.Port
		if !samePort {
			var err error
			if port, err = freePort(); err != nil {
				return err
			}
			c.Port = port
		}
		args := []string{"-D", c.DataDir, "-k", c.SocketDir, "-h", "127.0.0.1", "-p", strconv.Itoa(port),
			"-c", "max_connections=" + strconv.Itoa(maxConn), "-c", "timezone=UTC", "-c", "log_timezone=UTC"}
		if opts.Ephemeral {
			args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
		}
		logPath := filepath.Join(filepath.Dir(c.DataDir), filepath.Base(c.DataDir)+".log")
		logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600) // #nosec G304 -- the log file beside the data folder the operator chose (KAIZEN_DATA_DIR)
		if err != nil {
			return err
		}
		cmd := exec.Command(filepath.Join(bin, "postgres"), args...) // #nosec G204 -- PostgreSQL's own server binary from its installation folder (findBin), with our fixed arguments
		cmd.SysProcAttr = su.attr()
		// Stop the server (fast shutdown) if we die without stopping it.
		cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
		cmd.Dir = "/"
		cmd.Stdout = logFile
		cmd.Stderr = logFile
		if err := cmd.Start(); err != nil {
			logFile.Close()
			return fmt.Errorf("start postgres: %w", err)
		}
		logFile.Close()
		c.cmd = cmd
		c.owned = true
		c.exited = make(chan struct{})
		go func() { _ = cmd.Wait(); close(c.exited) }()

		if err := c.waitReady(ctx, 60*time.Second); err != nil {
			lastErr = fmt.Errorf("%w\n%s", err, tailFile(logPath, 20))
			c.stopProcess(5 * time.Second)
			if !samePort && strings.Contains(lastErr.Error(), "Address already in use") {
				continue // lost the race for the port: try another
			}
			return lastErr
		}
		c.log.Info("private PostgreSQL started", "data_dir", c.DataDir, "socket_dir", c.SocketDir, "port", c.Port, "pid", cmd.Process.Pid, "log", logPath)
		return nil
	}
	return lastErr
}

// Restart stops the server as `pg_ctl restart -m mode` does and starts it
// again on the same port and socket, returning once it accepts connections.
// Mode "fast" (SIGINT) rolls back open transactions and checkpoints;
// "immediate" (SIGQUIT) ends every process at once, as a crash, and the
// start replays the WAL. For fault tests; only a server this process
// started can be restarted.
func (c *Cluster) Restart(ctx context.Context, mode string) error {
	sig := map[string]syscall.Signal{"fast": syscall.SIGINT, "immediate": syscall.SIGQUIT}[mode]
	if sig == 0 {
		return fmt.Errorf("pgembed: restart mode %q is not fast or immediate", mode)
	}
	if !c.owned || c.cmd == nil {
		return errors.New("pgembed: restart of a server this process did not start")
	}
	_ = c.cmd.Process.Signal(sig)
	select {
	case <-c.exited:
	case <-time.After(60 * time.Second):
		return fmt.Errorf("postgres did not stop within 60 s of a %s shutdown", mode)
	case <-ctx.Done():
		return ctx.Err()
	}
	return c.run(ctx, true)
}

func (c *Cluster) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		select {
		case <-c.exited:
			return errors.New("postgres exited during start-up")
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if err = c.ping(ctx); err == nil {
			return nil
		}
		// Often: a restart's caller measures from when this returns.
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("postgres not ready after %s: %w", timeout, err)
}

func (c *Cluster) ping(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(cctx)
	return conn.Ping(cctx)
}

// attachRunning looks for a live server on the data folder (postmaster.pid)
// and, if one answers, connects to it instead of starting another. A stale
// or foreign pid file is left to postgres, which clears stale lock files.
func (c *Cluster) attachRunning(ctx context.Context) bool {
	b, err := os.ReadFile(filepath.Join(c.DataDir, "postmaster.pid"))
	if err != nil {
		return false
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 5 {
		return false
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
	port, _ := strconv.Atoi(strings.TrimSpace(lines[3]))
	sock := strings.TrimSpace(lines[4])
	if pid <= 0 || pid == os.Getpid() || port <= 0 || sock == "" {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	saved := *c
	c.Port, c.SocketDir = port, sock
	if err := c.ping(ctx); err != nil {
		c.log.Warn("postmaster.pid names a process that does not answer as PostgreSQL; starting the server anyway", "pid", pid, "error", err)
		c.Port, c.SocketDir = saved.Port, saved.SocketDir
		return false
	}
	return true
}

// URL is a connection string for database db over the unix socket.
func (c *Cluster) URL(db string) string { return c.URLAs(db, "postgres") }

// URLAs is the URL of database db for role, over the unix socket (trusted:
// the socket folder is private to the server's OS user and root).
func (c *Cluster) URLAs(db, role string) string {
	q := url.Values{}
	q.Set("host", c.SocketDir)
	q.Set("port", strconv.Itoa(c.Port))
	q.Set("sslmode", "disable")
	return (&url.URL{Scheme: "postgres", User: url.User(role), Path: "/" + db, RawQuery: q.Encode()}).String()
}

// EnsureDatabase creates database name if it does not exist.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}

// Stop shuts the server down (fast mode) if this process started it, and
// removes an ephemeral cluster's folder.
func (c *Cluster) Stop() error {
	if c == nil {
		return nil
	}
	var err error
	if c.owned {
		err = c.stopProcess(30 * time.Second)
		if err == nil {
			c.log.Info("private PostgreSQL stopped", "data_dir", c.DataDir)
		}
	}
	c.cleanup()
	return err
}

func (c *Cluster) stopProcess(grace time.Duration) error {
	if c.cmd == nil || c.cmd.Process == nil {
		return nil
	}
	select {
	case <-c.exited:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
	select {
	case <-c.exited:
		return nil
	case <-time.After(grace):
		_ = c.cmd.Process.Signal(syscall.SIGQUIT) // immediate shutdown
		select {
		case <-c.exited:
		case <-time.After(10 * time.Second):
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
		return errors.New("postgres did not stop in time; sent SIGQUIT")
	}
}

func (c *Cluster) cleanup() {
	if c.ephemeral && c.removeDir != "" {
		_ = os.RemoveAll(c.removeDir)
	}
	if c.SocketDir != c.DataDir && strings.Contains(filepath.Base(c.SocketDir), "kzs-") {
		_ = os.RemoveAll(c.SocketDir)
	}
}

func lastLines(b []byte, n int) string {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func tailFile(path string, n int) string {
	b, err := os.ReadFile(path) // #nosec G304 -- the cluster's own log file beside its data folder
	if err != nil {
		return ""
	}
	return lastLines(b, n)
}

// ownDir makes dir (mode 0755) or accepts an existing one only if it is a
// real folder owned by this process's user: a predictable folder under the
// system temp dir must not be one somebody else prepared.
func ownDir(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) { // #nosec G301 -- the cluster's unprivileged user must enter it; the data folder inside is 0700
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || fi.Mode()&os.ModeSymlink != 0 || !ok || int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("%s exists but is not a folder owned by this user: refusing to use it", dir)
	}
	return os.Chmod(dir, 0o755) // #nosec G302 -- run as root, the cluster runs as an unprivileged user who must enter this folder; it holds no data itself (the data folder is 0700)
}
