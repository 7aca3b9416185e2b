package demo

import (
	"context"
	"fmt"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// KCUCode is the code of the second demo programme, shaped after seed 002
// ("Klient w centrum uwagi administracji", KPRM): government offices, its
// own areas (no P/N), products counted one by one.
const KCUCode = "POKL-5.1.1-KCU"

// KCU areas.
const (
	AreaOK domain.Area = "OK" // obsługa klienta
	AreaZJ domain.Area = "ZJ" // zarządzanie jakością
)

// kcuLeader is seed 002's government office, the last of Units.
const kcuLeader = "Lubuski Urząd Wojewódzki w Gorzowie Wielkopolskim"

// KCUUnits are the further government offices of the second programme (real
// public institutions); with kcuLeader (one of Units) they take part in it.
var KCUUnits = []domain.Unit{
	{Name: "Wielkopolski Urząd Wojewódzki w Poznaniu", Kind: domain.UnitUrzadWojewodzki, Voivodeship: "wielkopolskie"},
	{Name: "Mazowiecki Urząd Wojewódzki w Warszawie", Kind: domain.UnitUrzadWojewodzki, Voivodeship: "mazowieckie"},
	{Name: "Dolnośląski Urząd Wojewódzki we Wrocławiu", Kind: domain.UnitUrzadWojewodzki, Voivodeship: "dolnośląskie"},
	{Name: "Wojewódzki Inspektorat Ochrony Środowiska w Zielonej Górze", Kind: domain.UnitInnyRzadowy, Voivodeship: "lubuskie"},
	{Name: "Regionalna Dyrekcja Ochrony Środowiska w Gorzowie Wielkopolskim", Kind: domain.UnitInnyRzadowy, Voivodeship: "lubuskie"},
	{Name: "Wojewódzki Inspektorat Nadzoru Budowlanego w Gorzowie Wielkopolskim", Kind: domain.UnitInnyRzadowy, Voivodeship: "lubuskie"},
	{Name: "Izba Administracji Skarbowej w Poznaniu", Kind: domain.UnitInnyRzadowy, Voivodeship: "wielkopolskie"},
}

// kcuParticipants are the offices of the second programme with their areas:
// every one in customer service (OK), the voivodeship offices and the
// revenue administration in quality management (ZJ) too.
func kcuParticipants() []struct {
	name  string
	areas []domain.Area
} {
	out := []struct {
		name  string
		areas []domain.Area
	}{{kcuLeader, []domain.Area{AreaOK, AreaZJ}}}
	for _, u := range KCUUnits {
		areas := []domain.Area{AreaOK}
		if u.Kind == domain.UnitUrzadWojewodzki || u.Name == "Izba Administracji Skarbowej w Poznaniu" {
			areas = append(areas, AreaZJ)
		}
		out = append(out, struct {
			name  string
			areas []domain.Area
		}{u.Name, areas})
	}
	return out
}

// kcuProgramme is seed 002's programme: 20 months like the original
// (August 2010 – March 2012), dated so that today is in its closing phase
// (its 19th month: a month from the phase's start and from the end).
func kcuProgramme(today time.Time) *domain.Programme {
	start := monthStart(today, -18)
	day := 24 * time.Hour
	prepEnd := start.AddDate(0, 3, 0).Add(-day)
	implEnd := start.AddDate(0, 17, 0).Add(-day)
	end := start.AddDate(0, 20, 0).Add(-day)
	budget, _ := domain.ParseDecimal("7 540 000,00")
	return &domain.Programme{
		Code:        KCUCode,
		Title:       "Klient w centrum uwagi administracji",
		FundingLine: "PO KL, Poddziałanie 5.1.1 Modernizacja systemów zarządzania i podnoszenie kompetencji kadr",
		Contractor:  "Kancelaria Prezesa Rady Ministrów",
		Start:       start,
		End:         end,
		Budget:      budget,
		GeneralGoal: "Usprawnienie pracy urzędów administracji rządowej w oparciu o zarządzanie satysfakcją klienta, a w dalszej perspektywie projakościowa i prokliencka reorientacja stosowanego w nich modelu zarządzania.",
		SpecificGoals: []string{
			"Podniesienie świadomości kierownictwa i pracowników urzędów na temat służebnej wobec społeczeństwa funkcji administracji",
			"Wzrost świadomości pracowników administracji rządowej w zakresie nowoczesnych metod pomiaru satysfakcji klienta",
			"Wzrost poziomu satysfakcji klientów urzędów poprzez nowoczesne koncepcje relacji z klientem usług publicznych",
			"Zintegrowanie zarządzania satysfakcją klienta z systemem zarządzania urzędem",
		},
		Areas: domain.AreaList{{Code: AreaOK, Name: "obsługa klienta"}, {Code: AreaZJ, Name: "zarządzanie jakością"}},
		Phases: []domain.Phase{
			{Name: "Rekrutacja i przygotowanie", Start: start, End: prepEnd},
			{Name: "Badania satysfakcji i wdrażanie usprawnień", Start: prepEnd.Add(day), End: implEnd},
			{Name: "Ewaluacja i upowszechnienie", Start: implEnd.Add(day), End: end},
		},
		Components: []domain.Component{
			{Code: "K1", Name: "Zarządzanie satysfakcją klienta"},
			{Code: "K2", Name: "Procesy i usprawnienia obsługi klienta"},
		},
	}
}

// loadKCU loads the second programme: participations, tasks with products,
// trainings (half days), indicators and its evidence.
func loadKCU(ctx context.Context, st *store.Store, byName map[string]int64) error {
	p := kcuProgramme(st.Now())
	if err := st.CreateProgramme(ctx, system, p); err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	k1, k2 := &p.Components[0].ID, &p.Components[1].ID
	contacts := []string{"Aleksandra Górecka, dyrektor wydziału organizacyjnego", "Rafał Sobczak, pełnomocnik ds. systemu zarządzania jakością",
		"Marta Kubiak, kierownik oddziału obsługi klienta"}
	var all []int64
	for i, pa := range kcuParticipants() {
		id := byName[pa.name]
		all = append(all, id)
		if err := st.SaveParticipation(ctx, system, &domain.Participation{ProgrammeID: p.ID, Unit: domain.Unit{ID: id}, Areas: pa.areas,
			Contacts: contacts[i%len(contacts)]}); err != nil {
			return fmt.Errorf("participation %s: %w", pa.name, err)
		}
	}
	tasks := []*domain.Task{
		{Code: "Z1", Name: "standardy zarządzania satysfakcją klienta", ComponentID: k1, Kind: domain.TaskStandards,
			PlanLines: []domain.PlanLine{{Units: len(all), Days: 4}}, UnitIDs: all, Products: []domain.Product{
				{Letter: "a", Name: "identyfikacja klienta wewnętrznego i zewnętrznego"},
				{Letter: "b", Name: "metodyka badania satysfakcji klienta"},
				{Letter: "c", Name: "raport z badania satysfakcji klienta"},
				{Letter: "d", Name: "katalog usług urzędu (klient zewnętrzny)"}}},
		{Code: "Z2", Name: "optymalizacja procesów związanych z obsługą klienta", Area: AreaOK, ComponentID: k2, Kind: domain.TaskProcess,
			PlanLines: []domain.PlanLine{{Units: 4, Days: 6}}, UnitIDs: all[:4], Products: []domain.Product{
				{Letter: "a", Name: "mapa procesów na styku z klientem"},
				{Letter: "b", Name: "opis procesów po optymalizacji"}}},
		{Code: "Z3", Name: "usprawnienia w obszarze klient wewnętrzny i zewnętrzny", ComponentID: k2, Kind: domain.TaskOther,
			PlanLines: []domain.PlanLine{{Units: 4, Days: 3}}, UnitIDs: all[4:], Products: []domain.Product{
				{Letter: "a", Name: "plan usprawnień"},
				{Letter: "b", Name: "wdrożone usprawnienie obsługi klienta"},
				{Letter: "d", Name: "katalog usług wewnętrznych (klient wewnętrzny)"}}},
	}
	taskID := map[string]int64{}
	for _, t := range tasks {
		t.ProgrammeID = p.ID
		if err := st.SaveTask(ctx, system, t); err != nil {
			return fmt.Errorf("task %s: %w", t.Code, err)
		}
		taskID[t.Code] = t.ID
	}
	half := domain.HalfDay
	trainingID := map[string]int64{}
	for _, t := range []domain.Training{
		{Code: "SK1", Topic: "nowoczesne standardy obsługi klienta", Area: AreaOK, GroupsPlanned: 4, DaysPerGroup: domain.DecimalFromInt(1).Add(half)},
		{Code: "SK2", Topic: "przygotowanie do badania satysfakcji klienta", GroupsPlanned: 4, DaysPerGroup: half},
		{Code: "SK3", Topic: "zarządzanie jakością a satysfakcja klienta", Area: AreaZJ, GroupsPlanned: 2, DaysPerGroup: domain.DecimalFromInt(1)},
	} {
		t.ProgrammeID = p.ID
		if err := st.SaveTraining(ctx, system, &t); err != nil {
			return fmt.Errorf("training %s: %w", t.Code, err)
		}
		trainingID[t.Code] = t.ID
	}

	dec := domain.DecimalFromInt
	for _, in := range []*domain.Indicator{
		{Number: "1", Name: "Liczba opracowanych katalogów usług", Type: domain.IndicatorProduct, UnitOfMeasure: "szt.", Target: dec(8), ComponentID: k1,
			Method:    "Odebrane protokołem produkty d) „katalog usług” zadań Z1 (klient zewnętrzny) i Z3 (klient wewnętrzny), każdy raz, w dniu odbioru.",
			Source:    "Protokoły odbioru podpisane przez kierownika urzędu.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleAcceptedProducts,
			Params:    domain.RuleParams{TaskIDs: []int64{taskID["Z1"], taskID["Z3"]}, ProductLetters: []string{"d"}}},
		{Number: "2", Name: "Liczba przeprowadzonych badań satysfakcji klienta", Type: domain.IndicatorProduct, UnitOfMeasure: "szt.", Target: dec(8), ComponentID: k1,
			Method:    "Odebrane protokołem produkty c) „raport z badania satysfakcji klienta” zadania Z1.",
			Source:    "Protokoły odbioru.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleAcceptedProducts,
			Params:    domain.RuleParams{TaskIDs: []int64{taskID["Z1"]}, ProductLetters: []string{"c"}}},
		{Number: "3", Name: "Liczba wdrożeń zaakceptowanych przez urzędy (wszystkie zadania)", Type: domain.IndicatorProduct, UnitOfMeasure: "szt.", Target: dec(16),
			Method:    "Zadanie w urzędzie liczy się raz, gdy wszystkie jego produkty odebrano protokołami (wszystkie zadania, bez podziału na obszary).",
			Source:    "Protokoły odbioru.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleAcceptedProtocols},
		{Number: "4", Name: "Liczba urzędów, które wdrożyły usprawnienia w obsłudze klienta", Type: domain.IndicatorResult, UnitOfMeasure: "urzędy", Target: dec(8),
			Method:    "Urzędy z co najmniej jednym zaakceptowanym protokołem odbioru (wszystkie obszary).",
			Source:    "Protokoły odbioru.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleUnitsWithProtocol},
		{Number: "5", Name: "Liczba przeszkolonych pracowników urzędów", Type: domain.IndicatorProduct, UnitOfMeasure: "osoby", Target: dec(60),
			Method:    "Osoby obecne co najmniej na jednym dniu szkolenia, każda raz.",
			Source:    "Listy obecności.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RulePersonsTrained},
		{Number: "6", Name: "Liczba zrealizowanych dni szkoleniowych (grupo-dni)", Type: domain.IndicatorProduct, UnitOfMeasure: "dni", Target: dec(10),
			Method:    "Dni szkoleń z wpisaną obecnością; pół dnia liczy się jako 0,5 (plan: 4 × 1,5 + 2 × 1 + 4 × 0,5).",
			Source:    "Listy obecności.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleTrainingDays},
		{Number: "7", Name: "Liczba dni konsultacji w optymalizacji procesów", Type: domain.IndicatorProduct, UnitOfMeasure: "dni", Target: dec(24), ComponentID: k2,
			Method:    "Dni konsultacji eksperckich zadania Z2.",
			Source:    "Karty konsultacji.",
			Frequency: "Przy każdym wniosku o płatność.",
			Rule:      domain.RuleConsultationDays, Params: domain.RuleParams{TaskID: taskID["Z2"]}},
	} {
		in.ProgrammeID = p.ID
		if err := st.SaveIndicator(ctx, system, in, nil); err != nil {
			return fmt.Errorf("indicator %s: %w", in.Number, err)
		}
	}
	return loadKCUEvidence(ctx, st, p, all, taskID, trainingID)
}
