package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

// TestUnitTERYTRule: creating and editing a unit follow domain.TERYTConflict
// (the import's rule too) with its message, and the database's partial
// index agrees with it on every pair.
func TestUnitTERYTRule(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	mk := func(name string, k domain.UnitKind, teryt string) *domain.Unit {
		return &domain.Unit{Name: name, Kind: k, Voivodeship: "opolskie", TERYT: teryt}
	}
	var stored []*domain.Unit
	for _, tc := range []struct {
		u       *domain.Unit
		refused bool
	}{
		{mk("Urząd Marszałkowski", domain.UnitWojewodztwo, "16"), false},
		{mk("Opolski Urząd Wojewódzki", domain.UnitUrzadWojewodzki, "16"), false},
		{mk("Delegatura OUW", domain.UnitUrzadWojewodzki, "16"), false},
		{mk("Drugi Marszałek", domain.UnitWojewodztwo, "16"), true},
		{mk("Starostwo Brzeg", domain.UnitPowiat, "1601"), false},
		{mk("Izba Skarbowa Brzeg", domain.UnitInnyRzadowy, "1601"), false},
		{mk("Starostwo Brzeg bis", domain.UnitPowiat, "1601"), true},
		{mk("Gmina Brzeg", domain.UnitGminaMiejska, "1601011"), false},
		{mk("Gmina Brzeg wiejska", domain.UnitGminaWiejska, "1601011"), true},
	} {
		want := ""
		for _, o := range stored {
			if m := domain.TERYTConflict(*tc.u, *o); m != "" && want == "" {
				want = m
			}
		}
		if (want != "") != tc.refused {
			t.Fatalf("%s: the rule says %q", tc.u.Name, want)
		}
		err := s.CreateUnit(ctx, admin, tc.u)
		if got := domain.FieldErrors(err)["teryt"]; got != want || (want == "" && err != nil) {
			t.Fatalf("%s: err %v (teryt %q), want %q", tc.u.Name, err, got, want)
		}
		if err == nil {
			stored = append(stored, tc.u)
		}
	}
	// Editing: a unit keeps its own code; it cannot take another's.
	brzeg, izba := stored[3], stored[4]
	if err := s.UpdateUnit(ctx, admin, brzeg); err != nil {
		t.Fatalf("unit saved with its own code: %v", err)
	}
	other := mk("Starostwo Nysa", domain.UnitPowiat, "1610")
	if err := s.CreateUnit(ctx, admin, other); err != nil {
		t.Fatal(err)
	}
	other.TERYT = "1601"
	if got := domain.FieldErrors(s.UpdateUnit(ctx, admin, other))["teryt"]; got != domain.TERYTConflict(*other, *brzeg) || got == "" {
		t.Fatalf("edit onto a taken code: %q", got)
	}
	izba.Kind = domain.UnitPowiat // a government office turned powiat now clashes
	if got := domain.FieldErrors(s.UpdateUnit(ctx, admin, izba))["teryt"]; got == "" {
		t.Fatal("edit of the kind into a clash accepted")
	}
}
