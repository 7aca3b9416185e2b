package gen

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/auth"
	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// National is the size of the country-wide data set at scale 1 (issue #7):
// every Polish JST, 50 programmes, a million participants.
var National = Counts{
	Voivodeships: 16, Powiats: 314, Gminas: 2477, Programmes: 50,
	Persons: 1_000_000, Sessions: 200_000, Attendance: 5_000_000, Products: 100_000, Meetings: 20_000, Consultations: 60_000,
}

// Counts says how much there is of each kind of record.
type Counts struct {
	Voivodeships, Powiats, Gminas int
	Programmes, Participations    int
	Persons, Sessions, SessionDay int
	Attendance                    int
	Products, Protocols           int
	ProtocolStates                map[string]int // protocol versions by status
	Meetings, Consultations       int
	Users                         int
	// Surveys: customer waves (baseline, follow-up, a few open), their
	// responses and answers.
	SurveyWaves, SurveyResponses, SurveyAnswers int
	// CAF: assessments (signed cycles and those in scoring), signed
	// cycles, improvement actions.
	CAFAssessments, CAFSigned, CAFActions int
}

// Options of the national generator.
type Options struct {
	Seed     uint64
	Scale    float64 // 1 is the country; units stay all 2,807 at any scale
	Password string  // of every generated account (gen-admin, gen-koordynator, gen-kierownik-<unit id>, …)
	Log      func(step string, took time.Duration)
}

// ErrNotEmpty is returned when the database already holds units or
// programmes that the generator did not make with the same options.
var ErrNotEmpty = errors.New("the database is not empty: kaizen gen fills an empty database (a fresh KAIZEN_DATA_DIR or DATABASE_URL)")

// ErrDone is returned when the database was already generated with the
// same seed and scale (nothing is changed).
var ErrDone = errors.New("the database was already generated with this seed and scale")

// genMark is the audit entry that records a generation.
const genMark = "generate"

// Generate fills an empty database with the national data set, loading it
// with COPY on one connection of pool (the schema owner's), then builds
// the indicators' read model through the store. The same seed and scale
// always give the same records.
func Generate(ctx context.Context, pool *pgxpool.Pool, opts Options) (Counts, error) {
	if opts.Scale <= 0 || opts.Scale > 1 {
		return Counts{}, fmt.Errorf("scale must be in (0, 1], got %v", opts.Scale)
	}
	if opts.Password == "" {
		return Counts{}, errors.New("a password for the generated accounts is required")
	}
	if opts.Log == nil {
		opts.Log = func(string, time.Duration) {}
	}
	var mark *string
	if err := pool.QueryRow(ctx, `SELECT after->>'options' FROM audit_log WHERE action = $1 AND entity = 'database' ORDER BY id DESC LIMIT 1`, genMark).Scan(&mark); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return Counts{}, err
	}
	if mark != nil {
		if *mark == optionsKey(opts) {
			return Counts{}, ErrDone
		}
		return Counts{}, ErrNotEmpty
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM programmes)`).Scan(&n); err != nil {
		return Counts{}, err
	}
	if n > 0 {
		return Counts{}, ErrNotEmpty
	}
	// #nosec G404 -- test data must be reproducible from --seed; nothing secret is drawn from it
	g := &generator{opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 0x6b61697a656e)), log: opts.Log}
	g.want = National.scaled(opts.Scale)
	g.plan()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return Counts{}, err
	}
	defer conn.Release()
	// Everything but the read model in one transaction: a failed run leaves
	// the database as empty as it found it.
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return g.load(ctx, tx) })
	if err != nil {
		return Counts{}, err
	}
	st := store.New(pool)
	start := time.Now()
	if err := g.indicators(ctx, st); err != nil {
		return Counts{}, err
	}
	g.log("indicators and their read model", time.Since(start))
	return g.got, nil
}

func optionsKey(o Options) string {
	return fmt.Sprintf("seed=%d scale=%g", o.Seed, o.Scale)
}

func (c Counts) scaled(f float64) Counts {
	s := func(n int) int { return max(1, int(math.Round(float64(n)*f))) }
	return Counts{Voivodeships: c.Voivodeships, Powiats: c.Powiats, Gminas: c.Gminas, Programmes: c.Programmes,
		Persons: s(c.Persons), Sessions: s(c.Sessions), Attendance: s(c.Attendance), Products: s(c.Products),
		Meetings: s(c.Meetings), Consultations: s(c.Consultations)}
}

// Real numbers of powiats (without cities with powiat rights) per
// voivodeship, in the order of domain.Voivodeships: 314 in all.
var powiatsPer = []int{26, 19, 20, 12, 21, 19, 37, 11, 21, 14, 16, 17, 13, 19, 31, 18}

// Syllables of invented place names.
var (
	placeRoots    = []string{"Dąbr", "Brzez", "Lipn", "Olsz", "Grab", "Jawor", "Kamien", "Wierzb", "Zawadz", "Bukow", "Sosn", "Łęcz", "Mił", "Radom", "Żyr", "Świerk", "Wol", "Krzew", "Bór", "Piask", "Gór", "Rzecz", "Łąk", "Modrz", "Cis", "Jodł", "Klon", "Jesion", "Topol", "Leszcz"}
	placeSuffixes = []string{"owo", "ice", "iny", "no", "ów", "ówek", "ka", "owa", "in", "ec", "ewo", "any"}
)

type unit struct {
	id          int64
	name, teryt string
	kind        domain.UnitKind
	voiv        string
	weight      float64 // relative size: how many officials take part
}

type participation struct {
	unit          *unit
	areaN         bool
	persons       int
	first         int64   // id of the unit's first participant in the programme
	cumWeight     float64 // for weighted choice of sessions' units
	manager       int64   // user id of the unit's manager
	managerName   string
	protocolTasks []int
}

type programme struct {
	id         int64
	code       string
	start, end time.Time
	parts      []*participation
	persons    int
	trainings  []int64 // PS1, PS2, NS1, NS2, KS1
	tasks      []task
	meetTask   int64
	sessions   int
	meetings   int
}

type task struct {
	id       int64
	code     string
	name     string
	area     domain.Area
	products []string // letters a, b, c
}

type generator struct {
	opts  Options
	rng   *rand.Rand
	log   func(string, time.Duration)
	want  Counts
	got   Counts
	units []*unit
	progs []*programme
	users struct {
		admin, coordinator, expert, viewer int64
		regional                           int64 // a coordinator of 5 programmes (start page, issue 18)
	}
	hash string // of the generated accounts' password
}

// plan decides the units and programmes (sizes, participants per unit) in
// memory; load writes them.
func (g *generator) plan() {
	r := g.rng
	var id int64
	add := func(u *unit) { id++; u.id = id; g.units = append(g.units, u) }
	names := map[string]bool{}
	placeName := func(voiv string) string {
		for {
			n := placeRoots[r.IntN(len(placeRoots))] + placeSuffixes[r.IntN(len(placeSuffixes))]
			if r.IntN(4) == 0 {
				n += " " + []string{"Wielkie", "Małe", "Górne", "Dolne", "Nowe", "Stare"}[r.IntN(6)]
			}
			if !names[voiv+n] {
				names[voiv+n] = true
				return n
			}
		}
	}
	// Gmina kinds in their real proportions: 302 urban, 662 urban-rural,
	// 1,513 rural.
	kinds := make([]domain.UnitKind, 0, g.want.Gminas)
	for i := range g.want.Gminas {
		switch {
		case i < 302:
			kinds = append(kinds, domain.UnitGminaMiejska)
		case i < 302+662:
			kinds = append(kinds, domain.UnitGminaMiejskoWiejska)
		default:
			kinds = append(kinds, domain.UnitGminaWiejska)
		}
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	// Gminas per powiat: at least 3, the rest spread at random.
	per := make([]int, g.want.Powiats)
	left := g.want.Gminas
	for i := range per {
		per[i] = 3
		left -= 3
	}
	for ; left > 0; left-- {
		per[r.IntN(len(per))]++
	}
	lognormal := func(mu float64) float64 { return math.Exp(mu + r.NormFloat64()) }
	pi, ki := 0, 0
	for vi, v := range domain.Voivodeships {
		add(&unit{name: "Województwo " + v.Name, teryt: v.Code, kind: domain.UnitWojewodztwo, voiv: v.Name, weight: lognormal(2)})
		for p := 1; p <= powiatsPer[vi]; p++ {
			town := placeName(v.Name)
			pteryt := v.Code + fmt.Sprintf("%02d", p)
			add(&unit{name: "Powiat " + town, teryt: pteryt, kind: domain.UnitPowiat, voiv: v.Name, weight: lognormal(0.8)})
			for gi := 1; gi <= per[pi]; gi++ {
				k := kinds[ki]
				ki++
				u := &unit{kind: k, voiv: v.Name}
				switch k {
				case domain.UnitGminaMiejska:
					u.name, u.teryt, u.weight = "Gmina Miejska "+placeName(v.Name), fmt.Sprintf("%s%02d1", pteryt, gi), lognormal(1.5)
				case domain.UnitGminaMiejskoWiejska:
					u.name, u.teryt, u.weight = "Gmina "+placeName(v.Name), fmt.Sprintf("%s%02d3", pteryt, gi), lognormal(0.6)
				default:
					u.name, u.teryt, u.weight = "Gmina "+placeName(v.Name), fmt.Sprintf("%s%02d2", pteryt, gi), lognormal(0)
				}
				add(u)
			}
			pi++
		}
	}
	// A few big cities: the largest urban gminas weigh 20 times more.
	urban := []*unit{}
	for _, u := range g.units {
		if u.kind == domain.UnitGminaMiejska {
			urban = append(urban, u)
		}
	}
	slices.SortStableFunc(urban, func(a, b *unit) int { return cmp.Compare(b.weight, a.weight) })
	for _, u := range urban[:min(8, len(urban))] {
		u.weight *= 20
	}

	// Programmes: a few national ones with a thousand units or more, many
	// small ones. Every participation in area P takes part in tasks P1–P3
	// (2+2+3 products), those also in area N in N1–N2 (2+2): the number of
	// participations in each area is chosen so the products add up exactly.
	const perP, perN = 7, 4
	total := g.want.Products / 9 // about 9.4 products per participation
	total -= total % 4
	for total > 0 && (g.want.Products-perP*total)/perN > total {
		total += 4
	}
	for total > 4 && g.want.Products-perP*total < 0 {
		total -= 4
	}
	total = max(total, g.want.Programmes)
	nN := max(0, (g.want.Products-perP*total)/perN)
	shares := make([]float64, g.want.Programmes)
	var sum float64
	for i := range shares {
		shares[i] = math.Pow(float64(i+1), -0.9)
		sum += shares[i]
	}
	sizes := apportion(shares, total, 1)
	for i := range sizes {
		sizes[i] = min(sizes[i], len(g.units))
	}
	var areaN []*participation
	for i, n := range sizes {
		start := time.Date(2024, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 12*r.IntN(2)-6*r.IntN(2), 0)
		p := &programme{code: fmt.Sprintf("GEN-%02d", i+1), start: start, end: start.AddDate(0, 30+r.IntN(13), -1)}
		for _, u := range weightedSample(r, g.units, n) {
			pa := &participation{unit: u}
			p.parts = append(p.parts, pa)
			areaN = append(areaN, pa)
		}
		g.progs = append(g.progs, p)
	}
	r.Shuffle(len(areaN), func(i, j int) { areaN[i], areaN[j] = areaN[j], areaN[i] })
	for _, pa := range areaN[:min(nN, len(areaN))] {
		pa.areaN = true
	}
	// Participants: apportioned to participations by the unit's weight.
	var all []*participation
	var weights []float64
	for _, p := range g.progs {
		for _, pa := range p.parts {
			all = append(all, pa)
			weights = append(weights, pa.unit.weight)
		}
	}
	for i, n := range apportion(weights, g.want.Persons, 3) {
		all[i].persons = n
	}
}

// apportion splits total into parts proportional to weights, each at
// least floor, exactly (largest remainders).
func apportion(weights []float64, total, floor int) []int {
	out := make([]int, len(weights))
	rest := total - floor*len(weights)
	if rest < 0 {
		for i := range out {
			out[i] = total / len(weights)
		}
		return out
	}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	type frac struct {
		i int
		f float64
	}
	fr := make([]frac, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(rest) * w / sum
		out[i] = floor + int(x)
		given += int(x)
		fr[i] = frac{i, x - math.Floor(x)}
	}
	sort.SliceStable(fr, func(a, b int) bool { return fr[a].f > fr[b].f })
	for k := 0; given < rest; k++ {
		out[fr[k%len(fr)].i]++
		given++
	}
	return out
}

// weightedSample picks n distinct units, bigger ones more likely
// (Efraimidis–Spirakis keys), in id order.
func weightedSample(r *rand.Rand, units []*unit, n int) []*unit {
	type keyed struct {
		u *unit
		k float64
	}
	ks := make([]keyed, len(units))
	for i, u := range units {
		ks[i] = keyed{u, math.Pow(r.Float64(), 1/u.weight)}
	}
	sort.SliceStable(ks, func(a, b int) bool { return ks[a].k > ks[b].k })
	out := make([]*unit, n)
	for i := range out {
		out[i] = ks[i].u
	}
	slices.SortFunc(out, func(a, b *unit) int { return cmp.Compare(a.id, b.id) })
	return out
}

// copyRows loads rows into table with COPY, then gathers the table's
// statistics: the foreign keys and triggers of the next loads look rows up
// in it, and a planner without statistics of what this transaction loaded
// so far scans the growing tables for each of them (minutes instead of
// seconds).
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) (int, error) {
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", table, err)
	}
	if _, err := tx.Exec(ctx, `ANALYZE `+pgx.Identifier{table}.Sanitize()); err != nil {
		return 0, fmt.Errorf("analyze %s: %w", table, err)
	}
	return int(n), nil
}

// nextIDs is nextID of each table.
func nextIDs(ctx context.Context, tx pgx.Tx, tables ...string) ([]int64, error) {
	out := make([]int64, len(tables))
	for i, t := range tables {
		id, err := nextID(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

// nextID is the first id after those a table has.
func nextID(ctx context.Context, tx pgx.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) + 1 FROM `+pgx.Identifier{table}.Sanitize()).Scan(&id)
	return id, err
}

// weekday moves a date off the weekend, as the demo data does.
var weekday = demo.Weekday

// today is the last day evidence is dated (the data set does not depend on
// the day it is generated).
var today = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// last is the last day a programme's evidence may be dated: its end, or
// today while it runs.
func (p *programme) last() time.Time {
	if today.Before(p.end) {
		return today
	}
	return p.end
}

func (g *generator) load(ctx context.Context, tx pgx.Tx) error {
	step := func(name string, fn func() error) error {
		start := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		g.log(name, time.Since(start))
		return nil
	}
	for _, s := range []struct {
		name string
		fn   func(context.Context, pgx.Tx) error
	}{
		{"units and accounts", g.loadUnits},
		{"programmes and plans", g.loadPlans},
		{"participants", g.loadPersons},
		{"sessions and attendance", g.loadSessions},
		{"protocols", g.loadProtocols},
		{"meetings and consultations", g.loadWork},
		{"surveys", g.loadSurveys},
		{"CAF self-assessments", g.loadCAF},
	} {
		if err := step(s.name, func() error { return s.fn(ctx, tx) }); err != nil {
			return err
		}
	}
	for _, t := range append([]string{"units", "users", "programmes", "persons", "training_sessions", "files", "protocols", "meetings", "consultations", "tasks", "trainings", "task_products", "components"}, slices.Concat(surveyTables, cafTables)...) {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT max(id) FROM `+pgx.Identifier{t}.Sanitize()+`), 1))`, t); err != nil {
			return err
		}
	}
	return step("statistics", func() error { _, err := tx.Exec(ctx, `ANALYZE`); return err })
}

func (g *generator) loadUnits(ctx context.Context, tx pgx.Tx) error {
	created := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	rows := make([][]any, len(g.units))
	base, err := nextID(ctx, tx, "units")
	if err != nil {
		return err
	}
	for i, u := range g.units {
		u.id += base - 1
		rows[i] = []any{u.id, u.name, string(u.kind), u.voiv, u.teryt, "", "", created, created}
	}
	if _, err := copyRows(ctx, tx, "units", []string{"id", "name", "kind", "voivodeship", "teryt", "address", "email", "created_at", "updated_at"}, rows); err != nil {
		return err
	}
	for _, u := range g.units {
		switch u.kind {
		case domain.UnitWojewodztwo:
			g.got.Voivodeships++
		case domain.UnitPowiat:
			g.got.Powiats++
		default:
			g.got.Gminas++
		}
	}
	// Accounts: one password hash for all (argon2id is slow on purpose).
	hash, err := auth.Hash(ctx, g.opts.Password)
	if err != nil {
		return err
	}
	g.hash = hash
	uid, err := nextID(ctx, tx, "users")
	if err != nil {
		return err
	}
	var users, links [][]any
	addUser := func(username, name string, role domain.Role) int64 {
		id := uid
		uid++
		users = append(users, []any{id, username, name, string(role), hash, created, created})
		return id
	}
	g.users.admin = addUser("gen-admin", "Administrator Generatora", domain.RoleAdmin)
	g.users.coordinator = addUser("gen-koordynator", "Koordynatorka Krajowa", domain.RoleCoordinator)
	g.users.expert = addUser("gen-ekspert", "Ekspert Krajowy", domain.RoleExpert)
	g.users.viewer = addUser("gen-obserwator", "Obserwator Krajowy", domain.RoleViewer)
	g.users.regional = addUser("gen-koordynator-5", "Koordynator Regionalny", domain.RoleCoordinator)
	managers := map[int64]int64{}
	names := map[int64]string{}
	for i, u := range g.units {
		var name string
		if i%2 == 0 {
			s := demo.Surnames[g.rng.IntN(len(demo.Surnames))]
			name = demo.WomenNames[g.rng.IntN(len(demo.WomenNames))] + " " + s[0]
		} else {
			s := demo.Surnames[g.rng.IntN(len(demo.Surnames))]
			name = demo.MenNames[g.rng.IntN(len(demo.MenNames))] + " " + s[1]
		}
		managers[u.id] = addUser("gen-kierownik-"+strconv.FormatInt(u.id, 10), name, domain.RoleUnitManager)
		names[u.id] = name
		links = append(links, []any{managers[u.id], u.id})
	}
	for _, p := range g.progs {
		for _, pa := range p.parts {
			pa.manager, pa.managerName = managers[pa.unit.id], names[pa.unit.id]
		}
	}
	n, err := copyRows(ctx, tx, "users", []string{"id", "username", "display_name", "role", "password_hash", "created_at", "updated_at"}, users)
	if err != nil {
		return err
	}
	g.got.Users = n
	_, err = copyRows(ctx, tx, "user_units", []string{"user_id", "unit_id"}, links)
	return err
}

var (
	trainingDefs = []struct {
		code, topic string
		area        domain.Area
	}{
		{"PS1", "Zarządzanie procesami w obszarze podatków i opłat", domain.AreaP},
		{"PS2", "Mierniki i ocena procesów podatkowych", domain.AreaP},
		{"NS1", "Gospodarka nieruchomościami: procesy i standardy", domain.AreaN},
		{"NS2", "Obrót nieruchomościami: ocena procesów", domain.AreaN},
		{"KS1", "Zarządzanie usprawnieniami dla kadry kierowniczej", ""},
	}
	taskDefs = []struct {
		code, name string
		area       domain.Area
		products   []string
	}{
		{"P1", "analiza procesów podatkowych", domain.AreaP, []string{"raport z analizy procesów", "mapa procesów"}},
		{"P2", "standardy obsługi podatników", domain.AreaP, []string{"standardy obsługi", "procedura wdrożenia standardów"}},
		{"P3", "doskonalenie procesów", domain.AreaP, []string{"opis procesów", "wskaźniki oceny procesów", "plan doskonalenia"}},
		{"N1", "analiza procesów gospodarki nieruchomościami", domain.AreaN, []string{"raport z analizy procesów", "mapa procesów"}},
		{"N2", "doskonalenie procesów gospodarki nieruchomościami", domain.AreaN, []string{"opis procesów", "wskaźniki oceny procesów"}},
	}
)

func (g *generator) loadPlans(ctx context.Context, tx pgx.Tx) error {
	var progs, areas, parts, partAreas, trains, tasks, prods, tunits [][]any
	ids, err := nextIDs(ctx, tx, "programmes", "trainings", "tasks", "task_products")
	if err != nil {
		return err
	}
	pid, trid, tid, tpid := ids[0], ids[1], ids[2], ids[3]
	created := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	// Sessions and meetings per programme, by its number of participants.
	var pw []float64
	for _, p := range g.progs {
		for _, pa := range p.parts {
			p.persons += pa.persons
		}
		pw = append(pw, float64(p.persons))
	}
	sessions := apportion(pw, g.want.Sessions, 1)
	meetings := apportion(pw, g.want.Meetings, 1)
	for i, p := range g.progs {
		p.id, p.sessions, p.meetings = pid, sessions[i], meetings[i]
		pid++
		progs = append(progs, []any{p.id, p.code, fmt.Sprintf("Doskonalenie procesów w administracji samorządowej — edycja %d", i+1),
			"FERS.04.01", "Centrum Projektów Krajowych", p.start, p.end, float64(500_000 + 100*p.persons), created, created})
		for i, a := range domain.SeedAreas() {
			areas = append(areas, []any{p.id, string(a.Code), a.Name, i})
		}
		for _, pa := range p.parts {
			parts = append(parts, []any{p.id, pa.unit.id, created})
			partAreas = append(partAreas, []any{p.id, pa.unit.id, string(domain.AreaP)})
			if pa.areaN {
				partAreas = append(partAreas, []any{p.id, pa.unit.id, string(domain.AreaN)})
			}
		}
		for _, t := range trainingDefs {
			var area any
			if t.area != "" {
				area = string(t.area)
			}
			trains = append(trains, []any{trid, p.id, t.code, t.topic, area, max(1, p.sessions/len(trainingDefs)+1), 2, created, created})
			p.trainings = append(p.trainings, trid)
			trid++
		}
		for _, t := range taskDefs {
			tk := task{id: tid, code: t.code, name: t.name, area: t.area}
			tid++
			tasks = append(tasks, []any{tk.id, p.id, t.code, t.name, string(t.area), "process", nil, nil, created, created})
			for li, name := range t.products {
				letter := string(rune('a' + li))
				tk.products = append(tk.products, letter)
				prods = append(prods, []any{tpid, tk.id, letter, name})
				tpid++
			}
			p.tasks = append(p.tasks, tk)
		}
		p.meetTask = tid
		tid++
		tasks = append(tasks, []any{p.meetTask, p.id, "PZ1", "spotkania grupy dobrych praktyk", nil, "meetings", p.meetings, 2, created, created})
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"programmes", []string{"id", "code", "title", "funding_line", "contractor", "start_date", "end_date", "budget", "created_at", "updated_at"}, progs},
		{"programme_areas", []string{"programme_id", "code", "name", "position"}, areas},
		{"participations", []string{"programme_id", "unit_id", "created_at"}, parts},
		{"participation_areas", []string{"programme_id", "unit_id", "area"}, partAreas},
		{"trainings", []string{"id", "programme_id", "code", "topic", "area", "groups_planned", "days_per_group", "created_at", "updated_at"}, trains},
		{"tasks", []string{"id", "programme_id", "code", "name", "area", "kind", "meetings_planned", "days_per_meeting", "created_at", "updated_at"}, tasks},
		{"task_products", []string{"id", "task_id", "letter", "name"}, prods},
	} {
		if _, err := copyRows(ctx, tx, c.table, c.cols, c.rows); err != nil {
			return err
		}
	}
	g.got.Programmes, g.got.Participations = len(progs), len(parts)
	// Units to tasks of their areas; a trigger makes their products.
	for _, p := range g.progs {
		for _, pa := range p.parts {
			for ti, t := range p.tasks {
				if t.area == domain.AreaP || pa.areaN {
					tunits = append(tunits, []any{t.id, p.id, pa.unit.id})
					pa.protocolTasks = append(pa.protocolTasks, ti)
				}
			}
		}
	}
	if _, err := copyRows(ctx, tx, "task_units", []string{"task_id", "programme_id", "unit_id"}, tunits); err != nil {
		return err
	}
	// The national coordinator and expert work on every generated
	// programme (programme membership); the administrator and viewer see all.
	if _, err := tx.Exec(ctx, `INSERT INTO programme_members (programme_id, user_id, added_by)
		SELECT p.id, u, $2 FROM programmes p CROSS JOIN unnest($1::bigint[]) u WHERE p.code LIKE 'GEN-%' ON CONFLICT DO NOTHING`,
		[]int64{g.users.coordinator, g.users.expert}, g.users.admin); err != nil {
		return err
	}
	// A regional coordinator works on five of them (the first five, the
	// largest among them): the start page of a usual coordinator.
	if _, err := tx.Exec(ctx, `INSERT INTO programme_members (programme_id, user_id, added_by)
		SELECT p.id, $1, $2 FROM programmes p WHERE p.code LIKE 'GEN-%' ORDER BY p.code LIMIT 5 ON CONFLICT DO NOTHING`,
		g.users.regional, g.users.admin); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET all_programmes = true WHERE id = ANY($1)`, []int64{g.users.admin, g.users.viewer}); err != nil {
		return err
	}
	return tx.QueryRow(ctx, `SELECT count(*) FROM unit_products up JOIN programmes p ON p.id = up.programme_id WHERE p.code LIKE 'GEN-%'`).Scan(&g.got.Products)
}

func (g *generator) loadPersons(ctx context.Context, tx pgx.Tx) error {
	id, err := nextID(ctx, tx, "persons")
	if err != nil {
		return err
	}
	r := g.rng
	cols := []string{"id", "programme_id", "first_name", "last_name", "unit_id", "position", "sex", "legal_basis", "basis_date", "retention_until", "created_at", "updated_at"}
	var rows [][]any
	flush := func() error {
		n, err := copyRows(ctx, tx, "persons", cols, rows)
		g.got.Persons += n
		rows = rows[:0]
		return err
	}
	for _, p := range g.progs {
		retention := time.Date(p.end.Year()+10, 12, 31, 0, 0, 0, 0, time.UTC)
		created := p.start.Add(10 * time.Hour)
		for _, pa := range p.parts {
			pa.first = id
			for range pa.persons {
				s := demo.Surnames[r.IntN(len(demo.Surnames))]
				first, last, sex := demo.MenNames[r.IntN(len(demo.MenNames))], s[1], "M"
				if r.IntN(100) < 68 { // most officials in these offices are women
					first, last, sex = demo.WomenNames[r.IntN(len(demo.WomenNames))], s[0], "K"
				}
				rows = append(rows, []any{id, p.id, first, last, pa.unit.id, demo.Positions[r.IntN(len(demo.Positions))], sex,
					"public_task", p.start, retention, created, created})
				id++
			}
			if len(rows) >= 100_000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// loadSessions makes the sessions of every programme, each for one to
// three units, and their attendance; attendance rows add up to the target.
func (g *generator) loadSessions(ctx context.Context, tx pgx.Tx) error {
	r := g.rng
	sid, err := nextID(ctx, tx, "training_sessions")
	if err != nil {
		return err
	}
	fid, err := nextID(ctx, tx, "files")
	if err != nil {
		return err
	}
	left, sessionsLeft := g.want.Attendance, g.want.Sessions
	var sess, days, units, att, files, scans [][]any
	flush := func() error {
		for _, c := range []struct {
			table string
			cols  []string
			rows  *[][]any
		}{
			{"training_sessions", []string{"id", "programme_id", "training_id", "group_no", "place", "trainer", "hours_per_day", "created_at", "updated_at"}, &sess},
			{"session_days", []string{"session_id", "day", "attendance_entered_at"}, &days},
			{"files", fileCols, &files},
			{"session_scans", []string{"session_id", "day", "file_id"}, &scans},
			{"session_units", []string{"session_id", "programme_id", "unit_id"}, &units},
			{"attendance", []string{"session_id", "day", "programme_id", "person_id", "present"}, &att},
		} {
			n, err := copyRows(ctx, tx, c.table, c.cols, *c.rows)
			if err != nil {
				return err
			}
			switch c.table {
			case "training_sessions":
				g.got.Sessions += n
			case "session_days":
				g.got.SessionDay += n
			case "attendance":
				g.got.Attendance += n
			}
			*c.rows = (*c.rows)[:0]
		}
		return nil
	}
	trainers := []string{"Anna Trenerska", "Piotr Szkoleniowy", "Ewa Metodyczna", "Tomasz Procesowy", "Joanna Jakościowa"}
	for _, p := range g.progs {
		var cum float64
		for _, pa := range p.parts {
			cum += float64(pa.persons)
			pa.cumWeight = cum
		}
		last := p.last()
		span := int(last.Sub(p.start).Hours()/24) - 3
		groups := make([]int, len(p.trainings))
		for range p.sessions {
			ti := r.IntN(len(p.trainings))
			groups[ti]++
			// Units: mostly one; some sessions gather two or three.
			n := 1
			if x := r.IntN(100); x < 5 {
				n = 3
			} else if x < 20 {
				n = 2
			}
			picked := map[*participation]bool{}
			var pool []*participation
			for range n {
				x := r.Float64() * cum
				i := sort.Search(len(p.parts), func(i int) bool { return p.parts[i].cumWeight > x })
				pa := p.parts[min(i, len(p.parts)-1)]
				if !picked[pa] {
					picked[pa] = true
					pool = append(pool, pa)
				}
			}
			size := 0
			for _, pa := range pool {
				size += pa.persons
			}
			nd := 2
			if x := r.IntN(10); x < 2 {
				nd = 1
			} else if x == 9 {
				nd = 3
			}
			mean := float64(left) / float64(max(1, sessionsLeft)) / 1.9
			k := max(3, int(mean*(0.4+1.2*r.Float64())))
			if r.IntN(300) == 0 { // a big lecture-style session
				k = 150 + r.IntN(101)
			}
			sessionsLeft--
			if sessionsLeft == 0 { // the last one takes what is left
				if left%nd != 0 {
					nd = 1
				}
				k = max(1, left/nd)
			}
			k = min(k, size, max(1, left/nd))
			day := weekday(p.start.AddDate(0, 0, 1+r.IntN(max(1, span))))
			if day.After(last) {
				day = last
			}
			for nd > 1 && day.AddDate(0, 0, nd-1).After(last) { // every day inside the programme
				nd--
			}
			sess = append(sess, []any{sid, p.id, p.trainings[ti], groups[ti], pool[0].unit.name + ", sala konferencyjna", trainers[r.IntN(len(trainers))], 6.0, day, day})
			// Most sessions have their evidence complete: attendance
			// entered and the signed list scanned for every day.
			var ds []time.Time
			scanned := r.IntN(100) < 90
			if scanned {
				row, _ := fileRow(fid, fmt.Sprintf("lista-obecnosci-sesja-%d.pdf", sid), scanPDF(fmt.Sprintf("lista obecności, sesja %d", sid)), day.Add(48*time.Hour), g.users.coordinator)
				files = append(files, row)
			}
			// A few sessions have their list of names but no attendance
			// entered yet (as the application makes them: everyone absent).
			notEntered := r.IntN(100) < 2
			for d := range nd {
				dd := day.AddDate(0, 0, d)
				ds = append(ds, dd)
				var entered any = dd.Add(40 * time.Hour)
				if notEntered {
					entered = nil
				}
				days = append(days, []any{sid, dd, entered})
				if scanned {
					scans = append(scans, []any{sid, dd, fid})
				}
			}
			if scanned {
				fid++
			}
			for _, pa := range pool {
				units = append(units, []any{sid, p.id, pa.unit.id})
			}
			// k distinct people of the pooled units.
			for _, off := range distinct(r, size, k) {
				person := int64(0)
				for _, pa := range pool {
					if off < pa.persons {
						person = pa.first + int64(off)
						break
					}
					off -= pa.persons
				}
				for _, dd := range ds {
					att = append(att, []any{sid, dd, p.id, person, !notEntered && r.IntN(100) < 93})
					left--
				}
			}
			sid++
			if len(att) >= 200_000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// distinct returns k distinct numbers of [0, n), sorted.
func distinct(r *rand.Rand, n, k int) []int {
	if k >= n {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for len(out) < k {
		x := r.IntN(n)
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// scanPDF is a small PDF standing for a scanned paper document.
func scanPDF(what string) []byte {
	return []byte("%PDF-1.4\n% " + what + "\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// fileRow is a files row for data, and the file as the protocol's signed
// content names it.
func fileRow(id int64, name string, data []byte, at time.Time, by int64) ([]any, domain.File) {
	sum := sha256.Sum256(data)
	f := domain.File{ID: id, Name: name, ContentType: "application/pdf", Size: len(data), SHA256: hex.EncodeToString(sum[:])}
	return []any{id, name, f.ContentType, f.Size, f.SHA256, data, by, at}, f
}

var fileCols = []string{"id", "name", "content_type", "size", "sha256", "data", "uploaded_by", "uploaded_at"}

// protocolPlan is what happens to the products of a task in a unit: the
// versions of its protocol, each with its status.
var protocolPlans = []struct {
	upTo     float64 // cumulative share of (task, unit) pairs
	versions []domain.ProtocolStatus
	paper    bool
}{
	{0.30, nil, false},
	{0.35, []domain.ProtocolStatus{domain.ProtocolDraft}, false},
	{0.43, []domain.ProtocolStatus{domain.ProtocolSubmitted}, false},
	{0.75, []domain.ProtocolStatus{domain.ProtocolAccepted}, false},
	{0.82, []domain.ProtocolStatus{domain.ProtocolAcceptedRemarks}, true},
	{0.86, []domain.ProtocolStatus{domain.ProtocolRejected}, false},
	{0.92, []domain.ProtocolStatus{domain.ProtocolRejected, domain.ProtocolAccepted}, false},
	{0.95, []domain.ProtocolStatus{domain.ProtocolRejected, domain.ProtocolSubmitted}, false},
	{0.98, []domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolDraft}, false},
	{1.00, []domain.ProtocolStatus{domain.ProtocolAccepted, domain.ProtocolAccepted}, false},
}

func (g *generator) loadProtocols(ctx context.Context, tx pgx.Tx) error {
	r := g.rng
	type key struct{ task, unit int64 }
	rows, err := tx.Query(ctx, `SELECT up.task_id, up.unit_id, up.id, tp.letter, tp.name FROM unit_products up JOIN task_products tp ON tp.id = up.product_id
		JOIN programmes p ON p.id = up.programme_id WHERE p.code LIKE 'GEN-%' ORDER BY up.task_id, up.unit_id, tp.letter`)
	if err != nil {
		return err
	}
	products := map[key][]domain.ProtocolItem{}
	for rows.Next() {
		var k key
		var it domain.ProtocolItem
		if err := rows.Scan(&k.task, &k.unit, &it.UnitProductID, &it.Letter, &it.Name); err != nil {
			return err
		}
		products[k] = append(products[k], it)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	ids, err := nextIDs(ctx, tx, "protocols", "files")
	if err != nil {
		return err
	}
	id, fid := ids[0], ids[1]
	var protos, items, seals, files, audits [][]any
	g.got.ProtocolStates = map[string]int{}
	remarks := []string{"Brak podpisu kierownika komórki na opisie procesu; do uzupełnienia.", "Wskaźniki bez wartości bazowych.",
		"Mapa procesów niekompletna — brak procesu zwrotu nadpłat.", "Przyjęto z uwagą: termin wdrożenia przesunięty o miesiąc."}
	for _, p := range g.progs {
		first := p.start.AddDate(0, 2, 0)
		span := int(p.last().Sub(first).Hours() / 24)
		if span < 30 {
			continue
		}
		contractor := "Lider projektu — Centrum Projektów Krajowych"
		for _, pa := range p.parts {
			for _, ti := range pa.protocolTasks {
				t := p.tasks[ti]
				x := r.Float64()
				pi := 0
				for protocolPlans[pi].upTo < x {
					pi++
				}
				plan := protocolPlans[pi]
				date := weekday(first.AddDate(0, 0, r.IntN(span-20)))
				var prev *domain.Protocol
				for vi, status := range plan.versions {
					pr := &domain.Protocol{ID: id, ProgrammeID: p.id, TaskID: t.id, TaskCode: t.code, TaskName: t.name, UnitID: pa.unit.id,
						UnitName: pa.unit.name, UnitTERYT: pa.unit.teryt, SeriesID: id, VersionNo: vi + 1, Place: pa.unit.name, Date: date,
						Contractor: contractor, Description: "Przekazanie produktów zadania " + t.code + " (" + t.name + ") wykonanych w jednostce.",
						Status: status}
					id++
					if prev != nil {
						pr.SeriesID, pr.ReplacesID = prev.SeriesID, &prev.ID
					}
					for _, it := range products[key{t.id, pa.unit.id}] {
						it.PlannedOn = date.AddDate(0, 0, -30)
						it.DoneOn = date.AddDate(0, 0, -r.IntN(20))
						pr.Items = append(pr.Items, it)
					}
					created := date.Add(8 * time.Hour)
					initial := "submitted"
					var submitted any = created.Add(time.Hour)
					if status == domain.ProtocolDraft {
						initial, submitted = "draft", nil
					}
					protos = append(protos, []any{pr.ID, pr.ProgrammeID, pr.TaskID, pr.UnitID, pr.TaskCode, pr.TaskName, pr.UnitName, pr.UnitTERYT,
						pr.SeriesID, pr.VersionNo, pr.ReplacesID, pr.Place, pr.Date, pr.Contractor, pr.Description, initial, submitted,
						g.users.coordinator, created, created})
					for _, it := range pr.Items {
						items = append(items, []any{pr.ID, it.UnitProductID, it.Letter, it.Name, it.PlannedOn, it.DoneOn})
					}
					g.got.ProtocolStates[string(status)]++
					g.got.Protocols++
					if status.Decided() {
						signedAt := created.Add(time.Duration(24+r.IntN(24*10)) * time.Hour)
						if limit := today.Add(9 * time.Hour); signedAt.After(limit) { // never in the future
							signedAt = limit
						}
						actor, actorName, actorRole, action := pa.manager, "gen-kierownik-"+strconv.FormatInt(pa.unit.id, 10), domain.RoleUnitManager, "sign"
						if status != domain.ProtocolAccepted {
							pr.Remarks = remarks[r.IntN(len(remarks))]
						}
						var scanID any
						if plan.paper {
							pr.Method, pr.SignerName, pr.SignerRole = domain.SignPaper, pa.managerName, []string{"Wójt", "Burmistrz", "Starosta", "Sekretarz"}[r.IntN(4)]
							pr.SignedOn = signedAt.Truncate(24 * time.Hour)
							row, f := fileRow(fid, fmt.Sprintf("protokol-%d.pdf", pr.ID), scanPDF("protokół "+pr.Number()), signedAt, g.users.coordinator)
							files = append(files, row)
							pr.ScanFile, scanID = &f, fid
							fid++
							signedAt = signedAt.Add(24 * time.Hour)
							// Four eyes: the coordinator recorded it, the administrator confirmed it.
							pr.PaperSeal = &domain.PaperSeal{RecordedBy: g.users.coordinator, RecordedByName: "Koordynatorka Krajowa", RecordedAt: signedAt.Add(-2 * time.Hour).UTC(),
								ConfirmedBy: g.users.admin, ConfirmedByName: "Administrator Generatora", ConfirmedAt: signedAt.UTC()}
							actor, actorName, actorRole, action = g.users.admin, "gen-admin", domain.RoleAdmin, "sign_paper"
						} else {
							m := pa.manager
							pr.Method, pr.SignerID, pr.SignerName, pr.SignerRole = domain.SignElectronic, &m, pa.managerName, "kierownik jednostki"
						}
						pr.SignedAt = signedAt.UTC()
						content := pr.Canonical()
						pr.Content, pr.Digest = string(content), domain.DigestOf(content)
						var signedOn any
						if !pr.SignedOn.IsZero() {
							signedOn = pr.SignedOn
						}
						var recBy, recName, recAt, confBy, confName, confAt any
						if ps := pr.PaperSeal; ps != nil {
							recBy, recName, recAt, confBy, confName, confAt = ps.RecordedBy, ps.RecordedByName, ps.RecordedAt, ps.ConfirmedBy, ps.ConfirmedByName, ps.ConfirmedAt
						}
						seals = append(seals, []any{pr.ID, string(pr.Status), pr.Remarks, string(pr.Method), pr.SignerID, pr.SignerName, pr.SignerRole,
							signedOn, pr.SignedAt, scanID, pr.Content, pr.Digest, recBy, recName, recAt, confBy, confName, confAt})
						after, _ := json.Marshal(map[string]any{"number": pr.Number(), "status": string(pr.Status), "method": string(pr.Method),
							"signer": pr.SignerName, "signer_role": pr.SignerRole, "digest": pr.Digest, "remarks": pr.Remarks})
						audits = append(audits, []any{pr.SignedAt, actor, actorName, string(actorRole), "gen", action, "protocol", strconv.FormatInt(pr.ID, 10), after})
					}
					prev = pr
					// A next version is prepared after this one was decided.
					date = weekday(date.AddDate(0, 0, 7+r.IntN(30)))
					if !pr.SignedAt.IsZero() && !date.After(pr.SignedAt) {
						date = weekday(pr.SignedAt.Truncate(24*time.Hour).AddDate(0, 0, 1))
					}
					if date.After(p.last()) {
						date = p.last()
					}
				}
			}
		}
	}
	if _, err := copyRows(ctx, tx, "files", fileCols, files); err != nil {
		return err
	}
	if _, err := copyRows(ctx, tx, "protocols", []string{"id", "programme_id", "task_id", "unit_id", "task_code", "task_name", "unit_name", "unit_teryt",
		"series_id", "version_no", "replaces_id", "place", "protocol_date", "contractor", "description", "status", "submitted_at", "created_by", "created_at", "updated_at"}, protos); err != nil {
		return err
	}
	if _, err := copyRows(ctx, tx, "protocol_items", []string{"protocol_id", "unit_product_id", "letter", "name", "planned_on", "done_on"}, items); err != nil {
		return err
	}
	// Sealed as the application seals them: the canonical content and its
	// digest, the decision in the audit trail (kaizen verify checks both).
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE gen_seal (id bigint PRIMARY KEY, status text, remarks text, method text, signer_id bigint, signer_name text,
		signer_role text, signed_on date, signed_at timestamptz, scan_file_id bigint, signed_content text, digest text,
		paper_recorded_by bigint, paper_recorded_by_name text, paper_recorded_at timestamptz, paper_confirmed_by bigint, paper_confirmed_by_name text, paper_confirmed_at timestamptz) ON COMMIT DROP`); err != nil {
		return err
	}
	if _, err := copyRows(ctx, tx, "gen_seal", []string{"id", "status", "remarks", "method", "signer_id", "signer_name", "signer_role", "signed_on",
		"signed_at", "scan_file_id", "signed_content", "digest", "paper_recorded_by", "paper_recorded_by_name", "paper_recorded_at", "paper_confirmed_by",
		"paper_confirmed_by_name", "paper_confirmed_at"}, seals); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE protocols p SET status = s.status, remarks = s.remarks, method = s.method, signer_id = s.signer_id,
		signer_name = s.signer_name, signer_role = s.signer_role, signed_on = s.signed_on, signed_at = s.signed_at, scan_file_id = s.scan_file_id,
		signed_content = s.signed_content, digest = s.digest, version = p.version + 1, updated_at = s.signed_at,
		paper_recorded_by = s.paper_recorded_by, paper_recorded_by_name = s.paper_recorded_by_name, paper_recorded_at = s.paper_recorded_at,
		paper_confirmed_by = s.paper_confirmed_by, paper_confirmed_by_name = s.paper_confirmed_by_name, paper_confirmed_at = s.paper_confirmed_at
		FROM gen_seal s WHERE s.id = p.id`); err != nil {
		return err
	}
	if _, err := copyRows(ctx, tx, "audit_log", []string{"at", "actor_id", "actor_username", "actor_role", "address", "action", "entity", "entity_id", "after"}, audits); err != nil {
		return err
	}
	// Products follow their protocols; those without one are planned or
	// in progress; accepted ones are done on their item's date.
	for _, p := range g.progs {
		if _, err := store.SettleProductStatuses(ctx, tx, p.id); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE unit_products up SET status = 'in_progress' FROM programmes p
		WHERE p.id = up.programme_id AND p.code LIKE 'GEN-%' AND up.status = 'planned' AND up.id % 2 = 0`); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE unit_products up SET done_on = i.done_on FROM protocol_items i JOIN protocols p ON p.id = i.protocol_id
		WHERE i.unit_product_id = up.id AND p.status IN ('accepted', 'accepted_remarks')
		AND NOT EXISTS (SELECT 1 FROM protocols n WHERE n.series_id = p.series_id AND n.version_no > p.version_no AND n.status IN ('accepted', 'accepted_remarks'))`)
	return err
}

func (g *generator) loadWork(ctx context.Context, tx pgx.Tx) error {
	r := g.rng
	ids, err := nextIDs(ctx, tx, "meetings", "files")
	if err != nil {
		return err
	}
	mid, fid := ids[0], ids[1]
	var meetings, mdays, scans, files, cons [][]any
	for _, p := range g.progs {
		last := p.last()
		span := int(last.Sub(p.start).Hours()/24) - 3
		for n := 1; n <= p.meetings; n++ {
			day := weekday(p.start.AddDate(0, 0, 1+r.IntN(max(1, span))))
			if day.After(last) {
				day = last
			}
			days := []time.Time{day}
			if next := weekday(day.AddDate(0, 0, 1)); r.IntN(2) == 0 && !next.After(last) {
				days = append(days, next)
			}
			notes := "Notatka robocza — do uzupełnienia po spotkaniu."
			if r.IntN(100) < 88 {
				notes = "Notatka ze spotkania grupy dobrych praktyk w dniu " + day.Format("02.01.2006") + ". Omówiono wdrożone usprawnienia i plan dalszych prac."
			}
			place := p.parts[r.IntN(len(p.parts))].unit.name
			at := day.Add(14 * time.Hour)
			meetings = append(meetings, []any{mid, p.id, p.meetTask, n, place, r.IntN(4) == 0, notes, at, at})
			for _, d := range days {
				mdays = append(mdays, []any{mid, d})
			}
			if r.IntN(100) < 85 {
				row, _ := fileRow(fid, fmt.Sprintf("lista-obecnosci-%d.pdf", mid), scanPDF(fmt.Sprintf("lista obecności, spotkanie %d", mid)), at.Add(48*time.Hour), g.users.expert)
				files = append(files, row)
				scans = append(scans, []any{mid, fid})
				fid++
			}
			mid++
		}
	}
	var pw []float64
	for _, p := range g.progs {
		pw = append(pw, float64(p.persons))
	}
	experts := []string{"Marta Ekspercka", "Jan Doradczy", "Alicja Konsultant", "Robert Procesowy"}
	topics := []string{"Mapowanie procesu wymiaru podatku od nieruchomości", "Mierniki procesu obsługi deklaracji", "Standard obsługi klienta w referacie podatków",
		"Procedura sprzedaży nieruchomości gminnych", "Ocena procesu naliczania opłat za użytkowanie wieczyste"}
	for i, n := range apportion(pw, g.want.Consultations, 0) {
		p := g.progs[i]
		var cum float64
		for _, pa := range p.parts {
			cum += float64(pa.persons)
			pa.cumWeight = cum
		}
		last := p.last()
		span := int(last.Sub(p.start).Hours()/24) - 3
		for range n {
			x := r.Float64() * cum
			j := sort.Search(len(p.parts), func(i int) bool { return p.parts[i].cumWeight > x })
			pa := p.parts[min(j, len(p.parts)-1)]
			t := p.tasks[pa.protocolTasks[r.IntN(len(pa.protocolTasks))]]
			hours := float64(4 + r.IntN(5))
			days := 0.5
			if hours >= 6 {
				days = 1
			}
			day := weekday(p.start.AddDate(0, 0, 1+r.IntN(max(1, span))))
			if day.After(last) {
				day = last
			}
			cons = append(cons, []any{p.id, t.id, pa.unit.id, experts[r.IntN(len(experts))], day, hours, days, topics[r.IntN(len(topics))], g.users.expert, day.Add(15 * time.Hour), day.Add(15 * time.Hour)})
		}
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"files", fileCols, files},
		{"meetings", []string{"id", "programme_id", "task_id", "number", "place", "with_management", "notes", "created_at", "updated_at"}, meetings},
		{"meeting_days", []string{"meeting_id", "day"}, mdays},
		{"meeting_scans", []string{"meeting_id", "file_id"}, scans},
		{"consultations", []string{"programme_id", "task_id", "unit_id", "expert", "day", "hours", "days", "topic", "recorded_by", "created_at", "updated_at"}, cons},
	} {
		n, err := copyRows(ctx, tx, c.table, c.cols, c.rows)
		if err != nil {
			return err
		}
		switch c.table {
		case "meetings":
			g.got.Meetings = n
		case "consultations":
			g.got.Consultations = n
		}
	}
	return nil
}

// indicators defines each programme's indicators through the store, which
// computes their read model from the evidence, and records the generation.
func (g *generator) indicators(ctx context.Context, st *store.Store) error {
	a := domain.Actor{UserID: g.users.coordinator, Username: "gen-koordynator", Role: domain.RoleCoordinator, Address: "gen"}
	for _, p := range g.progs {
		var personsP, personsN, unitsN int
		for _, pa := range p.parts {
			personsP += pa.persons
			if pa.areaN {
				personsN += pa.persons
				unitsN++
			}
		}
		var pTasks []int64
		for _, t := range p.tasks {
			if t.area == domain.AreaP {
				pTasks = append(pTasks, t.id)
			}
		}
		target := func(n int) domain.Decimal { return domain.DecimalFromInt(int64(max(1, n))) }
		units := len(p.parts)
		for _, in := range []*domain.Indicator{
			{Number: "1", Name: "Liczba osób przeszkolonych w obszarze podatków i opłat", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaP}, Target: target(personsP * 6 / 10), UnitOfMeasure: "osoby"},
			{Number: "2", Name: "Liczba osób przeszkolonych w obszarze nieruchomości", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaN}, Target: target(personsN * 4 / 10), UnitOfMeasure: "osoby"},
			{Number: "3", Name: "Liczba osób z kadry kierowniczej przeszkolonych z zarządzania usprawnieniami", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{TrainingIDs: p.trainings[4:5]}, Target: target(personsP / 10), UnitOfMeasure: "osoby"},
			{Number: "4", Name: "Liczba dni szkoleniowych", Rule: domain.RuleTrainingDays, Target: target(p.sessions * 2), UnitOfMeasure: "dni"},
			{Number: "5", Name: "Liczba wdrożonych usprawnień w obszarze podatków i opłat", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{TaskIDs: pTasks}, Target: target(units * 3), UnitOfMeasure: "szt."},
			{Number: "6", Name: "Liczba wdrożonych usprawnień w obszarze nieruchomości", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{Area: domain.AreaN}, Target: target(unitsN * 2), UnitOfMeasure: "szt."},
			{Number: "7", Name: "Liczba jednostek, które wdrożyły usprawnienia", Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaP}, Target: target(units), UnitOfMeasure: "JST"},
			{Number: "8", Name: "Liczba spotkań grup dobrych praktyk", Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: p.meetTask}, Target: target(p.meetings), UnitOfMeasure: "spotkania"},
			{Number: "9", Name: "Liczba dni konsultacji eksperckich", Rule: domain.RuleConsultationDays, Params: domain.RuleParams{TaskID: p.tasks[2].id}, Target: target(units * 4), UnitOfMeasure: "dni"},
		} {
			in.ProgrammeID, in.Type = p.id, domain.IndicatorProduct
			if err := st.SaveIndicator(ctx, a, in, nil); err != nil {
				return fmt.Errorf("programme %s indicator %s: %w", p.code, in.Number, err)
			}
		}
		in := &domain.Indicator{ProgrammeID: p.id, Number: "10", Name: "Zmiana satysfakcji klientów", Type: domain.IndicatorResult,
			Rule: domain.RuleSatisfactionChange, Params: domain.RuleParams{SurveyKind: domain.SurveyCustomer},
			Target: domain.DecimalFromInt(15), UnitOfMeasure: "%"}
		if err := st.SaveIndicator(ctx, a, in, nil); err != nil {
			return fmt.Errorf("programme %s indicator %s: %w", p.code, in.Number, err)
		}
		for _, in := range []*domain.Indicator{
			{Number: "C1", Name: "Jednostki, które przeprowadziły samoocenę CAF", Rule: domain.RuleCAFUnitsAssessed, Target: target(units * 4 / 10), UnitOfMeasure: "JST"},
			{Number: "C2", Name: "Zmiana wyniku samooceny CAF", Rule: domain.RuleCAFTotalChange, Target: domain.DecimalFromInt(10), UnitOfMeasure: "pkt"},
			{Number: "C3", Name: "Zrealizowane działania planów doskonalenia", Rule: domain.RuleCAFActionsDone, Target: target(units / 2), UnitOfMeasure: "działania"},
		} {
			in.ProgrammeID, in.Type = p.id, domain.IndicatorResult
			if err := st.SaveIndicator(ctx, a, in, nil); err != nil {
				return fmt.Errorf("programme %s indicator %s: %w", p.code, in.Number, err)
			}
		}
	}
	after, err := json.Marshal(map[string]any{"options": optionsKey(g.opts), "counts": g.got})
	if err != nil {
		return err
	}
	_, err = st.Pool.Exec(ctx, `INSERT INTO audit_log (actor_id, actor_username, actor_role, address, action, entity, entity_id, after)
		VALUES ($1, 'gen-admin', 'admin', 'gen', $2, 'database', '', $3)`, g.users.admin, genMark, after)
	return err
}
