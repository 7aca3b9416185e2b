package paths

// --- the second factor of sign-in

// SecondStep is sign-in's second step: a passkey, an authenticator app's
// code or a recovery code (POST: the code).
func SecondStep() string { return "/login/second-step" }

// SecondStepPasskey takes the passkey's assertion of the second step (POST).
func SecondStepPasskey() string { return "/login/second-step/passkey" }

// SecondStepCancel abandons a sign-in waiting for its second step (POST).
func SecondStepCancel() string { return "/login/second-step/cancel" }

// AccountSecurity lists the account's factors and enrols new ones.
func AccountSecurity() string { return "/account/security" }

// AccountTOTP enrols an authenticator app (POST: the secret and its code).
func AccountTOTP() string { return "/account/security/totp" }

// AccountTOTPDelete removes the authenticator app (POST).
func AccountTOTPDelete() string { return "/account/security/totp/delete" }

// AccountPasskeys registers a passkey (POST: its attestation).
func AccountPasskeys() string { return "/account/security/passkeys" }

// AccountPasskeyDelete removes a passkey (POST).
func AccountPasskeyDelete(passkeyID int64) string {
	return "/account/security/passkeys/" + id(passkeyID) + "/delete"
}

// AccountRecoveryCodes issues a fresh set of recovery codes (POST).
func AccountRecoveryCodes() string { return "/account/security/recovery-codes" }

// AccountChallenge gives a signed-in user a passkey challenge to confirm a
// decision with (POST, JSON).
func AccountChallenge() string { return "/account/security/challenge" }
