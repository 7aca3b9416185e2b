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
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
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
