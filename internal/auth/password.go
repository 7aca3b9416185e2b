// Package auth hashes and verifies passwords with argon2id.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen int
}

// DefaultParams are one of the argon2id configurations of the OWASP
// Password Storage Cheat Sheet, which lists m=47104 (46 MiB) t=1,
// m=19456 (19 MiB) t=2, m=12288 (12 MiB) t=3, m=9216 (9 MiB) t=4 and
// m=7168 (7 MiB) t=5, all with one lane, as equal in defence: they trade
// memory for passes over it. We take 9 MiB and 4 passes: a check's memory
// is what bounds the server's (a peak of 64 MiB under GOMEMLIMIT=56MiB,
// with checks running side by side), and 36,864 block passes cost about
// the CPU of 19 MiB's 38,912. Hashes made with other parameters (the
// 19 MiB, 2 passes used before) carry them and still verify; a sign-in
// upgrades them (NeedsRehash).
var DefaultParams = Params{Memory: 9 * 1024, Time: 4, Threads: 1, KeyLen: 32, SaltLen: 16}

var b64 = base64.RawStdEncoding

// hashWith hashes with explicit parameters (callers hold the gate).
func hashWith(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformedHash is returned for a stored hash that is not argon2id PHC.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// parsedHash is a PHC string's parameters, salt and key.
type parsedHash struct {
	p          Params
	salt, want []byte
}

func parseHash(hash string) (*parsedHash, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return nil, ErrMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return nil, ErrMalformedHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return nil, ErrMalformedHash
	}
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return nil, ErrMalformedHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return nil, ErrMalformedHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return nil, ErrMalformedHash
	}
	return &parsedHash{p: p, salt: salt, want: want}, nil
}

// matches computes the key of password (callers hold the gate).
func (h *parsedHash) matches(password string) bool {
	got := argon2.IDKey([]byte(password), h.salt, h.p.Time, h.p.Memory, h.p.Threads, uint32(len(h.want))) // #nosec G115 -- len(want) ≤ 128, checked in parseHash
	return subtle.ConstantTimeCompare(got, h.want) == 1
}

// dummyHash is verified against when the username does not exist, so that a
// wrong username takes as long (and as much memory) as a wrong password: the
// hash of "kaizen-no-such-user" with DefaultParams, made once and written
// here as a constant (so that no check makes two hashes' garbage at once);
// it is made anew when DefaultParams change (TestDummyHashParams).
var dummyHash = sync.OnceValues(func() (*parsedHash, error) {
	return parseHash("$argon2id$v=19$m=9216,t=4,p=1$fegnVboHEccuYjhwfpuOLw$wunCkSk3tcQAukP9BtP1D5qMGd5mJa3WyleQ7haX6tY")
})

// NeedsRehash reports whether hash was made with other parameters than
// DefaultParams (memory, passes, lanes or key length), so that the
// password, once typed and verified, is to be hashed anew. A malformed
// hash is not: there is nothing to upgrade.
func NeedsRehash(hash string) bool {
	h, err := parseHash(hash)
	if err != nil {
		return false
	}
	d := DefaultParams
	return h.p.Memory != d.Memory || h.p.Time != d.Time || h.p.Threads != d.Threads || len(h.want) != int(d.KeyLen)
}

// DescribeHash names a hash's algorithm and parameters, never its salt or
// key, for the audit log: "argon2id m=9216,t=4,p=1" ("nieznany" for a
// malformed one).
func DescribeHash(hash string) string {
	h, err := parseHash(hash)
	if err != nil {
		return "nieznany"
	}
	return fmt.Sprintf("argon2id m=%d,t=%d,p=%d", h.p.Memory, h.p.Time, h.p.Threads)
}
