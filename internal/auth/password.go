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

// DefaultParams follow the OWASP recommendation for argon2id
// (19 MiB, 2 iterations, 1 lane), which keeps a sign-in around 30 ms here
// and the memory of concurrent sign-ins bounded.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

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
// hash of "kaizen-no-such-user" with DefaultParams, made once (a constant,
// so that no check makes two hashes' garbage at once).
var dummyHash = sync.OnceValues(func() (*parsedHash, error) {
	return parseHash("$argon2id$v=19$m=19456,t=2,p=1$xeutfquAbgOERK9qevzPcQ$I1c+iG0WMWUSfixSl5Q3MyS647XRnI6oRFexbYuMaoo")
})
