package web

// The public survey form (/ankieta/{key}): anyone answers a wave's
// questionnaire without signing in. No session, cookie or CSRF token
// (withSession leaves these paths out; cross-site posts are still refused
// by crossOrigin). Abuse control tracks no one: a per-address rate limit
// in memory (surveys_limit.go), a honeypot field and a signed minimum
// fill time; the body is small (bodyLimit). Answers carry only the date.

import (
	"crypto/hmac"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"kaizen/internal/domain"
	"kaizen/internal/store"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

const (
	// surveyMinFill is the least time between opening the form and
	// sending it: a person cannot answer faster, a script does.
	surveyMinFill = 5 * time.Second
	// surveyStampAge is how long an opened form may be sent.
	surveyStampAge = 24 * time.Hour
	keySurveyForm  = "survey-form"
	// maxSurveyBody is the largest answer a public form may send (a few
	// long open answers, percent-encoded).
	maxSurveyBody = 256 << 10
)

// publicSurveyPath tells the paths of the public form, which run without
// the session stack.
func publicSurveyPath(p string) bool { return strings.HasPrefix(p, "/ankieta/") }

// surveyStamp signs the instant the form of wave key was shown.
func (s *Server) surveyStamp(r *http.Request, key string, at time.Time) (string, error) {
	k, err := s.authKey(r.Context(), keySurveyForm)
	if err != nil {
		return "", err
	}
	sec := strconv.FormatInt(at.Unix(), 10)
	return sec + "." + mac(k, "survey-form", key, sec), nil
}

// stampAge checks a stamp of wave key; ok is false when it is missing,
// forged or from another form.
func (s *Server) stampAge(r *http.Request, key, stamp string, now time.Time) (age time.Duration, ok bool, err error) {
	sec, sig, found := strings.Cut(stamp, ".")
	n, perr := strconv.ParseInt(sec, 10, 64)
	if !found || perr != nil {
		return 0, false, nil
	}
	k, err := s.authKey(r.Context(), keySurveyForm)
	if err != nil {
		return 0, false, err
	}
	if !hmac.Equal([]byte(sig), []byte(mac(k, "survey-form", key, sec))) {
		return 0, false, nil
	}
	return now.Sub(time.Unix(n, 0)), true, nil
}

// publicWave loads the wave of the path's key and its questionnaire.
func (s *Server) publicWave(r *http.Request) (*domain.SurveyWave, *domain.QuestionnaireVersion, error) {
	w, err := s.store.WaveByKey(r.Context(), chi.URLParam(r, "key"))
	if err != nil {
		return nil, nil, err
	}
	v, err := s.store.QuestionnaireVersion(r.Context(), w.VersionID)
	if err != nil {
		return nil, nil, err
	}
	return w, v, nil
}

// surveyMessage is a plain message page of the public form.
func (s *Server) surveyMessage(w http.ResponseWriter, r *http.Request, status int, title, msg, unit string) {
	s.render(w, r, status, pages.PublicSurveyMessage(pages.PublicMessageView{Title: title, Message: msg, UnitName: unit}))
}

// surveyError answers an error of the public form with its plain page.
func (s *Server) surveyError(w http.ResponseWriter, r *http.Request, err error, unit string) {
	switch domain.ErrorCode(err) {
	case domain.ENOTFOUND:
		s.surveyMessage(w, r, http.StatusNotFound, "Nie ma takiej ankiety", domain.ErrorMessage(err), unit)
	case domain.ECONFLICT:
		s.surveyMessage(w, r, http.StatusConflict, "Nie można przyjąć odpowiedzi", domain.ErrorMessage(err), unit)
	default:
		s.renderError(w, r, err)
	}
}

// closedStatus is the status of a wave that takes no answers on day: 410
// once it has ended, 409 before it starts.
func closedStatus(wave *domain.SurveyWave, day time.Time) int {
	if !wave.Closed() && day.Before(wave.OpensOn) {
		return http.StatusConflict
	}
	return http.StatusGone
}

// available checks that the wave takes answers today through this link;
// it writes the refusal page and reports false when not.
func (s *Server) available(w http.ResponseWriter, r *http.Request, wave *domain.SurveyWave, token string) bool {
	day := domain.TodayIn(s.surveyNow())
	if ok, msg := wave.Accepts(day); !ok {
		s.surveyMessage(w, r, closedStatus(wave, day), "Ankieta jest niedostępna", msg, wave.UnitName)
		return false
	}
	if !wave.Online && token == "" {
		s.surveyMessage(w, r, http.StatusNotFound, "Ankieta jest niedostępna",
			"Tej ankiety nie wypełnia się przez internet. Poproś w urzędzie o formularz papierowy.", wave.UnitName)
		return false
	}
	return true
}

func (s *Server) handlePublicSurvey(w http.ResponseWriter, r *http.Request) error {
	wave, v, err := s.publicWave(r)
	if err != nil {
		s.surveyError(w, r, err, "")
		return nil
	}
	token := r.URL.Query().Get(paths.SurveyTokenParam)
	if !s.available(w, r, wave, token) {
		return nil
	}
	if token != "" {
		open, err := s.store.InvitationOpen(r.Context(), wave.ID, token)
		if err != nil {
			return err
		}
		if !open {
			s.surveyMessage(w, r, http.StatusConflict, "Link został już wykorzystany", msgTokenUsed, wave.UnitName)
			return nil
		}
	}
	stamp, err := s.surveyStamp(r, wave.PublicKey, s.surveyNow())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.PublicSurvey(pages.NewPublicSurveyView(wave, v, token, stamp)))
	return nil
}

// #nosec G101 -- a message to a respondent, not a credential
const msgTokenUsed = "Ten link z zaproszenia został już wykorzystany albo jest nieważny. Każda osoba odpowiada raz – dziękujemy, jeśli ankieta jest już wypełniona."

func (s *Server) handlePublicSurveySubmit(w http.ResponseWriter, r *http.Request) error {
	now := s.surveyNow()
	if ok, wait := s.survey.allow(s.clientAddr(r), now); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.surveyMessage(w, r, http.StatusTooManyRequests, "Zbyt wiele ankiet z jednego miejsca",
			"Z Twojej sieci wysłano w krótkim czasie bardzo dużo ankiet, więc na chwilę wstrzymaliśmy przyjmowanie kolejnych. "+
				"Spróbuj ponownie za kilka minut. Jeśli Twoja ankieta została już wysłana, nie musisz nic robić.", "")
		return nil
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	wave, v, err := s.publicWave(r)
	if err != nil {
		s.surveyError(w, r, err, "")
		return nil
	}
	token := r.PostForm.Get(pages.FieldSurveyToken)
	if !s.available(w, r, wave, token) {
		return nil
	}
	// A filled honeypot: the same thanks as a person gets, nothing saved.
	if r.PostForm.Get(pages.FieldSurveyHoneypot) != "" {
		redirect(w, r, paths.PublicSurveyThanks(wave.PublicKey))
		return nil
	}
	view := pages.NewPublicSurveyView(wave, v, token, r.PostForm.Get(pages.FieldSurveyStamp))
	view.Values = r.PostForm
	age, signed, err := s.stampAge(r, wave.PublicKey, view.Stamp, now)
	if err != nil {
		return err
	}
	switch {
	case !signed || age > surveyStampAge || age < -time.Minute:
		view.Message = "Nie udało się przyjąć ankiety, bo formularz jest nieaktualny albo niepełny. Twoje odpowiedzi są poniżej – sprawdź je i wyślij ankietę jeszcze raz."
		if view.Stamp, err = s.surveyStamp(r, wave.PublicKey, now); err != nil {
			return err
		}
	case age < surveyMinFill:
		view.Message = "Ankieta została wysłana zbyt szybko po otwarciu. Twoje odpowiedzi są poniżej – sprawdź je i wyślij ankietę jeszcze raz."
	}
	if view.Message != "" {
		s.render(w, r, http.StatusUnprocessableEntity, pages.PublicSurvey(view))
		return nil
	}
	resp := &domain.SurveyResponse{WaveID: wave.ID, Channel: domain.ChannelOnline, Answers: surveyAnswers(v, r.PostForm)}
	err = s.store.SubmitResponse(r.Context(), resp, domain.TodayIn(now), token)
	switch {
	case err == nil:
		redirect(w, r, paths.PublicSurveyThanks(wave.PublicKey))
		return nil
	case domain.ErrorCode(err) == domain.EINVALID:
		view.Errors = domain.FieldErrors(err)
		if len(view.Errors) == 0 {
			view.Message = domain.ErrorMessage(err)
		}
		s.render(w, r, http.StatusUnprocessableEntity, pages.PublicSurvey(view))
		return nil
	case errors.Is(err, store.ErrWaveClosed):
		s.surveyMessage(w, r, http.StatusGone, "Ankieta jest niedostępna", domain.ErrorMessage(err), wave.UnitName)
		return nil
	}
	// A used invitation link, or a wave that ended meanwhile: the store's
	// plain message.
	s.surveyError(w, r, err, wave.UnitName)
	return nil
}

func (s *Server) handlePublicSurveyThanks(w http.ResponseWriter, r *http.Request) error {
	wave, err := s.store.WaveByKey(r.Context(), chi.URLParam(r, "key"))
	if err != nil {
		s.surveyError(w, r, err, "")
		return nil
	}
	s.render(w, r, http.StatusOK, pages.PublicSurveyThanks(wave.UnitName))
	return nil
}

// surveyAnswers reads the form's answers to the version's items: a value
// that is no number stays as an impossible one, so the version's check
// names the question; an open answer counts a line break as one character,
// as the browser's maxlength does.
func surveyAnswers(v *domain.QuestionnaireVersion, form url.Values) []domain.SurveyAnswer {
	var out []domain.SurveyAnswer
	for i := range v.Items {
		it := &v.Items[i]
		vals := form[domain.AnswerField(it)]
		if it.Kind == domain.ItemOpen {
			if len(vals) == 0 {
				continue
			}
			if t := strings.TrimSpace(strings.ReplaceAll(vals[0], "\r\n", "\n")); t != "" {
				out = append(out, domain.SurveyAnswer{ItemID: it.ID, Text: t})
			}
			continue
		}
		for _, s := range vals {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 1000 {
				n = -1
			}
			out = append(out, domain.SurveyAnswer{ItemID: it.ID, Value: n})
		}
	}
	return out
}
