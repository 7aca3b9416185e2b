package demo

import (
	"context"
	"fmt"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// ProgrammeCode is the code of the demo programme (seeds 000 and 001).
const ProgrammeCode = "POKL-5.2.1-DZ"

// Units of the demo programme by area: seven in each, as the indicators
// "units that implemented improvements, area P / N: 7 + 7" expect.
var (
	unitsP = []string{LeaderUnit, "Urząd Miasta Bielawa", "Urząd Miasta Bolesławiec", "Urząd Miasta i Gminy Pieszyce",
		"Urząd Miasta Piława Górna", "Urząd Miejski Świdnica", "Urząd Miejski Bochnia"}
	unitsN = []string{LeaderUnit, "Urząd Gminy Dzierżoniów", "Urząd Miasta Kłodzko", "Urząd Miasta w Strzegomiu",
		"Urząd Miejski Trzebnica", "Urząd Miasta Nowy Targ", "Urząd Miasta Trzebinia"}
)

func monthStart(t time.Time, addMonths int) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, addMonths, 0)
}

// demoProgramme is seed 001's programme, dated so that today is about
// half-way through its 24-month improvement phase.
func demoProgramme(today time.Time, leader int64) *domain.Programme {
	start := monthStart(today, -15)
	day := 24 * time.Hour
	prepEnd := start.AddDate(0, 3, 0).Add(-day)
	implEnd := start.AddDate(0, 27, 0).Add(-day)
	end := start.AddDate(0, 30, 0).Add(-day)
	budget, _ := domain.ParseDecimal("6 000 000,00")
	return &domain.Programme{
		Code:         ProgrammeCode,
		Title:        "Program doskonalenia jakości usług publicznych w urzędach Dolnego Śląska i Małopolski z wykorzystaniem doświadczeń Urzędu Miasta w Dzierżoniowie",
		FundingLine:  "PO KL, Poddziałanie 5.2.1 Wdrażanie usprawnień zarządczych w administracji samorządowej",
		LeaderUnitID: &leader,
		Contractor:   "Urząd Miasta w Dzierżoniowie – biuro projektu",
		Start:        start,
		End:          end,
		Budget:       budget,
		GeneralGoal:  "Poprawa jakości usług publicznych świadczonych klientom – w tym szczególnie przedsiębiorcom – rozwijając potencjał wszystkich pracowników i doskonaląc pracę urzędu.",
		SpecificGoals: []string{
			"Udoskonalenie procesów świadczenia usług publicznych przez wszystkie JST uczestniczące w projekcie",
			"Wzrost kompetencji pracowników JST, ich satysfakcji oraz zaangażowania w poprawę sprawności i efektywności działania urzędu",
			"Wprowadzenie regularnej corocznej samooceny zarządzania i wyników urzędu przy pomocy Modelu CAF",
			"Trwała poprawa sprawności i efektywności działania urzędu oraz jakości usług poprzez wdrożenie lub udoskonalenie ISO 9000 i uruchomienie mechanizmów ciągłego doskonalenia",
			"Wdrożenie badań satysfakcji klientów i wykorzystanie wyników do poprawy jakości usług JST",
			"Wdrożenie badań satysfakcji pracowników i wykorzystanie wyników do doskonalenia zarządzania zasobami ludzkimi",
			"Wdrożenie benchmarkingu w celu wzmocnienia orientacji urzędów na wyniki oraz doskonalenie procesów",
			"Opracowanie bazy dobrych praktyk zarządzania w JST na potrzeby projektu i do szerszego wykorzystania w krajowej administracji publicznej",
		},
		Areas: domain.SeedAreas(),
		Phases: []domain.Phase{
			{Name: "Faza przygotowawcza", Start: start, End: prepEnd},
			{Name: "Faza doskonalenia systemu zarządzania", Start: prepEnd.Add(day), End: implEnd},
			{Name: "Faza zakończeniowa", Start: implEnd.Add(day), End: end},
		},
		Components: []domain.Component{
			{Code: "Z2", Name: "Usprawnienia w obszarze podatków i opłat lokalnych"},
			{Code: "Z4", Name: "Usprawnienia w obszarze zarządzania nieruchomościami"},
		},
	}
}

var processProducts = []domain.Product{
	{Letter: "a", Name: "opis procesów"},
	{Letter: "b", Name: "opracowanie wskaźników oceny procesów"},
	{Letter: "c", Name: "zasady monitorowania procesów"},
	{Letter: "d", Name: "zasady przeglądu/audytowania procesów"},
}

var standardsProducts = []domain.Product{
	{Letter: "a", Name: "opracowanie jednolitych standardów dokumentacji wewnętrznej"},
	{Letter: "b", Name: "opracowanie, modyfikacja systemu informacji/komunikacji wewnątrz urzędu"},
	{Letter: "c", Name: "system informacji/komunikacji skierowany na zewnątrz"},
	{Letter: "d", Name: "zdefiniowanie standardu terminowości i prawidłowości załatwianych spraw"},
	{Letter: "e", Name: "zbudowanie systemu satysfakcji klienta"},
}

// loadPlan loads seed 000's plan into the demo programme.
func loadPlan(ctx context.Context, st *store.Store, byName map[string]int64) error {
	p := demoProgramme(st.Now(), byName[LeaderUnit])
	if err := st.CreateProgramme(ctx, system, p); err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	z := map[string]*int64{}
	for i := range p.Components {
		z[p.Components[i].Code] = &p.Components[i].ID
	}

	inP, inN := map[string]bool{}, map[string]bool{}
	for _, n := range unitsP {
		inP[n] = true
	}
	for _, n := range unitsN {
		inN[n] = true
	}
	contacts := []string{"Ewa Kamińska, sekretarz", "Krzysztof Wójcik, naczelnik wydziału", "Barbara Lewandowska, kierownik referatu",
		"Jacek Dąbrowski, skarbnik", "Monika Zielińska, pełnomocnik ds. jakości"}
	for i, u := range Units[:len(Units)-1] { // the last one is seed 002's government office
		pa := &domain.Participation{ProgrammeID: p.ID, Unit: domain.Unit{ID: byName[u.Name]}, Contacts: contacts[i%len(contacts)]}
		if inP[u.Name] {
			pa.Areas = append(pa.Areas, domain.AreaP)
		}
		if inN[u.Name] {
			pa.Areas = append(pa.Areas, domain.AreaN)
		}
		if len(pa.Areas) == 0 {
			// Other offices take part in trainings, CAF and benchmarking:
			// starostwa and the marshal's office in real estate, gminy in taxes.
			pa.Areas = []domain.Area{domain.AreaP}
			if u.Kind == domain.UnitPowiat || u.Kind == domain.UnitWojewodztwo {
				pa.Areas = []domain.Area{domain.AreaN}
			}
		}
		if err := st.SaveParticipation(ctx, system, pa); err != nil {
			return fmt.Errorf("participation %s: %w", u.Name, err)
		}
	}
	ids := func(names []string) []int64 {
		out := make([]int64, len(names))
		for i, n := range names {
			out[i] = byName[n]
		}
		return out
	}

	tasks := []*domain.Task{
		{Code: "P3", Name: "doskonalenie procesów", Area: domain.AreaP, ComponentID: z["Z2"], Kind: domain.TaskProcess,
			PlanLines: []domain.PlanLine{{Units: 7, Days: 10}}, Products: processProducts, UnitIDs: ids(unitsP)},
		{Code: "N1", Name: "doskonalenie procesów", Area: domain.AreaN, ComponentID: z["Z4"], Kind: domain.TaskProcess,
			PlanLines: []domain.PlanLine{{Units: 7, Days: 10}}, Products: processProducts, UnitIDs: ids(unitsN)},
		{Code: "P3", Name: "standardy obsługi klienta", Area: domain.AreaP, ComponentID: z["Z2"], Kind: domain.TaskStandards,
			PlanLines: []domain.PlanLine{{Units: 6, Days: 8}, {Units: 1, Days: 20}}, Products: standardsProducts, UnitIDs: ids(unitsP)},
		{Code: "N2", Name: "standardy obsługi klienta", Area: domain.AreaN, ComponentID: z["Z4"], Kind: domain.TaskStandards,
			PlanLines: []domain.PlanLine{{Units: 1, Days: 20}}, Products: standardsProducts, UnitIDs: ids([]string{"Urząd Miasta Kłodzko"})},
		{Code: "PZ2", Name: "spotkania grupy dobrych praktyk", ComponentID: z["Z2"], Kind: domain.TaskMeetings,
			MeetingsPlanned: 8, DaysPerMeeting: 2,
			Products: []domain.Product{{Letter: "a", Name: "zestaw dobrych praktyk, wniosków i rekomendacji dla lokalnych polityk publicznych"}}},
	}
	taskID := map[string]int64{}
	for _, t := range tasks {
		t.ProgrammeID = p.ID
		t.Products = append([]domain.Product(nil), t.Products...)
		if err := st.SaveTask(ctx, system, t); err != nil {
			return fmt.Errorf("task %s %s: %w", t.Code, t.Name, err)
		}
		taskID[t.Code+" "+t.Name] = t.ID
	}

	for _, t := range []domain.Training{
		{Code: "PS3", Topic: "obsługa klienta", Area: domain.AreaP, GroupsPlanned: 7, DaysPerGroup: domain.DecimalFromInt(2)},
		{Code: "PS4", Topic: "zarządzanie procesami", Area: domain.AreaP, GroupsPlanned: 4, DaysPerGroup: domain.DecimalFromInt(2)},
		{Code: "PS5", Topic: "zarządzanie jakością", Area: domain.AreaP, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(1)},
		{Code: "PS6", Topic: "zarządzanie satysfakcją klienta", Area: domain.AreaP, GroupsPlanned: 4, DaysPerGroup: domain.DecimalFromInt(2)},
		{Code: "PS7", Topic: "zarządzanie przez cele", Area: domain.AreaP, GroupsPlanned: 4, DaysPerGroup: domain.DecimalFromInt(2)},
		{Code: "NS3", Topic: "obsługa klienta", Area: domain.AreaN, GroupsPlanned: 3, DaysPerGroup: domain.DecimalFromInt(2)},
		{Code: "NS4", Topic: "zarządzanie procesami", Area: domain.AreaN, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(2)},
		{Code: "NS5", Topic: "zarządzanie jakością", Area: domain.AreaN, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(1)},
		{Code: "NS6", Topic: "zarządzanie satysfakcją klienta", Area: domain.AreaN, GroupsPlanned: 3, DaysPerGroup: domain.DecimalFromInt(2)},
	} {
		t.ProgrammeID = p.ID
		if err := st.SaveTraining(ctx, system, &t); err != nil {
			return fmt.Errorf("training %s: %w", t.Code, err)
		}
	}

	dec := domain.DecimalFromInt
	protocolMethod := "Protokół odbioru lub inny dokument akceptujący odebranie produktu będącego wynikiem działania przez kierownika jednostki lub kierownika komórki organizacyjnej "
	for _, in := range []*domain.Indicator{
		{Number: "6", Name: "Liczba wdrożeń/wprowadzonych usprawnień w obszarze usług podatkowych zaakceptowanych przez odbiorców",
			Type: domain.IndicatorProduct, UnitOfMeasure: "szt.", Target: dec(14), ComponentID: z["Z2"],
			Method:    protocolMethod + "obszaru podatkowego.",
			Source:    "Protokoły odbioru podpisane przez kierownika JST lub kierownika komórki organizacyjnej obszaru podatkowego.",
			Frequency: "Po zakończeniu realizacji danego działania (rozwiązania zarządczego) w obszarze podatków i opłat lokalnych w danej JST zgodnie z harmonogramem projektu (P2 Doskonalenie procesów i P3 Standardy obsługi klienta). Wskaźnik mierzony dla Z2.",
			Rule:      domain.RuleAcceptedProtocols,
			Params:    domain.RuleParams{TaskIDs: []int64{taskID["P3 doskonalenie procesów"], taskID["P3 standardy obsługi klienta"]}}},
		{Number: "7", Name: "Liczba wdrożeń/wprowadzonych usprawnień w obszarze zarządzania nieruchomościami zaakceptowanych przez odbiorców",
			Type: domain.IndicatorProduct, UnitOfMeasure: "szt.", Target: dec(14), ComponentID: z["Z4"],
			Method:    protocolMethod + "zarządzania nieruchomościami.",
			Source:    "Protokoły odbioru podpisane przez kierownika JST lub kierownika komórki organizacyjnej zarządzania nieruchomościami.",
			Frequency: "Po zakończeniu realizacji danego działania (rozwiązania zarządczego) w obszarze zarządzania nieruchomościami w danej JST zgodnie z harmonogramem projektu (N1 Doskonalenie procesów, N2 Standardy obsługi klienta, N3 Baza danych). Wskaźnik mierzony dla Z4.",
			Rule:      domain.RuleAcceptedProtocols,
			Params:    domain.RuleParams{TaskIDs: []int64{taskID["N1 doskonalenie procesów"], taskID["N2 standardy obsługi klienta"]}}},
		{Name: "Liczba jednostek samorządu terytorialnego, które wdrożyły rozwiązania usprawniające pracę urzędu w obszarze P",
			Type: domain.IndicatorResult, UnitOfMeasure: "JST", Target: dec(7), ComponentID: z["Z2"],
			Method:    "Liczba JST z co najmniej jednym zaakceptowanym protokołem odbioru w obszarze podatków i opłat lokalnych.",
			Source:    "Protokoły odbioru.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaP}},
		{Name: "Liczba jednostek samorządu terytorialnego, które wdrożyły rozwiązania usprawniające pracę urzędu w obszarze N",
			Type: domain.IndicatorResult, UnitOfMeasure: "JST", Target: dec(7), ComponentID: z["Z4"],
			Method:    "Liczba JST z co najmniej jednym zaakceptowanym protokołem odbioru w obszarze zarządzania nieruchomościami.",
			Source:    "Protokoły odbioru.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaN}},
		{Number: "18", Name: "Liczba Spotkań Grupy Dobrych Praktyk (GDP) dla obszarów podatków lokalnych i zarządzania nieruchomościami",
			Type: domain.IndicatorProduct, UnitOfMeasure: "spotkania", Target: dec(8), ComponentID: z["Z2"],
			Method:    "Listy obecności na spotkaniach oraz notatki ze spotkań, zawierające datę danego spotkania.",
			Source:    "Listy obecności i notatki ze spotkań GDP.",
			Frequency: "Nie rzadziej niż raz na kwartał przy sporządzaniu wniosków o płatność oraz po zakończeniu projektu (przy sporządzaniu wniosku końcowego o płatność oraz przy opracowaniu zestawu dobrych praktyk, wniosków i rekomendacji). Wskaźnik mierzony dla Z2.",
			Rule:      domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: taskID["PZ2 spotkania grupy dobrych praktyk"]}},
		{Number: "S", Name: "Liczba opracowanych opisów procesów",
			Type: domain.IndicatorProduct, UnitOfMeasure: "szt.", Target: dec(14),
			Method:    "Odebrane protokołem produkty a) „opis procesów” zadań P3 i N1 (doskonalenie procesów), każdy raz, w dniu pierwszego odbioru.",
			Source:    "Protokoły odbioru.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleAcceptedProducts,
			Params:    domain.RuleParams{TaskIDs: []int64{taskID["P3 doskonalenie procesów"], taskID["N1 doskonalenie procesów"]}, ProductLetters: []string{"a"}}},
	} {
		in.ProgrammeID = p.ID
		if err := st.SaveIndicator(ctx, system, in, nil); err != nil {
			return fmt.Errorf("indicator %s: %w", in.Name, err)
		}
	}
	return loadEvidence(ctx, st, p, byName, taskID)
}
