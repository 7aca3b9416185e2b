// Package demo loads the demo data: the offices named in the source
// documents (real public institutions) and demo accounts of invented people,
// all with the password "demo". Only `kaizen serve -demo` calls it.
package demo

import (
	"context"
	"fmt"
	"slices"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// Account is a demo account.
type Account struct {
	Username    string
	DisplayName string
	Role        domain.Role
	Unit        string // for a unit manager: the unit's name
}

// LeaderUnit is the programme leader and the demo manager's unit.
const LeaderUnit = "Urząd Miasta w Dzierżoniowie"

// Accounts are the demo accounts; the people are invented.
var Accounts = []Account{
	{"admin", "Tomasz Wrzos", domain.RoleAdmin, ""},
	{"koordynator", "Agnieszka Malinowska", domain.RoleCoordinator, ""},
	{"ekspert", "Piotr Zawadzki", domain.RoleExpert, ""},
	{"kierownik", "Halina Sadowska", domain.RoleUnitManager, LeaderUnit},
	{"obserwator", "Marek Lis", domain.RoleViewer, ""},
}

// Units are the participating offices of seed 001 and the government office
// of seed 002 (last). TERYT codes are given where the demo is sure of them.
var Units = []domain.Unit{
	{Name: "Urząd Marszałkowski Województwa Dolnośląskiego", Kind: domain.UnitWojewodztwo, Voivodeship: "dolnośląskie", TERYT: "02"},
	{Name: "Urząd Miasta Bielawa", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta Bolesławiec", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Gminy Dzierżoniów", Kind: domain.UnitGminaWiejska, Voivodeship: "dolnośląskie"},
	{Name: LeaderUnit, Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta Jedlina-Zdrój", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta Kłodzko", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Starostwo Powiatowe Kłodzko", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie", TERYT: "0208"},
	{Name: "Urząd Gminy Łagiewniki", Kind: domain.UnitGminaWiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta i Gminy Pieszyce", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta Piława Górna", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta Stronie Śląskie", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta w Strzegomiu", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miejski Świdnica", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miasta i Gminy Świerzawa", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miejski Trzebnica", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "dolnośląskie"},
	{Name: "Urząd Miejski Wałbrzych", Kind: domain.UnitGminaMiejska, Voivodeship: "dolnośląskie"},
	{Name: "Starostwo Powiatowe Wrocław", Kind: domain.UnitPowiat, Voivodeship: "dolnośląskie", TERYT: "0223"},
	{Name: "Urząd Miejski Bochnia", Kind: domain.UnitGminaMiejska, Voivodeship: "małopolskie"},
	{Name: "Urząd Gminy i Miasta Dobczyce", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "małopolskie"},
	{Name: "Starostwo Powiatowe Miechów", Kind: domain.UnitPowiat, Voivodeship: "małopolskie", TERYT: "1208"},
	{Name: "Urząd Miasta Nowy Targ", Kind: domain.UnitGminaMiejska, Voivodeship: "małopolskie"},
	{Name: "Urząd Gminy Siepraw", Kind: domain.UnitGminaWiejska, Voivodeship: "małopolskie"},
	{Name: "Urząd Miasta Sułkowice", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "małopolskie"},
	{Name: "Urząd Miasta Trzebinia", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "małopolskie"},
	{Name: "Urząd Gminy Zabierzów", Kind: domain.UnitGminaWiejska, Voivodeship: "małopolskie"},
	{Name: "Urząd Miasta w Zatorze", Kind: domain.UnitGminaMiejskoWiejska, Voivodeship: "małopolskie"},
	{Name: "Lubuski Urząd Wojewódzki w Gorzowie Wielkopolskim", Kind: domain.UnitUrzadWojewodzki, Voivodeship: "lubuskie"},
}

var system = domain.Actor{Username: "demo", Address: "local"}

// Load fills the demo data into what is missing: the units and accounts
// into an empty database, and the demo programme when it is not there yet
// (so an older demo database gains the plan). It reports whether it loaded
// anything.
func Load(ctx context.Context, st *store.Store) (bool, error) {
	users, err := st.CountUsers(ctx)
	if err != nil {
		return false, err
	}
	existing, err := st.ListUnits(ctx)
	if err != nil {
		return false, err
	}
	loaded := false
	byName := map[string]int64{}
	for _, u := range existing {
		byName[u.Name] = u.ID
	}
	if users == 0 && len(existing) == 0 {
		for _, u := range Units {
			u := u
			if err := st.CreateUnit(ctx, system, &u); err != nil {
				return false, fmt.Errorf("demo unit %s: %w", u.Name, err)
			}
			byName[u.Name] = u.ID
		}
		loaded = true
	}
	hasPlan, err := st.ProgrammeCodeExists(ctx, ProgrammeCode)
	if err != nil {
		return false, err
	}
	if !hasPlan && allPresent(byName) {
		if err := loadPlan(ctx, st, byName); err != nil {
			return false, fmt.Errorf("demo plan: %w", err)
		}
		loaded = true
	}
	if users == 0 {
		hash, err := auth.Hash(domain.DemoPassword)
		if err != nil {
			return false, err
		}
		demoProgramme, err := programmeID(ctx, st)
		if err != nil {
			return false, err
		}
		for _, a := range Accounts {
			u := &domain.User{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Active: true, Demo: true,
				AllProgrammes: domain.CanHaveAllProgrammes(a.Role)}
			// The demo coordinator and expert are the demo programme's team.
			if demoProgramme != 0 && slices.Contains(domain.TeamRoles, a.Role) {
				u.ProgrammeIDs = []int64{demoProgramme}
			}
			if a.Unit != "" {
				id, ok := byName[a.Unit]
				if !ok {
					return false, fmt.Errorf("demo account %s: unit %s missing", a.Username, a.Unit)
				}
				u.UnitIDs = []int64{id}
			}
			if err := st.CreateUser(ctx, system, u, hash); err != nil {
				return false, fmt.Errorf("demo account %s: %w", a.Username, err)
			}
		}
		loaded = true
	}
	// Protocols need the plan and the demo manager's account; an older demo
	// database gains them too.
	if err := loadProtocols(ctx, st); err != nil {
		return false, fmt.Errorf("demo protocols: %w", err)
	}
	return loaded, nil
}

// programmeID is the demo programme's id, 0 when it is not there.
func programmeID(ctx context.Context, st *store.Store) (int64, error) {
	progs, err := st.Programmes(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range progs {
		if p.Code == ProgrammeCode {
			return p.ID, nil
		}
	}
	return 0, nil
}

// allPresent reports whether every demo unit exists.
func allPresent(byName map[string]int64) bool {
	for _, u := range Units {
		if _, ok := byName[u.Name]; !ok {
			return false
		}
	}
	return true
}
