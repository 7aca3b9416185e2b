package web

// Request helpers shared by the resources' handlers: who acts, which
// record the address names, what a list's query asks, what a form sent,
// and which units the user may see.

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/upload"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
)

// actor is who makes the request's change, as the audit trail records it.
func (s *Server) actor(r *http.Request) domain.Actor {
	return domain.ActorOf(webctx.User(r.Context()), s.clientAddr(r))
}

// idParam is the record id in the address parameter name; a missing or
// malformed one is ENOTFOUND with the message notFound.
func idParam(r *http.Request, name, notFound string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "%s", notFound)
	}
	return id, nil
}

// recordFromURL reads the programme the address names and, with load, the
// record of that programme it names (a session, a protocol …).
func recordFromURL[T any](s *Server, r *http.Request, load func(*http.Request, *domain.Programme) (T, error)) (*domain.Programme, T, error) {
	var none T
	p, err := s.programmeFromURL(r)
	if err != nil {
		return nil, none, err
	}
	x, err := load(r, p)
	if err != nil {
		return nil, none, err
	}
	return p, x, nil
}

// programmeFromURL is the programme the address names (/programmes/{id}/...),
// "not found" when out of the user's programme scope (as programmeScope).
func (s *Server) programmeFromURL(r *http.Request) (*domain.Programme, error) {
	id, err := idParam(r, "id", "Nie ma takiego programu.")
	if err != nil {
		return nil, err
	}
	if !webctx.User(r.Context()).CanSeeProgramme(id) {
		return nil, errProgrammeNotFound
	}
	return s.store.Programme(r.Context(), id)
}

// queryID is a list filter's id in the query (?jednostka=), 0 when missing
// or malformed.
func queryID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// offsetParam is the first row of a long list's page (?od=), 0 when
// missing or out of range.
func offsetParam(r *http.Request) int {
	offset, err := strconv.Atoi(r.URL.Query().Get(pages.ParamOffset))
	if err != nil || offset < 0 || offset > 10_000_000 {
		return 0
	}
	return offset
}

// searchParam is the text searched in a long list (?q=), trimmed and cut to
// the 100 characters its field allows.
func searchParam(r *http.Request) string {
	q := []rune(strings.TrimSpace(r.URL.Query().Get(pages.ParamSearch)))
	if len(q) > 100 {
		q = q[:100]
	}
	return string(q)
}

// formToken returns the one-time token of a create form: the one sent back,
// or a new one.
func formToken(r *http.Request) string {
	if t := r.PostForm.Get(pages.FieldFormToken); len(t) == 32 {
		return t
	}
	return randomString(16)
}

// readUpload reads the uploaded file "file" of an evidence form: at most
// 20 MB, a PDF (without active content), JPEG or PNG by its content. A problem for the user comes
// back as msg (missing when no file was sent).
func readUpload(r *http.Request, fallbackName, missing string) (name, ct string, data []byte, msg string, err error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[pages.FieldFile]) == 0 {
		return "", "", nil, missing, nil
	}
	fh := r.MultipartForm.File[pages.FieldFile][0]
	if fh.Size > upload.MaxScanBytes {
		return "", "", nil, "Plik jest za duży: skan może mieć najwyżej 20 MB.", nil
	}
	src, err := fh.Open()
	if err != nil {
		return "", "", nil, "", err
	}
	defer src.Close()
	data, err = io.ReadAll(io.LimitReader(src, upload.MaxScanBytes+1))
	if err != nil {
		return "", "", nil, "", err
	}
	switch {
	case len(data) == 0:
		return "", "", nil, "Plik jest pusty.", nil
	case len(data) > upload.MaxScanBytes:
		return "", "", nil, "Plik jest za duży: skan może mieć najwyżej 20 MB.", nil
	}
	ct, ok := upload.SniffScan(data)
	if !ok {
		return "", "", nil, "To nie jest plik PDF, JPEG ani PNG (sprawdzono zawartość, nie nazwę pliku).", nil
	}
	if msg := upload.Refusal(ct, data); msg != "" {
		return "", "", nil, msg, nil
	}
	name = strings.TrimSpace(fh.Filename)
	if name == "" || len(name) > 250 || !utf8Valid(name) {
		name = fallbackName
	}
	// Kept under the extension of the type found in the content, never
	// the uploader's (instrukcja.hta with a PDF inside is instrukcja.pdf).
	return upload.Name(name, ct), ct, data, "", nil
}

// readScan reads the uploaded scan of an attendance list.
func readScan(r *http.Request, fallbackName string) (name, ct string, data []byte, msg string, err error) {
	return readUpload(r, fallbackName, "Wybierz plik ze skanem listy obecności.")
}

// utf8Valid reports whether an uploaded file's name can be kept: valid
// UTF-8 with no NUL, line break or quote (it goes into a header).
func utf8Valid(s string) bool {
	return strings.ToValidUTF8(s, "") == s && !strings.ContainsAny(s, "\x00\r\n\"")
}

// mergeErrors adds the field messages of err to errs; it returns false when
// err is not a validation or conflict error the form can show.
func mergeErrors(errs domain.Validation, err error) bool {
	c := domain.ErrorCode(err)
	if c != domain.EINVALID && c != domain.ECONFLICT {
		return false
	}
	fields := domain.FieldErrors(err)
	if len(fields) == 0 {
		return false
	}
	for k, m := range fields {
		errs.Add(k, m)
	}
	return true
}

// ownUnits is the unit filter of a list: the units of the user's scope
// (a unit manager's), nil (all) for everyone else.
func ownUnits(u *domain.User) []int64 {
	ids, _ := u.UnitScope()
	return ids
}

// unitAccess refuses a user limited to some units a record of another unit.
func (s *Server) unitAccess(r *http.Request, unitID int64) error {
	u := webctx.User(r.Context())
	if _, limited := u.UnitScope(); limited && !u.CanActOnUnit(unitID) {
		return s.forbidden(r)
	}
	return nil
}

// listQuery reads what a list page asks (?q=, ?sort=, ?dir=, ?od=): the
// search text trimmed and cut to 100 characters, the order resolved by the
// list's sorting (an unknown key gives the default order), pages of limit
// rows (0: all, for the export).
func listQuery(r *http.Request, s domain.Sorting, limit int) domain.ListQuery {
	q := domain.ListQuery{Search: searchParam(r), Limit: limit}
	if limit > 0 {
		q.Offset = offsetParam(r)
	}
	q.Sort, q.Desc = s.Resolve(r.URL.Query().Get(components.ParamSort), r.URL.Query().Get(components.ParamDir))
	return q
}

// listState is the list's state its page links keep: path the list's
// address, export its CSV's ("" when the user may not export), s its
// sorting, filters the list's own filter parameters as name, value pairs.
func listState(path, export string, s domain.Sorting, q domain.ListQuery, filters ...string) components.List {
	l := components.List{Path: path, Export: export, Filter: url.Values{}, Sort: q.Sort, Desc: q.Desc, Offset: q.Offset,
		DefaultSort: s.Default, DefaultDesc: s.DefaultDesc}
	if q.Search != "" {
		l.Filter.Set(components.ParamSearch, q.Search)
	}
	for i := 0; i+1 < len(filters); i += 2 {
		if filters[i+1] != "" {
			l.Filter.Set(filters[i], filters[i+1])
		}
	}
	return l
}
