package domain

import "strconv"

// Noun holds a Polish noun's forms after a number, one per CLDR plural
// category of Polish: One (1 dzień), Few (2–4, 22–24 … but not 12–14:
// 2 dni), Many (0, 5–21, 25 …: 5 dni) and Other (fractions: 1,5 dnia).
// The forms are in the case the sentence needs (accusative "Zapisano
// 1 jednostkę", genitive "z 1 dnia").
type Noun struct{ One, Few, Many, Other string }

// Nouns counted across the application, in the nominative.
var (
	NounDay         = Noun{"dzień", "dni", "dni", "dnia"}
	NounMeeting     = Noun{"spotkanie", "spotkania", "spotkań", "spotkania"}
	NounSession     = Noun{"sesja", "sesje", "sesji", "sesji"}
	NounUnit        = Noun{"jednostka", "jednostki", "jednostek", "jednostki"}
	NounPerson      = Noun{"osoba", "osoby", "osób", "osoby"}
	NounParticipant = Noun{"uczestnik", "uczestnicy", "uczestników", "uczestnika"}
	NounProtocol    = Noun{"protokół", "protokoły", "protokołów", "protokołu"}
	NounProduct     = Noun{"produkt", "produkty", "produktów", "produktu"}
	NounHour        = Noun{"godzina", "godziny", "godzin", "godziny"}
	NounGroup       = Noun{"grupa", "grupy", "grup", "grupy"}
	NounEntry       = Noun{"wpis", "wpisy", "wpisów", "wpisu"}
	NounFile        = Noun{"plik", "pliki", "plików", "pliku"}
	NounRecord      = Noun{"dowód", "dowody", "dowodów", "dowodu"}
	NounRow         = Noun{"wiersz", "wiersze", "wierszy", "wiersza"}
	NounChar        = Noun{"znak", "znaki", "znaków", "znaku"}
	NounField       = Noun{"pole", "pola", "pól", "pola"}
	NounProgramme   = Noun{"program", "programy", "programów", "programu"}
)

// Nouns in the genitive, after "z" ("obecność z 3 z 5 dni", "2 z 1 dnia").
var (
	NounDayOf     = Noun{"dnia", "dni", "dni", "dnia"}
	NounMeetingOf = Noun{"spotkania", "spotkań", "spotkań", "spotkania"}
)

// Plural picks the Polish form for the whole number n (CLDR: one for 1,
// few when n%10 is 2–4 and n%100 is not 12–14, many otherwise).
func Plural(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	if n == 1 {
		return one
	}
	if m10, m100 := n%10, n%100; m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) {
		return few
	}
	return many
}

// For is the form of the noun after the whole number n.
func (f Noun) For(n int) string { return Plural(n, f.One, f.Few, f.Many) }

// ForDecimal is the form after d: the "other" form for a fraction (0,5
// dnia, 1,5 dnia), the whole-number rule otherwise.
func (f Noun) ForDecimal(d Decimal) string {
	c := d.Cents()
	if c%100 != 0 {
		return f.Other
	}
	return f.For(int(c / 100))
}

// Count formats n with its noun: "4 spotkania", "5 spotkań".
func Count(n int, f Noun) string { return strconv.Itoa(n) + " " + f.For(n) }

// CountDecimal formats d with its noun and a decimal comma: "1,5 dnia",
// "2 dni".
func CountDecimal(d Decimal, f Noun) string { return d.String() + " " + f.ForDecimal(d) }
