package web

// Survey results: a wave's results, a unit's baseline against its
// follow-up, and the units of a programme against each other on one
// questionnaire. Everything is read from the aggregates; a unit manager
// opens only the waves of own units and sees other units without names.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/components"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// surveyWaveFromURL reads the programme and the wave's results the address
// names; a unit manager is refused the waves of other units.
func (s *Server) surveyWaveFromURL(r *http.Request) (*domain.Programme, *domain.WaveResult, error) {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return nil, nil, err
	}
	waveID, err := idParam(r, "waveID", "Nie ma takiego badania w tym programie.")
	if err != nil {
		return nil, nil, err
	}
	res, err := s.store.SurveyWaveResult(r.Context(), p.ID, waveID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.unitAccess(r, res.Wave.UnitID); err != nil {
		return nil, nil, err
	}
	return p, res, nil
}

// canReadOpenAnswers: the role may read open answers, a unit manager only
// of own units.
func canReadOpenAnswers(u *domain.User, unitID int64) bool {
	return u.Can(domain.PermOpenAnswers) && u.CanActOnUnit(unitID)
}

func compareURL(programmeID, questionnaireID, unitID int64, round int) string {
	return paths.SurveyCompare(programmeID) + "?" + url.Values{"q": {strconv.FormatInt(questionnaireID, 10)},
		"unit": {strconv.FormatInt(unitID, 10)}, "round": {strconv.Itoa(round)}}.Encode()
}

func benchmarkURL(programmeID, questionnaireID int64, round int) string {
	return paths.SurveyBenchmark(programmeID) + "?" + url.Values{"q": {strconv.FormatInt(questionnaireID, 10)},
		"round": {strconv.Itoa(round)}}.Encode()
}

func (s *Server) handleSurveyWaveResults(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, res, err := s.surveyWaveFromURL(r)
	if err != nil {
		return err
	}
	wave := res.Wave
	v := pages.SurveyWaveResultsView{Programme: p, Result: res, CanReadOpen: canReadOpenAnswers(webctx.User(ctx), wave.UnitID),
		Open: map[int64]pages.OpenAnswers{}, Benchmark: benchmarkURL(p.ID, wave.QuestionnaireID, wave.Round),
		Exports: []pages.SurveyExport{
			{Label: "Raport PDF", URL: paths.SurveyWaveReport(p.ID, wave.ID)},
			{Label: "Ankiety (CSV)", URL: paths.SurveyResponsesCSV(p.ID, wave.ID)},
			{Label: "Ankiety (XLSX)", URL: paths.SurveyResponsesXLSX(p.ID, wave.ID)},
		}}
	if v.CanReadOpen {
		for _, it := range res.Items {
			if it.Item.Kind != domain.ItemOpen {
				continue
			}
			code := it.Item.Code
			offset := 0
			if r.URL.Query().Get("pytanie") == code {
				offset = offsetParam(r)
			}
			texts, err := s.store.OpenAnswerPage(ctx, wave.ID, it.Item.ID, it.N, offset, pages.OpenAnswersPerPage)
			if err != nil {
				return err
			}
			v.Open[it.Item.ID] = pages.OpenAnswers{Texts: texts, Offset: offset, Total: it.N, Link: func(o int) string {
				return paths.SurveyWaveResults(p.ID, wave.ID) + "?" + url.Values{"pytanie": {code}, pages.ParamOffset: {strconv.Itoa(o)}}.Encode() + "#pytanie-" + code
			}}
		}
	}
	others, err := s.store.Waves(ctx, p.ID, store.WaveFilter{QuestionnaireID: wave.QuestionnaireID, UnitIDs: []int64{wave.UnitID}})
	if err != nil {
		return err
	}
	if round := compareRound(others, wave.Round); round > 0 {
		v.Compare = compareURL(p.ID, wave.QuestionnaireID, wave.UnitID, round)
	}
	s.render(w, r, http.StatusOK, pages.SurveyWaveResults(v))
	return nil
}

// compareRound is the follow-up round a wave is compared in: its own when
// it is a follow-up, the latest follow-up for a baseline; 0 when the unit
// lacks a baseline or a follow-up.
func compareRound(waves []*domain.SurveyWave, round int) int {
	baseline, latest := false, 0
	for _, w := range waves {
		if w.Round == 0 {
			baseline = true
		}
		latest = max(latest, w.Round)
	}
	switch {
	case !baseline || latest == 0:
		return 0
	case round > 0:
		return round
	}
	return latest
}

// surveyQuestionnaire picks the questionnaire of ?q= (the first one when
// missing) and lists the questionnaires as options.
func (s *Server) surveyQuestionnaire(r *http.Request, p *domain.Programme) (*domain.Questionnaire, []components.Option, error) {
	qs, err := s.store.Questionnaires(r.Context(), p.ID)
	if err != nil {
		return nil, nil, err
	}
	want := queryID(r, "q")
	var pick *domain.Questionnaire
	for _, q := range qs {
		if q.ID == want || (want == 0 && pick == nil) {
			pick = q
		}
	}
	opts := make([]components.Option, len(qs))
	for i, q := range qs {
		opts[i] = components.Option{Value: strconv.FormatInt(q.ID, 10), Label: q.Code + " — " + q.Name, Selected: pick != nil && q.ID == pick.ID}
	}
	return pick, opts, nil
}

// roundParam is ?round= (def when missing or malformed).
func roundParam(r *http.Request, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get("round"))
	if err != nil || n < 0 || n > 20 {
		return def
	}
	return n
}

func roundOptions(rounds []int, selected int) []components.Option {
	opts := make([]components.Option, len(rounds))
	for i, n := range rounds {
		opts[i] = components.Option{Value: strconv.Itoa(n), Label: domain.RoundLabel(n), Selected: n == selected}
	}
	return opts
}

func (s *Server) handleSurveyCompare(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	v := pages.SurveyCompareView{Programme: p, Message: "Program nie ma jeszcze kwestionariuszy."}
	q, qOpts, err := s.surveyQuestionnaire(r, p)
	if err != nil {
		return err
	}
	v.Pick.Questionnaires = qOpts
	v.Pick.Units = []components.Option{}
	if q == nil {
		s.render(w, r, http.StatusOK, pages.SurveyCompare(v))
		return nil
	}
	unitID := queryID(r, "unit")
	if unitID != 0 {
		if err := s.unitAccess(r, unitID); err != nil {
			return err
		}
	}
	filter := store.WaveFilter{QuestionnaireID: q.ID}
	if scope, limited := u.UnitScope(); limited {
		filter.UnitIDs = scope
	}
	waves, err := s.store.Waves(ctx, p.ID, filter)
	if err != nil {
		return err
	}
	var units []int64
	for _, wv := range waves {
		if !slices.Contains(units, wv.UnitID) {
			units = append(units, wv.UnitID)
			if unitID == 0 {
				unitID = wv.UnitID
			}
			v.Pick.Units = append(v.Pick.Units, components.Option{Value: strconv.FormatInt(wv.UnitID, 10), Label: wv.UnitName, Selected: wv.UnitID == unitID})
		}
	}
	var own []*domain.SurveyWave
	var rounds []int
	for _, wv := range waves {
		if wv.UnitID == unitID {
			own = append(own, wv)
			if wv.Round > 0 {
				rounds = append(rounds, wv.Round)
			}
			v.UnitName = wv.UnitName
		}
	}
	round := roundParam(r, compareRound(own, 0))
	v.Pick.Rounds = roundOptions(rounds, round)
	var base, follow *domain.SurveyWave
	for _, wv := range own {
		switch {
		case wv.Round == 0:
			base = wv
		case wv.Round == round:
			follow = wv
		}
	}
	if base == nil || follow == nil || round == 0 {
		v.Message = "Ta jednostka nie ma jeszcze obu pomiarów tym kwestionariuszem (wyjściowego i kontrolnego)."
		s.render(w, r, http.StatusOK, pages.SurveyCompare(v))
		return nil
	}
	b, err := s.store.SurveyWaveResult(ctx, p.ID, base.ID)
	if err != nil {
		return err
	}
	f, err := s.store.SurveyWaveResult(ctx, p.ID, follow.ID)
	if err != nil {
		return err
	}
	v.C = domain.CompareWaves(b, f)
	v.Baseline, v.FollowUp = paths.SurveyWaveResults(p.ID, base.ID), paths.SurveyWaveResults(p.ID, follow.ID)
	s.render(w, r, http.StatusOK, pages.SurveyCompare(v))
	return nil
}

// maxStrips is how many units' strips the benchmark page draws for a user
// who sees every unit by name; above it the table alone says it.
const maxStrips = 40

func (s *Server) handleSurveyBenchmark(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	v := pages.SurveyBenchmarkView{Programme: p, Message: "Program nie ma jeszcze kwestionariuszy."}
	_, v.Limited = u.UnitScope()
	q, qOpts, err := s.surveyQuestionnaire(r, p)
	if err != nil {
		return err
	}
	v.Pick.Questionnaires = qOpts
	v.Pick.Rounds = []components.Option{}
	if q == nil {
		s.render(w, r, http.StatusOK, pages.SurveyBenchmark(v))
		return nil
	}
	rounds, err := s.store.SurveyRounds(ctx, p.ID, q.ID)
	if err != nil {
		return err
	}
	def := 0
	if len(rounds) > 0 {
		def = rounds[len(rounds)-1]
	}
	round := roundParam(r, def)
	v.Pick.Rounds = roundOptions(rounds, round)
	v.Title = q.Name + ", " + domain.RoundLabel(round)
	waves, err := s.store.BenchmarkWaves(ctx, p.ID, q.ID, round)
	if err != nil {
		return err
	}
	v.Message = "Tym kwestionariuszem nie ma jeszcze badań w tym pomiarze."
	rows := domain.Benchmarks(waves)
	anon := 0
	for _, row := range rows {
		rv := pages.BenchmarkRowView{BenchmarkRow: row, Label: row.UnitName}
		own := u.CanActOnUnit(row.UnitID)
		if !own {
			rv.Label = domain.AnonymousUnit(anon)
			anon++
		} else {
			rv.Link = paths.SurveyWaveResults(p.ID, row.WaveID)
		}
		if row.Shown && own && (v.Limited || len(rows) <= maxStrips) {
			b := components.Benchmark{ID: "jednostka-" + strconv.FormatInt(row.WaveID, 10), Title: "Indeks satysfakcji: " + rv.Label + " na tle pozostałych jednostek",
				UnitLabel: rv.Label, Value: row.Index.Mean, Min: 0, Max: 100}
			if row.HasPeers {
				b.Peers = row.Peers
			}
			rv.Strip = &b
		}
		v.Rows = append(v.Rows, rv)
	}
	s.render(w, r, http.StatusOK, pages.SurveyBenchmark(v))
	return nil
}
