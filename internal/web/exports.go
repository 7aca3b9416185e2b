package web

// The lists as CSV files Excel in Poland opens directly (csvout: UTF-8
// with a BOM, semicolons, no formulas). Each export reads its list's query
// with the same function as the page, without a page limit, so the file
// holds exactly the rows the list shows, in its order. Column headers are
// Polish, dates ISO (2026-11-27), decimals with a comma.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kaizen/internal/csvout"
	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/unitcsv"
	"kaizen/internal/webctx"
)

// csvDownload starts the CSV file name (ASCII) as a download.
func csvDownload(w http.ResponseWriter, name string) *csvout.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return csvout.New(w)
}

// isoDate is a date as the files give it (2026-11-27), empty when zero.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func yesNo(b bool) string {
	if b {
		return "tak"
	}
	return "nie"
}

func itoa(n int) string { return strconv.Itoa(n) }

func (s *Server) handleProgrammesExport(w http.ResponseWriter, r *http.Request) error {
	list, _, err := s.store.ProgrammeList(r.Context(), programmeFilter(r, 0))
	if err != nil {
		return err
	}
	cw := csvDownload(w, "programy.csv")
	cw.Row("Kod", "Tytuł", "Początek", "Koniec", "Jednostki", "Stan")
	for _, p := range list {
		state := "aktywny"
		if p.ArchivedAt != nil {
			state = "w archiwum"
		}
		cw.Row(p.Code, p.Title, isoDate(p.Start), isoDate(p.End), itoa(p.Units), state)
	}
	return cw.Close()
}

func (s *Server) handleParticipationsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	list, _, err := s.store.ParticipationList(r.Context(), p.ID, participationFilter(r, 0))
	if err != nil {
		return err
	}
	contacts := webctx.User(r.Context()).Can(domain.PermSeeContacts)
	cw := csvDownload(w, "jednostki-programu.csv")
	head := []string{"Jednostka", "Rodzaj", "Województwo", "TERYT", "Obszary", "Adres", "E-mail"}
	if contacts {
		head = append(head, "Osoby do kontaktu")
	}
	cw.Row(head...)
	for _, pa := range list {
		var areas []string
		for _, a := range pa.Areas {
			areas = append(areas, string(a))
		}
		row := []string{pa.Unit.Name, pa.Unit.Kind.Label(), pa.Unit.Voivodeship, pa.Unit.TERYT, strings.Join(areas, " + "), pa.Unit.Address, pa.Unit.Email}
		if contacts {
			row = append(row, pa.Contacts)
		}
		cw.Row(row...)
	}
	return cw.Close()
}

func (s *Server) handleTrainingSessionsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	list, _, err := s.store.SessionList(r.Context(), p.ID, sessionFilter(r, 0))
	if err != nil {
		return err
	}
	cw := csvDownload(w, "sesje-szkoleniowe.csv")
	cw.Row("Szkolenie", "Temat", "Grupa", "Pierwszy dzień", "Ostatni dzień", "Dni", "Uczestnicy", "Dni z listą obecności", "Dni ze skanem", "Dowody kompletne")
	for _, x := range list {
		cw.Row(x.TrainingCode, x.TrainingTopic, itoa(x.GroupNo), isoDate(x.First), isoDate(x.Last), itoa(x.Days), itoa(x.Participants),
			itoa(x.DaysWithList), itoa(x.DaysWithScan), yesNo(x.Complete()))
	}
	return cw.Close()
}

func (s *Server) handleConsultationsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	list, _, err := s.store.ConsultationList(r.Context(), p.ID, consultationFilter(r, 0))
	if err != nil {
		return err
	}
	cw := csvDownload(w, "konsultacje.csv")
	cw.Row("Data", "Zadanie", "Jednostka", "Ekspert", "Godziny", "Dni", "Temat", "Wykonane prace")
	for _, c := range list {
		cw.Row(isoDate(c.Day), c.TaskLabel, c.UnitName, c.Expert, c.Hours.Input(), c.Days.Input(), c.Topic, c.WorkDone)
	}
	return cw.Close()
}

func (s *Server) handleMeetingsExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	list, _, err := s.store.MeetingList(ctx, p.ID, meetingFilter(r, 0))
	if err != nil {
		return err
	}
	tasks, err := s.store.Tasks(ctx, p.ID)
	if err != nil {
		return err
	}
	codes := map[int64]string{}
	for _, t := range tasks {
		codes[t.ID] = t.Code
	}
	cw := csvDownload(w, "spotkania.csv")
	cw.Row("Zadanie", "Numer", "Dni", "Miejsce", "Z udziałem kierownictwa", "Uczestnicy", "Skany list obecności", "Notatki z datą spotkania")
	for _, m := range list {
		days := make([]string, len(m.Days))
		for i, d := range m.Days {
			days[i] = isoDate(d)
		}
		cw.Row(codes[m.TaskID], itoa(m.Number), strings.Join(days, ", "), m.Place, yesNo(m.WithManagement), itoa(m.Attendees), itoa(m.Scans), yesNo(m.NotesDated))
	}
	return cw.Close()
}

func (s *Server) handleProductsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	list, err := s.store.UnitProducts(r.Context(), p.ID, productFilter(r, 0))
	if err != nil {
		return err
	}
	cw := csvDownload(w, "produkty.csv")
	cw.Row("Jednostka", "Zadanie", "Produkt", "Nazwa produktu", "Status", "Planowany termin", "Wykonano", "Dokumenty")
	for _, x := range list {
		cw.Row(x.UnitName, x.TaskCode+" "+x.TaskName, x.Letter, x.Name, x.Status.Label(), isoDate(x.PlannedOn), isoDate(x.DoneOn), itoa(x.Documents))
	}
	return cw.Close()
}

func (s *Server) handleProtocolsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	list, _, err := s.store.ProtocolList(r.Context(), p.ID, protocolFilter(r, 0))
	if err != nil {
		return err
	}
	cw := csvDownload(w, "protokoly-odbioru.csv")
	cw.Row("Numer", "Jednostka", "Zadanie", "Data protokołu", "Status", "Podpisał", "Data podpisu", "Zastąpiony nowszą wersją")
	for _, x := range list {
		cw.Row(x.Number(), x.UnitName, x.TaskCode+" "+x.TaskName, isoDate(x.Date), x.Status.Label(), x.SignerName, isoDate(x.SignedOn), yesNo(x.Superseded()))
	}
	return cw.Close()
}

// handlePersonsListExport exports the participants list as the page shows
// it: names for the roles that see them (unit managers their own units'
// people only; the export is recorded in the audit trail), counts by unit
// and sex for the others.
func (s *Server) handlePersonsListExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	if !canSeeNames(u) {
		counts, err := s.store.PersonCounts(ctx, p.ID)
		if err != nil {
			return err
		}
		cw := csvDownload(w, "uczestnicy-liczby.csv")
		cw.Row("Jednostka", "Kobiety", "Mężczyźni", "Razem")
		for _, c := range counts {
			cw.Row(c.UnitName, itoa(c.Women), itoa(c.Men), itoa(c.Women+c.Men))
		}
		return cw.Close()
	}
	list, _, err := s.store.SearchPersons(ctx, p.ID, personFilter(r, u, 0))
	if err != nil {
		return err
	}
	if err := s.store.RecordExport(ctx, s.actor(r), "programme", store.FormatID(p.ID), "lista uczestników (CSV, "+itoa(len(list))+" osób)"); err != nil {
		return err
	}
	cw := csvDownload(w, "uczestnicy.csv")
	cw.Row("Nazwisko", "Imię", "Jednostka", "Stanowisko", "Płeć", "Podstawa przetwarzania", "Data podstawy", "Przechowywać do")
	for _, x := range list {
		sex := "kobieta"
		if x.Sex == domain.SexMale {
			sex = "mężczyzna"
		}
		cw.Row(x.LastName, x.FirstName, x.UnitName, x.Position, sex, x.LegalBasis.Label(), isoDate(x.BasisDate), isoDate(x.RetentionUntil))
	}
	return cw.Close()
}

func (s *Server) handleUnitsExport(w http.ResponseWriter, r *http.Request) error {
	units, _, err := s.store.SearchUnits(r.Context(), unitFilter(r, 0))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="jednostki.csv"`)
	return unitcsv.Write(w, units)
}
