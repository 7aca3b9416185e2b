package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// msgBadCredentials is the one message for a wrong username or password.
const msgBadCredentials = "Nieprawidłowa nazwa użytkownika lub hasło." // #nosec G101 -- a message shown to users, not a credential

// msgPasswordsBusy answers a password check that did not get its turn
// (auth.Gate): the server is checking as many passwords as its memory
// allows. Never a 500: the request is answered 503 with Retry-After.
const msgPasswordsBusy = "Serwer jest chwilowo przeciążony i nie sprawdził hasła. Spróbuj ponownie za chwilę." // #nosec G101 -- a message shown to users, not a credential

// retryAfterBusy is the Retry-After (seconds) of that answer.
const retryAfterBusy = "2"

// passwordsBusy reports whether err is a password check that did not get
// its turn, and then sets Retry-After for the 503 that answers it.
func passwordsBusy(w http.ResponseWriter, err error) bool {
	if !errors.Is(err, auth.ErrBusy) {
		return false
	}
	w.Header().Set("Retry-After", retryAfterBusy)
	return true
}

// safeNext keeps a post-sign-in target only if it is a path on this site:
// no control characters or backslashes (browsers drop or rewrite them), no
// scheme or host, one leading slash.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || len(next) > 2000 {
		return ""
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return next
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error {
	if webctx.User(r.Context()) != nil {
		redirect(w, r, paths.Home())
		return nil
	}
	s.render(w, r, http.StatusOK, pages.Login(pages.LoginView{Next: safeNext(r.URL.Query().Get(pages.FieldLoginNext)), Demo: s.cfg.Demo}))
	return nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	username := domain.NormalizeUsername(r.PostForm.Get(pages.FieldLoginUsername))
	password := r.PostForm.Get(pages.FieldLoginPassword)
	v := pages.LoginView{Username: r.PostForm.Get(pages.FieldLoginUsername), Next: safeNext(r.PostForm.Get(pages.FieldLoginNext)), Demo: s.cfg.Demo}
	fail := func(status int) error {
		s.render(w, r, status, pages.Login(v))
		return nil
	}

	errs := domain.Validation{}
	if username == "" {
		errs.Add(pages.FieldLoginUsername, "Podaj nazwę użytkownika.")
	} else if utf8.RuneCountInString(username) > domain.UsernameMax {
		errs.Add(pages.FieldLoginUsername, "Nazwa użytkownika może mieć najwyżej 64 znaki.")
	}
	if password == "" {
		errs.Add(pages.FieldLoginPassword, "Podaj hasło.")
	} else if utf8.RuneCountInString(password) > domain.PasswordMax {
		errs.Add(pages.FieldLoginPassword, "Hasło może mieć najwyżej 256 znaków.")
	}
	if len(errs) > 0 {
		v.Errors = errs
		return fail(http.StatusUnprocessableEntity)
	}

	addr := s.clientAddr(r)
	// The attempt is counted before the password is checked, under a lock,
	// so parallel guesses cannot get past the limit; a browser with its
	// device cookie for username is not throttled by strangers' guesses.
	attempt, until, err := s.store.BeginLoginAttempt(ctx, s.loginAttempt(r, username))
	if err != nil {
		return err
	}
	if !until.IsZero() {
		w.Header().Set("Retry-After", strconv.Itoa(int(until.Sub(s.now()).Seconds())+1))
		v.Message = throttledMessage(until, s.now())
		return fail(http.StatusTooManyRequests)
	}

	// A password the server had no turn to check was not a guess: the
	// attempt is not counted against the user or the address.
	busy := func() error {
		if err := s.store.ClearLoginAttempt(ctx, attempt); err != nil {
			return err
		}
		v.Message = msgPasswordsBusy
		return fail(http.StatusServiceUnavailable)
	}
	u, hash, err := s.store.UserCredentials(ctx, username)
	ok := false
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		if err := s.passwords.VerifyDummy(ctx, password); err != nil {
			if passwordsBusy(w, err) {
				return busy()
			}
			return err
		}
	case err != nil:
		return err
	default:
		ok, err = s.passwords.Verify(ctx, password, hash)
		if err != nil {
			if passwordsBusy(w, err) {
				return busy()
			}
			return err
		}
	}
	// Outside demo mode the demo password and demo accounts never sign in.
	if ok && !s.cfg.Demo && (password == domain.DemoPassword || u.Demo) {
		s.log.WarnContext(ctx, "sign-in refused: demo account or demo password outside demo mode", "user_id", u.ID)
		ok = false
	}
	if !ok {
		if err := s.store.RecordLoginFailure(ctx, domain.Actor{Address: addr}, username); err != nil {
			return err
		}
		v.Message = msgBadCredentials
		return fail(http.StatusUnprocessableEntity)
	}
	if !u.Active {
		v.Message = "To konto zostało dezaktywowane. Skontaktuj się z administratorem."
		return fail(http.StatusForbidden)
	}

	// Audit first: a sign-in that cannot be recorded does not happen.
	if err := s.store.RecordLogin(ctx, domain.ActorOf(u, addr), attempt); err != nil {
		return err
	}
	s.upgradeHash(ctx, domain.ActorOf(u, addr), u.ID, hash, password)
	// A second factor, when the account has one or its role needs one (mfa.go).
	if pending, err := s.beginSecondStep(w, r, u, v.Next); pending || err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessVersion, u.SessionVersion)
	s.sessions.Put(ctx, sessCSRF, randomString(32))
	s.issueDevice(w, r, u.Username)
	to := v.Next
	if to == "" {
		to = paths.Home()
	}
	redirect(w, r, to)
	return nil
}

// upgradeHash hashes a signed-in user's password anew when its stored hash
// has other parameters than auth.DefaultParams (made before they changed):
// only a sign-in has the password typed and checked. The password is the
// same, so the account's sessions go on. An upgrade that does not happen
// never stops the sign-in: with no turn for the hash (auth.ErrBusy) or the
// request over, the next sign-in does it; a password changed meanwhile is
// kept (store.UpgradePasswordHash compares). A second factor still to come
// does not matter: whoever typed the password could sign in with it.
func (s *Server) upgradeHash(ctx context.Context, a domain.Actor, userID int64, hash, password string) {
	if !auth.NeedsRehash(hash) {
		return
	}
	fresh, err := s.passwords.Hash(ctx, password)
	switch {
	case errors.Is(err, auth.ErrBusy) || ctx.Err() != nil:
		s.log.InfoContext(ctx, "password hash upgrade left to the next sign-in: no turn for it", "user_id", userID, "err", err)
		return
	case err != nil:
		s.log.WarnContext(ctx, "password hash not upgraded at sign-in", "user_id", userID, "err", err)
		return
	}
	r := store.Rehash{Old: hash, New: fresh, OldParams: auth.DescribeHash(hash), NewParams: auth.DescribeHash(fresh)}
	if ok, err := s.store.UpgradePasswordHash(ctx, a, userID, r); err != nil {
		s.log.WarnContext(ctx, "password hash not upgraded at sign-in", "user_id", userID, "err", err)
	} else if !ok {
		s.log.InfoContext(ctx, "password hash not upgraded at sign-in: the password changed meanwhile", "user_id", userID)
	}
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.store.RecordLogout(ctx, domain.ActorOf(webctx.User(ctx), s.clientAddr(r))); err != nil {
		return err
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		return err
	}
	s.flash(r, "success", "Wylogowano.")
	redirect(w, r, paths.Login())
	return nil
}

func (s *Server) handlePasswordPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.factorConfirm(r, webctx.User(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.AccountPassword(pages.PasswordView{Confirm: c}))
	return nil
}

func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := webctx.User(ctx)
	current := r.PostForm.Get(pages.FieldCurrentPassword)
	fail := func(err error) error {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		c, cerr := s.factorConfirm(r, u)
		if cerr != nil {
			return cerr
		}
		s.render(w, r, http.StatusUnprocessableEntity, pages.AccountPassword(pages.PasswordView{Errors: domain.FieldErrors(err), Confirm: c}))
		return nil
	}
	if ok, err := s.confirmPassword(w, r, current); err != nil {
		return err
	} else if !ok {
		return fail(&domain.Error{Code: domain.EINVALID, Fields: map[string]string{pages.FieldCurrentPassword: "Obecne hasło jest nieprawidłowe."}}) // #nosec G101 -- a field message, not a credential
	}
	// One's own account changes with the second factor too, when the user
	// has one (the same fresh check as a protocol decision).
	if msg, err := s.confirmSecondFactor(w, r); err != nil {
		return err
	} else if msg != "" {
		return fail(&domain.Error{Code: domain.EINVALID, Fields: map[string]string{pages.FieldSecondFactorCode: msg}})
	}
	password := r.PostForm.Get(pages.FieldPassword)
	if err := newPassword(password, r.PostForm.Get(pages.FieldPasswordConfirm), u); err != nil {
		return fail(err)
	}
	newHash, err := s.passwords.Hash(ctx, password)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(ctx, domain.ActorOf(u, s.clientAddr(r)), u.ID, newHash); err != nil {
		return err
	}
	// Other sessions of the account end; this one continues with a new token.
	fresh, err := s.store.User(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessVersion, fresh.SessionVersion)
	s.flash(r, "success", "Hasło zostało zmienione. Inne sesje tego konta zostały zakończone.")
	redirect(w, r, paths.Home())
	return nil
}

// confirmPassword is the one re-authentication of the signed-in user for
// their own account's changes and signatures (changing the password, here
// and on the admin form; signing a protocol decision): the password typed
// again. A second factor belongs here too. It is not a sign-in: strangers'
// failed sign-ins never block it and its failures do not count towards the
// sign-in throttle; the session has its own limit (reauthThrottled), so a
// stolen session cannot guess on. Failures are audited like sign-ins.
func (s *Server) confirmPassword(w http.ResponseWriter, r *http.Request, password string) (bool, error) {
	ctx := r.Context()
	u := webctx.User(ctx)
	if err := s.reauthThrottled(ctx); err != nil {
		return false, err
	}
	_, hash, err := s.store.UserCredentials(ctx, u.Username)
	if err != nil {
		return false, err
	}
	ok, err := s.passwords.Verify(ctx, password, hash)
	if err != nil {
		return false, err
	}
	s.noteReauth(ctx, ok)
	if !ok {
		return false, s.store.RecordLoginFailure(ctx, domain.ActorOf(u, s.clientAddr(r)), u.Username)
	}
	return true, nil
}
