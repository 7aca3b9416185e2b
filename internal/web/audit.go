package web

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
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

// actionOptions are the audit actions as the filter's options.
var actionOptions = func() map[string]string {
	m := make(map[string]string, len(domain.AuditActions))
	for _, a := range domain.AuditActions {
		m[string(a)] = a.Label()
	}
	return m
}()

// relatedEntities are entry types kept under a record's id that belong to
// its history (a session's attendance and scans, a product's documents).
var relatedEntities = map[string][]string{
	"training_session": {"attendance", "session_scan"},
	"meeting":          {"meeting_scan"},
	"unit_product":     {"unit_product_file"},
}

// recordLink is where an entry's record cell leads: the record's history,
// or, for a key of several parts (a period "7/2026-Q3", a unit's
// participation "7/12"), the trail filtered to it; nothing for entries
// without a record (a refused route, a failed sign-in).
func recordLink(entity, id string) string {
	if id == "" || entity == "route" || entity == "login" {
		return ""
	}
	if _, ok := domain.AuditEntities[entity]; !ok {
		return ""
	}
	if strings.Contains(id, "/") {
		return paths.Audit() + "?" + url.Values{pages.ParamAuditEntity: {entity}, pages.ParamAuditID: {id}}.Encode()
	}
	return paths.RecordHistory(entity, id)
}

// unknownUser stands for a username typed at a failed sign-in that is no
// account's.
const unknownUser = "nieznany użytkownik"

// historyRows describes audit entries for the signed-in user: network
// addresses only for those who may see them (administrators).
func historyRows(r *http.Request, entries []domain.AuditEntry) []pages.HistoryRow {
	addresses := webctx.User(r.Context()).Can(domain.PermSeeAddresses)
	rows := make([]pages.HistoryRow, 0, len(entries))
	for _, e := range entries {
		h := historyRow(e)
		if !addresses {
			h.Address = ""
		}
		rows = append(rows, h)
	}
	return rows
}

// historyRow describes an audit entry in words: which fields changed, named
// in Polish, with their values as people read them.
func historyRow(e domain.AuditEntry) pages.HistoryRow {
	h := pages.HistoryRow{At: e.At, Actor: e.ActorUsername, Role: domain.Role(e.ActorRole).Label(), Address: e.Address,
		Action: e.Action.Label(), Entity: domain.AuditEntityLabel(e.Entity), EntityKey: e.Entity, EntityID: e.EntityID,
		Link: recordLink(e.Entity, e.EntityID)}
	switch {
	case e.Action == domain.AuditLoginFailed && e.ActorID == nil:
		// A failed sign-in names the account tried; a name typed that is
		// no account's the store does not give (store.Audit).
		var tried struct{ Username string }
		_ = json.Unmarshal(e.After, &tried)
		h.Actor = cmp.Or(tried.Username, unknownUser)
	case h.Actor == "":
		h.Actor = "system"
	}
	if e.ActorRole == "" {
		h.Role = ""
	}
	var before, after map[string]any
	_ = json.Unmarshal(e.Before, &before)
	_ = json.Unmarshal(e.After, &after)
	field := func(k string) string { return domain.AuditFieldLabel(e.Entity, k) }
	var parts []string
	switch {
	case after != nil:
		for _, k := range slices.Sorted(maps.Keys(after)) {
			b, _ := json.Marshal(before[k])
			a, _ := json.Marshal(after[k])
			if before == nil {
				parts = append(parts, field(k)+": "+auditField(e.Entity, k, after[k]))
			} else if string(a) != string(b) {
				parts = append(parts, field(k)+": "+auditField(e.Entity, k, before[k])+" → "+auditField(e.Entity, k, after[k]))
			}
		}
	case before != nil: // a deletion keeps what was deleted
		for _, k := range slices.Sorted(maps.Keys(before)) {
			parts = append(parts, field(k)+": "+auditField(e.Entity, k, before[k]))
		}
	}
	h.Details = strings.Join(parts, "; ")
	return h
}

// auditCodes name the stored codes of fields in Polish (a role, a
// status), by "entity.field" or by field, the field folded to lower case
// without "_".
var auditCodes = map[string]func(string) string{
	"role":                 func(c string) string { return domain.Role(c).Label() },
	"protocol.status":      func(c string) string { return domain.ProtocolStatus(c).Label() },
	"unit_product.status":  func(c string) string { return domain.ProductStatus(c).Label() },
	"good_practice.status": func(c string) string { return domain.PracticeStatus(c).Label() },
	"task.kind":            func(c string) string { return domain.TaskKind(c).Label() },
	"unit.kind":            func(c string) string { return domain.UnitKind(c).Label() },
	"indicator.type":       func(c string) string { return domain.IndicatorType(c).Label() },
	"indicator.rule":       func(c string) string { return domain.Rule(c).Label() },
	"protocol.method": func(c string) string {
		return map[domain.SignMethod]string{domain.SignElectronic: "w systemie, hasłem", domain.SignPaper: "na papierze"}[domain.SignMethod(c)]
	},
	"legalbasis": func(c string) string { return domain.LegalBasis(c).Label() },
}

// auditField shows the value of one field: a code by its Polish name,
// anything else as auditValue does.
func auditField(entity, key string, v any) string {
	if c, ok := v.(string); ok && c != "" {
		k := strings.ToLower(strings.ReplaceAll(key, "_", ""))
		name, ok := auditCodes[entity+"."+k]
		if !ok {
			name, ok = auditCodes[k]
		}
		if ok {
			if l := name(c); l != "" && l != c {
				return l
			}
		}
	}
	return auditValue(entity, v)
}

var exactDecimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)

// auditValue shows a value of an audit entry: text in quotes, dates as
// 27.11.2026, instants in Europe/Warsaw, yes/no, lists and records with
// their fields named in Polish.
func auditValue(entity string, v any) string {
	switch x := v.(type) {
	case nil:
		return "brak"
	case bool:
		if x {
			return "tak"
		}
		return "nie"
	case float64:
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			if t.Equal(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) {
				return components.Date(t)
			}
			return components.DateTime(t)
		}
		if t, err := time.Parse("2006-01-02", x); err == nil {
			return components.Date(t)
		}
		if exactDecimal.MatchString(x) { // a Decimal: 7540000.00
			if d, err := domain.ParseDecimal(x); err == nil {
				return d.String()
			}
		}
		return "„" + x + "”"
	case []any:
		if len(x) == 0 {
			return "brak"
		}
		items := make([]string, len(x))
		for i, it := range x {
			items[i] = auditValue(entity, it)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case map[string]any:
		var items []string
		for _, k := range slices.Sorted(maps.Keys(x)) {
			items = append(items, domain.AuditFieldLabel(entity, k)+": "+auditValue(entity, x[k]))
		}
		return "{" + strings.Join(items, ", ") + "}"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

const auditPageSize = 50

// handleAudit is the audit trail with filters: user, record type and id,
// action, date range (Europe/Warsaw days). Older entries page by id.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := domain.AuditFilter{Username: strings.TrimSpace(q.Get(pages.ParamAuditUser)), Entity: q.Get(pages.ParamAuditEntity), EntityID: strings.TrimSpace(q.Get(pages.ParamAuditID)),
		Action: domain.AuditAction(q.Get(pages.ParamAuditAction)), Limit: auditPageSize + 1}
	f.InProgrammes, _ = webctx.User(r.Context()).ProgrammeScope()
	v := pages.AuditView{Query: q, Errors: map[string]string{}, Entities: domain.AuditEntities, Actions: actionOptions}
	if len(f.Username) > 64 {
		v.Errors[pages.ParamAuditUser] = "Nazwa użytkownika może mieć najwyżej 64 znaki."
	}
	if len(f.EntityID) > 64 {
		v.Errors[pages.ParamAuditID] = "Identyfikator może mieć najwyżej 64 znaki."
	}
	if _, ok := domain.AuditEntities[f.Entity]; f.Entity != "" && !ok {
		f.Entity = ""
	}
	if f.Action != "" && !f.Action.Labelled() {
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
		v.Rows = historyRows(r, entries)
	}
	v.ShowAddress = webctx.User(r.Context()).Can(domain.PermSeeAddresses)
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
	label, ok := domain.AuditEntities[entity]
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
	v := pages.RecordHistoryView{Entity: label, ID: id, Rows: historyRows(r, entries),
		ShowAddress: webctx.User(r.Context()).Can(domain.PermSeeAddresses)}
	s.render(w, r, http.StatusOK, pages.RecordHistory(v))
	return nil
}
