package store_test

import (
	"context"
	"slices"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

func newUser(t testing.TB, s *store.Store, username string, role domain.Role, units ...int64) *domain.User {
	t.Helper()
	u := &domain.User{Username: username, DisplayName: "Osoba " + username, Role: role, UnitIDs: units, Active: true}
	if err := s.CreateUser(context.Background(), admin, u, testHash); err != nil {
		t.Fatal(err)
	}
	return u
}

func actorOf(u *domain.User) domain.Actor { return domain.ActorOf(u, "127.0.0.1") }

func TestProgrammeMembers(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	a, b := newProgramme(t, s, "A-2010"), newProgramme(t, s, "B-2010")
	coord := newUser(t, s, "koord", domain.RoleCoordinator)
	expert := newUser(t, s, "ekspert", domain.RoleExpert)
	unit := newUnit(t, s, "Urząd Miasta Bielawa")
	manager := newUser(t, s, "kierownik", domain.RoleUnitManager, unit.ID)

	if err := s.AddProgrammeMember(ctx, admin, a.ID, coord.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddProgrammeMember(ctx, actorOf(coord), a.ID, expert.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, coord.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.ProgrammeIDs, []int64{a.ID}) || !got.CanSeeProgramme(a.ID) || got.CanSeeProgramme(b.ID) {
		t.Fatalf("coordinator's programmes = %v", got.ProgrammeIDs)
	}
	members, err := s.ProgrammeMembers(ctx, a.ID)
	if err != nil || len(members) != 2 || members[0].UserID != coord.ID || members[1].UserID != expert.ID || members[1].AddedBy != coord.DisplayName {
		t.Fatalf("members = %+v, %v", members, err)
	}
	cands, err := s.TeamCandidates(ctx, a.ID)
	if err != nil || len(cands) != 0 {
		t.Fatalf("candidates of a full team = %v, %v", cands, err)
	}
	entries, err := s.Audit(ctx, domain.AuditFilter{Action: domain.AuditMemberAdd})
	if err != nil || len(entries) != 2 || entries[0].EntityID != itoa(a.ID)+"/"+itoa(expert.ID) {
		t.Fatalf("audit = %+v, %v", entries, err)
	}

	t.Run("ErrUnitManager", func(t *testing.T) {
		err := s.AddProgrammeMember(ctx, admin, a.ID, manager.ID)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[domain.FieldMember] == "" {
			t.Fatalf("err = %v, want EINVALID on member", err)
		}
		// Nor can the row be written past the store: the database refuses it.
		_, err = s.Pool.Exec(ctx, `INSERT INTO programme_members (programme_id, user_id) VALUES ($1, $2)`, a.ID, manager.ID)
		if err == nil {
			t.Fatal("the database accepted a unit manager's membership")
		}
		// Nor can a member become a unit manager behind the store's back.
		_, err = s.Pool.Exec(ctx, `UPDATE users SET role = 'unit_manager' WHERE id = $1`, expert.ID)
		if err == nil {
			t.Fatal("the database let a member become a unit manager")
		}
	})
	t.Run("ErrUnitManagerOnAccount", func(t *testing.T) {
		m := *manager
		m.ProgrammeIDs = []int64{a.ID}
		err := s.UpdateUser(ctx, admin, &m)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[domain.FieldUserProgrammes] == "" {
			t.Fatalf("err = %v, want EINVALID on programmes", err)
		}
		var n int
		_ = s.Pool.QueryRow(ctx, `SELECT count(*) FROM programme_members WHERE user_id = $1`, manager.ID).Scan(&n)
		if n != 0 {
			t.Fatalf("%d memberships saved", n)
		}
	})
	t.Run("ErrAllProgrammesForCoordinator", func(t *testing.T) {
		c := *got
		c.AllProgrammes = true
		err := s.UpdateUser(ctx, admin, &c)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[domain.FieldAllProgrammes] == "" {
			t.Fatalf("err = %v, want EINVALID on all_programmes", err)
		}
	})
	t.Run("UnitManagerFollowsUnits", func(t *testing.T) {
		m, _ := s.User(ctx, manager.ID)
		if m.CanSeeProgramme(a.ID) || m.CanSeeProgramme(b.ID) {
			t.Fatalf("manager sees %v before any participation", m.ProgrammeIDs)
		}
		if err := s.SaveParticipation(ctx, admin, &domain.Participation{ProgrammeID: b.ID, Unit: domain.Unit{ID: unit.ID}, Areas: []domain.Area{domain.AreaP}}); err != nil {
			t.Fatal(err)
		}
		m, _ = s.User(ctx, manager.ID)
		if m.CanSeeProgramme(a.ID) || !m.CanSeeProgramme(b.ID) {
			t.Fatalf("manager sees %v, want only B", m.ProgrammeIDs)
		}
	})
	t.Run("AccountForm", func(t *testing.T) {
		// The account form sets the memberships: B added, A kept.
		c, _ := s.User(ctx, coord.ID)
		c.ProgrammeIDs = []int64{a.ID, b.ID}
		if err := s.UpdateUser(ctx, admin, c); err != nil {
			t.Fatal(err)
		}
		c, _ = s.User(ctx, coord.ID)
		if !slices.Equal(c.ProgrammeIDs, []int64{a.ID, b.ID}) {
			t.Fatalf("programmes = %v", c.ProgrammeIDs)
		}
		// Becoming a viewer of all programmes leaves the teams.
		c.Role, c.AllProgrammes, c.ProgrammeIDs = domain.RoleViewer, true, nil
		if err := s.UpdateUser(ctx, admin, c); err != nil {
			t.Fatal(err)
		}
		c, _ = s.User(ctx, coord.ID)
		if ids, limited := c.ProgrammeScope(); limited || len(c.ProgrammeIDs) != 0 {
			t.Fatalf("viewer of all: scope %v %v, memberships %v", ids, limited, c.ProgrammeIDs)
		}
	})
	t.Run("Remove", func(t *testing.T) {
		if err := s.RemoveProgrammeMember(ctx, admin, a.ID, expert.ID); err != nil {
			t.Fatal(err)
		}
		e, _ := s.User(ctx, expert.ID)
		if e.CanSeeProgramme(a.ID) {
			t.Fatal("removed expert still sees the programme")
		}
		if err := s.RemoveProgrammeMember(ctx, admin, a.ID, expert.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("second removal: %v, want ENOTFOUND", err)
		}
		entries, _ := s.AuditFor(ctx, "programme_member", itoa(a.ID)+"/"+itoa(expert.ID))
		if len(entries) != 2 || entries[0].Action != domain.AuditMemberRemove || entries[0].Before == nil {
			t.Fatalf("audit = %+v", entries)
		}
	})
}

// A coordinator who creates a programme joins its team; an administrator
// who sees every programme does not need to.
func TestCreatorJoinsTeam(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	coord := newUser(t, s, "koord", domain.RoleCoordinator)
	budget, _ := domain.ParseDecimal("100 000,00")
	p := &domain.Programme{Code: "NOWY-2010", Title: "Nowy", Start: d("2010-01-01"), End: d("2011-12-31"), Budget: budget}
	if err := s.CreateProgramme(ctx, actorOf(coord), p); err != nil {
		t.Fatal(err)
	}
	got, _ := s.User(ctx, coord.ID)
	if !got.CanSeeProgramme(p.ID) {
		t.Fatalf("creator's programmes = %v", got.ProgrammeIDs)
	}
	adm := &domain.User{Username: "adm", DisplayName: "Adm", Role: domain.RoleAdmin, Active: true, AllProgrammes: true}
	if err := s.CreateUser(ctx, admin, adm, testHash); err != nil {
		t.Fatal(err)
	}
	q := &domain.Programme{Code: "NOWY2-2010", Title: "Nowy 2", Start: d("2010-01-01"), End: d("2011-12-31"), Budget: budget}
	if err := s.CreateProgramme(ctx, actorOf(adm), q); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.ProgrammeMembers(ctx, q.ID); len(m) != 0 {
		t.Fatalf("an administrator of all programmes joined the team: %+v", m)
	}
}

// The audit trail of a viewer of some programmes leaves out the entries of
// the others, and keeps those of no programme.
func TestAuditInProgrammes(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	a, b := newProgramme(t, s, "A-2010"), newProgramme(t, s, "B-2010")
	newUnit(t, s, "Urząd Gminy Siepraw")
	entries, err := s.Audit(ctx, domain.AuditFilter{InProgrammes: []int64{a.ID}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var sawA, sawUnit bool
	for _, e := range entries {
		switch {
		case e.Entity == "programme" && e.EntityID == itoa(b.ID):
			t.Fatalf("entry of programme B shown: %+v", e)
		case e.Entity == "programme" && e.EntityID == itoa(a.ID):
			sawA = true
		case e.Entity == "unit":
			sawUnit = true
		}
	}
	if !sawA || !sawUnit {
		t.Fatalf("entries of A %v, of a unit %v: %+v", sawA, sawUnit, entries)
	}
	if id, err := s.AuditEntryProgramme(ctx, "programme", itoa(b.ID)); err != nil || id == nil || *id != b.ID {
		t.Fatalf("AuditEntryProgramme = %v, %v", id, err)
	}
}

// On upgrade everyone keeps their access: coordinators and experts join
// every existing programme's team, administrators and viewers see all, unit
// managers keep following their units.
func TestMigrationKeepsAccess(t *testing.T) {
	t.Parallel()
	url := testdb.URL(t)
	db, p := migrator(t, url)
	ctx := context.Background()
	if _, err := p.DownTo(ctx, 10); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO programmes (code, title, start_date, end_date, budget) VALUES ('A', 'A', '2010-01-01', '2011-01-01', 0), ('B', 'B', '2010-01-01', '2011-01-01', 0)`,
		`INSERT INTO users (username, display_name, role, password_hash) VALUES
			('adm', 'A', 'admin', '$argon2id$x'), ('koo', 'K', 'coordinator', '$argon2id$x'), ('eks', 'E', 'expert', '$argon2id$x'),
			('obs', 'O', 'viewer', '$argon2id$x'), ('kie', 'M', 'unit_manager', '$argon2id$x')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.OpenPool(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := store.Migrate(ctx, st); err != nil { // up again, with the application's grants
		t.Fatal(err)
	}
	s := store.New(st)
	var progs []int64
	_ = st.QueryRow(ctx, `SELECT array_agg(id ORDER BY id) FROM programmes`).Scan(&progs)
	for _, tc := range []struct {
		username string
		all      bool
		members  int
	}{{"adm", true, 0}, {"koo", false, 2}, {"eks", false, 2}, {"obs", true, 0}, {"kie", false, 0}} {
		u, _, err := s.UserCredentials(ctx, tc.username)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role == domain.RoleUnitManager {
			if u.AllProgrammes || len(u.ProgrammeIDs) != 0 {
				t.Errorf("%s: all %v, programmes %v", tc.username, u.AllProgrammes, u.ProgrammeIDs)
			}
			continue
		}
		if u.AllProgrammes != tc.all || len(u.ProgrammeIDs) != tc.members {
			t.Errorf("%s: all %v, programmes %v", tc.username, u.AllProgrammes, u.ProgrammeIDs)
		}
		for _, id := range progs {
			if !u.CanSeeProgramme(id) {
				t.Errorf("%s lost programme %d", tc.username, id)
			}
		}
	}
}
