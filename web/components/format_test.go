package components

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "jednostek", 1: "jednostkę", 2: "jednostki", 4: "jednostki", 5: "jednostek",
		12: "jednostek", 14: "jednostek", 22: "jednostki", 25: "jednostek", 112: "jednostek", 123: "jednostki"} {
		if got := Plural(n, "jednostkę", "jednostki", "jednostek"); got != want {
			t.Errorf("Plural(%d) = %s, want %s", n, got, want)
		}
	}
}
