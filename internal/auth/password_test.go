package auth

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h, err := Hash(t.Context(), "zażółć gęślą jaźń")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=9216,t=4,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	for _, tc := range []struct {
		name string
		pw   string
		want bool
	}{
		{"Correct", "zażółć gęślą jaźń", true},
		{"Wrong", "zazolc gesla jazn", false},
		{"Empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := Verify(t.Context(), tc.pw, h)
			if err != nil || ok != tc.want {
				t.Fatalf("Verify = %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
	h2, _ := Hash(t.Context(), "zażółć gęślą jaźń")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
		if _, err := Verify(t.Context(), "x", h); err == nil {
			t.Errorf("Verify(%q) accepted a malformed hash", h)
		}
	}
}

// The dummy hash costs what a real one does: made with DefaultParams.
func TestDummyHashParams(t *testing.T) {
	h, err := dummyHash()
	if err != nil {
		t.Fatal(err)
	}
	if h.p.Memory != DefaultParams.Memory || h.p.Time != DefaultParams.Time || h.p.Threads != DefaultParams.Threads || len(h.want) != int(DefaultParams.KeyLen) {
		t.Fatalf("dummy hash params %+v, key %d bytes; DefaultParams %+v", h.p, len(h.want), DefaultParams)
	}
	if !h.matches("kaizen-no-such-user") {
		t.Fatal("the dummy hash is not that of its password")
	}
}

// oldHash is "zażółć gęślą jaźń" hashed with the parameters used before
// DefaultParams took 9 MiB (19 MiB, 2 passes), made once for this test.
const oldHash = "$argon2id$v=19$m=19456,t=2,p=1$zc7cQI5puxKwT2klk8IViA$nyIRbxqZgB+3H8baVOmq9zKwdK8qQjQUp6i7ApFVzSY"

// A hash carries its parameters: one made with the old ones still verifies.
func TestVerifyOldParams(t *testing.T) {
	for pw, want := range map[string]bool{"zażółć gęślą jaźń": true, "zazolc gesla jazn": false} {
		if ok, err := Verify(t.Context(), pw, oldHash); err != nil || ok != want {
			t.Errorf("Verify(%q, old hash) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	current, err := Hash(t.Context(), "zażółć gęślą jaźń")
	if err != nil {
		t.Fatal(err)
	}
	other := func(p Params) string {
		h, err := hashWith("zażółć gęślą jaźń", p)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	d := DefaultParams
	for _, tc := range []struct {
		name, hash string
		want       bool
	}{
		{"Current", current, false},
		{"Old", oldHash, true},
		{"Memory", other(Params{Memory: d.Memory / 2, Time: d.Time, Threads: d.Threads, KeyLen: d.KeyLen, SaltLen: d.SaltLen}), true},
		{"Time", other(Params{Memory: d.Memory, Time: d.Time + 1, Threads: d.Threads, KeyLen: d.KeyLen, SaltLen: d.SaltLen}), true},
		{"Threads", other(Params{Memory: d.Memory, Time: d.Time, Threads: 2, KeyLen: d.KeyLen, SaltLen: d.SaltLen}), true},
		{"KeyLen", other(Params{Memory: d.Memory, Time: d.Time, Threads: d.Threads, KeyLen: 16, SaltLen: d.SaltLen}), true},
		{"SaltLenOnly", other(Params{Memory: d.Memory, Time: d.Time, Threads: d.Threads, KeyLen: d.KeyLen, SaltLen: 8}), false},
		{"Malformed", "plain", false},
		{"Empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NeedsRehash(tc.hash); got != tc.want {
				t.Fatalf("NeedsRehash(%q) = %v, want %v", tc.hash, got, tc.want)
			}
		})
	}
}

// The description names the parameters and nothing of the salt or key.
func TestDescribeHash(t *testing.T) {
	if got := DescribeHash(oldHash); got != "argon2id m=19456,t=2,p=1" {
		t.Errorf("DescribeHash(old) = %q", got)
	}
	h, err := Hash(t.Context(), "zażółć gęślą jaźń")
	if err != nil {
		t.Fatal(err)
	}
	if got := DescribeHash(h); got != "argon2id m=9216,t=4,p=1" {
		t.Errorf("DescribeHash(new) = %q", got)
	}
	if got := DescribeHash("plain"); got != "nieznany" {
		t.Errorf("DescribeHash(malformed) = %q", got)
	}
}

// BenchmarkVerify is one check of a DefaultParams hash, through a gate of
// its own (nothing waits).
func BenchmarkVerify(b *testing.B) {
	h, err := hashWith("zażółć gęślą jaźń", DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	g := NewGate(int64(DefaultParams.Memory), DefaultMaxWait)
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := g.Verify(b.Context(), "zażółć gęślą jaźń", h); err != nil || !ok {
			b.Fatalf("Verify = %v, %v", ok, err)
		}
	}
}
