package auth

import (
	"regexp"
	"testing"
	"time"

	"kaizen/internal/domain"
)

func TestTOTPStep(t *testing.T) {
	k, err := NewTOTPKey("Kaizen", "ewa")
	if err != nil || !ValidTOTPSecret(k.Secret) || len(k.PNG) == 0 {
		t.Fatalf("key = %+v, %v", k, err)
	}
	now := time.Date(2011, 3, 4, 10, 0, 15, 0, time.UTC)
	period := int64(domain.TOTPPeriod / time.Second)
	for _, tc := range []struct {
		name  string
		at    time.Time
		ok    bool
		delta int64
	}{
		{"Now", now, true, 0},
		{"PreviousStep", now.Add(-domain.TOTPPeriod), true, -1},
		{"NextStep", now.Add(domain.TOTPPeriod), true, 1},
		{"ErrTwoStepsOld", now.Add(-2 * domain.TOTPPeriod), false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, err := TOTPCode(k.Secret, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			step, ok := TOTPStep(k.Secret, code, now)
			if ok != tc.ok || (ok && step != now.Unix()/period+tc.delta) {
				t.Fatalf("step %d, %v", step, ok)
			}
		})
	}
	if _, ok := TOTPStep(k.Secret, "12345", now); ok {
		t.Fatal("five digits accepted")
	}
	again, err := TOTPKeyOf("Kaizen", "ewa", k.Secret)
	if err != nil || again.Secret != k.Secret {
		t.Fatalf("rebuilt key: %q, %v", again.Secret, err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, digests := NewRecoveryCodes()
	seen := map[string]bool{}
	re := regexp.MustCompile(`^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$`)
	for i, c := range codes {
		if !re.MatchString(c) || seen[c] || digests[i] != RecoveryDigest(c) || len(digests[i]) != 64 {
			t.Fatalf("code %q, digest %q", c, digests[i])
		}
		seen[c] = true
	}
	if RecoveryDigest("abcde fghjk") != RecoveryDigest("ABCDE-FGHJK") {
		t.Fatal("typing differences change the digest")
	}
}
