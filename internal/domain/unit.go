package domain

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// UnitKind is the kind of a participating public office (JST or government office).
type UnitKind string

const (
	UnitGminaMiejska        UnitKind = "gmina_miejska"
	UnitGminaWiejska        UnitKind = "gmina_wiejska"
	UnitGminaMiejskoWiejska UnitKind = "gmina_miejsko_wiejska"
	UnitPowiat              UnitKind = "powiat"
	UnitWojewodztwo         UnitKind = "wojewodztwo"
	UnitUrzadWojewodzki     UnitKind = "urzad_wojewodzki"
	UnitInnyRzadowy         UnitKind = "inny_rzadowy"
)

// UnitKinds lists every kind in the order the UI shows them.
var UnitKinds = []UnitKind{UnitGminaMiejska, UnitGminaWiejska, UnitGminaMiejskoWiejska, UnitPowiat, UnitWojewodztwo, UnitUrzadWojewodzki, UnitInnyRzadowy}

// Label is the kind's Polish name.
func (k UnitKind) Label() string {
	switch k {
	case UnitGminaMiejska:
		return "gmina miejska"
	case UnitGminaWiejska:
		return "gmina wiejska"
	case UnitGminaMiejskoWiejska:
		return "gmina miejsko-wiejska"
	case UnitPowiat:
		return "powiat (starostwo)"
	case UnitWojewodztwo:
		return "województwo (urząd marszałkowski)"
	case UnitUrzadWojewodzki:
		return "urząd wojewódzki"
	case UnitInnyRzadowy:
		return "inny urząd administracji rządowej"
	}
	return string(k)
}

// UnitKindFromLabel finds a kind by its Polish name or code (CSV import).
func UnitKindFromLabel(s string) (UnitKind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range UnitKinds {
		if s == string(k) || s == k.Label() || strings.HasPrefix(k.Label(), s+" (") {
			return k, true
		}
	}
	switch s {
	case "starostwo", "starostwo powiatowe":
		return UnitPowiat, true
	case "urząd marszałkowski":
		return UnitWojewodztwo, true
	}
	return "", false
}

// Voivodeships maps each województwo to its TERYT code.
var Voivodeships = []struct{ Name, Code string }{
	{"dolnośląskie", "02"}, {"kujawsko-pomorskie", "04"}, {"lubelskie", "06"}, {"lubuskie", "08"},
	{"łódzkie", "10"}, {"małopolskie", "12"}, {"mazowieckie", "14"}, {"opolskie", "16"},
	{"podkarpackie", "18"}, {"podlaskie", "20"}, {"pomorskie", "22"}, {"śląskie", "24"},
	{"świętokrzyskie", "26"}, {"warmińsko-mazurskie", "28"}, {"wielkopolskie", "30"}, {"zachodniopomorskie", "32"},
}

// VoivodeshipCode returns the TERYT code of a województwo name.
func VoivodeshipCode(name string) (string, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, v := range Voivodeships {
		if v.Name == name {
			return v.Code, true
		}
	}
	return "", false
}

// Unit is a participating public office (jednostka).
type Unit struct {
	ID          int64
	Name        string
	Kind        UnitKind
	Voivodeship string // województwo, lower case as in Voivodeships
	TERYT       string // optional
	Address     string
	Email       string
	ArchivedAt  *time.Time
}

// TERYTShape checks a TERYT code against the unit's kind and voivodeship:
// 2 digits for a voivodeship, 4 for a powiat, 7 for a gmina whose last digit
// (the kind of gmina) is 1–5; the first two digits are the voivodeship's.
func TERYTShape(code string, kind UnitKind, voivodeship string) string {
	if !allDigits(code) {
		return "Kod TERYT składa się z samych cyfr."
	}
	switch kind {
	case UnitWojewodztwo, UnitUrzadWojewodzki:
		if len(code) != 2 {
			return "Kod TERYT województwa ma 2 cyfry (np. 02)."
		}
	case UnitPowiat:
		if len(code) != 4 {
			return "Kod TERYT powiatu ma 4 cyfry (np. 0208)."
		}
	case UnitGminaMiejska, UnitGminaWiejska, UnitGminaMiejskoWiejska:
		if len(code) != 7 {
			return "Kod TERYT gminy ma 7 cyfr (np. 0202011)."
		}
		if code[6] < '1' || code[6] > '5' {
			return "Ostatnia cyfra kodu TERYT gminy (rodzaj gminy) musi być od 1 do 5."
		}
	default:
		if len(code) != 2 && len(code) != 4 && len(code) != 7 {
			return "Kod TERYT ma 2, 4 albo 7 cyfr."
		}
		if len(code) == 7 && (code[6] < '1' || code[6] > '5') {
			return "Ostatnia cyfra 7-cyfrowego kodu TERYT (rodzaj gminy) musi być od 1 do 5."
		}
	}
	if vc, ok := VoivodeshipCode(voivodeship); ok && code[:2] != vc {
		return "Kod TERYT musi zaczynać się od kodu województwa " + voivodeship + " (" + vc + ")."
	}
	return ""
}

// TERYTUnique reports whether units of kind k may not share a TERYT code:
// every gmina, powiat and województwo has its own, while a government office
// (urząd wojewódzki, another office) may carry the code of the territory it
// serves. The database's units_teryt_key index holds the same rule.
func (k UnitKind) TERYTUnique() bool { return k != UnitUrzadWojewodzki && k != UnitInnyRzadowy }

// TERYTConflict is the one rule of TERYT uniqueness, for the unit form and
// the CSV import alike: the message when unit u may not have the TERYT code
// that unit other (another stored unit, or an earlier row of a file)
// already has, "" when both may have it.
func TERYTConflict(u, other Unit) string {
	t := strings.TrimSpace(u.TERYT)
	if t == "" || t != strings.TrimSpace(other.TERYT) || (u.ID != 0 && u.ID == other.ID) || !u.Kind.TERYTUnique() || !other.Kind.TERYTUnique() {
		return ""
	}
	return "Kod TERYT " + t + " ma już jednostka „" + other.Name + "”: sprawdź kod w rejestrze TERYT albo popraw tamtą jednostkę."
}

// Normalize trims the unit's text fields.
func (u *Unit) Normalize() {
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	u.Voivodeship = strings.ToLower(strings.TrimSpace(u.Voivodeship))
	u.TERYT = strings.TrimSpace(u.TERYT)
	u.Address = strings.TrimSpace(u.Address)
	u.Email = strings.TrimSpace(u.Email)
}

// Validate checks a unit.
func (u *Unit) Validate() error {
	v := Validation{}
	switch n := utf8.RuneCountInString(u.Name); {
	case n == 0:
		v.Add("name", "Podaj nazwę jednostki.")
	case n > 300:
		v.Add("name", "Nazwa może mieć najwyżej 300 znaków.")
	}
	if !slices.Contains(UnitKinds, u.Kind) {
		v.Add("kind", "Wybierz rodzaj jednostki z listy.")
	}
	if _, ok := VoivodeshipCode(u.Voivodeship); !ok {
		v.Add("voivodeship", "Wybierz województwo z listy.")
	}
	if u.TERYT != "" {
		if msg := TERYTShape(u.TERYT, u.Kind, u.Voivodeship); msg != "" {
			v.Add("teryt", msg)
		}
	}
	if utf8.RuneCountInString(u.Address) > 300 {
		v.Add("address", "Adres może mieć najwyżej 300 znaków.")
	}
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
			v.Add("email", "Podaj poprawny adres e-mail, np. sekretariat@um.dzierzoniow.pl.")
		}
	}
	return v.Err()
}

// UnitFilter selects a page of the unit list.
type UnitFilter struct {
	ListQuery   // Search: part of the name, or the start of the TERYT code
	Voivodeship string
	Kind        UnitKind
	// NotInProgramme, when set, keeps the units that could join that
	// programme: not archived and not yet taking part in it.
	NotInProgramme int64
	// InProgrammes, when not nil, keeps only units taking part in these
	// programmes (the programme scope of a user who does not edit the plan).
	InProgrammes []int64
	// Current leaves out archived units (a unit to be chosen anew).
	Current bool
}
