package store_test

import (
	"context"
	"strings"
	"testing"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

func newViewer(t *testing.T, s *store.Store, username string) *domain.User {
	t.Helper()
	u := &domain.User{Username: username, DisplayName: "Ewa Zielińska", Role: domain.RoleViewer, Active: true}
	if err := s.CreateUser(context.Background(), admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	return u
}

func actions(t *testing.T, s *store.Store, entity, id string) []domain.AuditAction {
	t.Helper()
	entries, err := s.AuditFor(context.Background(), entity, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.AuditAction
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

func TestTOTPEnrolAndSpend(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := newViewer(t, s, "ewa")
	key, err := auth.NewTOTPKey("Kaizen", u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnrolTOTP(ctx, admin, u.ID, key.Secret, 100); err != nil {
		t.Fatal(err)
	}
	if got, err := s.TOTPSecret(ctx, u.ID); err != nil || got != key.Secret {
		t.Fatalf("secret = %q, %v", got, err)
	}
	f, err := s.SecondFactors(ctx, u.ID)
	if err != nil || !f.TOTP || !f.Any() || f.Count() != 1 {
		t.Fatalf("factors = %+v, %v", f, err)
	}
	if got := actions(t, s, "totp", itoa(u.ID)); len(got) != 1 || got[0] != domain.AuditFactorAdd {
		t.Fatalf("audit = %v", got)
	}

	t.Run("ErrSecondApp", func(t *testing.T) {
		if err := s.EnrolTOTP(ctx, admin, u.ID, key.Secret, 101); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
	})
	t.Run("StepOnce", func(t *testing.T) {
		// The enrolment spent step 100; an older or the same step never
		// counts again, a later one once.
		for _, tc := range []struct {
			step int64
			want bool
		}{{99, false}, {100, false}, {102, true}, {102, false}, {101, false}} {
			ok, err := s.SpendTOTPStep(ctx, u.ID, tc.step)
			if err != nil || ok != tc.want {
				t.Fatalf("step %d: %v, %v; want %v", tc.step, ok, err, tc.want)
			}
		}
	})
	t.Run("Remove", func(t *testing.T) {
		if err := s.RemoveTOTP(ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TOTPSecret(ctx, u.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("after removal: %v", err)
		}
		if err := s.RemoveTOTP(ctx, admin, u.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("second removal: %v", err)
		}
		if got := actions(t, s, "totp", itoa(u.ID)); len(got) != 2 || got[0] != domain.AuditFactorRemove {
			t.Fatalf("audit = %v", got)
		}
	})
	t.Run("ErrBadSecret", func(t *testing.T) {
		if err := s.EnrolTOTP(ctx, admin, u.ID, "not a secret", 1); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

func TestRecoveryCodesHashedAndSingleUse(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := newViewer(t, s, "ewa")
	codes, digests := auth.NewRecoveryCodes()
	if len(codes) != domain.RecoveryCodeCount {
		t.Fatalf("%d codes", len(codes))
	}
	if err := s.ReplaceRecoveryCodes(ctx, admin, u.ID, digests); err != nil {
		t.Fatal(err)
	}
	// Only digests are stored: no code appears in the table.
	var stored string
	if err := s.Pool.QueryRow(ctx, `SELECT string_agg(code_hash, ' ') FROM user_recovery_codes WHERE user_id = $1`, u.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if strings.Contains(stored, c) || strings.Contains(stored, strings.ReplaceAll(c, "-", "")) {
			t.Fatalf("code %s stored in the clear", c)
		}
	}
	// Typed in lower case with spaces, it still counts, once.
	typed := strings.ToLower(strings.ReplaceAll(codes[3], "-", " "))
	if ok, err := s.SpendRecoveryCode(ctx, admin, u.ID, auth.RecoveryDigest(typed)); err != nil || !ok {
		t.Fatalf("first use: %v, %v", ok, err)
	}
	if ok, err := s.SpendRecoveryCode(ctx, admin, u.ID, auth.RecoveryDigest(codes[3])); err != nil || ok {
		t.Fatalf("second use: %v, %v", ok, err)
	}
	if ok, _ := s.SpendRecoveryCode(ctx, admin, u.ID, auth.RecoveryDigest("AAAAA-AAAAA")); ok {
		t.Fatal("an unknown code counted")
	}
	f, err := s.SecondFactors(ctx, u.ID)
	if err != nil || f.RecoveryLeft != domain.RecoveryCodeCount-1 || f.Any() {
		t.Fatalf("factors = %+v, %v", f, err)
	}
	other := newViewer(t, s, "inna")
	if ok, _ := s.SpendRecoveryCode(ctx, admin, other.ID, auth.RecoveryDigest(codes[4])); ok {
		t.Fatal("another account's code counted")
	}
	// A fresh set replaces the old one.
	_, fresh := auth.NewRecoveryCodes()
	if err := s.ReplaceRecoveryCodes(ctx, admin, u.ID, fresh); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.SpendRecoveryCode(ctx, admin, u.ID, auth.RecoveryDigest(codes[5])); ok {
		t.Fatal("a code of the replaced set counted")
	}
	got := actions(t, s, "recovery_codes", itoa(u.ID))
	if len(got) != 3 || got[0] != domain.AuditRecoveryCodesNew || got[1] != domain.AuditRecoveryCodeUsed {
		t.Fatalf("audit = %v", got)
	}
}

func TestPasskeys(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := newViewer(t, s, "ewa")
	p := &domain.Passkey{UserID: u.ID, CredentialID: []byte{1, 2, 3}, Name: "Laptop", Data: []byte(`{"id":"AQID"}`)}
	if err := s.AddPasskey(ctx, admin, p); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrSameCredential", func(t *testing.T) {
		dup := &domain.Passkey{UserID: u.ID, CredentialID: []byte{1, 2, 3}, Name: "Drugi", Data: []byte(`{}`)}
		if err := s.AddPasskey(ctx, admin, dup); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
	})
	t.Run("ErrNoName", func(t *testing.T) {
		bad := &domain.Passkey{UserID: u.ID, CredentialID: []byte{4}, Name: "", Data: []byte(`{}`)}
		if err := s.AddPasskey(ctx, admin, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
	if err := s.UsePasskey(ctx, p.ID, []byte(`{"id":"AQID","authenticator":{"signCount":5}}`)); err != nil {
		t.Fatal(err)
	}
	keys, err := s.Passkeys(ctx, u.ID)
	if err != nil || len(keys) != 1 || keys[0].LastUsedAt == nil || !strings.Contains(string(keys[0].Data), "signCount") {
		t.Fatalf("passkeys = %+v, %v", keys, err)
	}
	other := newViewer(t, s, "inna")
	if err := s.RemovePasskey(ctx, admin, other.ID, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another account removed the passkey: %v", err)
	}
	if err := s.RemovePasskey(ctx, admin, u.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := actions(t, s, "passkey", itoa(p.ID)); len(got) != 2 || got[0] != domain.AuditFactorRemove || got[1] != domain.AuditFactorAdd {
		t.Fatalf("audit = %v", got)
	}
}

func TestSecondFactorThrottle(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := newViewer(t, s, "ewa")
	a := domain.ActorOf(u, "192.0.2.1")
	for i := range domain.SecondFactorFailures {
		if until, err := s.SecondFactorThrottledUntil(ctx, u.ID); err != nil || !until.IsZero() {
			t.Fatalf("after %d failures: throttled until %v, %v", i, until, err)
		}
		if err := s.RecordFactorFailure(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if until, err := s.SecondFactorThrottledUntil(ctx, u.ID); err != nil || until.IsZero() {
		t.Fatalf("after %d failures: not throttled (%v)", domain.SecondFactorFailures, err)
	}
	other := newViewer(t, s, "inna")
	if until, _ := s.SecondFactorThrottledUntil(ctx, other.ID); !until.IsZero() {
		t.Fatal("another account throttled")
	}
}
