package web

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// The second factor of sign-in (ASVS 6.3.3). After the right password a
// session holds only the pending keys below, never sessUserID: loadUser
// then sees no user, so every page but the second step's answers as to an
// anonymous visitor. The second step (a passkey, an authenticator app's
// code or a recovery code) or, for a role that must have a factor and has
// none, enrolling one, completes the sign-in.

const (
	sessPendingUser    = "mfa_user_id"
	sessPendingVersion = "mfa_session_version"
	sessPendingSince   = "mfa_since" // unix seconds of the right password
	sessPendingNext    = "mfa_next"
	sessWebAuthnPrefix = "webauthn_" // + ceremony: the challenge's session data
)

// WebAuthn ceremonies whose challenge the session keeps.
const (
	ceremonySignIn   = "signin"
	ceremonyRegister = "register"
	ceremonyConfirm  = "confirm"
)

const issuer = "Kaizen"

// setUpSecondFactor sets the policy and, with a base URL, the passkeys'
// relying party (its id is the base URL's host name).
func (s *Server) setUpSecondFactor() error {
	roles := s.cfg.SecondFactorRoles
	if roles == nil {
		roles = domain.DefaultSecondFactorRoles
	}
	s.factors = domain.SecondFactorPolicy{Required: roles, DemoSkips: s.cfg.Demo}
	if s.cfg.BaseURL == "" {
		return nil
	}
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil {
		return err
	}
	s.webAuthn, err = webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: issuer, RPOrigins: []string{u.Scheme + "://" + u.Host}})
	return err
}

type ctxFactorOwner struct{}

// requireSecondStep lets through only a session waiting for its second
// step; its user is in the context (factorOwner).
func (s *Server) requireSecondStep(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.pendingUser(r)
		if err != nil {
			return err
		}
		if u == nil {
			return errSignIn
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxFactorOwner{}, u)))
		return nil
	})
}

// requireFactorOwner lets through a signed-in user, or a session waiting
// for its second step whose user has no factor yet (enrolling one is the
// second step).
func (s *Server) requireFactorOwner(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		u := webctx.User(r.Context())
		if u == nil {
			p, err := s.pendingUser(r)
			if err != nil {
				return err
			}
			if p == nil {
				return errSignIn
			}
			f, err := s.store.SecondFactors(r.Context(), p.ID)
			if err != nil {
				return err
			}
			if f.Any() {
				redirect(w, r, paths.SecondStep())
				return nil
			}
			u = p
		} else if !u.Can(domain.PermUseApp) {
			return s.forbidden(r)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxFactorOwner{}, u)))
		return nil
	})
}

func factorOwner(ctx context.Context) *domain.User {
	u, _ := ctx.Value(ctxFactorOwner{}).(*domain.User)
	return u
}

// pendingUser is the user of a session waiting for its second step, or nil
// (also when the wait has expired or the account changed since).
func (s *Server) pendingUser(r *http.Request) (*domain.User, error) {
	ctx := r.Context()
	if webctx.User(ctx) != nil || !s.sessionLoaded(ctx) {
		return nil, nil
	}
	id := s.sessions.GetInt64(ctx, sessPendingUser)
	if id == 0 {
		return nil, nil
	}
	since := time.Unix(s.sessions.GetInt64(ctx, sessPendingSince), 0)
	u, err := s.store.User(ctx, id)
	switch {
	case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	case err != nil || !u.Active || u.SessionVersion != s.sessions.GetInt(ctx, sessPendingVersion) ||
		(u.Demo && !s.cfg.Demo) || s.now().Sub(since) > domain.SecondStepTimeout:
		return nil, s.sessions.Destroy(ctx)
	}
	return u, nil
}

// beginSecondStep is called by the sign-in handler once the password is
// right. It reports false when u signs in without a second step (no factor
// and a role that does not need one, or a demo account in demo mode);
// otherwise the session waits for the second step and the answer is sent.
func (s *Server) beginSecondStep(w http.ResponseWriter, r *http.Request, u *domain.User, next string) (bool, error) {
	ctx := r.Context()
	if s.factors.Skips(u) {
		return false, nil
	}
	f, err := s.store.SecondFactors(ctx, u.ID)
	if err != nil {
		return false, err
	}
	if !f.Any() && !s.factors.Requires(u) {
		return false, nil
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return false, err
	}
	s.sessions.Put(ctx, sessPendingUser, u.ID)
	s.sessions.Put(ctx, sessPendingVersion, u.SessionVersion)
	s.sessions.Put(ctx, sessPendingSince, s.now().Unix())
	s.sessions.Put(ctx, sessPendingNext, next)
	s.sessions.Put(ctx, sessCSRF, randomString(32))
	if f.Any() {
		redirect(w, r, paths.SecondStep())
	} else {
		redirect(w, r, paths.AccountSecurity())
	}
	return true, nil
}

// completeSignIn makes a session whose second step succeeded a signed-in
// one, with a new token, and gives the browser its device cookie (only a
// complete sign-in earns one).
func (s *Server) completeSignIn(w http.ResponseWriter, r *http.Request, u *domain.User) (next string, err error) {
	ctx := r.Context()
	next = s.sessions.GetString(ctx, sessPendingNext)
	if next == "" {
		next = paths.Home()
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return "", err
	}
	for _, k := range []string{sessPendingUser, sessPendingVersion, sessPendingSince, sessPendingNext} {
		s.sessions.Remove(ctx, k)
	}
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessVersion, u.SessionVersion)
	s.sessions.Put(ctx, sessCSRF, randomString(32))
	s.issueDevice(w, r, u.Username)
	return next, nil
}

func (s *Server) secondStepView(r *http.Request, u *domain.User, errs map[string]string, message string) (pages.SecondStepView, error) {
	f, err := s.store.SecondFactors(r.Context(), u.ID)
	if err != nil {
		return pages.SecondStepView{}, err
	}
	v := pages.SecondStepView{User: u, TOTP: f.TOTP, Recovery: f.RecoveryLeft > 0, Errors: errs, Message: message}
	if len(f.Passkeys) > 0 && s.webAuthn != nil {
		v.PasskeyOptions, err = s.beginPasskeyAssertion(r.Context(), u, f.Passkeys, ceremonySignIn)
		if err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Server) handleSecondStepPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.secondStepView(r, factorOwner(r.Context()), nil, "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.SecondStep(v))
	return nil
}

// secondStepThrottled answers 429 while the account's second step is
// refused after too many wrong codes.
func (s *Server) secondStepThrottled(w http.ResponseWriter, r *http.Request, u *domain.User) (bool, error) {
	until, err := s.store.SecondFactorThrottledUntil(r.Context(), u.ID)
	if err != nil || until.IsZero() {
		return false, err
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(until.Sub(s.now()).Seconds())+1))
	v, err := s.secondStepView(r, u, nil, "Zbyt wiele błędnych kodów. Spróbuj ponownie po godzinie "+components.Time(until)+".")
	if err != nil {
		return true, err
	}
	s.render(w, r, http.StatusTooManyRequests, pages.SecondStep(v))
	return true, nil
}

// handleSecondStepCode takes an authenticator app's code or a recovery
// code.
func (s *Server) handleSecondStepCode(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := factorOwner(ctx)
	if done, err := s.secondStepThrottled(w, r, u); done || err != nil {
		return err
	}
	code := domain.NormalizeCode(r.PostForm.Get(pages.FieldSecondFactorCode))
	var ok bool
	var err error
	switch {
	case code == "":
		v, err := s.secondStepView(r, u, map[string]string{pages.FieldSecondFactorCode: "Wpisz kod z aplikacji albo kod odzyskiwania."}, "")
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, pages.SecondStep(v))
		return nil
	case len(code) == domain.TOTPDigits:
		ok, err = s.checkTOTP(ctx, u, code)
	default:
		ok, err = s.store.SpendRecoveryCode(ctx, domain.ActorOf(u, s.clientAddr(r)), u.ID, auth.RecoveryDigest(code))
	}
	return s.endSecondStep(w, r, u, ok, err)
}

// checkTOTP checks an authenticator app's code of u and spends its step.
func (s *Server) checkTOTP(ctx context.Context, u *domain.User, code string) (bool, error) {
	secret, err := s.store.TOTPSecret(ctx, u.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	step, ok := auth.TOTPStep(secret, code, s.now())
	if !ok {
		return false, nil
	}
	return s.store.SpendTOTPStep(ctx, u.ID, step)
}

// endSecondStep ends a second step whose factor was checked (ok): signed
// in and on to the page asked for, or the step shown again with its error.
func (s *Server) endSecondStep(w http.ResponseWriter, r *http.Request, u *domain.User, ok bool, err error) error {
	if err != nil {
		return err
	}
	if !ok {
		return s.secondStepFailed(w, r, u)
	}
	next, err := s.completeSignIn(w, r, u)
	if err != nil {
		return err
	}
	redirect(w, r, next)
	return nil
}

const msgWrongCode = "Kod jest nieprawidłowy albo został już użyty. Wpisz aktualny kod z aplikacji albo nieużyty kod odzyskiwania."

func (s *Server) secondStepFailed(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if err := s.store.RecordFactorFailure(r.Context(), domain.ActorOf(u, s.clientAddr(r))); err != nil {
		return err
	}
	v, err := s.secondStepView(r, u, map[string]string{pages.FieldSecondFactorCode: msgWrongCode}, "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, pages.SecondStep(v))
	return nil
}

// handleSecondStepPasskey takes a passkey's assertion (the form the page's
// script submits).
func (s *Server) handleSecondStepPasskey(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := factorOwner(ctx)
	if done, err := s.secondStepThrottled(w, r, u); done || err != nil {
		return err
	}
	ok, err := s.finishPasskeyAssertion(ctx, u, ceremonySignIn, r.PostForm.Get(pages.FieldPasskeyCredential))
	return s.endSecondStep(w, r, u, ok, err)
}

func (s *Server) handleSecondStepCancel(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	redirect(w, r, paths.Login())
	return nil
}

// passkeyUser is an account as the WebAuthn library sees it: its handle is
// the account's id (no personal data), its credentials its passkeys.
type passkeyUser struct {
	u     *domain.User
	creds []webauthn.Credential
	ids   []int64 // the passkeys' ids, in the order of creds
}

func (p passkeyUser) WebAuthnID() []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(p.u.ID)) // #nosec G115 -- ids are positive
}
func (p passkeyUser) WebAuthnName() string                       { return p.u.Username }
func (p passkeyUser) WebAuthnDisplayName() string                { return p.u.DisplayName }
func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

func newPasskeyUser(u *domain.User, keys []domain.Passkey) (passkeyUser, error) {
	p := passkeyUser{u: u}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Data, &c); err != nil {
			return p, err
		}
		p.creds = append(p.creds, c)
		p.ids = append(p.ids, k.ID)
	}
	return p, nil
}

// beginPasskeyAssertion makes a challenge for u's passkeys, keeps it in the
// session under ceremony and returns the options for the page's script.
func (s *Server) beginPasskeyAssertion(ctx context.Context, u *domain.User, keys []domain.Passkey, ceremony string) (string, error) {
	pu, err := newPasskeyUser(u, keys)
	if err != nil {
		return "", err
	}
	opts, data, err := s.webAuthn.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return "", err
	}
	return s.keepChallenge(ctx, ceremony, opts, data)
}

func (s *Server) keepChallenge(ctx context.Context, ceremony string, opts any, data *webauthn.SessionData) (string, error) {
	d, err := json.Marshal(data)
	if err != nil {
		return "", err
	}
	s.sessions.Put(ctx, sessWebAuthnPrefix+ceremony, string(d))
	o, err := json.Marshal(opts)
	return string(o), err
}

// takeChallenge returns the session's challenge of ceremony, and forgets
// it: a challenge is answered once.
func (s *Server) takeChallenge(ctx context.Context, ceremony string) (*webauthn.SessionData, bool) {
	raw := s.sessions.PopString(ctx, sessWebAuthnPrefix+ceremony)
	if raw == "" {
		return nil, false
	}
	var data webauthn.SessionData
	// The library checks the challenge's expiry (by the wall clock it was
	// set by) when the answer is validated.
	if json.Unmarshal([]byte(raw), &data) != nil {
		return nil, false
	}
	return &data, true
}

// finishPasskeyAssertion checks an assertion of u's passkey against the
// session's challenge of ceremony and records the passkey's use. A missing,
// malformed or wrong assertion is false.
func (s *Server) finishPasskeyAssertion(ctx context.Context, u *domain.User, ceremony, credential string) (bool, error) {
	if s.webAuthn == nil || strings.TrimSpace(credential) == "" {
		return false, nil
	}
	data, ok := s.takeChallenge(ctx, ceremony)
	if !ok {
		return false, nil
	}
	keys, err := s.store.Passkeys(ctx, u.ID)
	if err != nil {
		return false, err
	}
	pu, err := newPasskeyUser(u, keys)
	if err != nil {
		return false, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(credential))
	if err != nil {
		s.log.InfoContext(ctx, "passkey assertion refused", "user_id", u.ID, "error", err)
		return false, nil
	}
	cred, err := s.webAuthn.ValidateLogin(pu, *data, parsed)
	if err != nil {
		s.log.InfoContext(ctx, "passkey assertion refused", "user_id", u.ID, "error", err)
		return false, nil
	}
	for i, c := range pu.creds {
		if string(c.ID) == string(cred.ID) {
			d, err := json.Marshal(cred)
			if err != nil {
				return false, err
			}
			return true, s.store.UsePasskey(ctx, pu.ids[i], d)
		}
	}
	return false, nil
}
