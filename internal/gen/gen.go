// Package gen fills a database with a large, realistic programme for
// benchmarks: units, participants, sessions with attendance, accepted
// protocols, meetings and consultations, generated inside PostgreSQL
// (generate_series), and its indicators with their read model.
package gen

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// Size says how large the programme is.
type Size struct {
	Units           int // participating units
	PersonsPerUnit  int // participants of each unit
	SessionsPerUnit int // two-day sessions each unit's people attend (all of them)
	ProtocolUnits   int // units whose P3 implementation is accepted
	Consultations   int
}

// Large is the size the dashboard benchmark needs: 1,000 units,
// 100,000 participants, 1,000,000 attendance rows.
var Large = Size{Units: 1000, PersonsPerUnit: 100, SessionsPerUnit: 5, ProtocolUnits: 600, Consultations: 20000}

// Attendance is the number of attendance rows a size makes.
func (s Size) Attendance() int { return s.Units * s.SessionsPerUnit * s.PersonsPerUnit * 2 }

var sys = domain.Actor{Username: "gen", Address: "local"}

// Programme creates a programme with code of size sz and returns its id.
func Programme(ctx context.Context, st *store.Store, code string, sz Size) (int64, error) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &domain.Programme{Code: code, Title: "Program testowy w skali kraju " + code, FundingLine: "test", Start: start,
		End: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Budget: domain.DecimalFromInt(1_000_000),
		Areas: domain.SeedAreas(), Components: []domain.Component{{Code: "Z2", Name: "Podatki"}, {Code: "Z4", Name: "Nieruchomości"}}}
	if err := st.CreateProgramme(ctx, sys, p); err != nil {
		return 0, err
	}
	// One connection for the generation: it keeps its temporary tables.
	conn, err := st.Pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	exec := func(sql string, args ...any) error {
		_, err := conn.Exec(ctx, sql, args...)
		if err != nil {
			return fmt.Errorf("%.60s…: %w", sql, err)
		}
		return nil
	}
	prefix := "Gmina " + code + " nr "
	if err := exec(`INSERT INTO units (name, kind, voivodeship) SELECT $1 || g, 'gmina_wiejska', 'mazowieckie' FROM generate_series(1, $2) g`, prefix, sz.Units); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO participations (programme_id, unit_id) SELECT $1, id FROM units WHERE name LIKE $2 || '%'`, p.ID, prefix); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO participation_areas (programme_id, unit_id, area)
		SELECT $1, id, 'P' FROM units WHERE name LIKE $2 || '%' UNION ALL SELECT $1, id, 'N' FROM units WHERE name LIKE $2 || '%' AND id % 2 = 0`, p.ID, prefix); err != nil {
		return 0, err
	}
	rows, err := conn.Query(ctx, `SELECT id FROM units WHERE name LIKE $1 || '%' ORDER BY id`, prefix)
	if err != nil {
		return 0, err
	}
	units, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, err
	}
	var evenUnits []int64
	for _, u := range units {
		if u%2 == 0 {
			evenUnits = append(evenUnits, u)
		}
	}
	products := []domain.Product{{Letter: "a", Name: "opis procesów"}, {Letter: "b", Name: "wskaźniki oceny procesów"}}
	p3 := &domain.Task{ProgrammeID: p.ID, Code: "P3", Name: "doskonalenie procesów", Area: domain.AreaP, Kind: domain.TaskProcess, Products: products, UnitIDs: units}
	n1 := &domain.Task{ProgrammeID: p.ID, Code: "N1", Name: "doskonalenie procesów", Area: domain.AreaN, Kind: domain.TaskProcess, Products: products, UnitIDs: evenUnits}
	pz2 := &domain.Task{ProgrammeID: p.ID, Code: "PZ2", Name: "spotkania grupy dobrych praktyk", Kind: domain.TaskMeetings, MeetingsPlanned: 8, DaysPerMeeting: 2}
	for _, t := range []*domain.Task{p3, n1, pz2} {
		if err := st.SaveTask(ctx, sys, t); err != nil {
			return 0, err
		}
	}
	var trainings []int64
	for i, a := range []domain.Area{domain.AreaP, domain.AreaP, domain.AreaP, domain.AreaN, domain.AreaN} {
		t := &domain.Training{ProgrammeID: p.ID, Code: fmt.Sprintf("%sS%d", a, i+3), Topic: "szkolenie " + fmt.Sprint(i), Area: a, GroupsPlanned: 2000, DaysPerGroup: domain.DecimalFromInt(2)}
		if err := st.SaveTraining(ctx, sys, t); err != nil {
			return 0, err
		}
		trainings = append(trainings, t.ID)
	}
	// People: realistic skew is left to the national generator; here every
	// unit has the same number, 60% women.
	if err := exec(`INSERT INTO persons (programme_id, first_name, last_name, unit_id, sex, position, legal_basis, basis_date, retention_until)
		SELECT $1, 'Osoba', 'Testowa ' || u.id || '-' || g, u.id, CASE WHEN g % 5 < 3 THEN 'K' ELSE 'M' END, 'inspektor', 'public_task', '2025-01-01', '2035-12-31'
		FROM units u CROSS JOIN generate_series(1, $2) g WHERE u.name LIKE $3 || '%'`, p.ID, sz.PersonsPerUnit, prefix); err != nil {
		return 0, err
	}
	// Sessions: each unit's people attend SessionsPerUnit two-day sessions,
	// spread over the programme's first 700 days.
	if err := exec(`INSERT INTO training_sessions (programme_id, training_id, group_no, place, trainer, hours_per_day)
		SELECT $1, ($2::bigint[])[1 + (k % cardinality($2::bigint[]))], k, 'Sala ' || k, 'Trener', 6
		FROM generate_series(1, $3) k`, p.ID, trainings, sz.Units*sz.SessionsPerUnit); err != nil {
		return 0, err
	}
	if err := exec(`CREATE TEMP TABLE gen_sessions AS
		SELECT s.id, row_number() OVER (ORDER BY s.id) - 1 AS k FROM training_sessions s WHERE s.programme_id = $1`, p.ID); err != nil {
		return 0, err
	}
	defer func() {
		_, _ = st.Pool.Exec(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS gen_sessions, gen_units`)
	}()
	if err := exec(`CREATE TEMP TABLE gen_units AS SELECT u, row_number() OVER (ORDER BY u) - 1 AS i FROM unnest($1::bigint[]) u`, units); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO session_days (session_id, day, attendance_entered_at)
		SELECT s.id, $1::date + ((s.k * 7) % 700)::int + d, now() FROM gen_sessions s CROSS JOIN generate_series(0, 1) d`, start); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO session_units (session_id, programme_id, unit_id)
		SELECT s.id, $1, gu.u FROM gen_sessions s JOIN gen_units gu ON gu.i = s.k % $2`, p.ID, len(units)); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO attendance (session_id, day, programme_id, person_id, present)
		SELECT su.session_id, d.day, $1, pe.id, hashint4((pe.id * 31 + su.session_id)::int) % 10 <> 0
		FROM session_units su JOIN session_days d ON d.session_id = su.session_id JOIN persons pe ON pe.unit_id = su.unit_id AND pe.programme_id = $1
		WHERE su.programme_id = $1`, p.ID); err != nil {
		return 0, err
	}
	// Accepted P3 protocols (both products) in ProtocolUnits units, dated
	// across the programme, sealed as the application seals them (the
	// digest here is of a placeholder: verify would list them).
	var signer int64
	if err := st.Pool.QueryRow(ctx, `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, 'Kierownik Testowy', 'unit_manager', '$argon2id$gen')
		ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id`, "gen-"+fmt.Sprint(p.ID)).Scan(&signer); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO protocols (programme_id, task_id, unit_id, task_code, task_name, unit_name, series_id, version_no, place, protocol_date, contractor, description, status, submitted_at)
		SELECT $1, $2, gu.u, 'P3', 'doskonalenie procesów', 'jednostka', -1 - gu.i, 1, 'Urząd', $3::date + (gu.i % 600)::int, 'Lider', 'Przekazanie', 'submitted', now()
		FROM gen_units gu WHERE gu.i < $4`, p.ID, p3.ID, start, sz.ProtocolUnits); err != nil {
		return 0, err
	}
	if err := exec(`UPDATE protocols SET series_id = id WHERE programme_id = $1 AND series_id < 0`, p.ID); err != nil {
		return 0, err
	}
	if err := exec(`INSERT INTO protocol_items (protocol_id, unit_product_id, letter, name)
		SELECT pr.id, up.id, tp.letter, tp.name FROM protocols pr JOIN unit_products up ON up.task_id = pr.task_id AND up.unit_id = pr.unit_id
		JOIN task_products tp ON tp.id = up.product_id WHERE pr.programme_id = $1`, p.ID); err != nil {
		return 0, err
	}
	if err := exec(`UPDATE protocols SET status = 'accepted', method = 'electronic', signer_id = $2, signer_name = 'Kierownik Testowy', signer_role = 'kierownik jednostki',
		signed_at = (protocol_date + 1)::timestamptz, signed_content = '{}', digest = encode(sha256(id::text::bytea), 'hex'), version = version + 1
		WHERE programme_id = $1`, p.ID, signer); err != nil {
		return 0, err
	}
	if err := exec(`UPDATE unit_products up SET status = 'accepted' FROM protocol_items i JOIN protocols pr ON pr.id = i.protocol_id
		WHERE i.unit_product_id = up.id AND pr.programme_id = $1`, p.ID); err != nil {
		return 0, err
	}
	// Meetings with scans and dated notes.
	var file int64
	if err := st.Pool.QueryRow(ctx, `INSERT INTO files (name, content_type, size, sha256, data) VALUES ('lista.pdf', 'application/pdf', 5, encode(sha256('%PDF-'::bytea), 'hex'), '%PDF-')
		RETURNING id`).Scan(&file); err != nil {
		return 0, err
	}
	for i := 1; i <= 8; i++ {
		day := start.AddDate(0, 3*i, 0)
		m := &domain.Meeting{ProgrammeID: p.ID, TaskID: pz2.ID, Number: i, Days: []time.Time{day}, Place: "Warszawa", WithManagement: i%4 == 0,
			Notes: "Notatka ze spotkania " + day.Format("02.01.2006")}
		if err := st.SaveMeeting(ctx, sys, p, m, ""); err != nil {
			return 0, err
		}
		if err := exec(`INSERT INTO meeting_scans (meeting_id, file_id) VALUES ($1, $2)`, m.ID, file); err != nil {
			return 0, err
		}
	}
	if err := exec(`INSERT INTO consultations (programme_id, task_id, unit_id, expert, day, hours, days, topic)
		SELECT $1, $2, gu.u, 'Ekspert', $3::date + (k % 700)::int, 8, 1, 'Konsultacja'
		FROM generate_series(0, $4 - 1) k JOIN gen_units gu ON gu.i = k % $5`, p.ID, p3.ID, start, sz.Consultations, len(units)); err != nil {
		return 0, err
	}
	// Indicators last: saving each computes its read model from the evidence.
	for _, in := range []*domain.Indicator{
		{Number: "6", Name: "Wdrożenia w obszarze podatków", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{TaskIDs: []int64{p3.ID}}, Target: domain.DecimalFromInt(int64(sz.Units))},
		{Number: "7", Name: "Wdrożenia w obszarze nieruchomości", Rule: domain.RuleAcceptedProtocols, Params: domain.RuleParams{Area: domain.AreaN}, Target: domain.DecimalFromInt(int64(sz.Units / 2))},
		{Number: "U", Name: "Jednostki, które wdrożyły usprawnienia (P)", Rule: domain.RuleUnitsWithProtocol, Params: domain.RuleParams{Area: domain.AreaP}, Target: domain.DecimalFromInt(int64(sz.Units))},
		{Number: "18", Name: "Spotkania GDP", Rule: domain.RuleMeetingsComplete, Params: domain.RuleParams{TaskID: pz2.ID}, Target: domain.DecimalFromInt(8)},
		{Number: "O", Name: "Przeszkolone osoby (P)", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{Area: domain.AreaP}, Target: domain.DecimalFromInt(int64(sz.Units * sz.PersonsPerUnit))},
		{Number: "S", Name: "Przeszkolone osoby (wszystkie szkolenia)", Rule: domain.RulePersonsTrained, Params: domain.RuleParams{TrainingIDs: trainings}, Target: domain.DecimalFromInt(int64(sz.Units * sz.PersonsPerUnit))},
		{Number: "D", Name: "Dni szkoleniowe", Rule: domain.RuleTrainingDays, Target: domain.DecimalFromInt(int64(sz.Units * sz.SessionsPerUnit * 2))},
		{Number: "K", Name: "Dni konsultacji", Rule: domain.RuleConsultationDays, Params: domain.RuleParams{TaskID: p3.ID}, Target: domain.DecimalFromInt(int64(sz.Consultations))},
	} {
		in.ProgrammeID, in.Type = p.ID, domain.IndicatorProduct
		if err := st.SaveIndicator(ctx, sys, in, nil); err != nil {
			return 0, fmt.Errorf("indicator %s: %w", in.Number, err)
		}
	}
	return p.ID, nil
}
