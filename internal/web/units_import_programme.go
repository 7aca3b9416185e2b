package web

import (
	"net/http"
	"strconv"
	"strings"

	"kaizen/internal/domain"
	"kaizen/internal/unitcsv"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
)

// A unit import may add its units to a programme (FieldUnitImportProgramme),
// each in the areas of its row's column "Obszary".

// importProgrammes are the programmes an import may add its units to (not
// archived).
func (s *Server) importProgrammes(r *http.Request) ([]domain.ProgrammeSummary, error) {
	all, err := s.programmes(r) // only the programmes the user may see
	if err != nil {
		return nil, err
	}
	var out []domain.ProgrammeSummary
	for _, p := range all {
		if p.ArchivedAt == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// importTarget is the programme chosen for an import; ok is false when
// none was chosen. A choice that is no such programme is an *ErrFile.
func (s *Server) importTarget(r *http.Request) (p *domain.Programme, ok bool, err error) {
	raw := strings.TrimSpace(r.PostForm.Get(pages.FieldUnitImportProgramme))
	if raw == "" {
		return nil, false, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err == nil && id > 0 {
		p, err = s.store.Programme(r.Context(), id)
	}
	switch {
	case err == nil && p.ArchivedAt == nil && webctx.User(r.Context()).CanSeeProgramme(p.ID):
		return p, true, nil
	case err == nil || domain.ErrorCode(err) == domain.ENOTFOUND || id <= 0:
		return nil, false, &unitcsv.ErrFile{Msg: "Wybierz z listy program, do którego mają dołączyć jednostki (albo żaden)."}
	}
	return nil, false, err
}

// checkImportAreas checks each row's areas against the programme's: every
// code one of its areas (any case; kept as the programme spells it), at
// least one when it has areas, none when it has none.
func checkImportAreas(file *unitcsv.File, p *domain.Programme) {
	codes := make([]string, len(p.Areas))
	for i, a := range p.Areas {
		codes[i] = string(a.Code)
	}
	list := strings.Join(codes, ", ")
	for i := range file.Rows {
		row := &file.Rows[i]
		if row.Errors == nil {
			row.Errors = map[string]string{}
		}
		switch {
		case len(p.Areas) == 0 && len(row.Areas) > 0:
			row.Errors[pages.FieldUnitImportAreas] = "Program „" + p.Code + "” nie ma obszarów: zostaw kolumnę „Obszary” pustą."
			continue
		case len(p.Areas) > 0 && len(row.Areas) == 0:
			row.Errors[pages.FieldUnitImportAreas] = "Wpisz w kolumnie „Obszary” co najmniej jeden obszar jednostki (kody programu: " + list + ")."
			continue
		}
		var unknown []string
		for j, c := range row.Areas {
			if a, ok := p.Areas.Resolve(c); ok {
				row.Areas[j] = string(a)
			} else {
				unknown = append(unknown, "„"+c+"”")
			}
		}
		if len(unknown) > 0 {
			row.Errors[pages.FieldUnitImportAreas] = "Nieznany obszar " + strings.Join(unknown, ", ") + ": program „" + p.Code + "” ma obszary " + list + "."
		}
	}
}

// importAreas are the areas of the valid rows, in the order of File.Valid.
func importAreas(file *unitcsv.File) [][]domain.Area {
	var out [][]domain.Area
	for _, r := range file.Rows {
		if !r.OK() {
			continue
		}
		var a []domain.Area
		for _, c := range r.Areas {
			a = append(a, domain.Area(c))
		}
		out = append(out, a)
	}
	return out
}
