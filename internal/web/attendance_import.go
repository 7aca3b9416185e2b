package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"kaizen/internal/attendcsv"
	"kaizen/internal/csvin"
	"kaizen/internal/csvout"
	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// attendanceImport is what the import form carries besides the file: the
// legal basis recorded for people the file adds.
type attendanceImport struct {
	basis    domain.LegalBasis
	from, to string
}

func (s *Server) renderAttendanceImport(w http.ResponseWriter, r *http.Request, status int, v pages.AttendanceImportView) error {
	if v.Form.Values == nil {
		v.Form = formState(r, v.Form.Errors)
	}
	s.render(w, r, status, pages.AttendanceImport(v))
	return nil
}

func (s *Server) importContext(r *http.Request) (*domain.Programme, *domain.TrainingSession, map[string]int64, error) {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := s.trainingSessionFromURL(r, p)
	if err != nil {
		return nil, nil, nil, err
	}
	parts, err := s.store.Participations(r.Context(), p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	units := map[string]int64{}
	for _, pa := range parts {
		units[pa.Unit.Name] = pa.Unit.ID
	}
	return p, x, units, nil
}

func (s *Server) handleAttendanceImportPage(w http.ResponseWriter, r *http.Request) error {
	p, x, _, err := s.importContext(r)
	if err != nil {
		return err
	}
	return s.renderAttendanceImport(w, r, http.StatusOK, pages.AttendanceImportView{Programme: p, Session: x,
		Form: components.Form{Values: map[string][]string{pages.FieldImportLegalBasis: {string(domain.BasisConsent)}}}})
}

func (s *Server) handleAttendanceImportSample(w http.ResponseWriter, r *http.Request) error {
	_, x, _, err := s.importContext(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="lista-obecnosci-wzor.csv"`)
	cw := csvout.New(w)
	header := []string{"Imię", "Nazwisko", "Jednostka", "Stanowisko", "Płeć", "E-mail"}
	example := []string{"Anna", "Przykładowa", "Urząd Miasta w Dzierżoniowie", "inspektor", "K", ""}
	for _, d := range x.Days {
		header = append(header, d.Format("2006-01-02"))
		example = append(example, "1")
	}
	cw.Row(header...)
	cw.Row(example...)
	return cw.Close()
}

// readImportForm reads the legal-basis fields; messages go to errs.
func readImportForm(r *http.Request) (attendanceImport, *formReader) {
	f := newFormReader(r)
	in := attendanceImport{basis: domain.LegalBasis(f.str(pages.FieldImportLegalBasis)), from: f.str(pages.FieldImportBasisDate), to: f.str(pages.FieldImportRetentionUntil)}
	return in, f
}

func (s *Server) parseAttendance(r *http.Request, x *domain.TrainingSession, units map[string]int64, up csvUpload, in attendanceImport, f *formReader) (*attendcsv.File, []domain.Person, []map[string]bool, error) {
	file, err := attendcsv.ParseEncoding(up.data, up.enc, x.Days, units)
	if err != nil {
		return nil, nil, nil, err
	}
	from := f.date(in.from, pages.FieldImportBasisDate, true)
	to := f.date(in.to, pages.FieldImportRetentionUntil, true)
	var people []domain.Person
	var present []map[string]bool
	for i := range file.Rows {
		row := &file.Rows[i]
		if !row.OK() {
			continue
		}
		row.Person.ProgrammeID, row.Person.LegalBasis, row.Person.BasisDate, row.Person.RetentionUntil = x.ProgrammeID, in.basis, from, to
		probe := row.Person
		if err := probe.Validate(""); err != nil {
			for k, m := range domain.FieldErrors(err) {
				switch k {
				case pages.FieldImportLegalBasis, pages.FieldImportBasisDate, pages.FieldImportRetentionUntil:
					f.errs.Add(k, m)
				default:
					row.Errors = append(row.Errors, m)
				}
			}
			if !row.OK() {
				continue
			}
		}
		people = append(people, row.Person)
		present = append(present, row.Present)
	}
	return file, people, present, nil
}

// attendanceImportFailed shows why a file cannot be read (422), or asks
// which code page it is in (200: the user must say).
func (s *Server) attendanceImportFailed(w http.ResponseWriter, r *http.Request, v pages.AttendanceImportView, up csvUpload, err error) error {
	var amb *csvin.ErrAmbiguous
	if errors.As(err, &amb) {
		v.Readings, v.Data = amb.Readings, base64.StdEncoding.EncodeToString(up.data)
		return s.renderAttendanceImport(w, r, http.StatusOK, v)
	}
	var fe *csvin.ErrFile
	if !errors.As(err, &fe) {
		return err
	}
	v.FileError = fe.Msg
	return s.renderAttendanceImport(w, r, http.StatusUnprocessableEntity, v)
}

func (s *Server) handleAttendanceImportPreview(w http.ResponseWriter, r *http.Request) error {
	p, x, units, err := s.importContext(r)
	if err != nil {
		return err
	}
	in, f := readImportForm(r)
	v := pages.AttendanceImportView{Programme: p, Session: x}
	up, err := readCSVUpload(r, "Wybierz plik CSV z listą obecności.")
	if err != nil {
		return s.attendanceImportFailed(w, r, v, up, err)
	}
	file, people, _, err := s.parseAttendance(r, x, units, up, in, f)
	if err != nil {
		return s.attendanceImportFailed(w, r, v, up, err)
	}
	v.File, v.Data, v.Ready, v.Encoding = file, base64.StdEncoding.EncodeToString(up.data), len(people), up.enc
	status := http.StatusOK
	if len(f.errs) > 0 || file.Valid() < len(file.Rows) {
		status = http.StatusUnprocessableEntity
	}
	// Marks on days of a closed period change a filed report: the preview
	// says so beside the save button, which then asks to confirm.
	if len(people) > 0 {
		if err := f.askClosed(s.closedCheck(r, p, x.Days...)); err != nil {
			return err
		}
	}
	v.Form = formState(r, f.errs)
	return s.renderAttendanceImport(w, r, status, v)
}

func (s *Server) handleAttendanceImportConfirm(w http.ResponseWriter, r *http.Request) error {
	p, x, units, err := s.importContext(r)
	if err != nil {
		return err
	}
	in, f := readImportForm(r)
	v := pages.AttendanceImportView{Programme: p, Session: x}
	up, err := readCSVUpload(r, "Brak danych do zapisania: wczytaj plik ponownie.")
	if err == nil && r.PostForm.Get(pages.FieldImportData) == "" {
		err = csvin.Errf("Brak danych do zapisania: wczytaj plik ponownie.")
	}
	if err != nil {
		return s.attendanceImportFailed(w, r, v, up, err)
	}
	file, people, present, err := s.parseAttendance(r, x, units, up, in, f)
	if err != nil {
		return s.attendanceImportFailed(w, r, v, up, err)
	}
	if len(f.errs) > 0 || len(people) == 0 {
		v.File, v.Data, v.Ready, v.Form, v.Encoding = file, r.PostForm.Get(pages.FieldImportData), len(people), formState(r, f.errs), up.enc
		if len(people) == 0 {
			v.FileError = "Plik nie zawiera żadnego poprawnego wiersza: nic nie zapisano. Popraw wiersze z błędami i wczytaj plik ponownie."
		}
		return s.renderAttendanceImport(w, r, http.StatusUnprocessableEntity, v)
	}
	if err := f.askClosed(s.closedCheck(r, p, x.Days...)); err != nil {
		return err
	}
	if len(f.errs) > 0 { // dated into a closed period: confirmed only by "Zapisz mimo to"
		v.File, v.Data, v.Ready, v.Form, v.Encoding = file, r.PostForm.Get(pages.FieldImportData), len(people), formState(r, f.errs), up.enc
		return s.renderAttendanceImport(w, r, http.StatusUnprocessableEntity, v)
	}
	created, err := s.store.ImportAttendance(r.Context(), s.actor(r), x, people, present)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			return s.attendanceImportFailed(w, r, v, up, csvin.Errf("Nic nie zapisano: %s Wczytaj plik ponownie, aby zobaczyć aktualny podgląd.", domain.ErrorMessage(err)))
		}
		return err
	}
	s.flash(r, "success", "Zapisano obecność "+strconv.Itoa(len(people))+" "+components.Plural(len(people), "osoby", "osób", "osób")+
		" (nowych w programie: "+strconv.Itoa(created)+"). Pominięto wierszy z błędami: "+strconv.Itoa(len(file.Rows)-len(people))+".")
	s.redirectFlash(w, r, paths.TrainingSession(p.ID, x.ID)+"#obecnosc")
	return nil
}
