package store_test

import (
	"context"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

// TestFailedSignInOfNoAccount: the name typed at a failed sign-in that is
// no account's is not kept, and entries written before that are read
// without it; a known account's failed sign-in keeps its username.
func TestFailedSignInOfNoAccount(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	if err := s.RecordLoginFailure(ctx, domain.Actor{Address: "192.0.2.7"}, "moje-haslo-2026"); err != nil {
		t.Fatal(err)
	}
	// An entry as RecordLoginFailure wrote it before.
	if _, err := s.Pool.Exec(ctx, `INSERT INTO audit_log (actor_username, actor_role, address, action, entity, entity_id, after)
		VALUES ('', '', '192.0.2.8', 'login_failed', 'login', '', '{"username": "stare-haslo-2025"}')`); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Username: "anna.nowak", DisplayName: "Anna Nowak", Role: domain.RoleExpert, Active: true}
	if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	// A wrong password for an existing account, at sign-in (no actor yet)
	// and inside a session.
	if err := s.RecordLoginFailure(ctx, domain.Actor{Address: "192.0.2.9"}, "anna.nowak"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLoginFailure(ctx, domain.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Address: "192.0.2.9"}, "anna.nowak"); err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE after::text LIKE '%moje-haslo%'`).Scan(&stored); err != nil || stored != 0 {
		t.Fatalf("the typed name is stored: %d, %v", stored, err)
	}
	entries, err := s.Audit(ctx, domain.AuditFilter{Action: domain.AuditLoginFailed})
	if err != nil || len(entries) != 4 {
		t.Fatalf("entries = %d, %v", len(entries), err)
	}
	for _, e := range entries {
		after := string(e.After)
		if strings.Contains(after, "haslo") {
			t.Errorf("entry %d shows the typed name: %s", e.ID, after)
		}
		if e.Address == "192.0.2.9" && !strings.Contains(after, `"anna.nowak"`) {
			t.Errorf("a known account's failed sign-in lost its username: %s", after)
		}
	}
	history, err := s.AuditFor(ctx, "login", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range history {
		if strings.Contains(string(e.After), "haslo") {
			t.Errorf("AuditFor shows the typed name: %s", e.After)
		}
	}
}
