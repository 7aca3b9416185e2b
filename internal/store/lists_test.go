package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

// lq is a list query: search text, sort key, direction, page.
func lq(search, sort string, desc bool, offset, limit int) domain.ListQuery {
	return domain.ListQuery{Search: search, Sort: sort, Desc: desc, Offset: offset, Limit: limit}
}

func TestProgrammeList(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	a, b, c := newProgramme(t, s, "LIST-A"), newProgramme(t, s, "LIST-B"), newProgramme(t, s, "INNY-C")
	if err := s.SetProgrammeArchived(ctx, admin, c.ID, true); err != nil {
		t.Fatal(err)
	}
	codes := func(list []domain.ProgrammeSummary) []string {
		var out []string
		for _, p := range list {
			out = append(out, p.Code)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		f     domain.ProgrammeFilter
		want  []string
		total int
	}{
		{"SortCodeAsc", domain.ProgrammeFilter{ListQuery: lq("", domain.SortCode, false, 0, 0)}, []string{"INNY-C", "LIST-A", "LIST-B"}, 3},
		{"SortCodeDesc", domain.ProgrammeFilter{ListQuery: lq("", domain.SortCode, true, 0, 0)}, []string{"LIST-B", "LIST-A", "INNY-C"}, 3},
		{"SearchCode", domain.ProgrammeFilter{ListQuery: lq("list", domain.SortCode, false, 0, 0)}, []string{"LIST-A", "LIST-B"}, 2},
		{"SearchLikeIsLiteral", domain.ProgrammeFilter{ListQuery: lq("%", domain.SortCode, false, 0, 0)}, nil, 0},
		{"Active", domain.ProgrammeFilter{ListQuery: lq("", domain.SortCode, false, 0, 0), State: domain.ProgrammeActive}, []string{"LIST-A", "LIST-B"}, 2},
		{"Archived", domain.ProgrammeFilter{ListQuery: lq("", domain.SortCode, false, 0, 0), State: domain.ProgrammeArchived}, []string{"INNY-C"}, 1},
		{"Page", domain.ProgrammeFilter{ListQuery: lq("", domain.SortCode, false, 1, 1)}, []string{"LIST-A"}, 3},
		{"PastTheEnd", domain.ProgrammeFilter{ListQuery: lq("list", domain.SortCode, false, 10, 5)}, []string{}, 2},
		{"UnknownSortIsDefault", domain.ProgrammeFilter{ListQuery: lq("", "code; DROP TABLE programmes", false, 0, 0)}, nil, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, total, err := s.ProgrammeList(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.total || (tc.want != nil && !slices.Equal(codes(list), tc.want)) || (tc.want == nil && len(list) != tc.total) {
				t.Fatalf("programmes = %v (total %d), want %v (%d)", codes(list), total, tc.want, tc.total)
			}
		})
	}
	if a.ID == 0 || b.ID == 0 {
		t.Fatal("programmes not created")
	}
}

func TestEvidenceLists(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, u, training, pz2, p3 := evidenceSetup(t, s)
	v := newUnit(t, s, "Gmina Łagiewniki")
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *v, Areas: []domain.Area{domain.AreaN}}); err != nil {
		t.Fatal(err)
	}
	actor := domain.Actor{Username: "test"}
	var sessions []*domain.TrainingSession
	for i, x := range []*domain.TrainingSession{
		{GroupNo: 1, Days: []time.Time{d("2011-03-10"), d("2011-03-11")}, Place: "Bielawa", Trainer: "Jan Kowalski"},
		{GroupNo: 2, Days: []time.Time{d("2011-05-10")}, Place: "Łagiewniki", Trainer: "Ewa Zając"},
		{GroupNo: 3, Days: []time.Time{d("2011-01-10"), d("2011-01-11"), d("2011-01-12")}, Place: "Wrocław", Trainer: "Jan Kowalski"},
	} {
		x.ProgrammeID, x.TrainingID, x.HoursPerDay, x.UnitIDs = p.ID, training, domain.DecimalFromInt(6), []int64{u.ID, v.ID}
		if err := s.CreateSession(ctx, actor, p, x, ""); err != nil {
			t.Fatalf("session %d: %v", i, err)
		}
		sessions = append(sessions, x)
	}
	groups := func(f domain.SessionFilter) ([]int, int) {
		t.Helper()
		list, total, err := s.SessionList(ctx, p.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, x := range list {
			out = append(out, x.GroupNo)
		}
		return out, total
	}
	t.Run("Sessions", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			f     domain.SessionFilter
			want  []int
			total int
		}{
			{"DefaultLatestFirst", domain.SessionFilter{}, []int{2, 1, 3}, 3},
			{"StartAsc", domain.SessionFilter{ListQuery: lq("", domain.SortStart, false, 0, 0)}, []int{3, 1, 2}, 3},
			{"DaysDesc", domain.SessionFilter{ListQuery: lq("", domain.SortDays, true, 0, 0)}, []int{3, 1, 2}, 3},
			{"TrainingThenGroup", domain.SessionFilter{ListQuery: lq("", domain.SortTraining, false, 0, 0)}, []int{1, 2, 3}, 3},
			{"TrainingDesc", domain.SessionFilter{ListQuery: lq("", domain.SortTraining, true, 0, 0)}, []int{3, 2, 1}, 3},
			{"SearchTrainer", domain.SessionFilter{ListQuery: lq("kowal", domain.SortStart, false, 0, 0)}, []int{3, 1}, 2},
			{"SearchPlaceDiacritics", domain.SessionFilter{ListQuery: lq("łagiew", domain.SortStart, false, 0, 0)}, []int{2}, 1},
			{"SearchTrainingCode", domain.SessionFilter{ListQuery: lq("PS4", domain.SortStart, false, 0, 0)}, []int{3, 1, 2}, 3},
			{"OtherTraining", domain.SessionFilter{TrainingID: training + 1000}, nil, 0},
			{"Incomplete", domain.SessionFilter{Incomplete: true, ListQuery: lq("", domain.SortStart, false, 0, 0)}, []int{3, 1, 2}, 3},
			{"Page", domain.SessionFilter{ListQuery: lq("", domain.SortStart, false, 1, 1)}, []int{1}, 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total := groups(tc.f)
				if total != tc.total || !slices.Equal(got, tc.want) {
					t.Fatalf("groups = %v (total %d), want %v (%d)", got, total, tc.want, tc.total)
				}
			})
		}
	})

	for _, c := range []*domain.Consultation{
		{UnitID: u.ID, Expert: "Anna Ekspert", Day: d("2011-04-01"), Days: domain.DecimalFromInt(1), Topic: "mapa procesów"},
		{UnitID: v.ID, Expert: "Piotr Doradca", Day: d("2011-06-01"), Days: domain.DecimalFromCents(150), Topic: "mierniki"},
		{UnitID: u.ID, Expert: "Piotr Doradca", Day: d("2011-02-01"), Days: domain.DecimalFromCents(50), Topic: "przegląd"},
	} {
		c.ProgrammeID, c.TaskID, c.Hours = p.ID, p3, domain.DecimalFromInt(4)
		if err := s.SaveConsultation(ctx, actor, p, c, ""); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Consultations", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			f     domain.ConsultationFilter
			want  []string // topics
			total int
		}{
			{"DefaultNewestFirst", domain.ConsultationFilter{}, []string{"mierniki", "mapa procesów", "przegląd"}, 3},
			{"DaysAsc", domain.ConsultationFilter{ListQuery: lq("", domain.SortDays, false, 0, 0)}, []string{"przegląd", "mapa procesów", "mierniki"}, 3},
			{"ExpertThenDefault", domain.ConsultationFilter{ListQuery: lq("", domain.SortExpert, false, 0, 0)}, []string{"mapa procesów", "przegląd", "mierniki"}, 3},
			{"UnitFilter", domain.ConsultationFilter{UnitID: v.ID}, []string{"mierniki"}, 1},
			{"SearchExpert", domain.ConsultationFilter{ListQuery: lq("doradca", domain.SortDate, false, 0, 0)}, []string{"przegląd", "mierniki"}, 2},
			{"SearchUnit", domain.ConsultationFilter{ListQuery: lq("ŁAGIEWNIKI", "", false, 0, 0)}, []string{"mierniki"}, 1},
			{"Page", domain.ConsultationFilter{ListQuery: lq("", domain.SortDate, false, 2, 1)}, []string{"mierniki"}, 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := s.ConsultationList(ctx, p.ID, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, c := range list {
					got = append(got, c.Topic)
				}
				if total != tc.total || !slices.Equal(got, tc.want) {
					t.Fatalf("topics = %v (total %d), want %v (%d)", got, total, tc.want, tc.total)
				}
			})
		}
	})

	for i, m := range []*domain.Meeting{
		{Number: 2, Days: []time.Time{d("2011-02-05")}, Place: "Bielawa"},
		{Number: 1, Days: []time.Time{d("2011-04-05")}, Place: "Łagiewniki"},
	} {
		m.ProgrammeID, m.TaskID = p.ID, pz2
		if err := s.SaveMeeting(ctx, actor, p, m, ""); err != nil {
			t.Fatalf("meeting %d: %v", i, err)
		}
	}
	t.Run("Meetings", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			f    domain.MeetingFilter
			want []int
		}{
			{"DefaultByNumber", domain.MeetingFilter{}, []int{1, 2}},
			{"StartAsc", domain.MeetingFilter{ListQuery: lq("", domain.SortStart, false, 0, 0)}, []int{2, 1}},
			{"PlaceDesc", domain.MeetingFilter{ListQuery: lq("", domain.SortPlace, true, 0, 0)}, []int{1, 2}},
			{"SearchPlace", domain.MeetingFilter{ListQuery: lq("biel", "", false, 0, 0)}, []int{2}},
			{"OtherTask", domain.MeetingFilter{TaskID: p3}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := s.MeetingList(ctx, p.ID, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, m := range list {
					got = append(got, m.Number)
				}
				if total != len(tc.want) || !slices.Equal(got, tc.want) {
					t.Fatalf("meetings = %v (total %d), want %v", got, total, tc.want)
				}
			})
		}
	})

	for _, x := range []*domain.Person{
		{FirstName: "Anna", LastName: "Nowak", UnitID: u.ID, Sex: domain.SexFemale},
		{FirstName: "Łukasz", LastName: "Zieliński", UnitID: v.ID, Sex: domain.SexMale},
		{FirstName: "Beata", LastName: "Adamska", UnitID: v.ID, Sex: domain.SexFemale},
	} {
		x.ProgrammeID, x.LegalBasis, x.BasisDate, x.RetentionUntil = p.ID, domain.BasisConsent, d("2011-03-01"), d("2020-12-31")
		if err := s.AddParticipant(ctx, actor, sessions[0], x, ""); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Persons", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			f    domain.PersonFilter
			want []string
		}{
			{"DefaultBySurname", domain.PersonFilter{}, []string{"Adamska", "Nowak", "Zieliński"}},
			{"SurnameDesc", domain.PersonFilter{ListQuery: lq("", domain.SortSurname, true, 0, 0)}, []string{"Zieliński", "Nowak", "Adamska"}},
			{"UnitThenSurname", domain.PersonFilter{ListQuery: lq("", domain.SortUnit, false, 0, 0)}, []string{"Adamska", "Zieliński", "Nowak"}},
			{"UnitFilter", domain.PersonFilter{UnitID: u.ID}, []string{"Nowak"}},
			{"OwnUnitsOnly", domain.PersonFilter{UnitIDs: []int64{v.ID}, UnitID: u.ID}, nil},
			{"SearchFirstName", domain.PersonFilter{ListQuery: lq("łukasz", "", false, 0, 0)}, []string{"Zieliński"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := s.SearchPersons(ctx, p.ID, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, x := range list {
					got = append(got, x.LastName)
				}
				if total != len(tc.want) || !slices.Equal(got, tc.want) {
					t.Fatalf("persons = %v (total %d), want %v", got, total, tc.want)
				}
			})
		}
	})

	t.Run("Participations", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			f    domain.ParticipationFilter
			want []string
		}{
			{"DefaultByName", domain.ParticipationFilter{}, []string{"Gmina Łagiewniki", "Urząd Miasta Bielawa"}},
			{"NameDesc", domain.ParticipationFilter{ListQuery: lq("", domain.SortName, true, 0, 0)}, []string{"Urząd Miasta Bielawa", "Gmina Łagiewniki"}},
			{"Search", domain.ParticipationFilter{ListQuery: lq("bielawa", "", false, 0, 0)}, []string{"Urząd Miasta Bielawa"}},
			{"Voivodeship", domain.ParticipationFilter{Voivodeship: "opolskie"}, nil},
			{"Kind", domain.ParticipationFilter{Kind: domain.UnitGminaMiejska, ListQuery: lq("", "", false, 1, 1)}, []string{"Urząd Miasta Bielawa"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := s.ParticipationList(ctx, p.ID, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, x := range list {
					got = append(got, x.Unit.Name)
				}
				want := len(tc.want)
				if tc.f.Offset > 0 {
					want = 2
				}
				if total != want || !slices.Equal(got, tc.want) {
					t.Fatalf("units = %v (total %d), want %v", got, total, tc.want)
				}
			})
		}
	})
}

func TestProductAndProtocolLists(t *testing.T) {
	t.Parallel()
	f := newProtocolFixture(t)
	ctx := context.Background()
	f.draft(t)
	labels := func(list []domain.UnitProduct) []string {
		var out []string
		for _, x := range list {
			out = append(out, x.UnitName+" "+x.Letter)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    domain.ProductFilter
	}{
		{"DefaultByUnitTaskLetter", domain.ProductFilter{}},
		{"UnitDesc", domain.ProductFilter{ListQuery: lq("", domain.SortUnit, true, 0, 0)}},
		{"TaskThenLetterDesc", domain.ProductFilter{ListQuery: lq("", domain.SortTask, true, 0, 0)}},
		{"SearchProductName", domain.ProductFilter{ListQuery: lq("mierniki", "", false, 0, 0)}},
		{"SearchUnit", domain.ProductFilter{ListQuery: lq("dzierż", "", false, 0, 0)}},
		{"OwnUnits", domain.ProductFilter{UnitIDs: []int64{f.other.ID}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := f.s.UnitProducts(ctx, f.p.ID, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			counts, err := f.s.ProductCounts(ctx, f.p.ID, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range counts {
				n += c
			}
			if n != len(list) {
				t.Errorf("counts %v for %d products", counts, len(list))
			}
			switch tc.name {
			case "DefaultByUnitTaskLetter", "UnitDesc":
				if len(list) != 4 {
					t.Fatalf("products = %v", labels(list))
				}
				first := list[0].UnitName
				if (tc.name == "UnitDesc") != (first == f.unit.Name) { // Urząd Gminy Dzierżoniów < Urząd Miasta Bielawa
					t.Fatalf("%s: first unit %q", tc.name, first)
				}
				if tc.name == "DefaultByUnitTaskLetter" && (list[0].Letter != "a" || list[1].Letter != "b") {
					t.Fatalf("letters = %v", labels(list))
				}
			case "TaskThenLetterDesc":
				if len(list) != 4 || list[0].Letter != "b" || list[3].Letter != "a" {
					t.Fatalf("products = %v", labels(list))
				}
			case "SearchProductName":
				if len(list) != 2 || list[0].Letter != "b" || list[1].Letter != "b" {
					t.Fatalf("products = %v", labels(list))
				}
			case "SearchUnit", "OwnUnits":
				if len(list) != 2 || list[0].UnitID != f.other.ID || list[1].UnitID != f.other.ID {
					t.Fatalf("products = %v", labels(list))
				}
			}
		})
	}

	for _, tc := range []struct {
		name string
		f    domain.ProtocolFilter
		want int
	}{
		{"All", domain.ProtocolFilter{}, 1},
		{"SearchUnit", domain.ProtocolFilter{ListQuery: lq("bielawa", domain.SortUnit, true, 0, 0)}, 1},
		{"SearchOtherUnit", domain.ProtocolFilter{ListQuery: lq("dzierż", "", false, 0, 0)}, 0},
		{"SearchTask", domain.ProtocolFilter{ListQuery: lq("p3", domain.SortNumber, false, 0, 0)}, 1},
		{"OwnUnitsOther", domain.ProtocolFilter{UnitIDs: []int64{f.other.ID}}, 0},
		{"PagePastTheEnd", domain.ProtocolFilter{ListQuery: lq("", domain.SortStatus, false, 5, 5)}, 0},
	} {
		t.Run("Protocols"+tc.name, func(t *testing.T) {
			list, total, err := f.s.ProtocolList(ctx, f.p.ID, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tc.want || (tc.f.Offset == 0 && total != tc.want) || (tc.f.Offset > 0 && total != 1) {
				t.Fatalf("protocols = %d (total %d), want %d", len(list), total, tc.want)
			}
		})
	}
}
