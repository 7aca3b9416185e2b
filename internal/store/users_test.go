package store_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

const testHash = "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

var admin = domain.Actor{Username: "test", Role: domain.RoleAdmin, Address: "127.0.0.1"}

func newUnit(t testing.TB, s *store.Store, name string) *domain.Unit {
	t.Helper()
	u := &domain.Unit{Name: name, Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"}
	if err := s.CreateUnit(context.Background(), admin, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	unit := newUnit(t, s, "Urząd Miasta w Dzierżoniowie")

	u := &domain.User{Username: "kierownik", DisplayName: "Anna Kowalska", Role: domain.RoleUnitManager, UnitIDs: []int64{unit.ID}, Active: true}
	if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Username != "kierownik" || got.Role != domain.RoleUnitManager || len(got.UnitIDs) != 1 || got.UnitIDs[0] != unit.ID || !got.Active {
		t.Fatalf("stored user = %+v", got)
	}
	entries, err := s.AuditFor(ctx, "user", itoa(u.ID))
	if err != nil || len(entries) != 1 || entries[0].Action != domain.AuditCreate {
		t.Fatalf("audit = %+v, %v", entries, err)
	}

	t.Run("ErrUsernameTaken", func(t *testing.T) {
		dup := &domain.User{Username: "kierownik", DisplayName: "Inna", Role: domain.RoleViewer, Active: true}
		err := s.CreateUser(ctx, admin, dup, testHash)
		if domain.ErrorCode(err) != domain.ECONFLICT || domain.FieldErrors(err)["username"] == "" {
			t.Fatalf("err = %v, want ECONFLICT on username", err)
		}
	})
	t.Run("ErrManagerWithoutUnit", func(t *testing.T) {
		err := s.CreateUser(ctx, admin, &domain.User{Username: "kier2", DisplayName: "K", Role: domain.RoleUnitManager}, testHash)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["units"] == "" {
			t.Fatalf("err = %v, want EINVALID on units", err)
		}
	})
	t.Run("ErrUnknownUnit", func(t *testing.T) {
		err := s.CreateUser(ctx, admin, &domain.User{Username: "kier3", DisplayName: "K", Role: domain.RoleUnitManager, UnitIDs: []int64{999999}}, testHash)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["units"] == "" {
			t.Fatalf("err = %v, want EINVALID on units", err)
		}
		if _, _, err := s.UserCredentials(ctx, "kier3"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("half-written user left behind: %v", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.User(ctx, 424242); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("err = %v, want ENOTFOUND", err)
		}
	})
}

func itoa(n int64) string { return store.FormatID(n) }

func TestUpdateUserEndsSessionsOnRoleChange(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := &domain.User{Username: "ekspert", DisplayName: "Jan Nowak", Role: domain.RoleExpert, Active: true}
	if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	v0 := u.SessionVersion

	u.DisplayName = "Jan Nowak-Zieliński"
	if err := s.UpdateUser(ctx, admin, u); err != nil {
		t.Fatal(err)
	}
	if u.SessionVersion != v0 {
		t.Fatalf("a name change ended sessions")
	}
	u.Role = domain.RoleViewer
	if err := s.UpdateUser(ctx, admin, u); err != nil {
		t.Fatal(err)
	}
	if u.SessionVersion != v0+1 {
		t.Fatalf("session version = %d, want %d after a role change", u.SessionVersion, v0+1)
	}
	if err := s.SetActive(ctx, admin, u.ID, false); err != nil {
		t.Fatal(err)
	}
	got, _ := s.User(ctx, u.ID)
	if got.Active || got.SessionVersion != v0+2 {
		t.Fatalf("after deactivation: %+v", got)
	}
	entries, _ := s.AuditFor(ctx, "user", itoa(u.ID))
	if len(entries) != 4 {
		t.Fatalf("audit entries = %d, want 4 (create, 2 updates, deactivate)", len(entries))
	}
	if string(entries[0].Before) == "" || string(entries[0].After) == "" {
		t.Fatalf("deactivation audit lacks before/after: %+v", entries[0])
	}
}

func TestSetActiveRefusesSelf(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := &domain.User{Username: "admin", DisplayName: "A", Role: domain.RoleAdmin, Active: true}
	if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	self := domain.Actor{UserID: u.ID, Username: "admin", Role: domain.RoleAdmin}
	if err := s.SetActive(ctx, self, u.ID, false); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("err = %v, want ECONFLICT", err)
	}
}

func TestThrottle(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }

	at := func(user, addr, device string) domain.LoginAttempt {
		return domain.LoginAttempt{Username: user, Address: addr, Device: device}
	}
	fail := func(user, addr, device string) {
		t.Helper()
		if _, until, err := s.BeginLoginAttempt(ctx, at(user, addr, device)); err != nil || !until.IsZero() {
			t.Fatalf("attempt refused: %v %v", until, err)
		}
		now = now.Add(time.Second)
	}
	refused := func(a domain.LoginAttempt) time.Time {
		t.Helper()
		until, err := s.ThrottledUntil(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return until
	}
	for i := 0; i < domain.FailuresPerUsername-1; i++ {
		fail("jan", "10.0.0.1", "")
	}
	if until := refused(at("jan", "10.0.0.1", "")); !until.IsZero() {
		t.Fatalf("throttled after %d failures", domain.FailuresPerUsername-1)
	}
	fail("jan", "10.0.0.1", "")
	// This browser at this address is refused for the window.
	pair := refused(at("jan", "10.0.0.1", ""))
	if pair.Sub(now) < domain.ThrottleWindow-time.Minute {
		t.Fatalf("guessing browser refused only until %v (now %v)", pair, now)
	}
	// Elsewhere, a browser without the device cookie is slowed, not locked.
	slow := refused(at("jan", "10.0.0.2", ""))
	if slow.IsZero() || slow.Sub(now) > domain.UsernameDelayBase {
		t.Fatalf("username slowdown until %v (now %v)", slow, now)
	}
	// The owner's browser with its device cookie is not affected at all.
	if until := refused(at("jan", "10.0.0.1", "dev-jana")); !until.IsZero() {
		t.Fatalf("the owner's device is locked out by strangers until %v", until)
	}
	if other := refused(at("anna", "10.0.0.1", "")); !other.IsZero() {
		t.Fatal("another user is throttled by jan's failures")
	}
	// The delay grows with each failure, up to its cap.
	now = slow
	fail("jan", "10.0.0.3", "")
	if next := refused(at("jan", "10.0.0.2", "")); next.Sub(now) <= domain.UsernameDelayBase {
		t.Fatalf("delay did not grow: until %v, now %v", next, now)
	}
	if d := store.UsernameDelay(100); d != domain.UsernameDelayMax {
		t.Fatalf("delay after 100 failures: %v", d)
	}
	// A device cookie that guesses on becomes a browser like any other.
	for i := 0; i < domain.FailuresPerUsername; i++ {
		fail("jan", "10.0.0.9", "dev-zlodzieja")
	}
	if until := refused(at("jan", "10.0.0.1", "dev-zlodzieja")); until.IsZero() {
		t.Fatal("a device cookie guessing on is not throttled")
	}
	// The window slides: once the oldest counted failure is 15 minutes old,
	// sign-ins are allowed again.
	now = pair.Add(time.Minute)
	if again := refused(at("jan", "10.0.0.1", "")); !again.IsZero() {
		t.Fatalf("still throttled after the window: until %v, now %v", again, now)
	}

	t.Run("ErrParallelAttemptsCounted", func(t *testing.T) {
		results := make(chan bool, 20)
		for i := 0; i < 20; i++ {
			go func() {
				_, until, err := s.BeginLoginAttempt(ctx, at("rownolegle", "10.1.1.1", ""))
				results <- err == nil && until.IsZero()
			}()
		}
		allowed := 0
		for i := 0; i < 20; i++ {
			if <-results {
				allowed++
			}
		}
		if allowed != domain.FailuresPerUsername {
			t.Fatalf("%d parallel attempts passed the check, want %d", allowed, domain.FailuresPerUsername)
		}
	})
	t.Run("ByAddress", func(t *testing.T) {
		for i := 0; i < domain.FailuresPerAddress; i++ {
			fail("user"+itoa(int64(i)), "10.9.9.9", "")
		}
		if until := refused(at("nowy", "10.9.9.9", "")); until.IsZero() {
			t.Fatalf("address not throttled after %d failures", domain.FailuresPerAddress)
		}
		if until := refused(at("nowy", "10.9.9.9", "dev-nowego")); !until.IsZero() {
			t.Fatal("a known device behind the address is throttled")
		}
		if until := refused(at("nowy", "10.9.9.8", "")); !until.IsZero() {
			t.Fatal("another address is throttled")
		}
	})
}

func TestAuditAppendOnly(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	newUnit(t, s, "Starostwo Powiatowe w Kłodzku")
	// As the application's role: refused by its privileges (42501). A
	// GRANT to itself grants nothing (PostgreSQL only warns).
	_, _ = s.Pool.Exec(ctx, "GRANT UPDATE, DELETE ON audit_log TO "+store.AppRole)
	for _, sql := range []string{"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
		"ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"} {
		_, err := s.Pool.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s as the application: %v, want permission denied", sql, err)
		}
	}
	// As the owner: refused by the trigger.
	owner, err := pgx.Connect(ctx, s.Pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	for _, sql := range []string{"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"} {
		if _, err := owner.Exec(ctx, sql); err == nil {
			t.Errorf("%s succeeded for the owner", sql)
		}
	}
	var n int
	if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_log").Scan(&n); err != nil || n == 0 {
		t.Fatalf("the application cannot read the audit trail: %d, %v", n, err)
	}
}

// TestAppRoleLogin: signed in as kaizen_app itself (as on the private
// server), the application cannot get the owner's rights back with RESET
// ROLE; connected as the owner with SET ROLE, ActsAsOwner says so.
func TestAppRoleLogin(t *testing.T) {
	t.Parallel()
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Skip("needs the throwaway server, whose socket connections are trusted")
	}
	s := testdb.Store(t)
	ctx := context.Background()
	if owner, err := store.ActsAsOwner(ctx, s.Pool); err != nil || !owner {
		t.Fatalf("ActsAsOwner through SET ROLE = %v, %v", owner, err)
	}
	if err := store.AllowAppLogin(ctx, s.Pool); err == nil {
		t.Fatal("the application's role may change roles")
	}
	ownerURL := s.Pool.Config().ConnConfig.ConnString()
	owner, err := store.OpenOwnerPool(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := store.AllowAppLogin(ctx, owner); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(ownerURL)
	u.User = url.User(store.AppRole)
	app, err := store.OpenPool(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if owns, err := store.ActsAsOwner(ctx, app); err != nil || owns {
		t.Fatalf("ActsAsOwner as kaizen_app = %v, %v", owns, err)
	}
	conn, err := app.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "RESET ROLE"); err != nil {
		t.Fatal(err)
	}
	var who string
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&who); err != nil || who != store.AppRole {
		t.Fatalf("after RESET ROLE the application is %q (%v)", who, err)
	}
	for _, sql := range []string{"UPDATE audit_log SET action = 'x'", "ALTER TABLE protocols DISABLE TRIGGER protocols_sealed", "SET session_replication_role = replica"} {
		var pgErr *pgconn.PgError
		if _, err := conn.Exec(ctx, sql); !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s as kaizen_app after RESET ROLE: %v, want permission denied", sql, err)
		}
	}
}

// A rehash replaces the hash the account still has, only that one, keeps
// its sessions and its time of last edit, and is audited without the hash.
func TestUpgradePasswordHash(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := &domain.User{Username: "obserwatorka", DisplayName: "Ewa Lis", Role: domain.RoleViewer, Active: true}
	if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	const newer = "$argon2id$v=19$m=16,t=2,p=1$AQEBAQEBAQEBAQEBAQEBAQ$AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"
	self := domain.ActorOf(u, "127.0.0.1")
	stored := func() (hash string, version int, updated time.Time) {
		t.Helper()
		if err := s.Pool.QueryRow(ctx, `SELECT password_hash, session_version, updated_at FROM users WHERE id = $1`, u.ID).Scan(&hash, &version, &updated); err != nil {
			t.Fatal(err)
		}
		return hash, version, updated
	}
	_, v0, at0 := stored()

	t.Run("ErrOtherOldHash", func(t *testing.T) {
		ok, err := s.UpgradePasswordHash(ctx, self, u.ID, store.Rehash{Old: newer, New: newer, OldParams: "argon2id m=16,t=2,p=1", NewParams: "argon2id m=16,t=2,p=1"})
		if err != nil || ok {
			t.Fatalf("UpgradePasswordHash with a hash the account does not have = %v, %v", ok, err)
		}
		if h, _, _ := stored(); h != testHash {
			t.Fatalf("hash changed to %q", h)
		}
		if entries, _ := s.AuditFor(ctx, "user", itoa(u.ID)); len(entries) != 1 {
			t.Fatalf("audit entries = %d, want 1 (the creation)", len(entries))
		}
	})

	ok, err := s.UpgradePasswordHash(ctx, self, u.ID, store.Rehash{Old: testHash, New: newer, OldParams: "argon2id m=8,t=1,p=1", NewParams: "argon2id m=16,t=2,p=1"})
	if err != nil || !ok {
		t.Fatalf("UpgradePasswordHash = %v, %v", ok, err)
	}
	h, v, at := stored()
	if h != newer || v != v0 || !at.Equal(at0) {
		t.Fatalf("after the upgrade: hash %q, session version %d → %d, updated_at %v → %v", h, v0, v, at0, at)
	}
	entries, err := s.AuditFor(ctx, "user", itoa(u.ID))
	if err != nil || len(entries) != 2 || entries[0].Action != domain.AuditUpdate || entries[0].ActorID == nil || *entries[0].ActorID != u.ID {
		t.Fatalf("audit = %+v, %v", entries, err)
	}
	before, after := string(entries[0].Before), string(entries[0].After)
	if strings.Contains(before+after, "$argon2id") || !strings.Contains(before, "m=8,t=1,p=1") || !strings.Contains(after, "m=16,t=2,p=1") {
		t.Fatalf("audit before %s after %s: want the parameters, never the hash", before, after)
	}

	t.Run("ErrChangedMeanwhile", func(t *testing.T) {
		// The hash read at sign-in is no longer the account's.
		ok, err := s.UpgradePasswordHash(ctx, self, u.ID, store.Rehash{Old: testHash, New: testHash, OldParams: "-", NewParams: "-"})
		if err != nil || ok {
			t.Fatalf("UpgradePasswordHash over a changed password = %v, %v", ok, err)
		}
		if h, _, _ := stored(); h != newer {
			t.Fatalf("a changed password was overwritten: %q", h)
		}
	})
}
