package web

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

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
	f := domain.UnitFilter{ListQuery: listQuery(r, domain.SortUnitList, limit)}
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
	s.render(w, r, http.StatusOK, pages.UnitImport(pages.UnitImportView{}))
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
func (s *Server) parseImport(r *http.Request, data []byte) (*unitcsv.File, error) {
	file, err := unitcsv.Parse(data)
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

func (s *Server) importFailed(w http.ResponseWriter, r *http.Request, err error) error {
	var fe *unitcsv.ErrFile
	if !errors.As(err, &fe) {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, pages.UnitImport(pages.UnitImportView{FileError: fe.Msg}))
	return nil
}

// handleUnitImportPreview shows what the file holds; nothing is saved. The
// file travels back with the confirmation and is checked again then.
func (s *Server) handleUnitImportPreview(w http.ResponseWriter, r *http.Request) error {
	if r.MultipartForm == nil {
		return s.importFailed(w, r, &unitcsv.ErrFile{Msg: "Wybierz plik CSV do wczytania."})
	}
	fh := r.MultipartForm.File[pages.FieldFile]
	if len(fh) == 0 {
		return s.importFailed(w, r, &unitcsv.ErrFile{Msg: "Wybierz plik CSV do wczytania."})
	}
	if fh[0].Size > unitcsv.MaxBytes {
		return s.importFailed(w, r, &unitcsv.ErrFile{Msg: "Plik jest za duży (największy dopuszczalny: 1 MB). Podziel go na części."})
	}
	f, err := fh[0].Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, unitcsv.MaxBytes+1))
	if err != nil {
		return err
	}
	file, err := s.parseImport(r, data)
	if err != nil {
		return s.importFailed(w, r, err)
	}
	status := http.StatusOK
	if file.Invalid() > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, pages.UnitImport(pages.UnitImportView{File: file, FileName: fh[0].Filename,
		Data: base64.StdEncoding.EncodeToString(data)}))
	return nil
}

// handleUnitImportConfirm saves every valid row of the file in one transaction.
func (s *Server) handleUnitImportConfirm(w http.ResponseWriter, r *http.Request) error {
	data, err := base64.StdEncoding.DecodeString(r.PostForm.Get(pages.FieldUnitImportData))
	if err != nil || len(data) == 0 {
		return s.importFailed(w, r, &unitcsv.ErrFile{Msg: "Brak danych do zapisania: wczytaj plik ponownie."})
	}
	file, err := s.parseImport(r, data)
	if err != nil {
		return s.importFailed(w, r, err)
	}
	valid := file.Valid()
	if len(valid) == 0 {
		return s.importFailed(w, r, &unitcsv.ErrFile{Msg: "Plik nie zawiera żadnego poprawnego wiersza: nic nie zapisano."})
	}
	if err := s.store.ImportUnits(r.Context(), s.actor(r), valid); err != nil {
		c := domain.ErrorCode(err)
		if c == domain.ECONFLICT || c == domain.EINVALID {
			return s.importFailed(w, r, &unitcsv.ErrFile{Msg: "Nic nie zapisano: " + strings.TrimSuffix(domain.ErrorMessage(err), ".") + ". Wczytaj plik ponownie, aby zobaczyć aktualny podgląd."})
		}
		return err
	}
	msg := "Zapisano " + strconv.Itoa(len(valid)) + " " + components.Plural(len(valid), "jednostkę", "jednostki", "jednostek") + " z pliku."
	if n := file.Invalid(); n > 0 {
		msg += " Pominięto wierszy z błędami: " + strconv.Itoa(n) + "."
	}
	s.flash(r, "success", msg)
	redirect(w, r, paths.Units())
	return nil
}
