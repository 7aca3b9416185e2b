package pages

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/paths"
)

// IndicatorRow is one indicator on the dashboard or the unit view.
type IndicatorRow struct {
	Indicator  *domain.Indicator
	Series     domain.Series
	Index      int // the period shown
	Value      domain.PeriodValue
	Cumulative domain.PeriodValue
	Progress   domain.Progress
}

// DashboardView is a programme's indicator dashboard.
type DashboardView struct {
	Programme   *domain.Programme
	Periods     domain.Periods
	Period      domain.Period
	Index       int
	Today       time.Time
	Rows        []IndicatorRow
	Closings    []*domain.Closing
	Closing     *domain.Closing // of the period shown, when closed
	Corrections []domain.Correction
	CanClose    bool
	CanReopen   bool
	CanExport   bool
}

// Closable reports whether the period shown may be closed now.
func (v DashboardView) Closable() bool {
	return v.CanClose && v.Closing == nil && v.Period.End.Before(v.Today)
}

// IndicatorView is the drill-down of one indicator.
type IndicatorView struct {
	Programme    *domain.Programme
	Indicator    *domain.Indicator
	Periods      domain.Periods
	Period       *domain.Period // facts of one period
	UpTo         *domain.Period // facts up to a period (cumulative)
	Series       domain.Series
	Facts        []domain.FactRow
	Total        int
	Offset       int
	Names        map[int64]string
	OwnUnitsOnly bool
	CanSeeNames  bool
	CanAddValue  bool
	Manual       []domain.ManualValue
	Form         components.Form
}

// UnitView is one unit's part in a programme.
type UnitView struct {
	Programme     *domain.Programme
	Participation *domain.Participation
	Rows          []IndicatorRow
	Products      []domain.UnitProduct
	Protocols     []*domain.Protocol
	Trainings     []domain.UnitTraining
	Consultations []domain.UnitConsultation
	CAF           *domain.CAFUnitSummary // nil: no CAF assessment
}

// averageOfUnits says how many units an average is taken over ("średnia z
// 2 jednostek").
func averageOfUnits(n int) string {
	return "średnia z " + strconv.Itoa(n) + " " + domain.Plural(n, "jednostki", "jednostek", "jednostek")
}

// forecastShown is a row's forecast as the dashboard shows it (exact: as
// the chart's data table does); a measured value has none.
func forecastShown(r IndicatorRow, exact bool) string {
	switch {
	case r.Progress.Measured:
		return "nie dotyczy (wartość mierzona, bez prognozy)"
	case exact:
		return r.Progress.Forecast.String()
	}
	return r.Progress.ForecastShown(r.Indicator.Rule).String()
}

// measured reports whether any row is a measured value (an average) rather
// than a count.
func measured(rows []IndicatorRow) bool {
	for _, r := range rows {
		if r.Progress.Measured {
			return true
		}
	}
	return false
}

func paceClass(p domain.Pace) string {
	switch p {
	case domain.PaceDone, domain.PaceOnTrack:
		return "status-on"
	case domain.PaceAtRisk:
		return "status-wait"
	case domain.PaceNone:
		return "muted"
	}
	return "status-off"
}

func periodOptions(ps domain.Periods, selected string) []components.Option {
	out := make([]components.Option, 0, len(ps))
	for _, p := range ps {
		out = append(out, components.Option{Value: p.Code, Label: p.Label(), Selected: p.Code == selected})
	}
	return out
}

func indicatorTitle(in *domain.Indicator) string {
	if in.Number != "" {
		return in.Number + ". " + in.Name
	}
	return in.Name
}

// factLink is where a counted thing's evidence is.
func factLink(p *domain.Programme, f domain.FactRow) string {
	switch f.RefKind {
	case "meeting":
		return paths.Meeting(p.ID, f.RefID)
	case "session":
		return paths.TrainingSession(p.ID, f.RefID)
	case "consultation":
		return paths.Consultations(p.ID)
	case "unit":
		if up, ok := domain.ProductOf(f.Subject); ok {
			return paths.Product(p.ID, up)
		}
		return paths.ProgrammeUnit(p.ID, f.UnitID)
	case domain.RefCAFAction: // the unit's page shows its improvement plan
		return paths.ProgrammeUnit(p.ID, f.UnitID)
	}
	return ""
}

func factWhat(v IndicatorView, f domain.FactRow) string {
	switch f.RefKind {
	case "person":
		if name, ok := v.Names[f.RefID]; ok {
			return name
		}
		if f.Women > 0 {
			return "uczestniczka"
		}
		return "uczestnik"
	case "unit":
		if n := v.Indicator.Rule.FactNoun(); n != "" {
			return n + ": " + f.Label
		}
		if strings.HasPrefix(f.Subject, "impl:") {
			return "wdrożenie: " + f.Label
		}
		if _, ok := domain.ProductOf(f.Subject); ok {
			return "produkt " + f.Label
		}
		return "jednostka z odebranym protokołem"
	case domain.RefCAFAction:
		return v.Indicator.Rule.FactNoun() + ": " + f.Label
	}
	return f.Label
}

// FactsPerPage is how many counted things a drill-down page lists.
const FactsPerPage = 200

// Fields of the form of a manually entered indicator value (with
// FieldFile, the document it comes from).
const (
	FieldManualValue      = "value"
	FieldManualEvidenceOn = "evidence_on"
	FieldManualNote       = "note"
)

// Fields of closing a reporting period and of opening it again.
const (
	FieldCloseRequestNo = "request_no"
	FieldReopenReason   = "reason"
	// FieldCloseBack says where a closing returns: CloseBackPeriods (the
	// periods page) or, empty, the dashboard.
	FieldCloseBack   = "back"
	CloseBackPeriods = "periods"
)

// Fields of the programme's own reporting periods (PeriodsPage): rows of
// repeated fields, their messages keyed by RowKey(FieldPeriods, i, "code")
// and so on.
const (
	FieldPeriodCode  = "code"
	FieldPeriodStart = "start"
	FieldPeriodEnd   = "end"
	FieldPeriods     = "periods" // also the message about all periods
)

func pageLink(v IndicatorView, offset int) string {
	q := "?od=" + strconv.Itoa(offset)
	if v.Period != nil {
		q += "&period=" + v.Period.Code
	}
	if v.UpTo != nil {
		q += "&do=" + v.UpTo.Code
	}
	return paths.Indicator(v.Programme.ID, v.Indicator.ID) + q
}

// PeriodsView is the form of a programme's own reporting periods.
type PeriodsView struct {
	Programme *domain.Programme
	Periods   domain.Periods
	Closed    []string // periods closed now: the periods cannot be changed
	Form      components.Form
	Message   string
	Today     time.Time // periods ended before it may be closed
}

// Closable reports whether period p may be closed now from the periods page.
func (v PeriodsView) Closable(p domain.Period) bool {
	return p.End.Before(v.Today) && !slices.Contains(v.Closed, p.Code)
}

// PeriodCloseView asks to confirm closing a period and states what the
// closing freezes.
type PeriodCloseView struct {
	Programme *domain.Programme
	Period    domain.Period
	Rows      []IndicatorRow // the values that will be frozen
	RequestNo string
}

func signedDecimal(d domain.Decimal) string {
	if d.Sign() > 0 {
		return "+" + d.String()
	}
	return d.String()
}

// closedList names the closed periods: "zamknięty jest okres 2026-Q1",
// "zamknięte są okresy 2026-Q1, 2026-Q2".
func closedList(codes []string) string {
	if len(codes) == 1 {
		return "zamknięty jest okres " + codes[0]
	}
	return "zamknięte są okresy " + strings.Join(codes, ", ")
}
