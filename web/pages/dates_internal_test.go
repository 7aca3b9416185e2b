package pages

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Pages show dates one way (components.Date: 27.11.2026); the ISO form of
// date() is only for the values of date inputs, never shown as text.
func TestDatesShownOneWay(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) == 0 {
		t.Fatal("no templ files", err)
	}
	shown := regexp.MustCompile(`\{ *(date\(|[^}]*\.Format\()`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range shown.FindAll(b, -1) {
			t.Errorf("%s: a date shown without components.Date: %s", f, m)
		}
	}
}
