package demo

import (
	"context"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// The demo's accessibility statement and two requests for accessibility
// (the contact person and the requesters are invented).

// A11yContact is the demo statement's contact person.
const A11yContact = "Joanna Kwiatkowska"

// loadAccessibility saves the statement and the requests when there is no
// statement yet (an empty or older demo database).
func loadAccessibility(ctx context.Context, st *store.Store) error {
	if _, err := st.AccessibilityStatement(ctx); domain.ErrorCode(err) != domain.ENOTFOUND {
		return err // there is one (nil), or the database failed
	}
	if err := st.SaveAccessibilityStatement(ctx, system, Statement(domain.TodayIn(st.Now()))); err != nil {
		return err
	}
	for _, q := range []*domain.AccessibilityRequest{
		{Element: "Protokół odbioru produktu (skan w PDF) na stronie protokołu",
			Request:     "Korzystam z czytnika ekranu. Skan protokołu nie ma warstwy tekstowej, więc nie mogę go odczytać. Proszę o udostępnienie treści protokołu w postaci tekstowej.",
			Alternative: "Dokument w formacie DOCX albo tekst w treści wiadomości e-mail.", Name: "Krzysztof Nowicki", Email: "k.nowicki@example.pl"},
		{Element: "Pulpit wskaźników programu",
			Request: "Kolory oznaczające stopień realizacji wskaźników są dla mnie trudne do rozróżnienia. Proszę o dodanie opisu słownego.",
			Name:    "Ewa Michalska", Phone: "600 100 200"},
	} {
		if err := st.CreateAccessibilityRequest(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Statement is the demo statement on today: the service published over a
// year ago, the statement reviewed a month ago.
func Statement(today time.Time) *domain.AccessibilityStatement {
	return &domain.AccessibilityStatement{
		Entity:      "Urząd Miasta w Dzierżoniowie",
		URL:         "https://kaizen.example.pl",
		PublishedOn: today.AddDate(-1, -3, 0),
		UpdatedOn:   today.AddDate(0, -1, 0),
		Status:      domain.A11yPartial,
		NonAccessible: "Skany list obecności i protokołów podpisanych na papierze (pliki PDF) nie mają warstwy tekstowej: to obrazy dokumentów podpisanych odręcznie. Ich treść udostępnimy na żądanie w postaci tekstowej.\n" +
			"Pliki CSV i XLSX z zestawieniami nie mają opisu struktury dla czytników ekranu. Te same dane są dostępne w tabelach na stronach serwisu.",
		PreparedOn:    today.AddDate(-1, -3, 0),
		ReviewedOn:    today.AddDate(0, -1, 0),
		Assessment:    "Deklarację sporządzono na podstawie samooceny przeprowadzonej przez podmiot publiczny: automatycznych testów zgodności z WCAG 2.1 (axe-core) oraz testów z czytnikiem ekranu NVDA i samą klawiaturą.",
		ContactPerson: A11yContact,
		Email:         "dostepnosc@example.pl",
		Phone:         "74 832 10 00",
		Procedure: "Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej strony internetowej lub jej elementu. Można także zażądać udostępnienia informacji w alternatywny sposób, na przykład przez odczytanie niedostępnego cyfrowo dokumentu. " +
			"Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie strony lub elementu, o które chodzi, oraz sposób kontaktu. Jeżeli osoba żądająca potrzebuje informacji w alternatywny sposób, powinna także określić dogodny dla niej sposób jej przedstawienia.\n" +
			"Żądanie realizujemy niezwłocznie, nie później niż w ciągu 7 dni od dnia jego wystąpienia. Jeżeli dotrzymanie tego terminu nie jest możliwe, niezwłocznie informujemy o tym wnoszącego żądanie i o tym, kiedy realizacja będzie możliwa; termin ten nie może być dłuższy niż 2 miesiące od dnia wystąpienia z żądaniem. Jeżeli zapewnienie dostępności cyfrowej nie jest możliwe, możemy zaproponować alternatywny sposób dostępu do informacji.\n" +
			"Jeżeli odmówimy realizacji żądania lub alternatywnego sposobu dostępu, wnoszący żądanie może złożyć skargę. Po wyczerpaniu tej procedury można także złożyć wniosek do Rzecznika Praw Obywatelskich.",
		Architecture: "Do budynku urzędu prowadzi wejście od strony parkingu z podjazdem dla wózków; drzwi otwierają się automatycznie. Na parterze są biuro obsługi interesantów i toaleta dostosowana do potrzeb osób z niepełnosprawnościami, na wyższe piętra można wjechać windą.\n" +
			"Przed budynkiem wyznaczono dwa miejsca parkingowe dla osób z niepełnosprawnościami. Do budynku można wejść z psem asystującym i psem przewodnikiem. W biurze obsługi interesantów działa pętla indukcyjna; tłumacza polskiego języka migowego można zamówić z trzydniowym wyprzedzeniem.",
		Apps: "Podmiot nie udostępnia aplikacji mobilnych związanych z tym serwisem.",
	}
}
