package pages

import "kaizen/internal/domain"

// Form fields of the second factor.
const (
	FieldSecondFactorCode  = "code"         // an authenticator app's code or a recovery code
	FieldPasskeyCredential = "credential"   // a passkey's answer, filled in by the page's script
	FieldPasskeyName       = "passkey_name" // what the user calls a new passkey
)

// SecondStepView is sign-in's second step.
type SecondStepView struct {
	User     *domain.User
	TOTP     bool // an authenticator app is enrolled
	Recovery bool // unused recovery codes are left
	// PasskeyOptions are the WebAuthn request options (JSON) when the
	// account has passkeys.
	PasskeyOptions string
	Errors         map[string]string
	Message        string
}

// SecurityView is the account's second factors and their enrolment.
type SecurityView struct {
	User      *domain.User
	Factors   domain.SecondFactors
	Required  bool // the role must have a second factor
	Enrolling bool // the sign-in waits for this first factor
	Errors    map[string]string
	Message   string
	// TOTPSecret and TOTPQR (a data: address of a PNG) show a new
	// authenticator app's secret while none is enrolled.
	TOTPSecret string
	TOTPQR     string
	// PasskeyOptions are the WebAuthn creation options (JSON); empty when
	// passkeys are not offered (no base address configured).
	PasskeyOptions string
	PasskeyName    string
}

// RecoveryCodesView shows fresh recovery codes once.
type RecoveryCodesView struct {
	Message string
	Codes   []string
	Next    string
}

// FactorConfirm is what a decision asks besides the password.
type FactorConfirm struct {
	TOTP    bool
	Passkey bool
}

// Any reports whether a second factor is asked.
func (c FactorConfirm) Any() bool { return c.TOTP || c.Passkey }

// groupedSecret shows a secret in groups of four for typing.
func groupedSecret(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if i > 0 && i%4 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}
