package web

// Survey waves for the coordinator: a new wave, its page with the public
// link and QR code, the paper form as PDF, closing.

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

func (s *Server) waveFromURL(r *http.Request, p *domain.Programme) (*domain.SurveyWave, error) {
	id, err := idParam(r, "waveID", "Nie ma takiego badania w tym programie.")
	if err != nil {
		return nil, err
	}
	return s.store.Wave(r.Context(), p.ID, id)
}

func (s *Server) handleWaveNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	today := s.today()
	r.PostForm = map[string][]string{domain.FieldWaveOpens: {today.Format(time.DateOnly)},
		domain.FieldWaveCloses: {today.AddDate(0, 0, 30).Format(time.DateOnly)}, domain.FieldWaveOnline: {"1"}, domain.FieldWaveRound: {"0"}}
	return s.renderWaveForm(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderWaveForm(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, errs map[string]string) error {
	qs, err := s.store.Questionnaires(r.Context(), p.ID)
	if err != nil {
		return err
	}
	units, err := s.store.Participations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, pages.WaveForm(pages.WaveFormView{Programme: p, Questionnaires: qs, Units: units, Form: formState(r, errs)}))
	return nil
}

// handleWaveCreate starts a wave.
func (s *Server) handleWaveCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	wave := &domain.SurveyWave{ProgrammeID: p.ID, Online: f.str(domain.FieldWaveOnline) == "1"}
	if id := f.optionalID(domain.FieldWaveUnit, domain.FieldWaveUnit); id != nil {
		wave.UnitID = *id
	}
	if id := f.optionalID(domain.FieldWaveQ, domain.FieldWaveQ); id != nil {
		wave.QuestionnaireID = *id
	}
	wave.Round = f.integer(f.str(domain.FieldWaveRound), domain.FieldWaveRound, true)
	wave.OpensOn = f.date(f.str(domain.FieldWaveOpens), domain.FieldWaveOpens, true)
	wave.ClosesOn = f.date(f.str(domain.FieldWaveCloses), domain.FieldWaveCloses, true)
	wave.TargetSample = f.integer(f.str(domain.FieldWaveTarget), domain.FieldWaveTarget, false)
	if wave.TargetSample < 0 {
		f.errs.Add(domain.FieldWaveTarget, "Planowana liczba ankiet: od 1 do 1 000 000 albo puste pole.")
	}
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.CreateWave(r.Context(), s.actor(r), wave, p.Start, p.End) },
		validate: func() error { return wave.Validate(p.Start, p.End) },
		invalid:  func() error { return s.renderWaveForm(w, r, http.StatusUnprocessableEntity, p, f.errs) },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Rozpoczęto badanie "+wave.Code+".")
	s.redirectFlash(w, r, paths.Wave(p.ID, wave.ID)+"#badanie")
	return nil
}

// publicLink is the absolute address of a wave's public form: under the
// configured base address (KAIZEN_BASE_URL), else the address the request
// came to.
func (s *Server) publicLink(r *http.Request, key string) string {
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.cfg.SecureCookies {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + paths.PublicSurvey(key)
}

// qrModules is the QR code of text (medium error correction), without
// its quiet zone; nil when it cannot be made.
func qrModules(text string) [][]bool {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil
	}
	q.DisableBorder = true
	return q.Bitmap()
}

// handleWave is a wave's page.
func (s *Server) handleWave(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	tot, _, err := s.store.WaveResults(r.Context(), wave.ID)
	if err != nil {
		return err
	}
	counts, err := s.store.ValidationCounts(r.Context(), wave.ID)
	if err != nil {
		return err
	}
	v := pages.WaveView{Programme: p, Wave: wave, Today: s.today(), Online: tot.Online, Paper: tot.Paper, Invited: tot.Invited,
		Total: tot.Responses, Held: counts[domain.ValidationOnHold] + counts[domain.ValidationRejected]}
	if wave.Online {
		v.Link = s.publicLink(r, wave.PublicKey)
		v.QR = qrModules(v.Link)
	}
	s.render(w, r, http.StatusOK, pages.WavePage(v))
	return nil
}

// handleWaveSheetPDF prints the wave's questionnaire for paper collection.
func (s *Server) handleWaveSheetPDF(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	v, err := s.store.QuestionnaireVersion(r.Context(), wave.VersionID)
	if err != nil {
		return err
	}
	sheet := pdf.SurveySheet{Name: wave.QuestionnaireName, Unit: wave.UnitName, WaveCode: wave.Code, Round: domain.RoundLabel(wave.Round),
		Intro: v.Intro, Items: v.Items, PrintedFor: p.Code + " " + p.Title}
	if wave.Online {
		sheet.Link = s.publicLink(r, wave.PublicKey)
		sheet.QR = qrModules(sheet.Link)
	}
	var buf bytes.Buffer
	if err := pdf.WriteSurveySheet(&buf, sheet); err != nil {
		return err
	}
	download(w, "application/pdf", "ankieta-"+asciiName(wave.Code, "")+".pdf", buf.Bytes())
	return nil
}

// handleWaveCloseConfirm states what closing means and asks again;
// nothing is saved.
func (s *Server) handleWaveCloseConfirm(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	if wave.Closed() {
		return domain.Errorf(domain.ECONFLICT, "To badanie jest już zakończone.")
	}
	s.render(w, r, http.StatusOK, pages.WaveClosePage(pages.WaveCloseView{Programme: p, Wave: wave, Today: s.today()}))
	return nil
}

// handleWaveClose closes a wave (after the confirmation).
func (s *Server) handleWaveClose(w http.ResponseWriter, r *http.Request) error {
	p, wave, err := recordFromURL(s, r, s.waveFromURL)
	if err != nil {
		return err
	}
	if err := s.store.CloseWave(r.Context(), s.actor(r), wave.ID); err != nil {
		return err
	}
	s.flash(r, "success", "Zakończono badanie "+wave.Code+": "+strconv.Itoa(wave.Responses)+" ankiet. Późniejsze odpowiedzi będą odrzucane.")
	s.redirectFlash(w, r, paths.Wave(p.ID, wave.ID)+"#badanie")
	return nil
}
