package pages

// Helpers shared by the page files: permissions the pages ask, formats,
// list addresses and the options of selects and filters.

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
)

// Fields every form of a record shares.
const (
	// FieldVersion is the record version a form was opened with (optimistic
	// locking).
	FieldVersion = "version"
	// FieldFormToken is the one-time token of a create form: a form sent
	// twice creates one record.
	FieldFormToken = "form_token"
	// FieldFile is the uploaded file of an evidence form (the name
	// components.FileInput gives its input) and the key of its message.
	FieldFile = "file"
)

// Query parameters of long lists.
const (
	// ParamSearch is the text searched in a list.
	ParamSearch = components.ParamSearch
	// ParamOffset is where a page of a list starts.
	ParamOffset = components.ParamOffset
	// Filters several lists share: a unit, a task, a status (ids and
	// status codes).
	ParamUnit   = "jednostka"
	ParamTask   = "zadanie"
	ParamStatus = "status"
)

// RowKey is the message key (and element id) of part of row i of a
// repeated group, as the domain's Validate names it: "phases.0.name".
func RowKey(group string, i int, part string) string {
	return group + "." + strconv.Itoa(i) + "." + part
}

// canEditPlan reports whether the user may change the programme plan.
func canEditPlan(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermEditPlan) }

// canClosePeriod reports whether the user may close reporting periods.
func canClosePeriod(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermClosePeriod) }

// canViewAudit reports whether the user may read the audit trail.
func canViewAudit(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermViewAudit) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// date is a date as a form field holds it (2026-03-10), empty when zero;
// only for input values: pages show dates with components.Date.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// dayList formats days as 10.03.2026, 11.03.2026.
func dayList(days []time.Time) string {
	s := ""
	for i, d := range days {
		if i > 0 {
			s += ", "
		}
		s += components.Date(d)
	}
	return s
}

// DayList is dayList for the handlers (the meetings in a PDF).
func DayList(days []time.Time) string { return dayList(days) }

// sizeLabel is a file size in kB or MB.
func sizeLabel(n int) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.Itoa((n+1023)/1024) + " kB"
}

// pct is a percentage with one decimal, Polish style (42,5%).
func pct(p float64) string {
	return strings.Replace(strconv.FormatFloat(p, 'f', 1, 64), ".", ",", 1) + "%"
}

// orDash shows a dash in place of an empty value.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// areaShort is an area of a programme as tables show it: its code,
// "wszystkie" for all areas, "—" in a programme without areas.
func areaShort(areas domain.AreaList, a domain.Area) string {
	switch {
	case a != "":
		return string(a)
	case len(areas) == 0:
		return "—"
	}
	return "wszystkie"
}

// filterOptions turns a form's options into a list filter's: the empty
// choice reads all ("— wszystkie —").
func filterOptions(opts []components.Option, all string) []components.Option {
	opts[0].Label = all
	return opts
}

// mapOptions offers the entries of m by label, after blank (no choice).
func mapOptions(m map[string]string, selected, blank string) []components.Option {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] < m[keys[j]] })
	opts := []components.Option{{Value: "", Label: blank}}
	for _, k := range keys {
		opts = append(opts, components.Option{Value: k, Label: m[k], Selected: k == selected})
	}
	return opts
}

// areaOptions offers the programme's areas; blank names the choice of
// none (all areas, or not applicable).
func areaOptions(areas domain.AreaList, selected string, blank string) []components.Option {
	opts := []components.Option{{Value: "", Label: blank, Selected: selected == ""}}
	for _, a := range areas {
		opts = append(opts, components.Option{Value: string(a.Code), Label: a.Label(), Selected: selected == string(a.Code)})
	}
	return opts
}

// areaCheckboxes offers the programme's areas as checkboxes of field.
func areaCheckboxes(areas domain.AreaList, f components.Form, field string) []components.Option {
	opts := make([]components.Option, len(areas))
	for i, a := range areas {
		opts[i] = components.Option{Value: string(a.Code), Label: a.Label(), Selected: f.Has(field, string(a.Code))}
	}
	return opts
}

// participatingUnitOptions offers the programme's participating units as
// the unit of a record (a participant, a consultation, a practice); only,
// when not empty, keeps just those units (a session's) and the selected one.
func participatingUnitOptions(parts []domain.Participation, only []int64, selected string) []components.Option {
	opts := []components.Option{{Value: "", Label: "— wybierz jednostkę —"}}
	for _, p := range parts {
		if len(only) > 0 && !slices.Contains(only, p.Unit.ID) && itoa(p.Unit.ID) != selected {
			continue
		}
		opts = append(opts, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name, Selected: itoa(p.Unit.ID) == selected})
	}
	return opts
}

// unitFilterOptions offers the programme's units; only, when not nil,
// keeps just those units (a unit manager's).
func unitFilterOptions(parts []domain.Participation, selected int64, only []int64) []components.Option {
	opts := []components.Option{{Value: "", Label: "wszystkie jednostki"}}
	for _, p := range parts {
		if only != nil && !slices.Contains(only, p.Unit.ID) {
			continue
		}
		opts = append(opts, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name, Selected: p.Unit.ID == selected})
	}
	return opts
}

// queryInt is a list filter's id as its state holds it (0 when none).
func queryInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}
