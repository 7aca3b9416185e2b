package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/pages"
)

// formState returns what the user typed, with errs, for a page to show again.
func formState(r *http.Request, errs map[string]string) components.Form {
	return components.Form{Values: r.PostForm, Errors: errs}
}

// formReader reads typed values from a submitted form, collecting messages
// for those that do not parse.
type formReader struct {
	r    *http.Request
	errs domain.Validation
}

func newFormReader(r *http.Request) *formReader { return &formReader{r: r, errs: domain.Validation{}} }

func (f *formReader) str(name string) string { return strings.TrimSpace(f.r.PostForm.Get(name)) }

// date reads a required (or optional) date into key's error slot.
func (f *formReader) date(value, key string, required bool) time.Time {
	value = strings.TrimSpace(value)
	if value == "" {
		if required {
			f.errs.Add(key, "Podaj datę (np. 2026-11-27).")
		}
		return time.Time{}
	}
	t, err := domain.ParseDate(value)
	if err != nil {
		f.errs.Add(key, "Podaj poprawną datę w postaci 2026-11-27 lub 27.11.2026.")
	}
	return t
}

// decimal reads an exact number with at most two decimal places.
func (f *formReader) decimal(value, key string, required bool) domain.Decimal {
	value = strings.TrimSpace(value)
	if value == "" {
		if required {
			f.errs.Add(key, "Podaj liczbę.")
		}
		return domain.Decimal{}
	}
	d, err := domain.ParseDecimal(value)
	if err != nil {
		f.errs.Add(key, "Podaj liczbę, np. 7 540 000,00 (najwyżej dwa miejsca po przecinku).")
	}
	return d
}

// integer reads a whole number; empty gives 0 when not required.
func (f *formReader) integer(value, key string, required bool) int {
	value = strings.TrimSpace(value)
	if value == "" {
		if required {
			f.errs.Add(key, "Podaj liczbę całkowitą.")
		}
		return 0
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < -1_000_000 || n > 1_000_000 {
		f.errs.Add(key, "Podaj liczbę całkowitą.")
		return 0
	}
	return n
}

// version reads the record version a form was opened with (a hidden
// field). A missing or altered one is no field error: it is -1, which no
// record has, so the save is refused as stale and the current values shown.
func (f *formReader) version() int {
	v, err := strconv.Atoi(f.str(pages.FieldVersion))
	if err != nil || v < 0 {
		return -1
	}
	return v
}

// ids reads repeated id values (checkboxes).
func (f *formReader) ids(name, key string) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, raw := range f.r.PostForm[name] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			f.errs.Add(key, "Wybierz pozycje z listy.")
			continue
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// optionalID reads one id from a select; "" is nil.
func (f *formReader) optionalID(name, key string) *int64 {
	raw := f.str(name)
	if raw == "" {
		return nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		f.errs.Add(key, "Wybierz pozycję z listy.")
		return nil
	}
	return &id
}

// rows calls fn for each row of repeated fields whose values are not all
// blank; i counts the rows kept, from 0, and idx is the row on the page.
func (f *formReader) rows(names []string, fn func(i, idx int, vals []string)) {
	n := 0
	for _, name := range names {
		if l := len(f.r.PostForm[name]); l > n {
			n = l
		}
	}
	kept := 0
	compact := make([][]string, len(names))
	defer func() {
		// Blank rows are dropped, so a page shown again lines its rows up
		// with the messages (keyed by kept row).
		for j, name := range names {
			f.r.PostForm[name] = compact[j]
		}
	}()
	for idx := 0; idx < n; idx++ {
		vals := make([]string, len(names))
		blank := true
		for j, name := range names {
			if v := f.r.PostForm[name]; idx < len(v) {
				vals[j] = strings.TrimSpace(v[idx])
			}
			if vals[j] != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		for j := range names {
			compact[j] = append(compact[j], vals[j])
		}
		fn(kept, idx, vals)
		kept++
	}
}

// validate merges a domain validation error into the reader's messages;
// other errors are returned.
func (f *formReader) validate(err error) error {
	if err == nil {
		return nil
	}
	if !mergeErrors(f.errs, err) {
		return err
	}
	return nil
}

// closedCheck is the one check of evidence forms before saving: evidence
// dated on days (its new dates and, for a change, its previous ones) into
// a closed period of p changes a filed report, so the form is shown again
// with a warning (domain.ClosedPeriodWarning) and a "Zapisz mimo to"
// button, whose pages.FieldConfirmClosed lets the next POST save.
func (s *Server) closedCheck(r *http.Request, p *domain.Programme, days ...time.Time) func() (string, error) {
	return func() (string, error) {
		if r.PostForm.Get(pages.FieldConfirmClosed) != "" {
			return "", nil
		}
		closed, err := s.store.ClosedPeriods(r.Context(), p.ID)
		if err != nil || len(closed) == 0 {
			return "", err
		}
		periods, err := s.store.ProgrammePeriods(r.Context(), p.ID)
		if err != nil {
			return "", err
		}
		return domain.ClosedPeriodWarning(periods, closed, days...), nil
	}
}

// askClosed adds the warning of check (closedCheck) to f's messages when
// the form has no other, so the form is shown again before saving.
func (f *formReader) askClosed(check func() (string, error)) error {
	if len(f.errs) > 0 {
		return nil
	}
	msg, err := check()
	if msg != "" {
		f.errs.Add(pages.FieldConfirmClosed, msg)
	}
	return err
}

// askClosedWithFile is askClosed for a form with a file: a browser never
// sends a file twice, so the form asks for it again beside the field.
func (f *formReader) askClosedWithFile(check func() (string, error)) error {
	if err := f.askClosed(check); err != nil {
		return err
	}
	if f.errs[pages.FieldConfirmClosed] != "" {
		f.errs.Add(pages.FieldFile, "Wybierz plik ponownie: przeglądarka nie wysyła go drugi raz.")
	}
	return nil
}

// saveFlow is the one way a form is saved: a form that did not parse is
// checked against the domain rules too (all messages at once); a parsed
// one goes to the store; a stale version (someone saved first) shows the
// current record (409); field messages show the form again (422).
type saveFlow struct {
	f        *formReader
	save     func() error           // the store call
	validate func() error           // the domain check, for a form that did not parse
	stale    func(msg string) error // shows the current record with msg; nil where there is no version
	invalid  func() error           // shows the form with f.errs
	// closed checks evidence dated into a closed period (Server.closedCheck):
	// its warning shows the form again until the user confirms; nil for
	// records that are not evidence.
	closed func() (string, error)
}

// run returns saved = true when the record was stored; otherwise the page
// has been written (or err is an internal error).
func (fl saveFlow) run() (saved bool, err error) {
	if len(fl.f.errs) == 0 && fl.closed != nil {
		if err := fl.f.validate(fl.validate()); err != nil {
			return false, err
		}
		if err := fl.f.askClosed(fl.closed); err != nil {
			return false, err
		}
	}
	if len(fl.f.errs) == 0 {
		err := fl.save()
		if fl.stale != nil && domain.ErrorCode(err) == domain.ECONFLICT && len(domain.FieldErrors(err)) == 0 {
			return false, fl.stale(domain.ErrorMessage(err))
		}
		if err := fl.f.validate(err); err != nil {
			return false, err
		}
	} else {
		_ = fl.f.validate(fl.validate())
	}
	if len(fl.f.errs) > 0 {
		return false, fl.invalid()
	}
	return true, nil
}

// editRows applies a form's "Dodaj wiersz" or "Usuń" button of repeated
// rows (components.AddRow, RemoveRow): groups names each group's repeated
// fields. It reports whether the submission was such an edit: then the
// handler shows the form again (200) with the rows changed and everything
// else as typed, and saves nothing.
func editRows(r *http.Request, groups map[string][]string) bool {
	if g := r.PostForm.Get(components.FieldAddRow); g != "" {
		fields, ok := groups[g]
		if !ok {
			return false
		}
		n := trimBlankRows(r, fields)
		for _, name := range fields { // the kept rows, then one empty
			for len(r.PostForm[name]) <= n {
				r.PostForm[name] = append(r.PostForm[name], "")
			}
		}
		return true
	}
	ref := r.PostForm.Get(components.FieldRemoveRow)
	if ref == "" {
		return false
	}
	dot := strings.LastIndexByte(ref, '.')
	if dot < 0 {
		return false
	}
	fields, ok := groups[ref[:dot]]
	i, err := strconv.Atoi(ref[dot+1:])
	if !ok || err != nil || i < 0 {
		return false
	}
	trimBlankRows(r, fields)
	for _, name := range fields {
		if v := r.PostForm[name]; i < len(v) {
			r.PostForm[name] = append(v[:i:i], v[i+1:]...)
		}
	}
	return true
}

// trimBlankRows drops the empty rows at the end of a group (the spare rows
// a page shows) and pads the others to the same length, which it returns.
func trimBlankRows(r *http.Request, fields []string) int {
	n := 0
	for _, name := range fields {
		v := r.PostForm[name]
		for k := len(v) - 1; k >= n; k-- {
			if strings.TrimSpace(v[k]) != "" {
				n = k + 1
				break
			}
		}
	}
	for _, name := range fields {
		v := r.PostForm[name]
		if len(v) > n {
			v = v[:n]
		}
		for len(v) < n {
			v = append(v, "")
		}
		r.PostForm[name] = v
	}
	return n
}
