package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/paths"
)

// Fields of the public survey form besides the answers (domain.AnswerField).
const (
	// FieldSurveyToken carries a personal invitation's token (the link's
	// ?t=) into the answers.
	FieldSurveyToken = paths.SurveyTokenParam
	// FieldSurveyStamp is the signed instant the form was shown.
	FieldSurveyStamp = "otwarto"
	// FieldSurveyHoneypot is hidden from people and from assistive
	// technology; only scripts fill it in.
	FieldSurveyHoneypot = "strona_www"
)

// PublicSurveyView is the public form of a wave's questionnaire, empty or
// as sent with its errors.
type PublicSurveyView struct {
	Wave    *domain.SurveyWave
	Version *domain.QuestionnaireVersion
	Token   string
	Stamp   string
	Values  map[string][]string // as sent
	Errors  map[string]string
	Message string // about the whole form (sent too soon, out of date)
}

// NewPublicSurveyView is the empty form of wave.
func NewPublicSurveyView(w *domain.SurveyWave, v *domain.QuestionnaireVersion, token, stamp string) PublicSurveyView {
	return PublicSurveyView{Wave: w, Version: v, Token: token, Stamp: stamp}
}

// PublicMessageView is a plain message of the public form (closed, too
// many answers, a used link).
type PublicMessageView struct {
	Title    string
	Message  string
	UnitName string
}

// surveySection is a run of items under one section heading ("" none).
type surveySection struct {
	Title string
	Items []domain.SurveyItem
}

func (v PublicSurveyView) sections() []surveySection {
	var out []surveySection
	for _, it := range v.Version.Items {
		if len(out) == 0 || out[len(out)-1].Title != it.Section {
			out = append(out, surveySection{Title: it.Section})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}

// order lists the answer fields as they stand on the page.
func (v PublicSurveyView) order() []string {
	out := make([]string, 0, len(v.Version.Items))
	for i := range v.Version.Items {
		out = append(out, domain.AnswerField(&v.Version.Items[i]))
	}
	return out
}

func (v PublicSurveyView) chosen(it domain.SurveyItem, value int) bool {
	want := strconv.Itoa(value)
	for _, s := range v.Values[domain.AnswerField(&it)] {
		if s == want {
			return true
		}
	}
	return false
}

func (v PublicSurveyView) text(it domain.SurveyItem) string {
	if vs := v.Values[domain.AnswerField(&it)]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

func (v PublicSurveyView) fieldError(it domain.SurveyItem) string {
	return v.Errors[domain.AnswerField(&it)]
}

// questionLabel is an item's number and text, as the messages name it.
func questionLabel(it domain.SurveyItem) string {
	return strconv.Itoa(it.Position) + ". " + it.Text
}

// questionID is the element id of an item's field (the error summary
// links to it).
func questionID(it domain.SurveyItem) string { return "f-" + domain.AnswerField(&it) }

func optionID(it domain.SurveyItem, i int) string { return questionID(it) + "-" + strconv.Itoa(i) }

func questionDescribedBy(it domain.SurveyItem, hint bool, err string) string {
	s := ""
	if hint {
		s = questionID(it) + "-hint"
	}
	if err != "" {
		if s != "" {
			s += " "
		}
		s += questionID(it) + "-error"
	}
	return s
}

// optionClass marks the "nie wiem" answer of a scale, set apart from the
// scale itself.
func optionClass(o domain.SurveyOption, it domain.SurveyItem) string {
	if it.Kind == domain.ItemLikert && o.Value == domain.DontKnow {
		return "option dont-know"
	}
	return "option"
}

func questionClass(it domain.SurveyItem) string { return "field survey-q q-" + string(it.Kind) }
