package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/csvin"
	"kaizen/internal/domain"
	"kaizen/internal/unitcsv"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// handleUnits lists the units a page at a time, filtered by name or TERYT
// code (q), voivodeship (woj) and kind (rodzaj).
func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) error {
	f := unitFilter(r, pages.UnitsPerPage)
	v := pages.UnitsView{CanEdit: webctx.User(r.Context()).Can(domain.PermEditPlan), Offset: f.Offset,
		Query: f.Search, Voivodeship: f.Voivodeship, Kind: string(f.Kind),
		List: listState(paths.Units(), paths.UnitsExport(), domain.SortUnitList, f.ListQuery, pages.ParamUnitVoivodeship, f.Voivodeship, pages.ParamUnitKind, string(f.Kind))}
	var err error
	if v.Units, v.Total, err = s.store.SearchUnits(r.Context(), f); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Units(v))
	return nil
}

// unitFilter is the unit list's query (?q=, ?woj=, ?rodzaj=, order, page);
// the programme units' list reads the same filters.
func unitFilter(r *http.Request, limit int) domain.UnitFilter {
	f := domain.UnitFilter{ListQuery: listQuery(r, domain.SortUnitList, limit), InProgrammes: registryScope(webctx.User(r.Context()))}
	f.Voivodeship, f.Kind = unitFilters(r)
	return f
}

// unitFilters are a unit list's voivodeship and kind filters, "" when
// missing or unknown.
func unitFilters(r *http.Request) (string, domain.UnitKind) {
	q := r.URL.Query()
	voivodeship, kind := strings.ToLower(strings.TrimSpace(q.Get(pages.ParamUnitVoivodeship))), domain.UnitKind(q.Get(pages.ParamUnitKind))
	if _, ok := domain.VoivodeshipCode(voivodeship); !ok {
		voivodeship = ""
	}
	if !slices.Contains(domain.UnitKinds, kind) {
		kind = ""
	}
	return voivodeship, kind
}

func unitForm(r *http.Request) *domain.Unit {
	f := r.PostForm
	return &domain.Unit{Name: f.Get(pages.FieldUnitName), Kind: domain.UnitKind(f.Get(pages.FieldUnitKind)), Voivodeship: f.Get(pages.FieldUnitVoivodeship),
		TERYT: f.Get(pages.FieldUnitTERYT), Address: f.Get(pages.FieldUnitAddress), Email: f.Get(pages.FieldUnitEmail)}
}

func (s *Server) renderUnitForm(w http.ResponseWriter, r *http.Request, status int, u *domain.Unit, errs map[string]string) error {
	v := pages.UnitFormView{Unit: u, Form: formState(r, errs)}
	if r.Method == http.MethodGet && u != nil {
		v.Form.Values = pages.UnitValues(u)
	}
	s.render(w, r, status, pages.UnitForm(v))
	return nil
}

func (s *Server) handleUnitNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderUnitForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) unitFromURL(r *http.Request) (*domain.Unit, error) {
	id, err := idParam(r, "unitID", "Nie ma takiej jednostki.")
	if err != nil {
		return nil, err
	}
	u, err := s.store.Unit(r.Context(), id)
	return &u, err
}

func (s *Server) handleUnitEdit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.unitFromURL(r)
	if err != nil {
		return err
	}
	return s.renderUnitForm(w, r, http.StatusOK, u, nil)
}

func (s *Server) handleUnitSave(w http.ResponseWriter, r *http.Request) error {
	var existing *domain.Unit
	var err error
	if chi.URLParam(r, "unitID") != "" {
		if existing, err = s.unitFromURL(r); err != nil {
			return err
		}
	}
	u := unitForm(r)
	errs := domain.Validation{}
	if existing != nil {
		u.ID = existing.ID
		err = s.store.UpdateUnit(r.Context(), s.actor(r), u)
	} else {
		err = s.store.CreateUnit(r.Context(), s.actor(r), u)
	}
	if err != nil {
		if !mergeErrors(errs, err) {
			return err
		}
		return s.renderUnitForm(w, r, http.StatusUnprocessableEntity, existing, errs)
	}
	s.flash(r, "success", "Zapisano jednostkę „"+u.Name+"”.")
	redirect(w, r, paths.Units())
	return nil
}

func (s *Server) handleUnitArchive(archived bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.unitFromURL(r)
		if err != nil {
			return err
		}
		if err := s.store.SetUnitArchived(r.Context(), s.actor(r), u.ID, archived); err != nil {
			return err
		}
		if archived {
			s.flash(r, "success", "Jednostkę „"+u.Name+"” przeniesiono do archiwum: nie będzie proponowana w nowych programach.")
		} else {
			s.flash(r, "success", "Jednostkę „"+u.Name+"” przywrócono z archiwum.")
		}
		redirect(w, r, paths.Units())
		return nil
	}
}

// --- CSV import: upload → preview with per-row errors → confirm

func (s *Server) handleUnitImportPage(w http.ResponseWriter, r *http.Request) error {
	v := pages.UnitImportView{}
	if id, err := strconv.ParseInt(r.URL.Query().Get(pages.FieldUnitImportProgramme), 10, 64); err == nil && id > 0 {
		if p, err := s.store.Programme(r.Context(), id); err == nil && p.ArchivedAt == nil {
			v.Programme = p // chosen on the programme's units page
		}
	}
	return s.renderUnitImport(w, r, http.StatusOK, v)
}

// renderUnitImport shows the import page with the programmes to choose.
func (s *Server) renderUnitImport(w http.ResponseWriter, r *http.Request, status int, v pages.UnitImportView) error {
	var err error
	if v.Programmes, err = s.importProgrammes(r); err != nil {
		return err
	}
	s.render(w, r, status, pages.UnitImport(v))
	return nil
}

func (s *Server) handleUnitImportSample(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="jednostki-przyklad.csv"`)
	return unitcsv.Write(w, []domain.Unit{
		{Name: "Urząd Miasta Kłodzko", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie", Address: "pl. Bolesława Chrobrego 1, 57-300 Kłodzko"},
		{Name: "Starostwo Powiatowe w Miechowie", Kind: domain.UnitPowiat, Voivodeship: "małopolskie", TERYT: "1208"},
		{Name: "Urząd Gminy Zabierzów", Kind: domain.UnitGminaWiejska, Voivodeship: "małopolskie"},
	})
}

// parseImport reads and checks a file against the units already stored.
func (s *Server) parseImport(r *http.Request, up csvUpload) (*unitcsv.File, error) {
	file, err := unitcsv.ParseEncoding(up.data, up.enc)
	if err != nil {
		return nil, err
	}
	existing, err := s.store.ListUnits(r.Context())
	if err != nil {
		return nil, err
	}
	file.CheckDuplicates(existing)
	return file, nil
}

// importFailed shows why a file cannot be read (422), or asks which code
// page it is in (200: nothing is wrong, the user must say).
func (s *Server) importFailed(w http.ResponseWriter, r *http.Request, up csvUpload, err error) error {
	var amb *csvin.ErrAmbiguous
	if errors.As(err, &amb) {
		v := pages.UnitImportView{Readings: amb.Readings, FileName: up.name, Data: base64.StdEncoding.EncodeToString(up.data)}
		if p, ok, err := s.importTarget(r); err == nil && ok {
			v.Programme = p // the choice stays
		}
		return s.renderUnitImport(w, r, http.StatusOK, v)
	}
	var fe *unitcsv.ErrFile
	if !errors.As(err, &fe) {
		return err
	}
	v := pages.UnitImportView{FileError: fe.Msg}
	if p, ok, err := s.importTarget(r); err == nil && ok {
		v.Programme = p // the choice stays
	}
	return s.renderUnitImport(w, r, http.StatusUnprocessableEntity, v)
}

// handleUnitImportPreview shows what the file holds; nothing is saved. The
// file travels back (base64) with the choice of its encoding and with the
// confirmation, and is checked again then.
func (s *Server) handleUnitImportPreview(w http.ResponseWriter, r *http.Request) error {
	up, err := readCSVUpload(r, "Wybierz plik CSV do wczytania.")
	if err != nil {
		return s.importFailed(w, r, up, err)
	}
	file, err := s.parseImport(r, up)
	if err != nil {
		return s.importFailed(w, r, up, err)
	}
	target, ok, err := s.importTarget(r)
	if err != nil {
		return s.importFailed(w, r, up, err)
	}
	if ok {
		checkImportAreas(file, target)
	}
	status := http.StatusOK
	if file.Invalid() > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.renderUnitImport(w, r, status, pages.UnitImportView{File: file, FileName: up.name, Encoding: up.enc,
		Data: base64.StdEncoding.EncodeToString(up.data), Programme: target})
}

// handleUnitImportConfirm saves every valid row of the file in one transaction.
func (s *Server) handleUnitImportConfirm(w http.ResponseWriter, r *http.Request) error {
	up, err := readCSVUpload(r, "Brak danych do zapisania: wczytaj plik ponownie.")
	if err == nil && len(r.PostForm.Get(pages.FieldUnitImportData)) == 0 {
		err = csvin.Errf("Brak danych do zapisania: wczytaj plik ponownie.")
	}
	if err != nil {
		return s.importFailed(w, r, up, err)
	}
	file, err := s.parseImport(r, up)
	if err != nil {
		return s.importFailed(w, r, up, err)
	}
	target, ok, err := s.importTarget(r)
	if err != nil {
		return s.importFailed(w, r, up, err)
	}
	if ok {
		checkImportAreas(file, target)
	}
	valid := file.Valid()
	if len(valid) == 0 {
		return s.importFailed(w, r, up, &unitcsv.ErrFile{Msg: "Plik nie zawiera żadnego poprawnego wiersza: nic nie zapisano. Popraw wiersze z błędami i wczytaj plik ponownie."})
	}
	if ok {
		err = s.store.ImportUnitsInto(r.Context(), s.actor(r), target.ID, valid, importAreas(file))
	} else {
		err = s.store.ImportUnits(r.Context(), s.actor(r), valid)
	}
	if err != nil {
		c := domain.ErrorCode(err)
		if c == domain.ECONFLICT || c == domain.EINVALID {
			return s.importFailed(w, r, up, &unitcsv.ErrFile{Msg: "Nic nie zapisano: " + strings.TrimSuffix(importErrorMessage(err), ".") + ". Wczytaj plik ponownie, aby zobaczyć aktualny podgląd."})
		}
		return err
	}
	msg := "Zapisano " + strconv.Itoa(len(valid)) + " " + components.Plural(len(valid), "jednostkę", "jednostki", "jednostek") + " z pliku."
	if n := file.Invalid(); n > 0 {
		msg += " Pominięto wierszy z błędami: " + strconv.Itoa(n) + "."
	}
	if ok {
		msg += " Dołączyły do programu „" + target.Code + "”."
		s.flash(r, "success", msg)
		redirect(w, r, paths.Participations(target.ID))
		return nil
	}
	s.flash(r, "success", msg)
	redirect(w, r, paths.Units())
	return nil
}

// importErrorMessage is the store's message, or the first field's message
// when the store only says the fields need fixing.
func importErrorMessage(err error) string {
	for _, k := range []string{"teryt", "name"} {
		if m := domain.FieldErrors(err)[k]; m != "" {
			return m
		}
	}
	return domain.ErrorMessage(err)
}
