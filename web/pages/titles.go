package pages

import (
	"strconv"
	"strings"

	"kaizen/internal/domain"
)

// Page titles name the record and the page (WCAG 2.4.2): two different
// addresses never share a title (TestTitlesUniqueAndIDs).

// auditTitle names the audit trail with its filter and how far back it is.
func auditTitle(v AuditView) string {
	var parts []string
	q := v.Query
	if s := q.Get(ParamAuditUser); s != "" {
		parts = append(parts, "użytkownik "+s)
	}
	if s := q.Get(ParamAuditEntity); s != "" {
		parts = append(parts, "rekord: "+domain.AuditEntityLabel(s))
	}
	if s := q.Get(ParamAuditID); s != "" {
		parts = append(parts, "nr "+s)
	}
	if s := q.Get(ParamAuditAction); s != "" {
		if l, ok := v.Actions[s]; ok {
			s = l
		}
		parts = append(parts, "czynność: "+s)
	}
	if s := q.Get(ParamAuditFrom); s != "" {
		parts = append(parts, "od "+s)
	}
	if s := q.Get(ParamAuditTo); s != "" {
		parts = append(parts, "do "+s)
	}
	if s := q.Get(ParamAuditBefore); s != "" {
		parts = append(parts, "wpisy starsze niż nr "+s)
	}
	if len(parts) == 0 {
		return "Dziennik zmian"
	}
	return "Dziennik zmian, " + strings.Join(parts, ", ")
}

// recordHistoryTitle is "Historia zmian: protokół 12/2".
func recordHistoryTitle(v RecordHistoryView) string {
	return "Historia zmian: " + v.Entity + " " + v.ID
}

// editTitle names a form of a record of a programme: "Edycja konsultacji
// nr 12 · P1", or a new-record form "Nowa konsultacja · P1" (id 0).
func editTitle(title string, id int64, p *domain.Programme) string {
	if id != 0 {
		title += " nr " + strconv.FormatInt(id, 10)
	}
	if p != nil {
		title += " · " + p.Code
	}
	return title
}

// productTitle names a product with its unit: the same product stands in
// every unit of a task.
func productTitle(p *domain.UnitProduct) string {
	return p.Label() + " · " + p.UnitName
}

// indicatorPageTitle names the indicator and the period or page shown.
func indicatorPageTitle(v IndicatorView) string {
	t := indicatorTitle(v.Indicator)
	switch {
	case v.Period != nil:
		t += ", okres " + v.Period.Code
	case v.UpTo != nil:
		t += ", narastająco do " + v.UpTo.Code
	}
	if v.Offset > 0 {
		t += ", od pozycji " + strconv.Itoa(v.Offset+1)
	}
	return t
}

func sessionID(x *domain.TrainingSession) int64 {
	if x == nil {
		return 0
	}
	return x.ID
}

// protocolFormTitle names a new protocol's form with the unit and task it
// was opened for.
func protocolFormTitle(v ProtocolFormView, title string) string {
	if v.ID != 0 || v.UnitID == 0 {
		return title
	}
	if len(v.Products) > 0 {
		return title + ": " + v.Products[0].UnitName + " – " + v.Products[0].TaskCode + " " + v.Products[0].TaskName
	}
	return title
}

// unitImportTitle names the import with the programme the units join.
func unitImportTitle(v UnitImportView) string {
	if v.Programme != nil {
		return "Wczytywanie jednostek z pliku CSV do programu " + v.Programme.Code
	}
	return "Wczytywanie jednostek z pliku CSV"
}
