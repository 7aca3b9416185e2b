package store_test

import (
	"context"
	"strings"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

// programmeWithAreas creates a programme (2010–2012) with areas and two
// units that do not take part in it yet.
func programmeWithAreas(t *testing.T, s *store.Store, code string, areas domain.AreaList) (*domain.Programme, []*domain.Unit) {
	t.Helper()
	ctx := context.Background()
	p := &domain.Programme{Code: code, Title: "Program " + code, Start: d("2010-08-01"), End: d("2012-03-31"), Areas: areas}
	if err := s.CreateProgramme(ctx, admin, p); err != nil {
		t.Fatal(err)
	}
	var units []*domain.Unit
	for _, n := range []string{"Urząd Wojewódzki w Opolu " + code, "Urząd Wojewódzki w Kielcach " + code} {
		u := &domain.Unit{Name: n, Kind: domain.UnitUrzadWojewodzki, Voivodeship: "opolskie"}
		if err := s.CreateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		units = append(units, u)
	}
	return p, units
}

var okZJ = domain.AreaList{{Code: "OK", Name: "obsługa klienta"}, {Code: "ZJ", Name: "zarządzanie jakością"}}

func TestProgrammeAreas(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, units := programmeWithAreas(t, s, "KPRM-OK", okZJ)

	got, err := s.Programme(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Areas) != 2 || got.Areas[0].Code != "OK" || got.Areas[1].Name != "zarządzanie jakością" {
		t.Fatalf("areas = %+v", got.Areas)
	}

	t.Run("ErrDuplicateCode", func(t *testing.T) {
		bad := *got
		bad.Areas = domain.AreaList{{Code: "OK", Name: "obsługa klienta"}, {Code: "ok", Name: "jeszcze raz"}}
		err := s.UpdateProgramme(ctx, admin, &bad)
		if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.FieldErrors(err)["areas.1.code"], "muszą być różne") {
			t.Fatalf("err = %v (%v)", err, domain.FieldErrors(err))
		}
	})
	t.Run("ErrBadCode", func(t *testing.T) {
		bad := *got
		bad.Areas = domain.AreaList{{Code: "O K", Name: "obsługa"}}
		if err := s.UpdateProgramme(ctx, admin, &bad); domain.FieldErrors(err)["areas.0.code"] == "" {
			t.Fatalf("err = %v", err)
		}
	})

	// A unit in area ZJ, a task of ZJ.
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *units[0], Areas: []domain.Area{"ZJ"}}); err != nil {
		t.Fatal(err)
	}
	task := &domain.Task{ProgrammeID: p.ID, Code: "Z1", Name: "system zarządzania jakością", Area: "ZJ", Kind: domain.TaskOther}
	if err := s.SaveTask(ctx, admin, task); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrAreaInUse", func(t *testing.T) {
		upd := *got
		upd.Title = "Zmieniony tytuł"
		upd.Areas = domain.AreaList{{Code: "OK", Name: "obsługa klientów"}} // ZJ removed
		err := s.UpdateProgramme(ctx, admin, &upd)
		msg := domain.FieldErrors(err)["areas.1.code"] // the row after the kept one
		if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(msg, "Obszar ZJ jest używany") ||
			!strings.Contains(msg, "jednostki: 1") || !strings.Contains(msg, "zadania: 1") || !strings.Contains(msg, "nie można go usunąć") {
			t.Fatalf("err = %v (%v)", err, domain.FieldErrors(err))
		}
		again, _ := s.Programme(ctx, p.ID)
		if again.Title != got.Title || len(again.Areas) != 2 || again.Areas[0].Name != "obsługa klienta" {
			t.Fatalf("saved in part: %+v", again)
		}
	})
	t.Run("RemoveUnusedAndRename", func(t *testing.T) {
		upd := *got
		upd.Areas = domain.AreaList{{Code: "ZJ", Name: "jakość"}, {Code: "CU", Name: "cyfrowe usługi"}} // OK removed, ZJ renamed and first
		if err := s.UpdateProgramme(ctx, admin, &upd); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Programme(ctx, p.ID)
		if len(again.Areas) != 2 || again.Areas[0].Code != "ZJ" || again.Areas[0].Name != "jakość" || again.Areas[0].ID != got.Areas[1].ID || again.Areas[1].Code != "CU" {
			t.Fatalf("areas = %+v", again.Areas)
		}
		entries, err := s.AuditFor(ctx, "programme", store.FormatID(p.ID))
		if err != nil || len(entries) == 0 || !strings.Contains(string(entries[0].Before), `"OK"`) || !strings.Contains(string(entries[0].After), `"CU"`) {
			t.Fatalf("audit = %v, %v", entries, err)
		}
	})
	t.Run("ErrAreaOfAnotherProgramme", func(t *testing.T) {
		other, _ := programmeWithAreas(t, s, "SEED-PN", domain.SeedAreas())
		bad := &domain.Task{ProgrammeID: other.ID, Code: "X1", Name: "x", Area: "ZJ", Kind: domain.TaskOther}
		if err := s.SaveTask(ctx, admin, bad); domain.FieldErrors(err)["area"] != "Wybierz obszar z listy." {
			t.Fatalf("err = %v", err)
		}
		tr := &domain.Training{ProgrammeID: other.ID, Code: "S1", Topic: "x", Area: "ZJ", GroupsPlanned: 1, DaysPerGroup: domain.DecimalFromInt(1)}
		if err := s.SaveTraining(ctx, admin, tr); domain.FieldErrors(err)["area"] != "Wybierz obszar z listy." {
			t.Fatalf("err = %v", err)
		}
		in := &domain.Indicator{ProgrammeID: other.ID, Name: "x", Type: domain.IndicatorResult, Target: domain.DecimalFromInt(1),
			Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: "ZJ"}}
		if err := s.SaveIndicator(ctx, admin, in, nil); domain.FieldErrors(err)["rule_area"] != "Wybierz obszar z listy." {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrParticipationWithoutArea", func(t *testing.T) {
		err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *units[1]})
		if !strings.Contains(domain.FieldErrors(err)["areas"], "Zaznacz co najmniej jeden obszar") {
			t.Fatalf("err = %v", err)
		}
	})
}

// A programme without areas needs none anywhere; naming one is an error.
func TestProgrammeWithoutAreas(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, units := programmeWithAreas(t, s, "BEZ-OBSZAROW", nil)
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *units[0]}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *units[1], Areas: []domain.Area{domain.AreaP}}); domain.FieldErrors(err)["areas"] == "" {
		t.Fatalf("participation in area P of a programme without areas: %v", err)
	}
	task := &domain.Task{ProgrammeID: p.ID, Code: "K1", Name: "katalog usług", Kind: domain.TaskStandards, UnitIDs: []int64{units[0].ID},
		Products: []domain.Product{{Letter: "a", Name: "katalog"}}}
	if err := s.SaveTask(ctx, admin, task); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTask(ctx, admin, &domain.Task{ProgrammeID: p.ID, Code: "K2", Name: "x", Area: domain.AreaP, Kind: domain.TaskOther}); domain.FieldErrors(err)["area"] == "" {
		t.Fatalf("task in area P: %v", err)
	}
	if err := s.SaveTraining(ctx, admin, &domain.Training{ProgrammeID: p.ID, Code: "S1", Topic: "obsługa klienta", GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(1)}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []*domain.Indicator{
		{Number: "1", Rule: domain.RuleUnitsWithProtocol},
		{Number: "2", Rule: domain.RuleAcceptedProtocols},
		{Number: "3", Rule: domain.RulePersonsTrained},
		{Number: "4", Rule: domain.RuleTrainingDays},
	} {
		in.ProgrammeID, in.Name, in.Type, in.Target = p.ID, "wskaźnik "+in.Number, domain.IndicatorResult, domain.DecimalFromInt(10)
		if err := s.SaveIndicator(ctx, admin, in, nil); err != nil {
			t.Fatalf("indicator %s (%s) of all areas: %v", in.Number, in.Rule, err)
		}
	}
	parts, err := s.Participations(ctx, p.ID)
	if err != nil || len(parts) != 1 || len(parts[0].Areas) != 0 {
		t.Fatalf("participations = %+v, %v", parts, err)
	}
}

func TestAddParticipations(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, units := programmeWithAreas(t, s, "KPRM-MANY", okZJ)
	ids := []int64{units[0].ID, units[1].ID}

	t.Run("ErrNoUnit", func(t *testing.T) {
		_, err := s.AddParticipations(ctx, admin, &domain.ParticipationBatch{ProgrammeID: p.ID, Areas: []domain.Area{"OK"}})
		if domain.FieldErrors(err)["units"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNoArea", func(t *testing.T) {
		_, err := s.AddParticipations(ctx, admin, &domain.ParticipationBatch{ProgrammeID: p.ID, UnitIDs: ids})
		if domain.FieldErrors(err)["areas"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrUnknownUnitAddsNone", func(t *testing.T) {
		_, err := s.AddParticipations(ctx, admin, &domain.ParticipationBatch{ProgrammeID: p.ID, UnitIDs: []int64{units[0].ID, 99999999}, Areas: []domain.Area{"OK"}})
		if domain.FieldErrors(err)["units"] == "" {
			t.Fatalf("err = %v", err)
		}
		if parts, _ := s.Participations(ctx, p.ID); len(parts) != 0 {
			t.Fatalf("added in part: %+v", parts)
		}
	})
	n, err := s.AddParticipations(ctx, admin, &domain.ParticipationBatch{ProgrammeID: p.ID, UnitIDs: ids, Areas: []domain.Area{"ZJ", "OK"}})
	if err != nil || n != 2 {
		t.Fatalf("added %d, %v", n, err)
	}
	parts, _ := s.Participations(ctx, p.ID)
	if len(parts) != 2 || len(parts[0].Areas) != 2 || parts[0].Areas[0] != "OK" { // in the programme's order of areas
		t.Fatalf("participations = %+v", parts)
	}
	for _, u := range units {
		entries, err := s.AuditFor(ctx, "participation", store.FormatID(p.ID)+"/"+store.FormatID(u.ID))
		if err != nil || len(entries) != 1 || entries[0].Action != domain.AuditCreate {
			t.Fatalf("audit of %s = %+v, %v", u.Name, entries, err)
		}
	}
	// The candidates leave out the units already taking part.
	cands, total, err := s.SearchUnits(ctx, domain.UnitFilter{ListQuery: domain.ListQuery{Search: "KPRM-MANY"}, NotInProgramme: p.ID})
	if err != nil || total != 0 || len(cands) != 0 {
		t.Fatalf("candidates = %+v (%d), %v", cands, total, err)
	}
	if n, err := s.AddParticipations(ctx, admin, &domain.ParticipationBatch{ProgrammeID: p.ID, UnitIDs: ids, Areas: []domain.Area{"OK"}}); err != nil || n != 0 {
		t.Fatalf("again: added %d, %v", n, err)
	}
}
