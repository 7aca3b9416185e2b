package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// The account's second factors: enrolling an authenticator app (its secret
// waits in the session until a code confirms it) or a passkey, removing
// them, fresh recovery codes, and confirming a decision with a factor.

const sessTOTPSecret = "totp_secret" // the secret shown, not yet confirmed

// securityView builds the account security page of u (the signed-in user,
// or one enrolling a factor before the sign-in completes).
func (s *Server) securityView(r *http.Request, u *domain.User, errs map[string]string, message string) (pages.SecurityView, error) {
	ctx := r.Context()
	f, err := s.store.SecondFactors(ctx, u.ID)
	if err != nil {
		return pages.SecurityView{}, err
	}
	v := pages.SecurityView{User: u, Factors: f, Required: s.factors.Requires(u), Enrolling: webctx.User(ctx) == nil,
		Errors: errs, Message: message, PasskeyName: r.PostForm.Get(pages.FieldPasskeyName)}
	if !f.TOTP {
		secret := s.sessions.GetString(ctx, sessTOTPSecret)
		var key *auth.TOTPKey
		if secret == "" {
			key, err = auth.NewTOTPKey(issuer, u.Username)
		} else {
			key, err = auth.TOTPKeyOf(issuer, u.Username, secret)
		}
		if err != nil {
			return v, err
		}
		s.sessions.Put(ctx, sessTOTPSecret, key.Secret)
		v.TOTPSecret = key.Secret
		v.TOTPQR = "data:image/png;base64," + base64.StdEncoding.EncodeToString(key.PNG)
	}
	if s.webAuthn != nil {
		pu, err := newPasskeyUser(u, f.Passkeys)
		if err != nil {
			return v, err
		}
		opts, data, err := s.webAuthn.BeginRegistration(pu, webauthn.WithExclusions(webauthn.Credentials(pu.creds).CredentialDescriptors()),
			webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
		if err != nil {
			return v, err
		}
		if v.PasskeyOptions, err = s.keepChallenge(ctx, ceremonyRegister, opts, data); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Server) renderSecurity(w http.ResponseWriter, r *http.Request, status int, errs map[string]string, message string) error {
	u := factorOwner(r.Context())
	if u == nil {
		u = webctx.User(r.Context())
	}
	v, err := s.securityView(r, u, errs, message)
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.Security(v))
	return nil
}

func (s *Server) handleSecurityPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSecurity(w, r, http.StatusOK, nil, "")
}

// handleTOTPEnrol confirms the authenticator app shown on the page with
// one of its codes.
func (s *Server) handleTOTPEnrol(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := factorOwner(ctx)
	secret := s.sessions.GetString(ctx, sessTOTPSecret)
	code := domain.NormalizeCode(r.PostForm.Get(pages.FieldSecondFactorCode))
	field := func(msg string) error {
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, map[string]string{pages.FieldSecondFactorCode: msg}, "")
	}
	if code == "" {
		return field("Wpisz sześciocyfrowy kod, który pokazuje aplikacja.")
	}
	if !auth.ValidTOTPSecret(secret) {
		return field("Kod QR wygasł. Zeskanuj nowy kod i wpisz kod z aplikacji.")
	}
	step, ok := auth.TOTPStep(secret, code, s.now())
	if !ok {
		return field("Kod jest nieprawidłowy. Sprawdź, czy zegar telefonu jest ustawiony poprawnie, i wpisz aktualny kod.")
	}
	if err := s.store.EnrolTOTP(ctx, domain.ActorOf(u, s.clientAddr(r)), u.ID, secret, step); err != nil {
		return err
	}
	s.sessions.Remove(ctx, sessTOTPSecret)
	return s.factorEnrolled(w, r, u, "Dodano aplikację uwierzytelniającą.")
}

// handlePasskeyRegister stores the passkey the page's script created.
func (s *Server) handlePasskeyRegister(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := factorOwner(ctx)
	name := strings.TrimSpace(r.PostForm.Get(pages.FieldPasskeyName))
	fail := func(msg string) error {
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, map[string]string{pages.FieldPasskeyName: msg}, "")
	}
	if name == "" {
		return fail("Nazwij klucz, np. „Laptop w biurze” albo „Klucz YubiKey”.")
	}
	if len([]rune(name)) > domain.PasskeyNameMax {
		return fail("Nazwa klucza może mieć najwyżej 100 znaków.")
	}
	data, ok := s.takeChallenge(ctx, ceremonyRegister)
	if s.webAuthn == nil || !ok {
		return fail("Klucz dostępu nie został utworzony. Spróbuj ponownie.")
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(r.PostForm.Get(pages.FieldPasskeyCredential)))
	if err != nil {
		return fail("Klucz dostępu nie został utworzony. Spróbuj ponownie.")
	}
	keys, err := s.store.Passkeys(ctx, u.ID)
	if err != nil {
		return err
	}
	pu, err := newPasskeyUser(u, keys)
	if err != nil {
		return err
	}
	cred, err := s.webAuthn.CreateCredential(pu, *data, parsed)
	if err != nil {
		s.log.InfoContext(ctx, "passkey registration refused", "user_id", u.ID, "error", err)
		return fail("Przeglądarka przekazała nieprawidłowy klucz dostępu. Spróbuj ponownie.")
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	if err := s.store.AddPasskey(ctx, domain.ActorOf(u, s.clientAddr(r)), &domain.Passkey{UserID: u.ID, CredentialID: cred.ID, Name: name, Data: raw}); err != nil {
		return err
	}
	return s.factorEnrolled(w, r, u, "Dodano klucz dostępu „"+name+"”.")
}

// factorEnrolled completes a sign-in waiting for its first factor, and
// shows recovery codes when the account has none left.
func (s *Server) factorEnrolled(w http.ResponseWriter, r *http.Request, u *domain.User, msg string) error {
	ctx := r.Context()
	next := paths.AccountSecurity()
	if webctx.User(ctx) == nil {
		var err error
		if next, err = s.completeSignIn(w, r, u); err != nil {
			return err
		}
	}
	f, err := s.store.SecondFactors(ctx, u.ID)
	if err != nil {
		return err
	}
	if f.RecoveryLeft > 0 {
		s.flash(r, "success", msg)
		redirect(w, r, next)
		return nil
	}
	return s.issueRecoveryCodes(w, r, u, msg, next)
}

func (s *Server) issueRecoveryCodes(w http.ResponseWriter, r *http.Request, u *domain.User, msg, next string) error {
	codes, digests := auth.NewRecoveryCodes()
	if err := s.store.ReplaceRecoveryCodes(r.Context(), domain.ActorOf(u, s.clientAddr(r)), u.ID, digests); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.RecoveryCodes(pages.RecoveryCodesView{Message: msg, Codes: codes, Next: next}))
	return nil
}

func (s *Server) handleRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	u := webctx.User(r.Context())
	f, err := s.store.SecondFactors(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if !f.Any() {
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, nil, "Kody odzyskiwania zastępują drugi składnik: najpierw dodaj klucz dostępu albo aplikację.")
	}
	return s.issueRecoveryCodes(w, r, u, "Wydano nowe kody odzyskiwania; poprzednie przestały działać.", paths.AccountSecurity())
}

// removable reports why u may not remove one of the factors f (the last
// one of a role that must have a second factor), or "".
func (s *Server) removable(u *domain.User, f domain.SecondFactors) string {
	if s.factors.Requires(u) && f.Count() <= 1 {
		return "Twoja rola wymaga drugiego składnika logowania: dodaj inny klucz albo aplikację, zanim usuniesz ten."
	}
	return ""
}

func (s *Server) handleTOTPDelete(w http.ResponseWriter, r *http.Request) error {
	u := webctx.User(r.Context())
	f, err := s.store.SecondFactors(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if !f.TOTP {
		return domain.Errorf(domain.ENOTFOUND, "To konto nie ma aplikacji uwierzytelniającej.")
	}
	if msg := s.removable(u, f); msg != "" {
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, nil, msg)
	}
	if err := s.store.RemoveTOTP(r.Context(), s.actor(r), u.ID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto aplikację uwierzytelniającą.")
	redirect(w, r, paths.AccountSecurity())
	return nil
}

func (s *Server) handlePasskeyDelete(w http.ResponseWriter, r *http.Request) error {
	u := webctx.User(r.Context())
	id, err := idParam(r, "passkeyID", passkeyNotFound)
	if err != nil {
		return err
	}
	f, err := s.store.SecondFactors(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(f.Passkeys, func(k domain.Passkey) bool { return k.ID == id }) {
		return domain.Errorf(domain.ENOTFOUND, "%s", passkeyNotFound)
	}
	if msg := s.removable(u, f); msg != "" {
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, nil, msg)
	}
	if err := s.store.RemovePasskey(r.Context(), s.actor(r), u.ID, id); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto klucz dostępu.")
	redirect(w, r, paths.AccountSecurity())
	return nil
}

const passkeyNotFound = "Nie ma takiego klucza dostępu." // #nosec G101 -- a message shown to users, not a credential

// handleConfirmChallenge gives the signed-in user's script a challenge for
// their passkeys, to confirm a decision with (JSON).
func (s *Server) handleConfirmChallenge(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := webctx.User(ctx)
	keys, err := s.store.Passkeys(ctx, u.ID)
	if err != nil {
		return err
	}
	if s.webAuthn == nil || len(keys) == 0 {
		return domain.Errorf(domain.ENOTFOUND, "To konto nie ma klucza dostępu.")
	}
	opts, err := s.beginPasskeyAssertion(ctx, u, keys, ceremonyConfirm)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write([]byte(opts))
	return err
}

// factorConfirm is what the decision form asks of u: nothing more than the
// password when u has no factor.
func (s *Server) factorConfirm(r *http.Request, u *domain.User) (pages.FactorConfirm, error) {
	f, err := s.store.SecondFactors(r.Context(), u.ID)
	if err != nil || s.factors.Skips(u) {
		return pages.FactorConfirm{}, err
	}
	return pages.FactorConfirm{TOTP: f.TOTP, Passkey: len(f.Passkeys) > 0 && s.webAuthn != nil}, nil
}

// confirmSecondFactor checks the fresh second factor a decision or an own
// password change of the signed-in user carries (a passkey's assertion or an authenticator app's
// code): the message for the form, or "" when it is right or the user has
// no factor.
func (s *Server) confirmSecondFactor(w http.ResponseWriter, r *http.Request) (string, error) {
	ctx := r.Context()
	u := webctx.User(ctx)
	c, err := s.factorConfirm(r, u)
	if err != nil || (!c.TOTP && !c.Passkey) {
		return "", err
	}
	if until, err := s.store.SecondFactorThrottledUntil(ctx, u.ID); err != nil {
		return "", err
	} else if !until.IsZero() {
		return "Zbyt wiele błędnych kodów. Spróbuj ponownie później.", nil
	}
	var ok bool
	credential := r.PostForm.Get(pages.FieldPasskeyCredential)
	code := domain.NormalizeCode(r.PostForm.Get(pages.FieldSecondFactorCode))
	switch {
	case credential != "":
		ok, err = s.finishPasskeyAssertion(ctx, u, ceremonyConfirm, credential)
	case code == "":
		return "Potwierdź kluczem dostępu albo kodem z aplikacji uwierzytelniającej.", nil
	default:
		ok, err = s.checkTOTP(ctx, u, code)
	}
	if err != nil || ok {
		return "", err
	}
	if err := s.store.RecordFactorFailure(ctx, s.actor(r)); err != nil {
		return "", err
	}
	return "Drugi składnik jest nieprawidłowy albo kod został już użyty. Nic nie zapisano.", nil
}
