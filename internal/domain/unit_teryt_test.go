package domain

import "testing"

// TestTERYTConflict is the one TERYT uniqueness rule: the same as the
// partial index units_teryt_key (kind NOT IN urzad_wojewodzki, inny_rzadowy).
func TestTERYTConflict(t *testing.T) {
	u := func(id int64, k UnitKind, teryt string) Unit {
		return Unit{ID: id, Name: "J" + teryt, Kind: k, TERYT: teryt}
	}
	for _, tc := range []struct {
		name     string
		a, b     Unit
		conflict bool
	}{
		{"SamePowiat", u(0, UnitPowiat, "0208"), u(1, UnitPowiat, "0208"), true},
		{"GminaKinds", u(0, UnitGminaMiejska, "0202011"), u(1, UnitGminaWiejska, "0202011"), true},
		{"VoivodeshipAndMarshal", u(0, UnitWojewodztwo, "02"), u(1, UnitWojewodztwo, "02"), true},
		{"UrzadWojewodzkiSharesVoivodeship", u(0, UnitUrzadWojewodzki, "02"), u(1, UnitWojewodztwo, "02"), false},
		{"VoivodeshipSharesUrzadWojewodzki", u(0, UnitWojewodztwo, "02"), u(1, UnitUrzadWojewodzki, "02"), false},
		{"TwoUrzadWojewodzki", u(0, UnitUrzadWojewodzki, "04"), u(1, UnitUrzadWojewodzki, "04"), false},
		{"InnyRzadowySharesPowiat", u(0, UnitInnyRzadowy, "0604"), u(1, UnitPowiat, "0604"), false},
		{"DifferentCodes", u(0, UnitPowiat, "0208"), u(1, UnitPowiat, "0209"), false},
		{"NoCode", u(0, UnitPowiat, ""), u(1, UnitPowiat, ""), false},
		{"ItselfOnEdit", u(7, UnitPowiat, "0208"), u(7, UnitPowiat, "0208"), false},
		{"SpacesIgnored", u(0, UnitPowiat, " 0208 "), u(1, UnitPowiat, "0208"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := TERYTConflict(tc.a, tc.b)
			if (msg != "") != tc.conflict {
				t.Fatalf("TERYTConflict = %q, want conflict %t", msg, tc.conflict)
			}
			if tc.conflict && msg != "Kod TERYT "+tc.b.TERYT+" ma już jednostka „"+tc.b.Name+"”: sprawdź kod w rejestrze TERYT albo popraw tamtą jednostkę." {
				t.Fatalf("message %q", msg)
			}
		})
	}
}
