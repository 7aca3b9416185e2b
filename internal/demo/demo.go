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
	// Only is, for a coordinator or expert in one demo programme's team
	// alone, that programme's code; the others are in both teams.
	Only string
	// Email is the invented address notices go to (example.org is
	// reserved for examples: nothing reaches a real person).
	Email string
}

// LeaderUnit is the programme leader and the demo manager's unit.
const LeaderUnit = "Urząd Miasta w Dzierżoniowie"

// KCUCoordinator is the demo coordinator of the second programme alone
// (least privilege: the first programme answers "not found" to her).
const KCUCoordinator = "koordynator.kcu"

// Accounts are the demo accounts; the people are invented.
var Accounts = []Account{
	{Username: "admin", DisplayName: "Tomasz Wrzos", Role: domain.RoleAdmin, Email: "tomasz.wrzos@example.org"},
	{Username: "koordynator", DisplayName: "Agnieszka Malinowska", Role: domain.RoleCoordinator, Email: "agnieszka.malinowska@example.org"},
	{Username: "ekspert", DisplayName: "Piotr Zawadzki", Role: domain.RoleExpert, Email: "piotr.zawadzki@example.org"},
	{Username: "kierownik", DisplayName: "Halina Sadowska", Role: domain.RoleUnitManager, Unit: LeaderUnit, Email: "halina.sadowska@example.org"},
	{Username: "obserwator", DisplayName: "Marek Lis", Role: domain.RoleViewer, Email: "marek.lis@example.org"},
	{Username: KCUCoordinator, DisplayName: "Bożena Czarnecka", Role: domain.RoleCoordinator, Only: KCUCode, Email: "bozena.czarnecka@example.org"},
	// Members of the CAF self-assessment groups (issue 17): three of the
	// leader unit (czlonek leads its group), one of Bielawa.
	{Username: "czlonek", DisplayName: "Ewa Kaczmarek", Role: domain.RoleAssessor, Unit: LeaderUnit, Email: "ewa.kaczmarek@example.org"},
	{Username: "czlonek.b", DisplayName: "Robert Nowicki", Role: domain.RoleAssessor, Unit: LeaderUnit},
	{Username: "czlonek.c", DisplayName: "Magdalena Pawlak", Role: domain.RoleAssessor, Unit: LeaderUnit},
	{Username: "czlonek2", DisplayName: "Krzysztof Zieliński", Role: domain.RoleAssessor, Unit: "Urząd Miasta Bielawa"},
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
// into an empty database, and each demo programme when it is not there yet
// (so an older demo database gains the plan, and the second programme with
// its offices, team memberships and coordinator). It reports whether it
// loaded anything.
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
	fresh := users == 0 && len(existing) == 0
	if fresh {
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
		loaded, hasPlan = true, true
	}
	// The second programme, in a demo database (one with the first).
	hasKCU, err := st.ProgrammeCodeExists(ctx, KCUCode)
	if err != nil {
		return false, err
	}
	newKCU := false
	if !hasKCU && hasPlan {
		for _, u := range KCUUnits {
			if _, ok := byName[u.Name]; ok {
				continue
			}
			u := u
			if err := st.CreateUnit(ctx, system, &u); err != nil {
				return false, fmt.Errorf("demo unit %s: %w", u.Name, err)
			}
			byName[u.Name] = u.ID
		}
		if _, ok := byName[kcuLeader]; ok {
			if err := loadKCU(ctx, st, byName); err != nil {
				return false, fmt.Errorf("demo programme %s: %w", KCUCode, err)
			}
			loaded, newKCU = true, true
		}
	}
	if users == 0 || newKCU {
		added, err := loadAccounts(ctx, st, byName, users == 0)
		if err != nil {
			return false, err
		}
		loaded = loaded || added
	}
	// Protocols need the plan and the demo accounts; an older demo database
	// gains them too.
	if err := loadProtocols(ctx, st); err != nil {
		return false, fmt.Errorf("demo protocols: %w", err)
	}
	if err := loadKCUProtocols(ctx, st); err != nil {
		return false, fmt.Errorf("demo protocols %s: %w", KCUCode, err)
	}
	if err := loadAccessibility(ctx, st); err != nil {
		return false, fmt.Errorf("demo accessibility statement: %w", err)
	}
	if err := loadSurveys(ctx, st); err != nil {
		return false, fmt.Errorf("demo surveys: %w", err)
	}
	if err := loadCAF(ctx, st); err != nil {
		return false, fmt.Errorf("demo CAF self-assessment: %w", err)
	}
	return loaded, nil
}

// loadAccounts creates the demo accounts that are missing (all of them in
// an empty database; in an older demo database only those of a programme
// just added) with their memberships: the demo coordinator and expert are
// in the team of each demo programme, an account with Only in that one
// alone. Existing demo team accounts join the teams they lack.
func loadAccounts(ctx context.Context, st *store.Store, byName map[string]int64, empty bool) (bool, error) {
	programmes := map[string]int64{}
	for _, code := range []string{ProgrammeCode, KCUCode} {
		id, err := programmeIDOf(ctx, st, code)
		if err != nil {
			return false, err
		}
		if id != 0 {
			programmes[code] = id
		}
	}
	var hash string
	added := false
	for _, a := range Accounts {
		var teams []int64
		if slices.Contains(domain.TeamRoles, a.Role) {
			for _, code := range []string{ProgrammeCode, KCUCode} {
				if id, ok := programmes[code]; ok && (a.Only == "" || a.Only == code) {
					teams = append(teams, id)
				}
			}
		}
		if !empty {
			u, _, err := st.UserCredentials(ctx, a.Username)
			if err == nil {
				// An older demo database: the demo account joins the teams.
				for _, id := range teams {
					if u.Demo && u.Active && !slices.Contains(u.ProgrammeIDs, id) {
						if err := st.AddProgrammeMember(ctx, system, id, u.ID); err != nil {
							return false, fmt.Errorf("demo account %s: %w", a.Username, err)
						}
						added = true
					}
				}
				continue
			}
			if domain.ErrorCode(err) != domain.ENOTFOUND {
				return false, err
			}
			if a.Only == "" {
				continue // a demo account removed on purpose stays removed
			}
		}
		if hash == "" {
			var err error
			if hash, err = auth.Hash(ctx, domain.DemoPassword); err != nil {
				return false, err
			}
		}
		u := &domain.User{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Active: true, Demo: true, Email: a.Email,
			AllProgrammes: domain.CanHaveAllProgrammes(a.Role), ProgrammeIDs: teams}
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
		added = true
	}
	return added, nil
}

// programmeIDOf is the id of the programme with code, 0 when it is not there.
func programmeIDOf(ctx context.Context, st *store.Store, code string) (int64, error) {
	progs, err := st.Programmes(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range progs {
		if p.Code == code {
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
