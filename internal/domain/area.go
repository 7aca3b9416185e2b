package domain

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Area is the code of one of a programme's areas (obszar): the
// organisational area of a unit that the work targets. "" in a reference
// means all the programme's areas (or none, in a programme without areas).
type Area string

// Codes of the areas of seed 000 (the demo programme's, and every
// programme's from before areas belonged to programmes).
const (
	AreaP Area = "P" // podatki i opłaty lokalne
	AreaN Area = "N" // zarządzanie nieruchomościami
)

// ProgrammeArea is an area a programme defines.
type ProgrammeArea struct {
	ID   int64
	Code Area
	Name string
}

// Label is "P – podatki i opłaty lokalne".
func (a ProgrammeArea) Label() string { return string(a.Code) + " – " + a.Name }

// SeedAreas are seed 000's areas, P and N.
func SeedAreas() AreaList {
	return AreaList{{Code: AreaP, Name: "podatki i opłaty lokalne"}, {Code: AreaN, Name: "zarządzanie nieruchomościami"}}
}

// AreaList is a programme's areas, in their order.
type AreaList []ProgrammeArea

// Find returns the area with code.
func (l AreaList) Find(code Area) (ProgrammeArea, bool) {
	for _, a := range l {
		if a.Code == code {
			return a, true
		}
	}
	return ProgrammeArea{}, false
}

// Has reports whether the programme has an area with code.
func (l AreaList) Has(code Area) bool {
	_, ok := l.Find(code)
	return ok
}

// Resolve finds the area whose code matches code case-insensitively (as
// typed in an imported file).
func (l AreaList) Resolve(code string) (Area, bool) {
	for _, a := range l {
		if strings.EqualFold(string(a.Code), strings.TrimSpace(code)) {
			return a.Code, true
		}
	}
	return "", false
}

// Label is the Polish label of a reference: "P – podatki i opłaty lokalne",
// "wszystkie obszary" for "" (or "—" when the programme has no areas).
func (l AreaList) Label(code Area) string {
	if code == "" {
		if len(l) == 0 {
			return "—"
		}
		return "wszystkie obszary"
	}
	if a, ok := l.Find(code); ok {
		return a.Label()
	}
	return string(code)
}

// Labels joins the labels of codes ("P – …, N – …").
func (l AreaList) Labels(codes []Area) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = l.Label(c)
	}
	return strings.Join(s, ", ")
}

// codeList is "P, N", for messages.
func (l AreaList) codeList() string {
	s := make([]string, len(l))
	for i, a := range l {
		s[i] = string(a.Code)
	}
	return strings.Join(s, ", ")
}

// checkRef adds an error for field when code is set and not one of the
// programme's areas.
func (l AreaList) checkRef(v Validation, field string, code Area) {
	if code != "" && !l.Has(code) {
		v.Add(field, "Wybierz obszar z listy.")
	}
}

// checkAreaSet: a set of areas of a unit — at least one of the programme's
// when it has any, each of them.
func checkAreaSet(v Validation, field string, l AreaList, set []Area) {
	for _, a := range set {
		if !l.Has(a) {
			v.Add(field, "Wybierz obszar z listy.")
			return
		}
	}
	if len(l) > 0 && len(set) == 0 {
		v.Add(field, "Zaznacz co najmniej jeden obszar ("+l.codeList()+").")
	}
}

// uniqueAreas drops repeated codes, keeping the order.
func uniqueAreas(set []Area) []Area {
	var out []Area
	seen := map[Area]bool{}
	for _, a := range set {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// check validates the programme's own area rows: "areas.N.code" and
// "areas.N.name", codes different case-insensitively.
func (l AreaList) check(v Validation) {
	seen := map[string]int{}
	for i, a := range l {
		f := fmt.Sprintf("areas.%d.", i)
		code := string(a.Code)
		switch n := utf8.RuneCountInString(code); {
		case n == 0:
			v.Add(f+"code", "Podaj kod obszaru (np. P).")
		case n > 10:
			v.Add(f+"code", "Kod obszaru może mieć najwyżej 10 znaków.")
		case strings.ContainsFunc(code, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' }):
			v.Add(f+"code", "Kod obszaru nie może zawierać spacji, przecinków ani średników.")
		}
		checkLen(v, f+"name", a.Name, 1, 200, "nazwę obszaru")
		key := strings.ToUpper(code)
		if j, dup := seen[key]; dup && key != "" {
			v.Add(f+"code", fmt.Sprintf("Kod %s już ma obszar nr %d: kody obszarów muszą być różne.", code, j+1))
		} else {
			seen[key] = i
		}
	}
}

// RemovedAreas are the areas of before whose codes after no longer has, in
// before's order: a programme's save deletes them (and refuses while one
// is in use); its form shows them again, after the kept rows, with the
// reason.
func RemovedAreas(before, after AreaList) AreaList {
	var out AreaList
	for _, a := range before {
		if !after.Has(a.Code) {
			out = append(out, a)
		}
	}
	return out
}

// AreaUse counts what refers to an area of a programme.
type AreaUse struct {
	Units, Tasks, Trainings, Attendees, Practices, Indicators int
}

// InUse reports whether anything refers to the area.
func (u AreaUse) InUse() bool {
	return u.Units+u.Tasks+u.Trainings+u.Attendees+u.Practices+u.Indicators > 0
}

// String lists the uses, e.g. "jednostki: 3, zadania: 2".
func (u AreaUse) String() string {
	var s []string
	for _, x := range []struct {
		n    int
		what string
	}{{u.Units, "jednostki"}, {u.Tasks, "zadania"}, {u.Trainings, "szkolenia"}, {u.Attendees, "uczestnicy spotkań"},
		{u.Practices, "dobre praktyki"}, {u.Indicators, "wskaźniki"}} {
		if x.n > 0 {
			s = append(s, fmt.Sprintf("%s: %d", x.what, x.n))
		}
	}
	return strings.Join(s, ", ")
}
