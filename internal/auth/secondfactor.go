package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"kaizen/internal/domain"
)

// TOTPKey is a new authenticator-app secret with what the enrolment page
// shows: the otpauth:// address as a QR code (PNG) and the secret as text.
type TOTPKey struct {
	Secret string // base32, no padding
	URL    string // otpauth://totp/...
	PNG    []byte // the URL as a QR code
}

// NewTOTPKey makes a secret for account on issuer (160 random bits, SHA-1,
// six digits, 30 seconds: what every authenticator app reads).
func NewTOTPKey(issuer, account string) (*TOTPKey, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: uint(domain.TOTPPeriod / time.Second),
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, SecretSize: 20})
	if err != nil {
		return nil, err
	}
	return totpKey(k)
}

// TOTPKeyOf rebuilds the key of a secret (the enrolment page shown again).
func TOTPKeyOf(issuer, account, secret string) (*TOTPKey, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: uint(domain.TOTPPeriod / time.Second),
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: mustBase32(secret)})
	if err != nil {
		return nil, err
	}
	return totpKey(k)
}

func mustBase32(s string) []byte {
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

func totpKey(k *otp.Key) (*TOTPKey, error) {
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &TOTPKey{Secret: k.Secret(), URL: k.URL(), PNG: buf.Bytes()}, nil
}

// ValidTOTPSecret reports whether s is a secret NewTOTPKey could have made.
func ValidTOTPSecret(s string) bool {
	b := mustBase32(s)
	return len(b) >= 10 && len(b) <= 80 && strings.ToUpper(s) == s
}

// TOTPStep returns the 30-second step whose code code is, for secret at
// now, allowing one step of clock drift either way; ok is false for a wrong
// code. The caller spends the step (a code counts once).
func TOTPStep(secret, code string, now time.Time) (step int64, ok bool) {
	code = domain.NormalizeCode(code)
	if len(code) != domain.TOTPDigits {
		return 0, false
	}
	period := int64(domain.TOTPPeriod / time.Second)
	cur := now.Unix() / period
	for _, s := range []int64{cur - 1, cur, cur + 1} {
		want, err := TOTPCode(secret, time.Unix(s*period, 0))
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode is the code of secret at t (what the app shows).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: uint(domain.TOTPPeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// recoveryAlphabet has no letters that read alike (0/O, 1/I/L).
const recoveryAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewRecoveryCodes makes domain.RecoveryCodeCount one-time codes
// ("ABCDE-FGHJK", 50 random bits each) and their digests for storing.
func NewRecoveryCodes() (codes, digests []string) {
	for range domain.RecoveryCodeCount {
		var sb strings.Builder
		for sb.Len() < 11 {
			if sb.Len() == 5 {
				sb.WriteByte('-')
			}
			sb.WriteByte(randomRecoveryChar())
		}
		codes = append(codes, sb.String())
		digests = append(digests, RecoveryDigest(sb.String()))
	}
	return codes, digests
}

// randomRecoveryChar draws a letter of recoveryAlphabet uniformly (bytes
// past the largest multiple of its length are drawn again).
func randomRecoveryChar() byte {
	limit := 256 - 256%len(recoveryAlphabet)
	b := make([]byte, 1)
	for {
		_, _ = rand.Read(b)
		if int(b[0]) < limit {
			return recoveryAlphabet[int(b[0])%len(recoveryAlphabet)]
		}
	}
}

// RecoveryDigest is the stored form of a recovery code as typed (spaces,
// hyphens and case do not matter).
func RecoveryDigest(code string) string {
	sum := sha256.Sum256([]byte("kaizen-recovery:" + domain.NormalizeCode(code)))
	return hex.EncodeToString(sum[:])
}
