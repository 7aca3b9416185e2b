package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

var actionLabels = map[domain.AuditAction]string{
	domain.AuditCreate:       "utworzenie",
	domain.AuditUpdate:       "zmiana",
	domain.AuditDelete:       "usunięcie",
	domain.AuditLogin:        "logowanie",
	domain.AuditLoginFailed:  "nieudane logowanie",
	domain.AuditLogout:       "wylogowanie",
	domain.AuditForbidden:    "odmowa dostępu",
	domain.AuditExport:       "eksport danych osobowych",
	domain.AuditMerge:        "połączenie zapisów",
	domain.AuditSubmit:       "przekazanie do odbioru",
	domain.AuditWithdraw:     "wycofanie do przygotowania",
	domain.AuditSign:         "podpis decyzji w systemie",
	domain.AuditSignPaper:    "rejestracja decyzji z papieru",
	domain.AuditClose:        "zamknięcie okresu",
	domain.AuditReopen:       "ponowne otwarcie okresu",
	domain.AuditMemberAdd:    "dodanie do zespołu programu",
	domain.AuditMemberRemove: "usunięcie z zespołu programu",
}

// actionOptions are actionLabels as the filter's options.
var actionOptions = func() map[string]string {
	m := make(map[string]string, len(actionLabels))
	for k, v := range actionLabels {
		m[string(k)] = v
	}
	return m
}()

// entityLabels name the record types in Polish.
var entityLabels = map[string]string{
	"user": "konto", "login": "logowanie", "route": "strona", "unit": "jednostka", "programme": "program",
	"participation": "udział jednostki", "task": "zadanie", "training": "szkolenie", "indicator": "wskaźnik",
	"training_session": "sesja szkoleniowa", "attendance": "obecność", "session_scan": "skan listy",
	"person": "uczestnik", "consultation": "konsultacja", "meeting": "spotkanie", "meeting_scan": "skan listy spotkania",
	"good_practice": "dobra praktyka", "unit_product": "produkt w jednostce", "unit_product_file": "dokument produktu",
	"protocol": "protokół odbioru", "programme_member": "członek zespołu programu",
}

// relatedEntities are entry types kept under a record's id that belong to
// its history (a session's attendance and scans, a product's documents).
var relatedEntities = map[string][]string{
	"training_session": {"attendance", "session_scan"},
	"meeting":          {"meeting_scan"},
	"unit_product":     {"unit_product_file"},
}

// historyRow describes an audit entry in words: which fields changed.
func historyRow(e domain.AuditEntry) pages.HistoryRow {
	h := pages.HistoryRow{At: e.At, Actor: e.ActorUsername, Role: domain.Role(e.ActorRole).Label(), Address: e.Address,
		Action: actionLabels[e.Action], Entity: entityLabels[e.Entity], EntityKey: e.Entity, EntityID: e.EntityID}
	if h.Actor == "" {
		h.Actor = "system"
	}
	if e.ActorRole == "" {
		h.Role = ""
	}
	if h.Action == "" {
		h.Action = string(e.Action)
	}
	if h.Entity == "" {
		h.Entity = e.Entity
	}
	var before, after map[string]any
	_ = json.Unmarshal(e.Before, &before)
	_ = json.Unmarshal(e.After, &after)
	var parts []string
	switch {
	case after != nil:
		for _, k := range slices.Sorted(maps.Keys(after)) {
			b, _ := json.Marshal(before[k])
			a, _ := json.Marshal(after[k])
			if before == nil {
				parts = append(parts, k+": "+string(a))
			} else if string(a) != string(b) {
				parts = append(parts, k+": "+string(b)+" → "+string(a))
			}
		}
	case before != nil: // a deletion keeps what was deleted
		for _, k := range slices.Sorted(maps.Keys(before)) {
			b, _ := json.Marshal(before[k])
			parts = append(parts, k+": "+string(b))
		}
	}
	h.Details = strings.Join(parts, "; ")
	return h
}

const auditPageSize = 50

// handleAudit is the audit trail with filters: user, record type and id,
// action, date range (Europe/Warsaw days). Older entries page by id.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := domain.AuditFilter{Username: strings.TrimSpace(q.Get(pages.ParamAuditUser)), Entity: q.Get(pages.ParamAuditEntity), EntityID: strings.TrimSpace(q.Get(pages.ParamAuditID)),
		Action: domain.AuditAction(q.Get(pages.ParamAuditAction)), Limit: auditPageSize + 1}
	f.InProgrammes, _ = webctx.User(r.Context()).ProgrammeScope()
	v := pages.AuditView{Query: q, Errors: map[string]string{}, Entities: entityLabels, Actions: actionOptions}
	if len(f.Username) > 64 {
		v.Errors[pages.ParamAuditUser] = "Nazwa użytkownika może mieć najwyżej 64 znaki."
	}
	if len(f.EntityID) > 64 {
		v.Errors[pages.ParamAuditID] = "Identyfikator może mieć najwyżej 64 znaki."
	}
	if _, ok := entityLabels[f.Entity]; f.Entity != "" && !ok {
		f.Entity = ""
	}
	if _, ok := actionLabels[f.Action]; f.Action != "" && !ok {
		f.Action = ""
	}
	day := func(key string) time.Time {
		raw := strings.TrimSpace(q.Get(key))
		if raw == "" {
			return time.Time{}
		}
		d, err := domain.ParseDate(raw)
		if err != nil {
			v.Errors[key] = "Podaj datę w postaci 2026-11-27 lub 27.11.2026."
			return time.Time{}
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, components.Warsaw)
	}
	f.From = day(pages.ParamAuditFrom)
	if to := day(pages.ParamAuditTo); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	if before, err := strconv.ParseInt(q.Get(pages.ParamAuditBefore), 10, 64); err == nil && before > 0 {
		f.BeforeID = before
	}
	status := http.StatusOK
	if len(v.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		entries, err := s.store.Audit(r.Context(), f)
		if err != nil {
			return err
		}
		if len(entries) > auditPageSize {
			entries = entries[:auditPageSize]
			next := cloneQuery(q)
			next.Set(pages.ParamAuditBefore, strconv.FormatInt(entries[len(entries)-1].ID, 10))
			v.OlderURL = paths.Audit() + "?" + next.Encode()
		}
		for _, e := range entries {
			v.Rows = append(v.Rows, historyRow(e))
		}
	}
	s.render(w, r, status, pages.Audit(v))
	return nil
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// handleRecordHistory is the history of one record.
func (s *Server) handleRecordHistory(w http.ResponseWriter, r *http.Request) error {
	entity, id := chi.URLParam(r, "entity"), chi.URLParam(r, "recordID")
	label, ok := entityLabels[entity]
	if !ok || len(id) > 64 {
		return domain.Errorf(domain.ENOTFOUND, "Nie ma takiego rodzaju rekordu.")
	}
	// The history of a record of a programme out of the user's scope is
	// not found, like the programme.
	if pid, err := s.store.AuditEntryProgramme(r.Context(), entity, id); err != nil {
		return err
	} else if pid != nil && !webctx.User(r.Context()).CanSeeProgramme(*pid) {
		return domain.Errorf(domain.ENOTFOUND, "Nie ma takiego rekordu.")
	}
	entries, err := s.store.AuditFor(r.Context(), entity, id, relatedEntities[entity]...)
	if err != nil {
		return err
	}
	v := pages.RecordHistoryView{Entity: label, ID: id}
	for _, e := range entries {
		v.Rows = append(v.Rows, historyRow(e))
	}
	s.render(w, r, http.StatusOK, pages.RecordHistory(v))
	return nil
}
