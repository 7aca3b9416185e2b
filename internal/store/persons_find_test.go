package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

func TestFindPersons(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	p, bielawa, training, _, _ := evidenceSetup(t, s)
	zolkiewka := newUnit(t, s, "Urząd Gminy Żółkiewka")
	if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: p.ID, Unit: *zolkiewka, Areas: []domain.Area{domain.AreaP}}); err != nil {
		t.Fatal(err)
	}
	session := func(p *domain.Programme, training int64, group int) *domain.TrainingSession {
		x := &domain.TrainingSession{ProgrammeID: p.ID, TrainingID: training, GroupNo: group, Days: []time.Time{d("2011-03-10")},
			HoursPerDay: domain.DecimalFromInt(6), Place: "Bielawa", Trainer: "T"}
		if err := s.CreateSession(ctx, admin, p, x, ""); err != nil {
			t.Fatal(err)
		}
		return x
	}
	listed, other := session(p, training, 1), session(p, training, 2)
	add := func(x *domain.TrainingSession, unit int64, first, last string) int64 {
		person := &domain.Person{ProgrammeID: x.ProgrammeID, FirstName: first, LastName: last, UnitID: unit, Sex: domain.SexFemale,
			LegalBasis: domain.BasisConsent, BasisDate: d("2011-03-01"), RetentionUntil: d("2020-12-31")}
		if err := s.AddParticipant(ctx, admin, x, person, ""); err != nil {
			t.Fatal(err)
		}
		return person.ID
	}
	zolc := add(other, bielawa.ID, "Łukasz", "Żółć")
	anna := add(listed, bielawa.ID, "Anna", "Nowak")
	lucja := add(other, zolkiewka.ID, "Lucja", "Nowakowska")
	jan := add(other, zolkiewka.ID, "Jan", "Kowalski")
	underscore := add(other, bielawa.ID, "Ewa", "Nowak_Test")

	// The same names in another programme are never found.
	q := newProgramme(t, s, "EV2")
	wroclaw := newUnit(t, s, "Urząd Miasta Wrocław")
	qTraining := &domain.Training{ProgrammeID: q.ID, Code: "PS4", Topic: "procesy", GroupsPlanned: 1, DaysPerGroup: domain.DecimalFromInt(1)}
	for _, err := range []error{s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: q.ID, Unit: *wroclaw, Areas: []domain.Area{domain.AreaP}}),
		s.SaveTraining(ctx, admin, qTraining)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	add(session(q, qTraining.ID, 1), wroclaw.ID, "Łukasz", "Żółć")

	for _, tc := range []struct {
		name string
		q    domain.PersonSearch
		want []int64
		more bool
	}{
		{"LowerCaseFindsDiacritics", domain.PersonSearch{Name: "łukasz"}, []int64{zolc}, false},
		{"UpperCaseWithoutDiacritics", domain.PersonSearch{Name: "LUKASZ"}, []int64{zolc}, false},
		{"LastNameFolded", domain.PersonSearch{Name: "zolc"}, []int64{zolc}, false},
		{"LastNameUpperCase", domain.PersonSearch{Name: "ŻÓŁĆ"}, []int64{zolc}, false},
		{"LastThenFirst", domain.PersonSearch{Name: "  Żółć   Łuk "}, []int64{zolc}, false},
		{"FirstThenLast", domain.PersonSearch{Name: "lukasz zol"}, []int64{zolc}, false},
		{"PrefixByName", domain.PersonSearch{Name: "nowak"}, []int64{anna, underscore, lucja}, false},
		{"NotAPrefix", domain.PersonSearch{Name: "owak"}, nil, false},
		{"NoWildcards", domain.PersonSearch{Name: "nowak_"}, []int64{underscore}, false},
		{"NoPercent", domain.PersonSearch{Name: "%"}, nil, false},
		{"Limit", domain.PersonSearch{Name: "nowak", Limit: 2}, []int64{anna, underscore}, true},
		{"OnlyUnits", domain.PersonSearch{Name: "nowak", UnitIDs: []int64{zolkiewka.ID}}, []int64{lucja}, false},
		{"NoUnits", domain.PersonSearch{Name: "nowak", UnitIDs: []int64{}}, nil, false},
		{"UnitByName", domain.PersonSearch{Unit: "zolkiew"}, []int64{jan, lucja}, false},
		{"NameAndUnit", domain.PersonSearch{Name: "nowak", Unit: "ŻÓŁKIEW"}, []int64{lucja}, false},
		{"UnitOutsideOnly", domain.PersonSearch{Unit: "Żółkiewka", UnitIDs: []int64{bielawa.ID}}, nil, false},
		{"UnitNotFound", domain.PersonSearch{Name: "nowak", Unit: "Wrocław"}, nil, false},
		{"ExcludeSession", domain.PersonSearch{Name: "nowak", ExcludeSession: listed.ID}, []int64{underscore, lucja}, false},
		{"Exclude", domain.PersonSearch{Name: "nowak", Exclude: []int64{lucja}}, []int64{anna, underscore}, false},
		{"Empty", domain.PersonSearch{Name: "  "}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.Limit == 0 {
				tc.q.Limit = 20
			}
			got, more, err := s.FindPersons(ctx, p.ID, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if ids := personIDs(got); !slices.Equal(ids, tc.want) || more != tc.more {
				t.Fatalf("found %v (more %v), want %v (more %v)", ids, more, tc.want, tc.more)
			}
			for _, x := range got {
				if x.UnitName == "" || x.LastName == "" {
					t.Fatalf("person without names: %+v", x)
				}
			}
		})
	}

	t.Run("FindUnits", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			text  string
			only  []int64
			limit int
			want  []int64
			more  bool
		}{
			{"Folded", "zolkiewka", nil, 10, []int64{zolkiewka.ID}, false},
			{"AllByName", "", nil, 10, []int64{zolkiewka.ID, bielawa.ID}, false},
			{"Limit", "", nil, 1, []int64{zolkiewka.ID}, true},
			{"Only", "urząd", []int64{zolkiewka.ID}, 10, []int64{zolkiewka.ID}, false},
			{"None", "", []int64{}, 10, nil, false},
			{"OtherProgrammesUnit", "Wrocław", nil, 10, nil, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, more, err := s.FindUnits(ctx, p.ID, tc.text, tc.only, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, u := range got {
					ids = append(ids, u.ID)
				}
				if !slices.Equal(ids, tc.want) || more != tc.more {
					t.Fatalf("found %v (more %v), want %v (more %v)", ids, more, tc.want, tc.more)
				}
			})
		}
	})
}

func personIDs(list []domain.Person) []int64 {
	var ids []int64
	for _, p := range list {
		ids = append(ids, p.ID)
	}
	return ids
}
