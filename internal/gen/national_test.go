package gen_test

import (
	"github.com/jackc/pgx/v5"

	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"kaizen/internal/auth"
	"kaizen/internal/domain"
	"kaizen/internal/gen"
	"kaizen/internal/store"
	"kaizen/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func ownerPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, err := store.OpenOwnerPool(context.Background(), testdb.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// fingerprint digests what the generator made, in a fixed order.
func fingerprint(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(), `SELECT md5(
		(SELECT string_agg(id || name || teryt || kind, ',' ORDER BY id) FROM units) ||
		(SELECT string_agg(id || first_name || last_name || unit_id || sex, ',' ORDER BY id) FROM persons) ||
		(SELECT string_agg(session_id || ' ' || day || person_id || present, ',' ORDER BY session_id, day, person_id) FROM attendance) ||
		(SELECT string_agg(id || status || COALESCE(digest, ''), ',' ORDER BY id) FROM protocols) ||
		(SELECT string_agg(id || notes, ',' ORDER BY id) FROM meetings) ||
		(SELECT string_agg(id || ' ' || wave_id || channel || answered_on || COALESCE(index_score::text, ''), ',' ORDER BY id) FROM survey_responses) ||
		(SELECT string_agg(response_id || ' ' || item_id || ' ' || value, ',' ORDER BY response_id, item_id, value) FROM survey_answers))`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGenerateNational(t *testing.T) {
	ctx := context.Background()
	pool := ownerPool(t)
	opts := gen.Options{Seed: 7, Scale: 0.005, Password: "kaizen-gen", Log: func(step string, took time.Duration) { t.Logf("%s: %v", step, took.Round(time.Millisecond)) }}
	got, err := gen.Generate(ctx, pool, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := gen.National
	if got.Voivodeships != 16 || got.Powiats != 314 || got.Gminas != 2477 || got.Programmes != 50 {
		t.Errorf("units/programmes: %+v", got)
	}
	if got.Persons != 5000 || got.Sessions != 1000 || got.Products != 500 || got.Meetings != 100 || got.Consultations != 300 {
		t.Errorf("counts at scale 0.005: %+v (national %+v)", got, want)
	}
	if got.Attendance < 24_900 || got.Attendance > 25_000 {
		t.Errorf("attendance rows = %d, want about 25,000", got.Attendance)
	}
	for _, s := range []domain.ProtocolStatus{domain.ProtocolDraft, domain.ProtocolSubmitted, domain.ProtocolAccepted, domain.ProtocolAcceptedRemarks, domain.ProtocolRejected} {
		if got.ProtocolStates[string(s)] == 0 {
			t.Errorf("no protocol in state %s: %v", s, got.ProtocolStates)
		}
	}
	// What was counted is what the database holds.
	var units, persons, attendance, products int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM persons), (SELECT count(*) FROM attendance),
		(SELECT count(*) FROM unit_products)`).Scan(&units, &persons, &attendance, &products); err != nil {
		t.Fatal(err)
	}
	if units != 2807 || persons != got.Persons || attendance != got.Attendance || products != got.Products {
		t.Errorf("database holds units %d persons %d attendance %d products %d; counted %+v", units, persons, attendance, products, got)
	}
	// TERYT codes of the right shape, unique.
	rows, err := pool.Query(ctx, `SELECT teryt, kind, voivodeship FROM units`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var code, kind, voiv string
		if err := rows.Scan(&code, &kind, &voiv); err != nil {
			t.Fatal(err)
		}
		if msg := domain.TERYTShape(code, domain.UnitKind(kind), voiv); msg != "" || seen[code] {
			t.Errorf("TERYT %s (%s, %s): %q, repeated %v", code, kind, voiv, msg, seen[code])
		}
		seen[code] = true
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	// Everything is dated inside its programme, nothing in the future.
	var outside int
	if err := pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM session_days d JOIN training_sessions s ON s.id = d.session_id JOIN programmes p ON p.id = s.programme_id
			WHERE d.day NOT BETWEEN p.start_date AND p.end_date) +
		(SELECT count(*) FROM meeting_days d JOIN meetings m ON m.id = d.meeting_id JOIN programmes p ON p.id = m.programme_id
			WHERE d.day NOT BETWEEN p.start_date AND p.end_date) +
		(SELECT count(*) FROM consultations c JOIN programmes p ON p.id = c.programme_id WHERE c.day NOT BETWEEN p.start_date AND p.end_date) +
		(SELECT count(*) FROM protocols r JOIN programmes p ON p.id = r.programme_id WHERE r.protocol_date NOT BETWEEN p.start_date AND p.end_date) +
		(SELECT count(*) FROM protocols WHERE signed_at > now()) +
		(SELECT count(*) FROM protocols n JOIN protocols o ON o.id = n.replaces_id WHERE n.protocol_date < o.signed_at::date)`).Scan(&outside); err != nil {
		t.Fatal(err)
	}
	if outside != 0 {
		t.Errorf("%d records dated outside their programme, in the future, or a version before the one it replaces was decided", outside)
	}

	checkSurveys(t, pool, got)
	checkCAF(t, pool, got)

	// Skew: the biggest participation is far bigger than the typical one.
	var biggest, median float64
	if err := pool.QueryRow(ctx, `SELECT max(n), percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM
		(SELECT count(*) AS n FROM persons GROUP BY programme_id, unit_id) x`).Scan(&biggest, &median); err != nil {
		t.Fatal(err)
	}
	if biggest < 8*median {
		t.Errorf("participants per unit: biggest %v, median %v: no skew", biggest, median)
	}
	// The read model equals the recomputation, every signature verifies.
	st := store.New(pool)
	facts, diffs, err := st.CheckReadModel(ctx)
	if err != nil || len(diffs) > 0 || facts == 0 {
		t.Fatalf("read model: %d facts, differences %v, %v", facts, diffs, err)
	}
	// Units' trainings, kept by triggers through the generator's COPY.
	if rows, udiffs, err := st.CheckUnitTrainings(ctx); err != nil || len(udiffs) > 0 || rows == 0 {
		t.Fatalf("unit trainings: %d rows, differences %v, %v", rows, udiffs, err)
	}
	// Protocol counts, kept by triggers through the generator's statements.
	if n, pdiffs, err := st.CheckProtocolCounts(ctx); err != nil || len(pdiffs) > 0 || n == 0 {
		t.Fatalf("protocol counts: %d programmes, differences %v, %v", n, pdiffs, err)
	}
	checked, bad, err := st.VerifyProtocols(ctx)
	if err != nil || len(bad) > 0 || checked == 0 {
		t.Fatalf("verify: %d checked, %v, %v", checked, bad, err)
	}
	// The incomplete-evidence flag kept by triggers agrees with the rule
	// of SessionSummary.Complete, also after a scan is removed.
	checkFlags := func() {
		t.Helper()
		var progs []int64
		rows, _ := pool.Query(ctx, `SELECT id FROM programmes ORDER BY id`)
		for rows.Next() {
			var id int64
			_ = rows.Scan(&id)
			progs = append(progs, id)
		}
		rows.Close()
		incomplete := 0
		for _, p := range progs {
			list, err := st.TrainingSessions(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, x := range list {
				if !x.Complete() {
					want++
				}
			}
			shown, n, err := st.IncompleteSessions(ctx, p, 10)
			if err != nil || n != want || len(shown) != min(10, want) {
				t.Fatalf("programme %d: %d incomplete by the flag (%d shown), %d by the rule: %v", p, n, len(shown), want, err)
			}
			incomplete += n
		}
		if incomplete == 0 {
			t.Fatal("no incomplete session in the generated data")
		}
	}
	checkFlags()
	// Evidence changes through the store's transactions (the read model
	// follows them; a bare statement would be refused at COMMIT).
	if err := st.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM session_scans WHERE session_id = (SELECT min(session_id) FROM session_scans)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE session_days SET attendance_entered_at = NULL WHERE session_id = (SELECT max(session_id) FROM session_scans)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	checkFlags()

	// Signed protocols stay sealed: the triggers hold for generated ones.
	if _, err := pool.Exec(ctx, `UPDATE protocols SET place = 'x' WHERE signed_at IS NOT NULL`); err == nil {
		t.Error("a generated signed protocol could be changed")
	}
	// The accounts sign in with the password given.
	var hash string
	if err := pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE username = 'gen-koordynator'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.Verify(t.Context(), "kaizen-gen", hash); !ok || err != nil {
		t.Errorf("gen-koordynator does not sign in with the password given: %v", err)
	}

	// Every generated account sees its programmes: the coordinator and the
	// expert are members of every generated programme, the administrator
	// and the viewer see all, each unit manager those of the units.
	var progs []int64
	if err := pool.QueryRow(ctx, `SELECT array_agg(id) FROM programmes WHERE code LIKE 'GEN-%'`).Scan(&progs); err != nil {
		t.Fatal(err)
	}
	for _, username := range []string{"gen-admin", "gen-koordynator", "gen-ekspert", "gen-obserwator"} {
		u, _, err := st.UserCredentials(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range progs {
			if !u.CanSeeProgramme(id) {
				t.Errorf("%s does not see programme %d", username, id)
			}
		}
	}
	var manager string
	var managerProg int64
	if err := pool.QueryRow(ctx, `SELECT u.username, pa.programme_id FROM users u JOIN user_units uu ON uu.user_id = u.id
		JOIN participations pa ON pa.unit_id = uu.unit_id LIMIT 1`).Scan(&manager, &managerProg); err != nil {
		t.Fatal(err)
	}
	if u, _, err := st.UserCredentials(ctx, manager); err != nil || !u.CanSeeProgramme(managerProg) {
		t.Errorf("unit manager %s does not see programme %d: %v", manager, managerProg, err)
	}

	// Run again: nothing changes; other options are refused.
	if _, err := gen.Generate(ctx, pool, opts); !errors.Is(err, gen.ErrDone) {
		t.Errorf("second run: %v, want ErrDone", err)
	}
	if _, err := gen.Generate(ctx, pool, gen.Options{Seed: 8, Scale: 0.005, Password: "x"}); !errors.Is(err, gen.ErrNotEmpty) {
		t.Errorf("other seed on a generated database: %v, want ErrNotEmpty", err)
	}

	// The same seed makes the same data; another seed other data.
	again := ownerPool(t)
	if _, err := gen.Generate(ctx, again, opts); err != nil {
		t.Fatal(err)
	}
	if a, b := fingerprint(t, pool), fingerprint(t, again); a != b {
		t.Errorf("same seed, different data: %s vs %s", a, b)
	}
	other := ownerPool(t)
	if _, err := gen.Generate(ctx, other, gen.Options{Seed: 8, Scale: 0.005, Password: "kaizen-gen"}); err != nil {
		t.Fatal(err)
	}
	if fingerprint(t, pool) == fingerprint(t, other) {
		t.Error("another seed made the same data")
	}
}

// checkSurveys: every participation has a closed customer baseline with
// responses, programmes that ran long enough a follow-up, running ones a
// few open waves; the counts are what the database holds; the aggregates
// equal a recount from the answers; each programme has the satisfaction
// indicator.
func checkSurveys(t *testing.T, pool *pgxpool.Pool, got gen.Counts) {
	t.Helper()
	ctx := context.Background()
	t.Logf("surveys: %d waves, %d responses, %d answers", got.SurveyWaves, got.SurveyResponses, got.SurveyAnswers)
	var waves, responses, answers, noBaseline, followUps, open, outside, badTotals, badCounts, indicators int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM survey_waves), (SELECT count(*) FROM survey_responses), (SELECT count(*) FROM survey_answers),
		(SELECT count(*) FROM participations pa WHERE NOT EXISTS (SELECT 1 FROM survey_waves w JOIN survey_wave_totals t ON t.wave_id = w.id
			WHERE w.programme_id = pa.programme_id AND w.unit_id = pa.unit_id AND w.round = 0 AND w.closed_at IS NOT NULL AND t.responses >= 5)),
		(SELECT count(*) FROM survey_waves WHERE round = 1 AND closed_at IS NOT NULL),
		(SELECT count(*) FROM survey_waves WHERE closed_at IS NULL),
		(SELECT count(*) FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id JOIN programmes p ON p.id = w.programme_id
			WHERE r.answered_on NOT BETWEEN w.opens_on AND w.closes_on OR w.closes_on > p.end_date OR w.opens_on < p.start_date),
		(SELECT count(*) FROM survey_waves w LEFT JOIN survey_wave_totals t ON t.wave_id = w.id
			WHERE COALESCE(t.responses, -1) <> (SELECT count(*) FROM survey_responses r WHERE r.wave_id = w.id)
			   OR COALESCE(t.index_n, -1) <> (SELECT count(index_score) FROM survey_responses r WHERE r.wave_id = w.id)),
		(SELECT count(*) FROM (SELECT r.wave_id, a.item_id, a.value, count(*) AS n FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
			GROUP BY 1, 2, 3) x FULL JOIN survey_item_counts c USING (wave_id, item_id, value) WHERE x.n IS DISTINCT FROM c.n),
		(SELECT count(DISTINCT programme_id) FROM indicators WHERE rule = 'satisfaction_change')`).
		Scan(&waves, &responses, &answers, &noBaseline, &followUps, &open, &outside, &badTotals, &badCounts, &indicators); err != nil {
		t.Fatal(err)
	}
	if waves != got.SurveyWaves || responses != got.SurveyResponses || answers != got.SurveyAnswers || responses == 0 || answers < 10*responses {
		t.Errorf("database holds %d waves, %d responses, %d answers; counted %+v", waves, responses, answers, got)
	}
	if noBaseline != 0 || followUps == 0 || open == 0 || outside != 0 {
		t.Errorf("participations without a baseline %d, follow-ups %d, open waves %d, dated outside %d", noBaseline, followUps, open, outside)
	}
	// The load leaves the schema as it found it: foreign keys back, triggers on.
	var fks, off int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM pg_constraint WHERE conrelid = 'survey_answers'::regclass AND contype = 'f' AND convalidated),
		(SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('survey_answers'::regclass, 'survey_responses'::regclass) AND tgenabled = 'D')`).Scan(&fks, &off); err != nil {
		t.Fatal(err)
	}
	if fks != 2 || off != 0 {
		t.Errorf("survey_answers has %d validated foreign keys (want 2); %d survey triggers disabled", fks, off)
	}
	if badTotals != 0 || badCounts != 0 || indicators != got.Programmes {
		t.Errorf("aggregates differ from a recount: %d waves, %d item counts; programmes with the indicator %d", badTotals, badCounts, indicators)
	}
}
