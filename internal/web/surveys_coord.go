package web

// The coordinator's survey work: the survey hub and questionnaires with
// their versions (surveys_waves_coord.go: waves; surveys_keyin.go: paper
// key-in and validation).

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// handleSurveys is a programme's survey hub.
func (s *Server) handleSurveys(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	qs, err := s.store.Questionnaires(r.Context(), p.ID)
	if err != nil {
		return err
	}
	// A unit manager sees the waves of own units (and their results).
	var f store.WaveFilter
	if ids, limited := webctx.User(r.Context()).UnitScope(); limited {
		f.UnitIDs = ids
	}
	waves, err := s.store.Waves(r.Context(), p.ID, f)
	if err != nil {
		return err
	}
	v := pages.SurveysView{Programme: p, Questionnaires: qs, Waves: waves, Today: s.today()}
	// The comparison of units opens on the first questionnaire's latest
	// round (the page offers the others).
	for _, wv := range waves {
		if wv.QuestionnaireID == waves[0].QuestionnaireID && (v.Benchmark == "" || wv.Round > v.BenchmarkRound) {
			v.Benchmark, v.BenchmarkRound = benchmarkURL(p.ID, wv.QuestionnaireID, wv.Round), wv.Round
		}
	}
	s.render(w, r, http.StatusOK, pages.Surveys(v))
	return nil
}

func (s *Server) questionnaireFromURL(r *http.Request, p *domain.Programme) (*domain.Questionnaire, error) {
	id, err := idParam(r, "questionnaireID", "Nie ma takiego kwestionariusza w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Questionnaire(r.Context(), p.ID, id)
}

func (s *Server) handleQuestionnaireNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	return s.renderQuestionnaireForm(w, r, http.StatusOK, p, nil, nil)
}

func (s *Server) handleQuestionnaireEdit(w http.ResponseWriter, r *http.Request) error {
	p, q, err := recordFromURL(s, r, s.questionnaireFromURL)
	if err != nil {
		return err
	}
	return s.renderQuestionnaireForm(w, r, http.StatusOK, p, q, nil)
}

func (s *Server) renderQuestionnaireForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, q *domain.Questionnaire, errs map[string]string) error {
	v := pages.QuestionnaireFormView{Programme: p, Questionnaire: q, Form: formState(r, errs)}
	if q != nil {
		var err error
		if v.Versions, err = s.store.QuestionnaireVersions(r.Context(), q.ID); err != nil {
			return err
		}
		if r.Method == http.MethodGet {
			latest, err := s.store.LatestVersion(r.Context(), q.ID)
			if err != nil {
				return err
			}
			v.Form.Values = pages.QuestionnaireValues(q, latest)
		}
	}
	s.render(w, r, status, pages.QuestionnaireForm(v))
	return nil
}

// handleQuestionnaireSave creates a questionnaire or saves a changed one
// (a new version when a wave uses the newest).
func (s *Server) handleQuestionnaireSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	var existing *domain.Questionnaire
	if chi.URLParam(r, "questionnaireID") != "" {
		if existing, err = s.questionnaireFromURL(r, p); err != nil {
			return err
		}
	}
	emptyItemRows(r, false)
	if editRows(r, pages.QuestionnaireRowGroups) {
		emptyItemRows(r, true)
		return s.renderQuestionnaireForm(w, r, http.StatusOK, p, existing, nil)
	}
	q, v, f := questionnaireForm(r, p.ID)
	if existing != nil {
		q.ID = existing.ID
	}
	saved, err := saveFlow{f: f,
		save: func() error { return s.store.SaveQuestionnaire(r.Context(), s.actor(r), q, v) },
		validate: func() error {
			all := domain.Validation{}
			for _, e := range []error{q.Validate(), v.Validate()} {
				for k, m := range domain.FieldErrors(e) {
					all.Add(k, m)
				}
			}
			return all.Err()
		},
		invalid: func() error {
			return s.renderQuestionnaireForm(w, r, http.StatusUnprocessableEntity, p, existing, f.errs)
		},
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano kwestionariusz "+q.Code+" (wersja "+strconv.Itoa(v.Version)+").")
	s.redirectFlash(w, r, paths.Surveys(p.ID)+"#kwestionariusze")
	return nil
}

// emptyItemRows gives the rows nobody typed into (no section, code, text,
// options or length) blank selects, so they count as empty rows and are
// dropped; with defaults, it gives them the defaults of a new row instead.
func emptyItemRows(r *http.Request, defaults bool) {
	n := 0
	for _, name := range pages.ItemFields {
		n = max(n, len(r.PostForm[name]))
	}
	for idx := 0; idx < n; idx++ {
		blank := true
		for _, name := range pages.ItemTextFields {
			if v := r.PostForm[name]; idx < len(v) && strings.TrimSpace(v[idx]) != "" {
				blank = false
			}
		}
		if !blank {
			continue
		}
		for _, name := range pages.ItemFields {
			v := r.PostForm[name]
			for len(v) <= idx {
				v = append(v, "")
			}
			v[idx] = ""
			if defaults {
				switch name {
				case pages.FieldItemKind:
					v[idx] = string(domain.ItemLikert)
				case pages.FieldItemPoints:
					v[idx] = "5"
				case pages.FieldItemRole:
					v[idx] = pages.ItemRoleIndex
				}
			}
			r.PostForm[name] = v
		}
	}
}

// questionnaireForm reads the questionnaire form: the questionnaire, its
// content as a version, and the rows' messages of what did not parse.
func questionnaireForm(r *http.Request, programmeID int64) (*domain.Questionnaire, *domain.QuestionnaireVersion, *formReader) {
	f := newFormReader(r)
	q := &domain.Questionnaire{ProgrammeID: programmeID, Code: f.str(domain.FieldQCode), Kind: domain.SurveyKind(f.str(domain.FieldQKind)),
		Name: f.str(domain.FieldQName)}
	v := &domain.QuestionnaireVersion{Intro: f.str(domain.FieldQIntro), IndexMethod: domain.IndexMethod(f.str(domain.FieldQMethod))}
	col := map[string]int{}
	for j, name := range pages.ItemFields {
		col[name] = j
	}
	f.rows(pages.ItemFields, func(i, _ int, vals []string) {
		get := func(name string) string { return vals[col[name]] }
		it := domain.SurveyItem{Section: get(pages.FieldItemSection), Code: get(pages.FieldItemCode), Kind: domain.ItemKind(get(pages.FieldItemKind)),
			Text: get(pages.FieldItemText), DontKnow: get(pages.FieldItemDontKnow) == "1", Required: get(pages.FieldItemRequired) == "1"}
		switch get(pages.FieldItemRole) {
		case pages.ItemRoleIndex:
			// The default of a row: only a Likert item can count.
			it.InIndex = it.Kind == domain.ItemLikert
		case pages.ItemRoleProfile:
			it.Profile = true
		}
		switch it.Kind {
		case domain.ItemLikert:
			it.ScalePoints, _ = strconv.Atoi(get(pages.FieldItemPoints))
		case domain.ItemSingle, domain.ItemMulti:
			for _, l := range strings.Split(get(pages.FieldItemOptions), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					it.Options = append(it.Options, domain.SurveyOption{Label: l})
				}
			}
		case domain.ItemOpen:
			if m := get(pages.FieldItemMax); m != "" {
				n, err := strconv.Atoi(m)
				if err != nil || n < 1 || n > 4000 {
					f.errs.Add(domain.ItemField(i, "max"), "Pytanie "+strconv.Itoa(i+1)+": długość odpowiedzi od 1 do 4000 znaków.")
					n = 500
				}
				it.MaxLength = n
			}
		}
		v.Items = append(v.Items, it)
	})
	return q, v, f
}

// handleQuestionnaireVersion shows one version of a questionnaire.
func (s *Server) handleQuestionnaireVersion(w http.ResponseWriter, r *http.Request) error {
	p, q, err := recordFromURL(s, r, s.questionnaireFromURL)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(chi.URLParam(r, "version"))
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "Kwestionariusz nie ma takiej wersji.")
	}
	versions, err := s.store.QuestionnaireVersions(r.Context(), q.ID)
	if err != nil {
		return err
	}
	for _, qv := range versions {
		if qv.Version == n {
			full, err := s.store.QuestionnaireVersion(r.Context(), qv.ID)
			if err != nil {
				return err
			}
			s.render(w, r, http.StatusOK, pages.QuestionnaireVersionPage(pages.QuestionnaireVersionView{Programme: p, Questionnaire: q, Version: full}))
			return nil
		}
	}
	return domain.Errorf(domain.ENOTFOUND, "Kwestionariusz nie ma takiej wersji.")
}
