package domain

import (
	"testing"
	"time"
)

func TestNotesContainDate(t *testing.T) {
	days := []time.Time{time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}
	for notes, want := range map[string]bool{
		"Notatka ze spotkania z dnia 10.03.2026 r.": true,
		"Spotkanie 2026-03-11, Dzierżoniów":         true,
		"Dzierżoniów, 11 marca 2026 r.":             true,
		"W dniu 10.3.2026 omówiono":                 true,
		"Notatka ze spotkania (bez daty)":           false,
		"Spotkanie 12.03.2026":                      false,
		"":                                          false,
	} {
		if got := NotesContainDate(notes, days); got != want {
			t.Errorf("%q: %v, want %v", notes, got, want)
		}
	}
}

func TestNotesDateBoundaries(t *testing.T) {
	first := []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	for notes, want := range map[string]bool{"spotkanie 11.3.2026": false, "21 marca 2026": false, "1 marca 2026": true, "(1.3.2026)": true} {
		if got := NotesContainDate(notes, first); got != want {
			t.Errorf("%q: %v, want %v", notes, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Zażółć GĘŚLĄ Jaźń, Łódź"); got != "zazolc gesla jazn, lodz" {
		t.Fatalf("Fold = %q", got)
	}
}
