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

// govPositions are positions in government offices (invented people).
var govPositions = []string{"inspektor wojewódzki ds. obsługi klienta", "starszy specjalista ds. skarg i wniosków",
	"kierownik oddziału obsługi klienta", "specjalista ds. systemu zarządzania jakością", "starszy inspektor ds. organizacji",
	"główny specjalista ds. komunikacji"}

// loadKCUEvidence records the second programme's training sessions (with
// half days), their attendance and scans, and consultations of task Z2,
// all dated before today.
func loadKCUEvidence(ctx context.Context, st *store.Store, p *domain.Programme, units []int64, taskID, trainingID map[string]int64) error {
	today := st.Now().UTC().Truncate(24 * time.Hour)
	names := map[int64]string{}
	for i, pa := range kcuParticipants() {
		names[units[i]] = pa.name
	}
	people := &demoPeople{st: st, p: p, n: 3, byUnit: map[int64][]*domain.Person{}, positions: govPositions}
	improvement := p.Phases[1].Start
	for i, sp := range []struct {
		code, topic string
		group       int
		month       int
		days        int  // session days
		halfLast    bool // the last day is a half day
		units       []int64
		perUnit     int
	}{
		{"SK2", "przygotowanie do badania satysfakcji klienta", 1, 1, 1, true, units[:4], 3},
		{"SK2", "przygotowanie do badania satysfakcji klienta", 2, 2, 1, true, units[4:], 3},
		{"SK1", "nowoczesne standardy obsługi klienta", 1, 4, 2, true, units[:5], 2},
	} {
		first := Weekday(improvement.AddDate(0, sp.month, 2+i))
		if sp.days > 1 && first.Weekday() == time.Friday {
			first = first.AddDate(0, 0, -1)
		}
		if !first.AddDate(0, 0, sp.days).Before(today) {
			continue
		}
		x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: trainingID[sp.code], GroupNo: sp.group, HoursPerDay: domain.DecimalFromInt(6),
			Place: "Gorzów Wielkopolski, ul. Jagiellończyka 8, sala narad", Trainer: []string{"Justyna Szkoleniowa", "Adam Trenerski"}[i%2], UnitIDs: sp.units}
		for d := 0; d < sp.days; d++ {
			x.Days = append(x.Days, Weekday(first.AddDate(0, 0, d)))
		}
		if sp.halfLast {
			x.HalfDays = []time.Time{x.Days[len(x.Days)-1]}
		}
		if err := st.CreateSession(ctx, system, p, x, ""); err != nil {
			return fmt.Errorf("session %s/%d: %w", sp.code, sp.group, err)
		}
		var entries []domain.Attendance
		var rows []pdf.AttendanceRow
		for _, uid := range sp.units {
			for k := 0; k < sp.perUnit; k++ {
				var per *domain.Person
				if k < len(people.byUnit[uid]) && k%2 == 0 {
					per = people.byUnit[uid][k] // the same people come to several trainings
				} else {
					per = people.person(uid, first.AddDate(0, 0, -7))
				}
				if err := st.AddParticipant(ctx, system, x, per, ""); err != nil {
					if domain.ErrorCode(err) == domain.EINVALID {
						continue
					}
					return fmt.Errorf("participant: %w", err)
				}
				if !containsPerson(people.byUnit[uid], per.ID) {
					people.byUnit[uid] = append(people.byUnit[uid], per)
				}
				for _, day := range x.Days {
					entries = append(entries, domain.Attendance{PersonID: per.ID, Day: day, Present: true})
				}
				rows = append(rows, pdf.AttendanceRow{Name: per.FullName(), Unit: names[uid], Position: per.Position})
			}
		}
		if err := st.SaveAttendance(ctx, system, x, entries, 0); err != nil {
			return fmt.Errorf("attendance: %w", err)
		}
		for _, day := range x.Days {
			var buf bytes.Buffer
			if err := pdf.WriteAttendanceList(&buf, pdf.AttendanceList{ProgrammeTitle: p.Title, FundingLine: p.FundingLine, TrainingCode: sp.code,
				TrainingTopic: sp.topic, GroupNo: x.GroupNo, Days: x.Days, HalfDays: x.HalfDays, HoursPerDay: "6", Place: x.Place, Trainer: x.Trainer, Rows: rows}); err != nil {
				return err
			}
			name := fmt.Sprintf("lista-%s-gr%d-%s.pdf", sp.code, x.GroupNo, day.Format("2006-01-02"))
			if _, err := st.AddScan(ctx, system, x, day, name, "application/pdf", buf.Bytes()); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
		}
	}

	// Consultations of process optimisation (Z2) in its four offices.
	for i, uid := range units[:4] {
		for d := 0; d < 3-i%2; d++ {
			day := Weekday(improvement.AddDate(0, 2+d*2, 4+i))
			if !day.Before(today) {
				break
			}
			co := &domain.Consultation{ProgrammeID: p.ID, TaskID: taskID["Z2"], UnitID: uid, Expert: []string{"Piotr Zawadzki", "Helena Konsultantka"}[i%2],
				Day: day, Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1),
				Topic:    []string{"Mapa procesów na styku z klientem", "Pomiar czasu obsługi", "Opis procesu po optymalizacji"}[d%3],
				WorkDone: "Warsztat z zespołem urzędu; uzgodniono wersję roboczą dokumentu."}
			if err := st.SaveConsultation(ctx, system, p, co, ""); err != nil {
				return fmt.Errorf("consultation: %w", err)
			}
		}
	}
	// A consultation day of the satisfaction standards (Z1) in each office.
	for i, uid := range units {
		day := Weekday(improvement.AddDate(0, 1+i%3, 8+i))
		if !day.Before(today) {
			continue
		}
		co := &domain.Consultation{ProgrammeID: p.ID, TaskID: taskID["Z1"], UnitID: uid, Expert: "Helena Konsultantka", Day: day,
			Hours: domain.DecimalFromInt(8), Days: domain.DecimalFromInt(1), Topic: "Identyfikacja klientów i metodyka badania satysfakcji",
			WorkDone: "Warsztat z zespołem urzędu: mapa grup klientów, wybór metody badania (ankieta, wywiad, tajemniczy klient)."}
		if err := st.SaveConsultation(ctx, system, p, co, ""); err != nil {
			return fmt.Errorf("consultation: %w", err)
		}
	}
	return nil
}

// loadKCUProtocols adds the second programme's acceptance protocols once:
// signed on paper by the offices' heads (no unit manager of these offices
// has an account in the demo), one in preparation.
func loadKCUProtocols(ctx context.Context, st *store.Store) error {
	id, err := programmeIDOf(ctx, st, KCUCode)
	if err != nil || id == 0 {
		return err
	}
	p, err := st.Programme(ctx, id)
	if err != nil {
		return err
	}
	existing, err := st.Protocols(ctx, p.ID, domain.ProtocolFilter{ListQuery: domain.ListQuery{Limit: 1}})
	if err != nil || len(existing) > 0 {
		return err
	}
	// A paper decision counts once a second person confirms it (four
	// eyes): the programme's coordinator records it, the administrator
	// confirms.
	coordinator, confirmer := accountActor(ctx, st, KCUCoordinator), accountActor(ctx, st, "admin")
	products, err := st.UnitProducts(ctx, p.ID, domain.ProductFilter{})
	if err != nil {
		return err
	}
	byKey := map[string]domain.UnitProduct{} // "Z1 unit d"
	for _, up := range products {
		byKey[up.TaskCode+" "+up.UnitName+" "+up.Letter] = up
	}
	today := st.Now().UTC().Truncate(24 * time.Hour)
	on := func(months, days int) time.Time {
		t := Weekday(p.Phases[1].Start.AddDate(0, months, days))
		for !t.Before(today) {
			t = Weekday(t.AddDate(0, 0, -7))
		}
		return t
	}
	prepare := func(task, unit, letters string, date time.Time, description string) (*domain.Protocol, error) {
		pr := &domain.Protocol{ProgrammeID: p.ID, Place: unit, Date: date, Contractor: p.Contractor, Description: description}
		for _, l := range letters {
			up, ok := byKey[task+" "+unit+" "+string(l)]
			if !ok {
				return nil, fmt.Errorf("no product %s %s in %s", task, string(l), unit)
			}
			pr.TaskID, pr.UnitID = up.TaskID, up.UnitID
			var buf bytes.Buffer
			doc := &domain.Protocol{VersionNo: 1, TaskCode: up.TaskCode, TaskName: up.TaskName, UnitName: up.UnitName, Contractor: p.Contractor,
				Place: unit, Date: date, Status: domain.ProtocolDraft, Description: "Dokument produktu: " + up.Label() + ".",
				Items: []domain.ProtocolItem{{UnitProductID: up.ID, Letter: up.Letter, Name: up.Name}}}
			if err := pdf.WriteProtocol(&buf, p.Title, p.FundingLine, doc); err != nil {
				return nil, err
			}
			if _, err := st.AddProductDocument(ctx, coordinator, up.ID, "produkt-"+up.TaskCode+"-"+up.Letter+".pdf", "application/pdf", buf.Bytes()); err != nil {
				return nil, err
			}
			pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID, PlannedOn: date.AddDate(0, 0, -14), DoneOn: date.AddDate(0, 0, -3)})
		}
		if err := st.SaveProtocol(ctx, coordinator, pr, ""); err != nil {
			return nil, fmt.Errorf("protocol for %s: %w", unit, err)
		}
		return pr, nil
	}
	paper := func(pr *domain.Protocol, d domain.Decision) error {
		if err := st.SubmitProtocol(ctx, coordinator, p.ID, pr.ID, pr.Version); err != nil {
			return err
		}
		sub, err := st.Protocol(ctx, p.ID, pr.ID)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := pdf.WriteProtocol(&buf, p.Title, p.FundingLine, sub); err != nil {
			return err
		}
		recorded, err := st.RecordPaperDecision(ctx, coordinator, p.ID, pr.ID, sub.Version, d, "skan-protokolu-"+fmt.Sprint(pr.ID)+".pdf", "application/pdf", buf.Bytes())
		if err != nil {
			return err
		}
		_, err = st.ConfirmPaperDecision(ctx, confirmer, p.ID, pr.ID, recorded.Version)
		return err
	}
	for _, x := range []struct {
		task, unit, letters string
		months, days        int
		description         string
		d                   domain.Decision
	}{
		{"Z1", kcuLeader, "abcd", 5, 0, "Przekazanie identyfikacji klientów, metodyki i raportu z badania satysfakcji klienta oraz katalogu usług urzędu.",
			domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Krystyna Rogalska", SignerRole: "Dyrektor Generalny Urzędu"}},
		{"Z2", kcuLeader, "ab", 8, 0, "Przekazanie mapy procesów na styku z klientem i opisu procesów po optymalizacji.",
			domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Krystyna Rogalska", SignerRole: "Dyrektor Generalny Urzędu"}},
		{"Z1", "Wielkopolski Urząd Wojewódzki w Poznaniu", "abc", 6, 7, "Przekazanie identyfikacji klientów, metodyki i raportu z badania satysfakcji klienta.",
			domain.Decision{Status: domain.ProtocolAcceptedRemarks, Remarks: "Raport uzupełnić o wyniki badania w delegaturach urzędu.",
				SignerName: "Tadeusz Wróblewski", SignerRole: "Dyrektor Generalny Urzędu"}},
		{"Z1", "Mazowiecki Urząd Wojewódzki w Warszawie", "d", 7, 3, "Przekazanie katalogu usług urzędu dla klientów zewnętrznych.",
			domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Hanna Olszewska", SignerRole: "Dyrektor Generalny Urzędu"}},
		{"Z3", "Regionalna Dyrekcja Ochrony Środowiska w Gorzowie Wielkopolskim", "ad", 9, 0, "Przekazanie planu usprawnień i katalogu usług wewnętrznych.",
			domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Wiesław Markowski", SignerRole: "Regionalny Dyrektor Ochrony Środowiska"}},
	} {
		pr, err := prepare(x.task, x.unit, x.letters, on(x.months, x.days), x.description)
		if err != nil {
			return err
		}
		x.d.SignedOn = pr.Date
		if err := paper(pr, x.d); err != nil {
			return fmt.Errorf("demo protocol %s %s: %w", x.task, x.unit, err)
		}
	}
	// In preparation.
	_, err = prepare("Z3", "Wojewódzki Inspektorat Nadzoru Budowlanego w Gorzowie Wielkopolskim", "a", on(10, 0), "Przekazanie planu usprawnień.")
	return err
}
