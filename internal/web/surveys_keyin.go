package web

// Paper key-in (first and second keying, the mismatch report) and
// validation batches of a wave.

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// paramKeyDay carries the date of the forms being keyed to the next one.
const paramKeyDay = "dzien"

// keyDay is the date a key-in form starts with: the one of the previous
// sheet, else today within the wave's dates.
func (s *Server) keyDay(r *http.Request, wave *domain.SurveyWave) time.Time {
	if d, err := domain.ParseDate(r.URL.Query().Get(paramKeyDay)); err == nil {
		return d
	}
	day := s.today()
	if day.After(wave.ClosesOn) {
		day = wave.ClosesOn
	}
	if day.Before(wave.OpensOn) {
		day = wave.OpensOn
	}
	return day
}

// handleWaveKeyPage is the empty key-in form (second: the second keying).
func (s *Server) handleWaveKeyPage(second bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, wave, err := recordFromURL(s, r, s.waveFromURL)
		if err != nil {
			return err
		}
		if wave.Closed() {
			return domain.Errorf(domain.ECONFLICT, "Badanie jest zakończone – nie można już wpisywać ankiet.")
		}
		r.PostForm = url.Values{}
		if !second {
			next, err := s.store.NextSheet(r.Context(), wave.ID)
			if err != nil {
				return err
			}
			r.PostForm.Set(domain.FieldWaveSheet, next)
			r.PostForm.Set(domain.FieldWaveAnswers, s.keyDay(r, wave).Format(time.DateOnly))
		}
		return s.renderKeyPage(w, r, http.StatusOK, p, wave, second, nil)
	}
}

func (s *Server) renderKeyPage(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, wave *domain.SurveyWave, second bool, errs map[string]string) error {
	v, err := s.store.QuestionnaireVersion(r.Context(), wave.VersionID)
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.KeyPage(pages.KeyView{Programme: p, Wave: wave, Version: v, Second: second, Form: formState(r, errs)}))
	return nil
}

// readAnswers reads a key-in form's answers to the version's items.
func readAnswers(f *formReader, v *domain.QuestionnaireVersion) []domain.SurveyAnswer {
	var out []domain.SurveyAnswer
	for i := range v.Items {
		it := &v.Items[i]
		name := domain.AnswerField(it)
		if it.Kind == domain.ItemOpen {
			if t := f.str(name); t != "" {
				out = append(out, domain.SurveyAnswer{ItemID: it.ID, Text: t})
			}
			continue
		}
		for _, raw := range f.r.PostForm[name] {
			if raw == "" {
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil {
				f.errs.Add(name, "Pytanie "+strconv.Itoa(it.Position)+": wybierz jedną z podanych odpowiedzi.")
				break
			}
			out = append(out, domain.SurveyAnswer{ItemID: it.ID, Value: n})
		}
	}
	return out
}

// handleWaveKey saves one keyed sheet and opens the next empty form.
func (s *Server) handleWaveKey(second bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, wave, err := recordFromURL(s, r, s.waveFromURL)
		if err != nil {
			return err
		}
		if wave.Closed() {
			return domain.Errorf(domain.ECONFLICT, "Badanie jest zakończone – nie można już wpisywać ankiet.")
		}
		v, err := s.store.QuestionnaireVersion(r.Context(), wave.VersionID)
		if err != nil {
			return err
		}
		f := newFormReader(r)
		sheet := f.str(domain.FieldWaveSheet)
		if sheet == "" {
			f.errs.Add(domain.FieldWaveSheet, "Podaj numer formularza (z pola „Nr formularza” na kartce).")
		}
		var day time.Time
		if !second {
			day = f.date(f.str(domain.FieldWaveAnswers), domain.FieldWaveAnswers, true)
			if !day.IsZero() && (day.Before(wave.OpensOn) || day.After(wave.ClosesOn)) {
				f.errs.Add(domain.FieldWaveAnswers, "Data wypełnienia musi mieścić się w terminie badania: "+
					wave.OpensOn.Format("02.01.2006")+" – "+wave.ClosesOn.Format("02.01.2006")+".")
			}
		}
		answers := readAnswers(f, v)
		resp := &domain.SurveyResponse{WaveID: wave.ID, Sheet: sheet, Answers: answers}
		saved, err := saveFlow{f: f,
			save: func() error {
				if second {
					return s.store.KeySecondTime(r.Context(), s.actor(r), wave.ID, sheet, answers)
				}
				return s.store.KeyPaperResponse(r.Context(), s.actor(r), resp, day)
			},
			validate: func() error { return v.CheckAnswers(answers) },
			invalid:  func() error { return s.renderKeyPage(w, r, http.StatusUnprocessableEntity, p, wave, second, f.errs) },
		}.run()
		if !saved {
			return err
		}
		if second {
			s.flash(r, "success", "Zapisano drugie wprowadzenie formularza nr "+sheet+".")
			s.redirectFlash(w, r, paths.WaveSecondKey(p.ID, wave.ID)+"#wpisz")
			return nil
		}
		s.flash(r, "success", "Zapisano formularz nr "+sheet+".")
		s.redirectFlash(w, r, paths.WaveKey(p.ID, wave.ID)+"?"+paramKeyDay+"="+day.Format(time.DateOnly)+"#wpisz")
		return nil
	}
}

// handleKeyingReport lists the items keyed differently the second time.
func (s *Server) handleKeyingReport(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	rep, err := s.store.KeyingReport(r.Context(), wave.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.KeyingReportPage(pages.KeyingReportView{Programme: p, Wave: wave, Report: rep}))
	return nil
}

// handleWaveValidation lists a wave's validation batches.
func (s *Server) handleWaveValidation(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	r.PostForm = url.Values{domain.FieldBatchFrom: {wave.OpensOn.Format(time.DateOnly)}, domain.FieldBatchTo: {wave.ClosesOn.Format(time.DateOnly)}}
	return s.renderValidation(w, r, http.StatusOK, p, wave, nil)
}

func (s *Server) renderValidation(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, wave *domain.SurveyWave, errs map[string]string) error {
	batches, err := s.store.Batches(r.Context(), wave.ID)
	if err != nil {
		return err
	}
	counts, err := s.store.ValidationCounts(r.Context(), wave.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.ValidationPage(pages.ValidationView{Programme: p, Wave: wave, Batches: batches, Counts: counts, Form: formState(r, errs)}))
	return nil
}

// handleWaveBatch decides a validation batch.
func (s *Server) handleWaveBatch(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	if wave.Closed() {
		return domain.Errorf(domain.ECONFLICT, "Badanie jest zakończone: jego ankiety są zamrożone, więc ich weryfikacji nie można już zmienić.")
	}
	f := newFormReader(r)
	b := &domain.SurveyBatch{WaveID: wave.ID, State: domain.ValidationState(f.str(domain.FieldBatchState)), Reason: f.str(domain.FieldBatchReason),
		Channel: domain.SurveyChannel(f.str(domain.FieldBatchChannel))}
	b.From = f.date(f.str(domain.FieldBatchFrom), domain.FieldBatchFrom, true)
	b.To = f.date(f.str(domain.FieldBatchTo), domain.FieldBatchTo, true)
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.DecideBatch(r.Context(), s.actor(r), b) },
		validate: b.Validate,
		invalid:  func() error { return s.renderValidation(w, r, http.StatusUnprocessableEntity, p, wave, f.errs) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano decyzję: "+b.State.Label()+" – "+strconv.Itoa(b.Responses)+" ankiet ("+b.Description+").")
	s.redirectFlash(w, r, paths.WaveValidation(p.ID, wave.ID)+"#weryfikacja")
	return nil
}
