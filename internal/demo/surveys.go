package demo

import "kaizen/internal/domain"

// The demo programme's questionnaires: customers (KLI) and employees (PRAC),
// the shared questionnaires every participating office uses, as FIELD.md
// describes them (short, anonymous, agreement with statements on a Likert
// scale, a respondent profile at the end).

// Codes of the demo questionnaires.
const (
	CustomerCode = "KLI"
	EmployeeCode = "PRAC"
)

func likert(code, section, text string, points int, dontKnow, inIndex bool) domain.SurveyItem {
	return domain.SurveyItem{Code: code, Section: section, Kind: domain.ItemLikert, Text: text, ScalePoints: points,
		DontKnow: dontKnow, InIndex: inIndex}
}

func choice(code, text string, options ...string) domain.SurveyItem {
	it := domain.SurveyItem{Code: code, Section: "Metryczka", Kind: domain.ItemSingle, Profile: true, Text: text}
	for _, o := range options {
		it.Options = append(it.Options, domain.SurveyOption{Label: o})
	}
	return it
}

// CustomerQuestionnaire is the customer satisfaction questionnaire.
func CustomerQuestionnaire() (*domain.Questionnaire, *domain.QuestionnaireVersion) {
	const (
		service = "Obsługa"
		speed   = "Sprawność załatwienia sprawy"
		info    = "Informacja"
		office  = "Warunki w urzędzie"
	)
	q := &domain.Questionnaire{Code: CustomerCode, Kind: domain.SurveyCustomer, Name: "Badanie satysfakcji klientów urzędu"}
	v := &domain.QuestionnaireVersion{IndexMethod: domain.IndexMean100,
		Intro: "Szanowni Państwo, prosimy o kilka minut na ocenę obsługi w naszym urzędzie. Ankieta jest anonimowa: " +
			"nie pytamy o imię, nazwisko ani adres. Przy każdym stwierdzeniu prosimy zaznaczyć, na ile się Państwo z nim zgadzają. " +
			"Wyniki posłużą do poprawy jakości obsługi. Dziękujemy!",
		Items: []domain.SurveyItem{
			likert("O1", service, "Pracownicy urzędu byli uprzejmi i życzliwi.", 5, false, true),
			likert("O2", service, "Pracownik, który mnie obsługiwał, był kompetentny.", 5, true, true),
			likert("O3", service, "Wyjaśnienia pracownika były jasne i zrozumiałe.", 5, true, true),
			likert("S1", speed, "Czas oczekiwania na obsługę był do przyjęcia.", 5, false, true),
			likert("S2", speed, "Sprawa została załatwiona w terminie.", 5, true, true),
			likert("S3", speed, "Procedura załatwienia sprawy była prosta.", 5, true, true),
			likert("I1", info, "Łatwo było się dowiedzieć, jakie dokumenty są potrzebne.", 5, true, true),
			likert("I2", info, "Informacje na stronie internetowej urzędu są aktualne i zrozumiałe.", 5, true, true),
			likert("I3", info, "Formularze i wnioski łatwo wypełnić.", 5, true, true),
			likert("W1", office, "Łatwo było trafić do właściwego stanowiska lub pokoju.", 5, false, true),
			likert("W2", office, "Miejsce obsługi jest czyste, wygodne i dostępne.", 5, true, true),
			likert("W3", office, "Godziny pracy urzędu są dla mnie dogodne.", 5, true, true),
			{Code: "OG", Section: "Ocena ogólna", Kind: domain.ItemLikert, Required: true, ScalePoints: 5,
				Text: "Ogólnie rzecz biorąc, obsługa w urzędzie spełniła moje oczekiwania."},
			{Code: "UWAGI", Section: "Ocena ogólna", Kind: domain.ItemOpen, MaxLength: 1000,
				Text: "Co powinniśmy zmienić, aby lepiej Państwa obsługiwać?"},
			choice("M_PLEC", "Płeć", "kobieta", "mężczyzna"),
			choice("M_WIEK", "Wiek", "18–29 lat", "30–44 lata", "45–59 lat", "60 lat i więcej"),
			choice("M_CZESTO", "Jak często załatwia Pan/Pani sprawy w urzędzie?", "pierwszy raz", "rzadziej niż raz w roku",
				"kilka razy w roku", "raz w miesiącu lub częściej"),
			choice("M_SPRAWA", "W jakiej sprawie przyszedł Pan / przyszła Pani do urzędu?", "podatki i opłaty lokalne",
				"dowód osobisty, meldunek", "akty stanu cywilnego", "działalność gospodarcza (CEIDG)",
				"nieruchomości, geodezja, planowanie przestrzenne", "gospodarka odpadami", "inna sprawa"),
		}}
	return q, v
}

// employeeQuestionnaire is the employee satisfaction questionnaire.
func employeeQuestionnaire() (*domain.Questionnaire, *domain.QuestionnaireVersion) {
	const (
		work   = "Zadania i organizacja pracy"
		lead   = "Kierownictwo i komunikacja"
		growth = "Rozwój zawodowy"
		team   = "Współpraca"
	)
	q := &domain.Questionnaire{Code: EmployeeCode, Kind: domain.SurveyEmployee, Name: "Badanie satysfakcji pracowników urzędu"}
	v := &domain.QuestionnaireVersion{IndexMethod: domain.IndexTop2,
		Intro: "Szanowni Państwo, zapraszamy do anonimowej ankiety o pracy w naszym urzędzie. Link z zaproszenia działa raz; " +
			"system zapisuje tylko, że ankieta została wypełniona, nigdy – kto jakie odpowiedzi zaznaczył. " +
			"Wyniki przedstawimy zbiorczo, bez podziału na osoby.",
		Items: []domain.SurveyItem{
			likert("P1", work, "Mam jasno określone zadania.", 4, false, true),
			likert("P2", work, "Mam narzędzia i informacje potrzebne do dobrego wykonywania pracy.", 4, false, true),
			likert("P3", work, "Obowiązki są w moim zespole rozdzielone sprawiedliwie.", 4, false, true),
			likert("P4", lead, "Otrzymuję informację zwrotną od przełożonego.", 4, false, true),
			likert("P5", lead, "Przełożony docenia dobrze wykonaną pracę.", 4, false, true),
			likert("P6", lead, "Wiem, jakie są cele urzędu i jak moja praca się do nich przyczynia.", 4, false, true),
			likert("P7", growth, "Mam możliwość rozwoju zawodowego.", 4, false, true),
			likert("P8", growth, "Szkolenia, w których uczestniczę, są przydatne w mojej pracy.", 4, true, true),
			likert("P9", team, "Współpraca w moim zespole układa się dobrze.", 4, false, true),
			likert("P10", team, "Mogę zgłaszać pomysły usprawnień i są one brane pod uwagę.", 4, false, true),
			{Code: "P_OG", Section: "Ocena ogólna", Kind: domain.ItemLikert, Required: true, ScalePoints: 4,
				Text: "Ogólnie rzecz biorąc, praca w urzędzie daje mi satysfakcję."},
			{Code: "P_UWAGI", Section: "Ocena ogólna", Kind: domain.ItemOpen, MaxLength: 1000,
				Text: "Co w urzędzie należałoby zmienić w pierwszej kolejności?"},
			choice("M_STAZ", "Staż pracy w urzędzie", "krócej niż 2 lata", "2–5 lat", "6–15 lat", "ponad 15 lat"),
			choice("M_KIER", "Czy zajmuje Pan/Pani stanowisko kierownicze?", "tak", "nie"),
		}}
	return q, v
}

// Open answers the demo respondents write (about one in five does).
var (
	customerRemarks = []string{
		"Więcej stanowisk otwartych w poniedziałki, wtedy są największe kolejki.",
		"Pani w okienku bardzo pomocna, wszystko cierpliwie wyjaśniła.",
		"Formularz deklaracji podatkowej jest za trudny, przydałaby się instrukcja z przykładem.",
		"Brakuje miejsc parkingowych przy urzędzie.",
		"Prosiłbym o możliwość umawiania wizyt przez internet.",
		"Na stronie internetowej trudno znaleźć, kto zajmuje się daną sprawą.",
		"Dłuższe godziny pracy przynajmniej raz w tygodniu.",
		"Oznakowanie pokoi mogłoby być czytelniejsze, długo szukałam właściwego wydziału.",
		"Wszystko sprawnie, dziękuję.",
		"Za długo czekałem na decyzję, nikt nie poinformował o przedłużeniu terminu.",
		"Dobrze, że można zapłacić kartą na miejscu.",
		"Przydałby się automat z numerkami do kolejki.",
	}
	employeeRemarks = []string{
		"Lepszy przepływ informacji między wydziałami.",
		"Więcej szkoleń specjalistycznych zamiast ogólnych.",
		"Nowy sprzęt komputerowy w referacie podatków.",
		"Regularne spotkania zespołu z kierownikiem.",
		"Jaśniejsze zasady zastępstw podczas urlopów.",
		"Elektroniczny obieg dokumentów zamiast papierowego.",
	}
)
