package unitcsv

import (
	"slices"
	"testing"
)

// The column "Obszary" (or "Obszar") lists a unit's area codes, separated
// by commas, semicolons or spaces.
func TestAreasColumn(t *testing.T) {
	for _, tc := range []struct {
		name, header, cell string
		want               []string
	}{
		{"Comma", "Obszary", `"OK, ZJ"`, []string{"OK", "ZJ"}},
		{"Semicolon", "obszary", `"P;N"`, []string{"P", "N"}},
		{"Space", "Obszar", "OK ZJ", []string{"OK", "ZJ"}},
		{"Empty", "Obszary", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse([]byte("Nazwa,Rodzaj,Województwo," + tc.header + "\nUrząd Gminy Ujazd,gmina wiejska,opolskie," + tc.cell + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Rows[0].Areas; !slices.Equal(got, tc.want) {
				t.Fatalf("areas = %q, want %q", got, tc.want)
			}
		})
	}
}
