package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/upload"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// handlerFunc is a handler that returns its error; handle turns the error
// into the right page once, here.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	}
}

// render writes a page with status. The page is rendered into a buffer
// first, so a rendering error becomes a clean 500 and the session (CSRF
// token, popped flash) is saved before the headers go out.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	ctx := webctx.WithReturn(r.Context(), formPage(r), formPageTitle(r))
	ctx = webctx.WithPage(ctx, status >= http.StatusBadRequest)
	if s.sessionLoaded(ctx) {
		if f := s.sessions.PopString(ctx, sessFlash); f != "" {
			kind, msg, _ := strings.Cut(f, "|")
			anchor := s.sessions.PopString(ctx, sessFlashAnchor)
			ctx = webctx.WithFlashes(ctx, []webctx.Flash{{Kind: kind, Message: msg, Anchor: anchor}})
		}
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := c.Render(ctx, buf); err != nil {
		if r.Context().Err() != nil {
			return // the client went away: no one to answer
		}
		if status >= http.StatusInternalServerError {
			// The error page itself failed: plain text, never again
			// through serverError (that would recurse).
			s.log.ErrorContext(ctx, "rendering the error page", "request_id", webctx.RequestID(ctx), "error", err)
			http.Error(w, "Wystąpił nieoczekiwany błąd. Spróbuj ponownie za chwilę.", status)
			return
		}
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// formPage is the page a form rendered now belongs to, for its hidden
// return field and for the error page's way back: the page itself on GET,
// or the return field a posted form carried, if it is a safe same-site
// path. Never a redirect target: it is only shown as a link.
func formPage(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		p := r.URL.Path
		if r.URL.RawQuery != "" {
			p += "?" + r.URL.RawQuery
		}
		return safeReturn(p)
	}
	if r.PostForm == nil {
		return ""
	}
	return safeReturn(r.PostForm.Get(components.FieldReturn))
}

// formPageTitle is the title a posted form carried with its return field:
// plain text of at most 150 characters (shown escaped, never as markup).
func formPageTitle(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.PostForm == nil {
		return ""
	}
	t := strings.TrimSpace(r.PostForm.Get(components.FieldReturnTitle))
	if !utf8.ValidString(t) || utf8.RuneCountInString(t) > 150 || strings.ContainsFunc(t, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		return ""
	}
	return t
}

// safeReturn keeps p only if it is a path of this site: one leading slash
// (not "//" or "/\", which browsers read as another host), no scheme or
// host, no control characters, at most 1000 bytes.
func safeReturn(p string) string {
	if len(p) > 1000 || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\x00\r\n\t") || !utf8.ValidString(p) {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return ""
		}
	}
	return p
}

// flash stores a message for the next page.
func (s *Server) flash(r *http.Request, kind, msg string) {
	s.sessions.Put(r.Context(), sessFlash, kind+"|"+msg)
}

// redirectFlash answers a form with 303 See Other to a section of a page
// (to ends in "#section"): the flash message put before is shown inside
// that section, and the redirect leads to the message itself, so the
// browser scrolls to it and moves focus there (no JavaScript needed).
func (s *Server) redirectFlash(w http.ResponseWriter, r *http.Request, to string) {
	if base, anchor, ok := strings.Cut(to, "#"); ok && anchor != "" && s.sessions.Exists(r.Context(), sessFlash) {
		s.sessions.Put(r.Context(), sessFlashAnchor, anchor)
		to = base + "#" + components.FlashID
	}
	redirect(w, r, to)
}

// redirect answers a form with 303 See Other.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther) // #nosec G710 -- every target is a path of web/paths or a sign-in target kept only if local (safeNext)
}

var statusOf = map[domain.Code]int{
	domain.EINVALID:   http.StatusUnprocessableEntity,
	domain.ENOTFOUND:  http.StatusNotFound,
	domain.ECONFLICT:  http.StatusConflict,
	domain.EFORBIDDEN: http.StatusForbidden,
	domain.ETHROTTLED: http.StatusTooManyRequests,
	domain.EINTERNAL:  http.StatusInternalServerError,
}

var titleOf = map[int]string{
	http.StatusBadRequest:            "Nieprawidłowe żądanie",
	http.StatusForbidden:             "Brak dostępu",
	http.StatusNotFound:              "Nie znaleziono strony",
	http.StatusMethodNotAllowed:      "Niedozwolona metoda",
	http.StatusConflict:              "Nie można wykonać czynności",
	http.StatusUnprocessableEntity:   "Nieprawidłowe dane",
	http.StatusTooManyRequests:       "Zbyt wiele prób",
	http.StatusInternalServerError:   "Błąd serwera",
	http.StatusRequestEntityTooLarge: "Za dużo danych",
	http.StatusServiceUnavailable:    "Usługa chwilowo niedostępna",
}

// renderError turns err into its status page; internal errors are logged
// once, here, and shown without details.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	if passwordsBusy(w, err) {
		s.errorPage(w, r, http.StatusServiceUnavailable, msgPasswordsBusy)
		return
	}
	var se *statusError
	if errors.As(err, &se) {
		s.errorPage(w, r, se.status, se.message)
		return
	}
	if errors.Is(err, domain.ErrFileAltered) {
		s.log.ErrorContext(r.Context(), "evidence file altered behind the application", "request_id", webctx.RequestID(r.Context()), "path", r.URL.Path, "error", err)
	}
	code := domain.ErrorCode(err)
	if code == domain.EUNAUTHORIZED {
		to := paths.Login()
		if r.Method == http.MethodGet && r.URL.Path != "/" {
			to += "?" + pages.FieldLoginNext + "=" + url.QueryEscape(r.URL.RequestURI())
		}
		redirect(w, r, to)
		return
	}
	if code == domain.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	s.errorPage(w, r, statusOf[code], domain.ErrorMessage(err))
}

// serverError answers an internal error with 500, or a database outage
// with a retry or 503 (unavailable).
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if store.Unavailable(err) {
		s.unavailable(w, r, err)
		return
	}
	s.log.ErrorContext(r.Context(), "internal error", "request_id", webctx.RequestID(r.Context()), "path", r.URL.Path, "error", err)
	s.errorPage(w, r, http.StatusInternalServerError, "Wystąpił nieoczekiwany błąd. Spróbuj ponownie za chwilę. Jeśli błąd się powtarza, przekaż administratorowi identyfikator zgłoszenia.")
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	v := pages.ErrorView{Status: status, Title: titleOf[status], Message: msg, RequestID: webctx.RequestID(r.Context())}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		v.Back = formPage(r)
		if v.Back != "" {
			v.BackTitle = formPageTitle(r)
		}
	}
	if v.Title == "" {
		v.Title = http.StatusText(status)
	}
	s.render(w, r, status, pages.Error(v))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	s.errorPage(w, r, http.StatusNotFound, "Strona, której szukasz, nie istnieje albo została przeniesiona.")
	return nil
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) error {
	s.errorPage(w, r, http.StatusMethodNotAllowed, "Ta strona nie obsługuje takiego żądania.")
	return nil
}

// serveFile sends a stored evidence file as a download, after recording the
// export of personal data it carries, under the record the file belongs to.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, f *domain.File, data []byte, entity string, recordID int64, what string) error {
	if err := s.store.RecordExport(r.Context(), s.actor(r), entity, store.FormatID(recordID), what+" (plik "+store.FormatID(f.ID)+")"); err != nil {
		return err
	}
	download(w, f.ContentType, f.Name, data)
	return nil
}

// download sends data as a file to save, under a safe ASCII name.
func download(w http.ResponseWriter, contentType, name string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+asciiName(upload.Name(name, contentType), contentType)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data) // #nosec G705 -- a file to save (Content-Disposition: attachment, its sniffed type, nosniff and CSP on every answer), never rendered as our page
}

// asciiName makes a safe download name.
func asciiName(name, ct string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	s := b.String()
	if s == "" || strings.Trim(s, "._") == "" {
		return "skan" + upload.Ext(ct)
	}
	return s
}
