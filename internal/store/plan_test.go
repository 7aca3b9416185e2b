package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

func d(s string) time.Time {
	t, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func newProgramme(t testing.TB, s *store.Store, code string) *domain.Programme {
	t.Helper()
	budget, _ := domain.ParseDecimal("7 540 000,00")
	p := &domain.Programme{Code: code, Title: "Klient w centrum uwagi", FundingLine: "PO KL, Działanie 5.1",
		Start: d("2010-08-01"), End: d("2012-03-31"), Budget: budget,
		SpecificGoals: []string{"Cel 1", "Cel 2"},
		Phases:        []domain.Phase{{Name: "Przygotowanie", Start: d("2010-08-01"), End: d("2010-10-31")}},
		Areas:         domain.SeedAreas(),
		Components:    []domain.Component{{Code: "Z2", Name: "Podatki"}, {Code: "Z4", Name: "Nieruchomości"}}}
	if err := s.CreateProgramme(context.Background(), admin, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProgrammeStore(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p := newProgramme(t, s, "KPRM-5.1")

	got, err := s.Programme(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Budget.SQL() != "7540000.00" || len(got.Phases) != 1 || len(got.Components) != 2 || len(got.SpecificGoals) != 2 {
		t.Fatalf("stored programme = %+v", got)
	}

	t.Run("ErrDuplicateCode", func(t *testing.T) {
		dup := *p
		dup.ID = 0
		err := s.CreateProgramme(ctx, admin, &dup)
		if domain.ErrorCode(err) != domain.ECONFLICT || domain.FieldErrors(err)["code"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrEndBeforeStart", func(t *testing.T) {
		bad := *p
		bad.End = d("2009-01-01")
		if err := s.UpdateProgramme(ctx, admin, &bad); domain.FieldErrors(err)["end"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrPhaseOutsidePeriod", func(t *testing.T) {
		bad := *p
		bad.Phases = []domain.Phase{{Name: "Za późno", Start: d("2012-03-01"), End: d("2012-05-01")}}
		if err := s.UpdateProgramme(ctx, admin, &bad); domain.FieldErrors(err)["phases.0.end"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ComponentsKeepIDs", func(t *testing.T) {
		upd := *got
		upd.Components = []domain.Component{{Code: "Z2", Name: "Podatki lokalne"}}
		if err := s.UpdateProgramme(ctx, admin, &upd); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Programme(ctx, p.ID)
		if len(again.Components) != 1 || again.Components[0].ID != got.Components[0].ID || again.Components[0].Name != "Podatki lokalne" {
			t.Fatalf("components = %+v (before %+v)", again.Components, got.Components)
		}
	})
	t.Run("ErrComponentInUse", func(t *testing.T) {
		cur, _ := s.Programme(ctx, p.ID)
		task := &domain.Task{ProgrammeID: p.ID, Code: "P3", Name: "x", Kind: domain.TaskProcess, ComponentID: &cur.Components[0].ID}
		if err := s.SaveTask(ctx, admin, task); err != nil {
			t.Fatal(err)
		}
		upd := *cur
		upd.Components = nil
		if err := s.UpdateProgramme(ctx, admin, &upd); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestProgrammeParts: a programme is read with its phases in their
// position, its areas in theirs (not by code) and its components by code,
// each part's fields from the same row.
func TestProgrammeParts(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	budget, _ := domain.ParseDecimal("1 000,50")
	p := &domain.Programme{Code: "PARTS-1", Title: "Części", FundingLine: "x", Start: d("2010-08-01"), End: d("2012-03-31"), Budget: budget,
		Phases: []domain.Phase{{Name: "Przygotowanie", Start: d("2010-08-01"), End: d("2010-10-31")},
			{Name: "Usprawnienia", Start: d("2010-11-01"), End: d("2011-12-31")}, {Name: "Zamknięcie", Start: d("2012-01-01"), End: d("2012-03-31")}},
		Areas:      domain.SeedAreas(), // P before N
		Components: []domain.Component{{Code: "Z4", Name: "Nieruchomości"}, {Code: "Z2", Name: "Podatki"}, {Code: "Z3", Name: "Opłaty"}}}
	if err := s.CreateProgramme(ctx, admin, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.Programme(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Phases) != fmt.Sprint(p.Phases) {
		t.Errorf("phases = %v, want %v", got.Phases, p.Phases)
	}
	if len(got.Areas) != 2 || got.Areas[0].Code != domain.AreaP || got.Areas[0].Name != "podatki i opłaty lokalne" ||
		got.Areas[1].Code != domain.AreaN || got.Areas[1].Name != "zarządzanie nieruchomościami" || got.Areas[0].ID == 0 || got.Areas[0].ID == got.Areas[1].ID {
		t.Errorf("areas = %+v", got.Areas)
	}
	var comps []string
	for _, c := range got.Components {
		var id int64
		if err := s.Pool.QueryRow(ctx, `SELECT id FROM components WHERE programme_id = $1 AND code = $2`, p.ID, c.Code).Scan(&id); err != nil || id != c.ID {
			t.Errorf("component %s has id %d, stored %d (%v)", c.Code, c.ID, id, err)
		}
		comps = append(comps, c.Code+" "+c.Name)
	}
	if fmt.Sprint(comps) != "[Z2 Podatki Z3 Opłaty Z4 Nieruchomości]" {
		t.Errorf("components = %v", comps)
	}
	if got.Budget.SQL() != "1000.50" || got.Code != "PARTS-1" || got.ArchivedAt != nil {
		t.Errorf("programme = %+v", got)
	}

	if len(got.OwnPeriods) != 0 || len(got.Periods()) != 7 { // calendar quarters 2010-Q3 … 2012-Q1
		t.Errorf("periods without own ones = %v / %v", got.OwnPeriods, got.Periods())
	}
	own := []domain.Period{{Code: "WNP-2", Start: d("2011-01-01"), End: d("2012-03-31")}, {Code: "WNP-1", Start: d("2010-08-01"), End: d("2010-12-31")}}
	if err := s.SavePeriods(ctx, admin, p, own); err != nil {
		t.Fatal(err)
	}
	got, err = s.Programme(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.ProgrammePeriods(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Periods()) != fmt.Sprint(want) || len(want) != 2 || want[0].Code != "WNP-1" || !want[1].Custom || !got.OwnPeriods[0].End.Equal(d("2010-12-31")) {
		t.Errorf("own periods read with the programme = %v, by themselves %v", got.Periods(), want)
	}

	bare := &domain.Programme{Code: "PARTS-2", Title: "Bez części", FundingLine: "x", Start: d("2010-08-01"), End: d("2012-03-31"), Budget: budget}
	if err := s.CreateProgramme(ctx, admin, bare); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Programme(ctx, bare.ID); err != nil || len(got.Phases) != 0 || len(got.Components) != 0 {
		t.Errorf("a programme without parts = %+v, %v", got, err)
	}
	if _, err := s.Programme(ctx, bare.ID+1000); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a missing programme: %v", err)
	}
}

func TestTaskStore(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p := newProgramme(t, s, "P")
	other := newProgramme(t, s, "Q")
	in := newUnit(t, s, "Urząd Miasta Kłodzko")
	out := newUnit(t, s, "Urząd Gminy Siepraw")
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *in, Areas: []domain.Area{domain.AreaP}}); err != nil {
		t.Fatal(err)
	}

	task := &domain.Task{ProgrammeID: p.ID, Code: "P3", Name: "standardy obsługi klienta", Area: domain.AreaP, Kind: domain.TaskStandards,
		PlanLines: []domain.PlanLine{{Units: 6, Days: 8}, {Units: 1, Days: 20}},
		Products:  []domain.Product{{Letter: "a", Name: "standardy dokumentacji"}, {Letter: "b", Name: "komunikacja wewnętrzna"}},
		UnitIDs:   []int64{in.ID}}
	if err := s.SaveTask(ctx, admin, task); err != nil {
		t.Fatal(err)
	}
	got, err := s.Task(ctx, p.ID, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PlannedDays() != 68 || got.PlannedUnits() != 7 || len(got.Products) != 2 || len(got.UnitIDs) != 1 {
		t.Fatalf("task = %+v", got)
	}
	productA := got.Products[0].ID

	for _, tc := range []struct {
		name  string
		edit  func(*domain.Task)
		field string
	}{
		{"ErrZeroUnits", func(t *domain.Task) { t.PlanLines = []domain.PlanLine{{Units: 0, Days: 5}} }, "plan.0.units"},
		{"ErrNegativeDays", func(t *domain.Task) { t.PlanLines = []domain.PlanLine{{Units: 1, Days: -1}} }, "plan.0.days"},
		{"ErrDuplicateLetter", func(t *domain.Task) { t.Products = append(t.Products, domain.Product{Letter: "a", Name: "x"}) }, "products.2.letter"},
		{"ErrUnitNotParticipating", func(t *domain.Task) { t.UnitIDs = []int64{out.ID} }, "units"},
		{"ErrMeetingsOnProcessTask", func(t *domain.Task) { t.MeetingsPlanned = 8 }, "meetings_planned"},
		{"ErrComponentOfOtherProgramme", func(t *domain.Task) { t.ComponentID = &other.Components[0].ID }, "component"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := *got
			bad.Products = append([]domain.Product(nil), got.Products...)
			tc.edit(&bad)
			err := s.SaveTask(ctx, admin, &bad)
			if domain.FieldErrors(err)[tc.field] == "" {
				t.Fatalf("err = %v, want a message at %s", err, tc.field)
			}
			again, _ := s.Task(ctx, p.ID, task.ID)
			if len(again.PlanLines) != 2 || len(again.UnitIDs) != 1 {
				t.Fatalf("a refused save changed the task: %+v", again)
			}
		})
	}
	t.Run("ErrDuplicateCodeAndName", func(t *testing.T) {
		dup := &domain.Task{ProgrammeID: p.ID, Code: "P3", Name: "standardy obsługi klienta", Kind: domain.TaskOther}
		if err := s.SaveTask(ctx, admin, dup); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ProductsKeepIDs", func(t *testing.T) {
		upd := *got
		upd.Products = []domain.Product{{Letter: "a", Name: "standardy dokumentacji wewnętrznej"}}
		if err := s.SaveTask(ctx, admin, &upd); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Task(ctx, p.ID, task.ID)
		if len(again.Products) != 1 || again.Products[0].ID != productA {
			t.Fatalf("products = %+v", again.Products)
		}
	})
	t.Run("ErrLeaveWhileAssigned", func(t *testing.T) {
		if err := s.DeleteParticipation(ctx, admin, p.ID, in.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrOtherProgrammesTask", func(t *testing.T) {
		if _, err := s.Task(ctx, other.ID, task.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestIndicatorStore(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p := newProgramme(t, s, "P")
	other := newProgramme(t, s, "Q")
	task := &domain.Task{ProgrammeID: p.ID, Code: "PZ2", Name: "spotkania", Kind: domain.TaskMeetings, MeetingsPlanned: 8, DaysPerMeeting: 2}
	foreign := &domain.Task{ProgrammeID: other.ID, Code: "PZ2", Name: "spotkania", Kind: domain.TaskMeetings, MeetingsPlanned: 8, DaysPerMeeting: 2}
	for _, tk := range []*domain.Task{task, foreign} {
		if err := s.SaveTask(ctx, admin, tk); err != nil {
			t.Fatal(err)
		}
	}
	in := &domain.Indicator{ProgrammeID: p.ID, Number: "18", Name: "Liczba spotkań GDP", Type: domain.IndicatorProduct,
		Target: domain.DecimalFromInt(8), Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: task.ID}}
	if err := s.SaveIndicator(ctx, admin, in, nil); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrTaskOfOtherProgramme", func(t *testing.T) {
		bad := *in
		bad.ID, bad.Number = 0, "19"
		bad.Params = domain.RuleParams{TaskID: foreign.ID}
		if err := s.SaveIndicator(ctx, admin, &bad, nil); domain.FieldErrors(err)["rule_task"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrParamsDoNotFitRule", func(t *testing.T) {
		bad := *in
		bad.Params = domain.RuleParams{Area: domain.AreaP}
		if err := s.SaveIndicator(ctx, admin, &bad, nil); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrDuplicateNumber", func(t *testing.T) {
		dup := *in
		dup.ID = 0
		if err := s.SaveIndicator(ctx, admin, &dup, nil); domain.FieldErrors(err)["number"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("TargetHistory", func(t *testing.T) {
		upd := *in
		upd.Target = domain.DecimalFromInt(10)
		if err := s.SaveIndicator(ctx, admin, &upd, nil); domain.FieldErrors(err)["target_reason"] == "" {
			t.Fatalf("target change without a reason: %v", err)
		}
		if err := s.SaveIndicator(ctx, admin, &upd, &domain.TargetChangeInput{On: d("2011-02-01"), Reason: "Aneks nr 2"}); err != nil {
			t.Fatal(err)
		}
		h, err := s.TargetHistory(ctx, in.ID)
		if err != nil || len(h) != 1 || h[0].Old.String() != "8" || h[0].New.String() != "10" || h[0].Reason != "Aneks nr 2" {
			t.Fatalf("history = %+v, %v", h, err)
		}
		cur, _ := s.Indicator(ctx, p.ID, in.ID)
		if cur.Target.String() != "10" {
			t.Fatalf("target = %s", cur.Target)
		}
	})
	t.Run("ErrDeleteTaskUsedByIndicator", func(t *testing.T) {
		if err := s.DeleteTask(ctx, admin, p.ID, task.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("DeleteIndicatorThenTask", func(t *testing.T) {
		if err := s.DeleteIndicator(ctx, admin, p.ID, in.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteTask(ctx, admin, p.ID, task.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUnitStore(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	u := &domain.Unit{Name: "Starostwo  Powiatowe Kłodzko", Kind: domain.UnitPowiat, Voivodeship: "Dolnośląskie", TERYT: "0208"}
	if err := s.CreateUnit(ctx, admin, u); err != nil {
		t.Fatal(err)
	}
	if u.Name != "Starostwo Powiatowe Kłodzko" || u.Voivodeship != "dolnośląskie" {
		t.Fatalf("not normalized: %+v", u)
	}
	for _, tc := range []struct {
		name  string
		u     domain.Unit
		field string
	}{
		{"ErrTERYTTaken", domain.Unit{Name: "Inny", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie", TERYT: "0208"}, "teryt"},
		{"ErrTERYTShapeGmina", domain.Unit{Name: "G", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie", TERYT: "0208"}, "teryt"},
		{"ErrTERYTKindDigit", domain.Unit{Name: "G", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie", TERYT: "0202019"}, "teryt"},
		{"ErrTERYTVoivodeship", domain.Unit{Name: "G", Kind: domain.UnitPowiat, Voivodeship: "małopolskie", TERYT: "0208"}, "teryt"},
		{"ErrNameTaken", domain.Unit{Name: "Starostwo Powiatowe Kłodzko", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie"}, "name"},
		{"ErrEmail", domain.Unit{Name: "E", Kind: domain.UnitPowiat, Voivodeship: "opolskie", Email: "nie-email"}, "email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.CreateUnit(ctx, admin, &tc.u); domain.FieldErrors(err)[tc.field] == "" {
				t.Fatalf("err = %v, want a message at %s", err, tc.field)
			}
		})
	}
	t.Run("ImportIsAllOrNothing", func(t *testing.T) {
		err := s.ImportUnits(ctx, admin, []domain.Unit{
			{Name: "Urząd Gminy Siepraw", Kind: domain.UnitGminaWiejska, Voivodeship: "małopolskie"},
			{Name: "Kolizja", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie", TERYT: "0208"},
		})
		if err == nil {
			t.Fatal("import with a taken TERYT succeeded")
		}
		units, _ := s.ListUnits(ctx)
		if len(units) != 1 {
			t.Fatalf("a failed import left %d units", len(units))
		}
	})
	t.Run("Archive", func(t *testing.T) {
		if err := s.SetUnitArchived(ctx, admin, u.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Unit(ctx, u.ID)
		if got.ArchivedAt == nil {
			t.Fatal("not archived")
		}
	})
}

func TestSearchUnits(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	for i := range 60 {
		u := &domain.Unit{Name: fmt.Sprintf("Gmina Testowa %02d", i), Kind: domain.UnitGminaWiejska, Voivodeship: "opolskie", TERYT: fmt.Sprintf("16%02d012", i+1)}
		if i%3 == 0 {
			u.Kind, u.Voivodeship, u.TERYT = domain.UnitGminaMiejska, "lubuskie", fmt.Sprintf("08%02d011", i+1)
		}
		if err := s.CreateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateUnit(ctx, admin, &domain.Unit{Name: "Urząd 100% Cyfrowy_A", Kind: domain.UnitInnyRzadowy, Voivodeship: "opolskie"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		f           domain.UnitFilter
		total, page int
		first       string
	}{
		{"All", domain.UnitFilter{ListQuery: domain.ListQuery{Limit: 50}}, 61, 50, "Gmina Testowa 00"},
		{"SecondPage", domain.UnitFilter{ListQuery: domain.ListQuery{Limit: 50, Offset: 50}}, 61, 11, "Gmina Testowa 50"},
		{"PastTheEnd", domain.UnitFilter{ListQuery: domain.ListQuery{Limit: 50, Offset: 500}}, 61, 0, ""},
		{"NameCaseInsensitive", domain.UnitFilter{ListQuery: domain.ListQuery{Search: "testowa 1", Limit: 50}}, 10, 10, "Gmina Testowa 10"},
		{"TERYTPrefix", domain.UnitFilter{ListQuery: domain.ListQuery{Search: "1602", Limit: 50}}, 1, 1, "Gmina Testowa 01"},
		{"Voivodeship", domain.UnitFilter{ListQuery: domain.ListQuery{Limit: 50}, Voivodeship: "lubuskie"}, 20, 20, "Gmina Testowa 00"},
		{"Kind", domain.UnitFilter{ListQuery: domain.ListQuery{Limit: 5}, Kind: domain.UnitGminaWiejska}, 40, 5, "Gmina Testowa 01"},
		{"PercentIsLiteral", domain.UnitFilter{ListQuery: domain.ListQuery{Search: "100%", Limit: 50}}, 1, 1, "Urząd 100% Cyfrowy_A"},
		{"UnderscoreIsLiteral", domain.UnitFilter{ListQuery: domain.ListQuery{Search: "y_a", Limit: 50}}, 1, 1, "Urząd 100% Cyfrowy_A"},
		{"WildcardMatchesNothing", domain.UnitFilter{ListQuery: domain.ListQuery{Search: "%", Limit: 50}}, 1, 1, "Urząd 100% Cyfrowy_A"},
		{"NoMatch", domain.UnitFilter{ListQuery: domain.ListQuery{Search: "Kraków", Limit: 50}}, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			units, total, err := s.SearchUnits(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.total || len(units) != tc.page {
				t.Fatalf("total %d, page %d; want %d, %d", total, len(units), tc.total, tc.page)
			}
			if tc.page > 0 && units[0].Name != tc.first {
				t.Errorf("first = %q, want %q", units[0].Name, tc.first)
			}
		})
	}
}
