package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/store"
)

// Invented people: first names by sex, surnames in both forms (women, men)
// and positions; the national generator (internal/gen) draws from them too.
var (
	WomenNames = []string{"Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Joanna", "Magdalena", "Monika", "Dorota", "Iwona", "Beata", "Grażyna", "Elżbieta", "Renata"}
	MenNames   = []string{"Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Andrzej", "Grzegorz", "Łukasz", "Jacek", "Zbigniew"}
	Surnames   = [][2]string{{"Nowak", "Nowak"}, {"Kowalska", "Kowalski"}, {"Wiśniewska", "Wiśniewski"}, {"Wójcik", "Wójcik"}, {"Kamińska", "Kamiński"},
		{"Lewandowska", "Lewandowski"}, {"Zielińska", "Zieliński"}, {"Szymańska", "Szymański"}, {"Woźniak", "Woźniak"}, {"Dąbrowska", "Dąbrowski"},
		{"Kozłowska", "Kozłowski"}, {"Jankowska", "Jankowski"}, {"Mazur", "Mazur"}, {"Krawczyk", "Krawczyk"}, {"Piotrowska", "Piotrowski"},
		{"Grabowska", "Grabowski"}, {"Pawłowska", "Pawłowski"}, {"Michalska", "Michalski"}, {"Król", "Król"}, {"Wieczorek", "Wieczorek"}}
	Positions = []string{"inspektor ds. wymiaru podatków", "podinspektor ds. księgowości podatkowej", "kierownik referatu podatków i opłat",
		"inspektor ds. gospodarki nieruchomościami", "główny specjalista ds. obrotu nieruchomościami", "referent ds. opłat lokalnych",
		"naczelnik wydziału finansowego", "inspektor ds. obsługi klienta"}
)

// Weekday moves a date off the weekend (to the next Monday).
func Weekday(t time.Time) time.Time {
	switch t.Weekday() {
	case time.Saturday:
		return t.AddDate(0, 0, 2)
	case time.Sunday:
		return t.AddDate(0, 0, 1)
	}
	return t
}

type demoPeople struct {
	st     *store.Store
	p      *domain.Programme
	n      int
	byUnit map[int64][]*domain.Person
	// positions people hold (Positions when nil)
	positions []string
}

// person invents the next participant of unit.
func (d *demoPeople) person(unit int64, since time.Time) *domain.Person {
	i := d.n
	d.n++
	female := i%5 != 2 && i%5 != 4 // about 60% women, as in local administration
	sur := Surnames[(i*7)%len(Surnames)]
	positions := Positions
	if d.positions != nil {
		positions = d.positions
	}
	per := &domain.Person{ProgrammeID: d.p.ID, UnitID: unit, Position: positions[i%len(positions)], LegalBasis: domain.BasisConsent,
		BasisDate: since, RetentionUntil: d.p.End.AddDate(5, 0, 0)}
	if female {
		per.FirstName, per.LastName, per.Sex = WomenNames[i%len(WomenNames)], sur[0], domain.SexFemale
	} else {
		per.FirstName, per.LastName, per.Sex = MenNames[i%len(MenNames)], sur[1], domain.SexMale
	}
	return per
}

// loadEvidence records evidence dated before today: training sessions with
// attendance and scans, consultations, PZ2 meetings and good practices.
func loadEvidence(ctx context.Context, st *store.Store, p *domain.Programme, byName map[string]int64, taskID map[string]int64) error {
	today := st.Now().UTC().Truncate(24 * time.Hour)
	trainings, err := st.Trainings(ctx, p.ID)
	if err != nil {
		return err
	}
	trainingID := map[string]int64{}
	for _, t := range trainings {
		trainingID[t.Code] = t.ID
	}
	people := &demoPeople{st: st, p: p, byUnit: map[int64][]*domain.Person{}}
	improvement := p.Phases[1].Start

	type sessionPlan struct {
		code    string
		group   int
		month   int // months into the improvement phase
		days    int
		units   []string
		perUnit int
		scans   int // days with a scan
	}
	plans := []sessionPlan{
		{"PS4", 1, 1, 2, unitsP[:4], 3, 2},
		{"PS4", 2, 3, 2, unitsP[3:], 3, 2},
		{"PS3", 1, 4, 2, unitsP[:3], 4, 2},
		{"NS4", 1, 5, 2, unitsN[1:5], 3, 2},
		{"PS5", 1, 7, 1, unitsP[1:5], 2, 1},
		{"NS3", 1, 9, 2, unitsN[2:6], 3, 1}, // the second day's scan is missing
	}
	for i, sp := range plans {
		first := Weekday(improvement.AddDate(0, sp.month, 3+i))
		if sp.days > 1 && first.Weekday() == time.Friday {
			first = first.AddDate(0, 0, -1)
		}
		if !first.Before(today) {
			continue
		}
		x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: trainingID[sp.code], GroupNo: sp.group, HoursPerDay: domain.DecimalFromInt(6),
			Place: "Dzierżoniów, Rynek 1, sala konferencyjna", Trainer: []string{"Bożena Szkoleniowa", "Wojciech Trenerski"}[i%2]}
		for d := 0; d < sp.days; d++ {
			x.Days = append(x.Days, Weekday(first.AddDate(0, 0, d)))
		}
		for _, u := range sp.units {
			x.UnitIDs = append(x.UnitIDs, byName[u])
		}
		if err := st.CreateSession(ctx, system, p, x, ""); err != nil {
			return fmt.Errorf("session %s/%d: %w", sp.code, sp.group, err)
		}
		var entries []domain.Attendance
		var rows []pdf.AttendanceRow
		for _, u := range sp.units {
			uid := byName[u]
			for k := 0; k < sp.perUnit; k++ {
				var per *domain.Person
				if k < len(people.byUnit[uid]) && (i+k)%2 == 0 {
					per = people.byUnit[uid][k] // the same people come to several trainings
				} else {
					per = people.person(uid, first.AddDate(0, 0, -7))
				}
				if err := st.AddParticipant(ctx, system, x, per, ""); err != nil {
					if domain.ErrorCode(err) == domain.EINVALID { // already on this list
						continue
					}
					return fmt.Errorf("participant: %w", err)
				}
				if per.ID != 0 && !containsPerson(people.byUnit[uid], per.ID) {
					people.byUnit[uid] = append(people.byUnit[uid], per)
				}
				for d, day := range x.Days {
					entries = append(entries, domain.Attendance{PersonID: per.ID, Day: day, Present: !(d == 1 && (per.ID+int64(i))%6 == 0)})
				}
				rows = append(rows, pdf.AttendanceRow{Name: per.FullName(), Unit: u, Position: per.Position})
			}
		}
		if err := st.SaveAttendance(ctx, system, x, entries, 0); err != nil {
			return fmt.Errorf("attendance: %w", err)
		}
		tr := trainings[0]
		for _, t := range trainings {
			if t.ID == x.TrainingID {
				tr = t
			}
		}
		for d := 0; d < sp.scans; d++ {
			var buf bytes.Buffer
			if err := pdf.WriteAttendanceList(&buf, pdf.AttendanceList{ProgrammeTitle: p.Title, FundingLine: p.FundingLine, TrainingCode: tr.Code,
				TrainingTopic: tr.Topic, GroupNo: x.GroupNo, Days: x.Days, HoursPerDay: "6", Place: x.Place, Trainer: x.Trainer, Rows: rows}); err != nil {
				return err
			}
			name := fmt.Sprintf("lista-%s-gr%d-%s.pdf", tr.Code, x.GroupNo, x.Days[d].Format("2006-01-02"))
			if _, err := st.AddScan(ctx, system, x, x.Days[d], name, "application/pdf", buf.Bytes()); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
		}
	}

	// Consultations: process improvement in several units, both areas.
	experts := []string{"Piotr Zawadzki", "Helena Konsultantka"}
	for i, c := range []struct {
		task string
		unit string
		days int
	}{
		{"P3 doskonalenie procesów", LeaderUnit, 4}, {"P3 doskonalenie procesów", "Urząd Miasta Bielawa", 3},
		{"P3 doskonalenie procesów", "Urząd Miasta Bolesławiec", 2}, {"P3 standardy obsługi klienta", "Urząd Miejski Świdnica", 3},
		{"N1 doskonalenie procesów", "Urząd Miasta Kłodzko", 4}, {"N1 doskonalenie procesów", "Urząd Gminy Dzierżoniów", 2},
		{"N2 standardy obsługi klienta", "Urząd Miasta Kłodzko", 5},
	} {
		for d := 0; d < c.days; d++ {
			day := Weekday(improvement.AddDate(0, 1+d*2, 5+i))
			if !day.Before(today) {
				break
			}
			co := &domain.Consultation{ProgrammeID: p.ID, TaskID: taskID[c.task], UnitID: byName[c.unit], Expert: experts[i%2], Day: day,
				Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: []string{"Mapa procesów", "Wskaźniki oceny procesów", "Zasady monitorowania", "Standard obsługi klienta", "Przegląd procesu"}[d%5],
				WorkDone: "Warsztat z zespołem jednostki; uzgodniono wersję roboczą dokumentu."}
			if err := st.SaveConsultation(ctx, system, p, co, ""); err != nil {
				return fmt.Errorf("consultation: %w", err)
			}
		}
	}

	// PZ2 meetings, about every quarter; the second with unit management.
	var meetingIDs []int64
	for n := 1; n <= 4; n++ {
		day := Weekday(improvement.AddDate(0, 3*n-2, 10))
		if day.Weekday() == time.Friday { // two days in a row, not over a weekend
			day = day.AddDate(0, 0, -1)
		}
		if !day.AddDate(0, 0, 1).Before(today) {
			break
		}
		m := &domain.Meeting{ProgrammeID: p.ID, TaskID: taskID["PZ2 spotkania grupy dobrych praktyk"], Number: n,
			Days: []time.Time{day, Weekday(day.AddDate(0, 0, 1))}, Place: []string{"Dzierżoniów", "Bielawa", "Kłodzko", "Świdnica"}[n-1],
			WithManagement: n == 2, Experts: "Piotr Zawadzki\nHelena Konsultantka",
			Notes: fmt.Sprintf("Notatka ze spotkania grupy dobrych praktyk nr %d, %s – %s. Przedstawiciele JST omówili doświadczenia z wdrażania usprawnień w obszarach P i N.",
				n, day.Format("02.01.2006"), Weekday(day.AddDate(0, 0, 1)).Format("02.01.2006")),
			Conclusions: []string{"Ujednolicić wzory informacji dla podatników na stronach urzędów.", "Kierownictwo JST rekomenduje jedno okienko podatkowe jako standard.",
				"Wspólna baza opisów procesów w obszarze nieruchomości.", "Coroczny przegląd procesów z udziałem pracowników."}[n-1]}
		for _, u := range []string{unitsP[n%len(unitsP)], unitsN[(n+1)%len(unitsN)], LeaderUnit} {
			list := people.byUnit[byName[u]]
			if len(list) > 0 {
				area := domain.AreaP
				if containsName(unitsN, u) && !containsName(unitsP, u) {
					area = domain.AreaN
				}
				m.Attendees = append(m.Attendees, domain.MeetingAttendee{PersonID: list[0].ID, Area: area})
			}
		}
		if err := st.SaveMeeting(ctx, system, p, m, ""); err != nil {
			return fmt.Errorf("meeting %d: %w", n, err)
		}
		meetingIDs = append(meetingIDs, m.ID)
		if n < 4 {
			var buf bytes.Buffer
			if err := pdf.WriteAttendanceList(&buf, pdf.AttendanceList{ProgrammeTitle: p.Title, TrainingCode: "PZ2", TrainingTopic: "spotkanie grupy dobrych praktyk",
				GroupNo: n, Days: m.Days, HoursPerDay: "6", Place: m.Place, Trainer: "Piotr Zawadzki", BlankRows: 10}); err != nil {
				return err
			}
			if _, err := st.AddMeetingScan(ctx, system, m.ID, fmt.Sprintf("lista-gdp-%d.pdf", n), "application/pdf", buf.Bytes()); err != nil {
				return err
			}
		}
	}

	for i, g := range []domain.GoodPractice{
		{Title: "Jedno okienko podatkowe", UnitID: byName[LeaderUnit], Area: domain.AreaP, Status: domain.PracticeAccepted,
			Description: "Podatnik załatwia wszystkie sprawy podatków i opłat lokalnych w jednym stanowisku obsługi, bez odsyłania między referatami.",
			Results:     "Średni czas załatwienia sprawy skrócił się z 25 do 9 minut; liczba skarg spadła o połowę.",
			WhyResults:  "Pomiar czasu obsługi przed i po wdrożeniu, rejestr skarg.", WhyInnovative: "Połączenie kompetencji trzech referatów w jednym stanowisku.",
			WhyDurable: "Opisane w regulaminie organizacyjnym i karcie usługi; działa od roku.", WhyTransferable: "Nie wymaga nakładów, tylko zmiany organizacji pracy; przejęły je dwie inne gminy."},
		{Title: "Mapa procesów gospodarowania nieruchomościami", UnitID: byName["Urząd Miasta Kłodzko"], Area: domain.AreaN, Status: domain.PracticeAccepted,
			Description: "Opis procesów sprzedaży, dzierżawy i użyczenia nieruchomości gminnych z właścicielami procesów i wskaźnikami.",
			Results:     "Terminowość załatwiania spraw wzrosła z 71% do 93%.", WhyResults: "Wskaźnik terminowości liczony co kwartał.",
			WhyInnovative: "Pierwsza w regionie mapa procesów w tym obszarze.", WhyDurable: "Przegląd mapy raz w roku w ramach przeglądu zarządzania.",
			WhyTransferable: "Mapa jest szablonem dla innych gmin."},
		{Title: "Elektroniczne przypomnienia o terminach płatności", UnitID: byName["Urząd Miasta Bielawa"], Area: domain.AreaP, Status: domain.PracticeProposed,
			Description: "Wiadomości SMS i e-mail przypominające o zbliżającym się terminie raty podatku.",
			Results:     "Mniej zaległości w pierwszym kwartale.", WhyResults: "Porównanie zaległości rok do roku.", WhyInnovative: "Automatyzacja kontaktu z podatnikiem.",
			WhyDurable: "Włączone do stałej obsługi.", WhyTransferable: "Wymaga jedynie zgody podatnika i bramki SMS."},
	} {
		g.ProgrammeID = p.ID
		if len(meetingIDs) > i {
			g.MeetingIDs = []int64{meetingIDs[i]}
		}
		if err := st.SaveGoodPractice(ctx, system, &g, ""); err != nil {
			return fmt.Errorf("good practice: %w", err)
		}
	}
	return nil
}

func containsPerson(list []*domain.Person, id int64) bool {
	for _, p := range list {
		if p.ID == id {
			return true
		}
	}
	return false
}

func containsName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
