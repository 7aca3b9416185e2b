package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Satisfaction surveys: a programme's questionnaires (customers,
// employees, other), versioned; a wave is one version in one unit in one
// round (0: the baseline, 1, 2 …: follow-ups); responses are anonymous.

// SurveyOther is a questionnaire that feeds no satisfaction indicator.
const SurveyOther SurveyKind = "other"

// SurveyKinds lists the kinds in the order the UI shows them.
var SurveyKinds = []SurveyKind{SurveyCustomer, SurveyEmployee, SurveyOther}

// Label is the kind's Polish name.
func (k SurveyKind) Label() string {
	switch k {
	case SurveyCustomer:
		return "klienci"
	case SurveyEmployee:
		return "pracownicy"
	case SurveyOther:
		return "inne"
	}
	return string(k)
}

// ItemKind is what an item asks for.
type ItemKind string

const (
	ItemLikert ItemKind = "likert" // a grid row on a 4- or 5-point scale
	ItemSingle ItemKind = "single" // one of the options
	ItemMulti  ItemKind = "multi"  // any of the options
	ItemOpen   ItemKind = "open"   // a short text
)

// ItemKinds lists the kinds in the order the UI shows them.
var ItemKinds = []ItemKind{ItemLikert, ItemSingle, ItemMulti, ItemOpen}

// Label is the kind's Polish name.
func (k ItemKind) Label() string {
	switch k {
	case ItemLikert:
		return "skala (Likert)"
	case ItemSingle:
		return "jednokrotny wybór"
	case ItemMulti:
		return "wielokrotny wybór"
	case ItemOpen:
		return "odpowiedź otwarta"
	}
	return string(k)
}

// IndexMethod is how a questionnaire's satisfaction index is scored.
type IndexMethod string

const (
	// IndexTop2: per response the share of its index items answered with
	// one of the two best answers, on 0–100; the index is the mean.
	IndexTop2 IndexMethod = "top2"
	// IndexMean100: per response the mean of its index items mapped onto
	// 0–100 (the worst answer 0, the best 100); the index is the mean.
	IndexMean100 IndexMethod = "mean100"
)

// Label states the method as the results page does.
func (m IndexMethod) Label() string {
	switch m {
	case IndexTop2:
		return "odsetek dwóch najlepszych odpowiedzi (top-2) w pytaniach indeksu, średnio na ankietę, 0–100"
	case IndexMean100:
		return "średnia odpowiedzi w pytaniach indeksu na skali 0–100 (najgorsza 0, najlepsza 100), średnio na ankietę"
	}
	return string(m)
}

// DontKnow is the value of a Likert item's "nie wiem / nie dotyczy".
const DontKnow = 0

// DontKnowLabel is its label.
const DontKnowLabel = "nie wiem / nie dotyczy"

// LikertLabels are the Polish labels of a 4- or 5-point scale, worst first.
func LikertLabels(points int) []string {
	if points == 4 {
		return []string{"zdecydowanie nie", "raczej nie", "raczej tak", "zdecydowanie tak"}
	}
	return []string{"zdecydowanie nie", "raczej nie", "ani tak, ani nie", "raczej tak", "zdecydowanie tak"}
}

// SurveyOption is one answer option of an item (value 1 … n; 0 is
// "nie wiem" of a Likert item).
type SurveyOption struct {
	Value int
	Label string
}

// SurveyItem is one question of a questionnaire version.
type SurveyItem struct {
	ID          int64
	Position    int
	Code        string // stable across versions
	Section     string
	Kind        ItemKind
	Profile     bool // part of the respondent profile (metryka)
	Text        string
	Required    bool
	ScalePoints int  // Likert: 4 or 5
	DontKnow    bool // Likert: "nie wiem / nie dotyczy" offered
	InIndex     bool // Likert: counts in the satisfaction index
	MaxLength   int  // open: at most so many characters
	Options     []SurveyOption
}

// Questionnaire is a programme's questionnaire; its content lives in its
// versions.
type Questionnaire struct {
	ID          int64
	ProgrammeID int64
	Code        string
	Kind        SurveyKind
	Name        string
	Versions    int // how many versions it has
}

// QuestionnaireVersion is one version of a questionnaire's content.
type QuestionnaireVersion struct {
	ID              int64
	QuestionnaireID int64
	Version         int
	Intro           string
	IndexMethod     IndexMethod
	Items           []SurveyItem
	Used            bool // a wave uses it: frozen
	CreatedAt       time.Time
}

var surveyCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$`)

// Field names of the questionnaire form.
const (
	FieldQCode    = "code"
	FieldQKind    = "kind"
	FieldQName    = "name"
	FieldQIntro   = "intro"
	FieldQMethod  = "index_method"
	FieldQItems   = "items"
	maxOpenLength = 4000
)

// ItemField names field f of item i (0-based) in the questionnaire form.
func ItemField(i int, f string) string { return "item" + strconv.Itoa(i) + "_" + f }

// Validate checks a questionnaire's own fields.
func (q *Questionnaire) Validate() error {
	v := Validation{}
	q.Code = strings.TrimSpace(q.Code)
	q.Name = strings.TrimSpace(q.Name)
	if !surveyCode.MatchString(q.Code) {
		v.Add(FieldQCode, "Podaj kod kwestionariusza: litery, cyfry, - lub _, najwyżej 20 znaków (np. KLIENCI).")
	}
	switch q.Kind {
	case SurveyCustomer, SurveyEmployee, SurveyOther:
	default:
		v.Add(FieldQKind, "Wybierz, kogo pyta kwestionariusz.")
	}
	if q.Name == "" || utf8.RuneCountInString(q.Name) > 300 {
		v.Add(FieldQName, "Podaj nazwę kwestionariusza (najwyżej 300 znaków).")
	}
	return v.Err()
}

// Validate checks a version's content: items with unique codes, options
// where they are needed, at least one index item.
func (qv *QuestionnaireVersion) Validate() error {
	v := Validation{}
	if qv.IndexMethod != IndexTop2 && qv.IndexMethod != IndexMean100 {
		v.Add(FieldQMethod, "Wybierz sposób liczenia indeksu satysfakcji.")
	}
	if utf8.RuneCountInString(qv.Intro) > 5000 {
		v.Add(FieldQIntro, "Wstęp może mieć najwyżej 5000 znaków.")
	}
	if len(qv.Items) == 0 {
		v.Add(FieldQItems, "Dodaj co najmniej jedno pytanie.")
	}
	seen := map[string]int{}
	index := 0
	for i := range qv.Items {
		it := &qv.Items[i]
		it.Position = i + 1
		it.Code = strings.TrimSpace(it.Code)
		it.Text = strings.TrimSpace(it.Text)
		it.Section = strings.TrimSpace(it.Section)
		n := i + 1
		if !surveyCode.MatchString(it.Code) {
			v.Add(ItemField(i, "code"), fmt.Sprintf("Pytanie %d: podaj kod (litery, cyfry, - lub _, np. P%d).", n, n))
		} else if j, dup := seen[strings.ToLower(it.Code)]; dup {
			v.Add(ItemField(i, "code"), fmt.Sprintf("Pytanie %d: kod %s ma już pytanie %d.", n, it.Code, j+1))
		} else {
			seen[strings.ToLower(it.Code)] = i
		}
		if it.Text == "" || utf8.RuneCountInString(it.Text) > 1000 {
			v.Add(ItemField(i, "text"), fmt.Sprintf("Pytanie %d: podaj treść pytania (najwyżej 1000 znaków).", n))
		}
		if utf8.RuneCountInString(it.Section) > 300 {
			v.Add(ItemField(i, "section"), fmt.Sprintf("Pytanie %d: nazwa części może mieć najwyżej 300 znaków.", n))
		}
		switch it.Kind {
		case ItemLikert:
			if it.ScalePoints != 4 && it.ScalePoints != 5 {
				v.Add(ItemField(i, "points"), fmt.Sprintf("Pytanie %d: skala ma 4 albo 5 punktów.", n))
			} else {
				it.Options = likertOptions(it.ScalePoints, it.DontKnow)
			}
			if it.Profile && it.InIndex {
				v.Add(ItemField(i, "index"), fmt.Sprintf("Pytanie %d: pytanie metryczki nie wchodzi do indeksu.", n))
			}
			it.MaxLength = 0
		case ItemSingle, ItemMulti:
			it.ScalePoints, it.DontKnow, it.MaxLength = 0, false, 0
			if it.InIndex {
				v.Add(ItemField(i, "index"), fmt.Sprintf("Pytanie %d: do indeksu wchodzą tylko pytania ze skalą.", n))
			}
			if len(it.Options) < 2 || len(it.Options) > 50 {
				v.Add(ItemField(i, "options"), fmt.Sprintf("Pytanie %d: podaj od 2 do 50 odpowiedzi do wyboru, każdą w osobnym wierszu.", n))
			}
			labels := map[string]bool{}
			for k := range it.Options {
				it.Options[k].Value = k + 1
				l := strings.TrimSpace(it.Options[k].Label)
				it.Options[k].Label = l
				if l == "" || utf8.RuneCountInString(l) > 300 || labels[strings.ToLower(l)] {
					v.Add(ItemField(i, "options"), fmt.Sprintf("Pytanie %d: odpowiedzi do wyboru muszą być niepuste, różne i krótsze niż 300 znaków.", n))
					break
				}
				labels[strings.ToLower(l)] = true
			}
		case ItemOpen:
			it.ScalePoints, it.DontKnow, it.Options = 0, false, nil
			if it.InIndex {
				v.Add(ItemField(i, "index"), fmt.Sprintf("Pytanie %d: do indeksu wchodzą tylko pytania ze skalą.", n))
			}
			if it.MaxLength == 0 {
				it.MaxLength = 500
			}
			if it.MaxLength < 1 || it.MaxLength > maxOpenLength {
				v.Add(ItemField(i, "max"), fmt.Sprintf("Pytanie %d: długość odpowiedzi od 1 do %d znaków.", n, maxOpenLength))
			}
		default:
			v.Add(ItemField(i, "kind"), fmt.Sprintf("Pytanie %d: wybierz rodzaj pytania.", n))
		}
		if it.InIndex && it.Kind == ItemLikert && !it.Profile {
			index++
		}
	}
	if len(qv.Items) > 0 && index == 0 && v[FieldQItems] == "" {
		v.Add(FieldQItems, "Zaznacz co najmniej jedno pytanie ze skalą, które wchodzi do indeksu satysfakcji.")
	}
	return v.Err()
}

func likertOptions(points int, dontKnow bool) []SurveyOption {
	var out []SurveyOption
	for i, l := range LikertLabels(points) {
		out = append(out, SurveyOption{Value: i + 1, Label: l})
	}
	if dontKnow {
		out = append(out, SurveyOption{Value: DontKnow, Label: DontKnowLabel})
	}
	return out
}

// Item returns the version's item id (nil when it has none).
func (qv *QuestionnaireVersion) Item(id int64) *SurveyItem {
	for i := range qv.Items {
		if qv.Items[i].ID == id {
			return &qv.Items[i]
		}
	}
	return nil
}

// SurveyAnswer is one answered item: a value (Likert, single choice; one
// answer per chosen option of a multiple choice) or a text (open).
type SurveyAnswer struct {
	ItemID int64
	Value  int
	Text   string
}

// SurveyChannel is how a response arrived.
type SurveyChannel string

const (
	ChannelOnline  SurveyChannel = "online"  // the public link
	ChannelPaper   SurveyChannel = "paper"   // keyed in from a paper form
	ChannelInvited SurveyChannel = "invited" // a personal invitation's link
)

// Label is the channel's Polish name.
func (c SurveyChannel) Label() string {
	switch c {
	case ChannelOnline:
		return "internet"
	case ChannelPaper:
		return "papier"
	case ChannelInvited:
		return "zaproszenie"
	}
	return string(c)
}

// SurveyResponse is one anonymous response: its wave, channel and date.
type SurveyResponse struct {
	ID         int64
	WaveID     int64
	Channel    SurveyChannel
	AnsweredOn time.Time
	Sheet      string // a paper form's number
	Answers    []SurveyAnswer
	IndexScore *float64
}

// AnswerField is the form field of an item's answer.
func AnswerField(it *SurveyItem) string { return "q_" + it.Code }

// CheckAnswers checks answers against the version: every value on the
// item's scale or among its options, one value per single item, required
// items answered, open answers not too long. Messages speak plainly (the
// public form shows them).
func (qv *QuestionnaireVersion) CheckAnswers(answers []SurveyAnswer) error {
	v := Validation{}
	got := map[int64][]SurveyAnswer{}
	for _, a := range answers {
		it := qv.Item(a.ItemID)
		if it == nil {
			return Errorf(EINVALID, "Odpowiedź dotyczy pytania, którego nie ma w tej ankiecie.")
		}
		got[a.ItemID] = append(got[a.ItemID], a)
	}
	for i := range qv.Items {
		it := &qv.Items[i]
		as := got[it.ID]
		f := AnswerField(it)
		if len(as) == 0 {
			if it.Required {
				v.Add(f, fmt.Sprintf("Odpowiedz na pytanie %d – jest obowiązkowe.", it.Position))
			}
			continue
		}
		switch it.Kind {
		case ItemOpen:
			if len(as) > 1 || utf8.RuneCountInString(as[0].Text) > it.MaxLength {
				v.Add(f, fmt.Sprintf("Odpowiedź na pytanie %d może mieć najwyżej %d znaków.", it.Position, it.MaxLength))
			}
		case ItemLikert, ItemSingle, ItemMulti:
			if it.Kind != ItemMulti && len(as) > 1 {
				v.Add(f, fmt.Sprintf("W pytaniu %d wybierz jedną odpowiedź.", it.Position))
				continue
			}
			seen := map[int]bool{}
			for _, a := range as {
				if !it.hasOption(a.Value) || seen[a.Value] {
					v.Add(f, fmt.Sprintf("W pytaniu %d wybierz jedną z podanych odpowiedzi.", it.Position))
					break
				}
				seen[a.Value] = true
			}
		}
	}
	return v.Err()
}

func (it *SurveyItem) hasOption(value int) bool {
	for _, o := range it.Options {
		if o.Value == value {
			return true
		}
	}
	return false
}

// IndexScore is a response's satisfaction index on 0–100 by the version's
// method, from the index items it answered ("nie wiem" does not count);
// ok is false when it answered none.
func (qv *QuestionnaireVersion) IndexScore(answers []SurveyAnswer) (score float64, ok bool) {
	var sum float64
	n := 0
	for _, a := range answers {
		it := qv.Item(a.ItemID)
		if it == nil || !it.InIndex || it.Kind != ItemLikert || a.Value == DontKnow {
			continue
		}
		switch qv.IndexMethod {
		case IndexTop2:
			if a.Value >= it.ScalePoints-1 {
				sum += 100
			}
		default:
			sum += float64(a.Value-1) / float64(it.ScalePoints-1) * 100
		}
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// Top2 reports whether value is one of the two best answers of a Likert
// item.
func (it *SurveyItem) Top2(value int) bool {
	return it.Kind == ItemLikert && value != DontKnow && value >= it.ScalePoints-1
}

// SurveyWave is one questionnaire version in one unit in one round.
type SurveyWave struct {
	ID              int64
	ProgrammeID     int64
	QuestionnaireID int64
	VersionID       int64
	UnitID          int64
	Round           int // 0: baseline, 1, 2 …: follow-ups
	Code            string
	OpensOn         time.Time
	ClosesOn        time.Time
	TargetSample    int // 0: none set
	Online          bool
	PublicKey       string
	ClosedAt        *time.Time
	// Read with the wave:
	UnitName          string
	QuestionnaireCode string
	QuestionnaireName string
	Kind              SurveyKind
	Version           int
	Responses         int // approved
}

// RoundLabel names a round in Polish.
func RoundLabel(round int) string {
	if round == 0 {
		return "pomiar wyjściowy"
	}
	return "pomiar kontrolny " + strconv.Itoa(round)
}

// Field names of the wave form.
const (
	FieldWaveUnit    = "unit_id"
	FieldWaveQ       = "questionnaire_id"
	FieldWaveRound   = "round"
	FieldWaveOpens   = "opens_on"
	FieldWaveCloses  = "closes_on"
	FieldWaveTarget  = "target_sample"
	FieldWaveOnline  = "online"
	FieldWaveCode    = "code"
	FieldWaveSheet   = "sheet"
	FieldWaveAnswers = "answered_on"
)

// Validate checks a wave's own fields; the programme's dates bound it.
func (w *SurveyWave) Validate(start, end time.Time) error {
	v := Validation{}
	if w.UnitID == 0 {
		v.Add(FieldWaveUnit, "Wybierz jednostkę.")
	}
	if w.QuestionnaireID == 0 {
		v.Add(FieldWaveQ, "Wybierz kwestionariusz.")
	}
	if w.Round < 0 || w.Round > 20 {
		v.Add(FieldWaveRound, "Wybierz pomiar: wyjściowy albo kontrolny 1–20.")
	}
	if w.OpensOn.IsZero() {
		v.Add(FieldWaveOpens, "Podaj datę rozpoczęcia badania.")
	} else {
		CheckEvidenceDate(v, FieldWaveOpens, w.OpensOn, start, end)
	}
	if w.ClosesOn.IsZero() {
		v.Add(FieldWaveCloses, "Podaj datę zakończenia badania.")
	} else if !w.OpensOn.IsZero() && w.ClosesOn.Before(w.OpensOn) {
		v.Add(FieldWaveCloses, "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.")
	} else {
		CheckEvidenceDate(v, FieldWaveCloses, w.ClosesOn, start, end)
	}
	if w.TargetSample < 0 || w.TargetSample > 1000000 {
		v.Add(FieldWaveTarget, "Planowana liczba ankiet: od 1 do 1 000 000 albo puste pole.")
	}
	return v.Err()
}

// Closed reports whether the wave is closed (frozen).
func (w *SurveyWave) Closed() bool { return w.ClosedAt != nil }

// Accepts tells whether the wave takes answers on day (in Warsaw): an open
// wave between its dates. The message says why not, plainly.
func (w *SurveyWave) Accepts(day time.Time) (bool, string) {
	switch {
	case w.Closed():
		return false, "To badanie zostało zakończone – nie przyjmujemy już odpowiedzi. Dziękujemy za chęć udziału."
	case day.Before(w.OpensOn):
		return false, "To badanie jeszcze się nie rozpoczęło. Zapraszamy od " + w.OpensOn.Format("02.01.2006") + "."
	case day.After(w.ClosesOn):
		return false, "Czas na odpowiedzi minął " + w.ClosesOn.Format("02.01.2006") + " – nie przyjmujemy już odpowiedzi."
	}
	return true, ""
}

// ValidationState is the state of a response after a coordinator's check.
type ValidationState string

const (
	ValidationApproved ValidationState = "approved"
	ValidationOnHold   ValidationState = "on_hold"
	ValidationRejected ValidationState = "rejected"
)

// Label is the state's Polish name.
func (s ValidationState) Label() string {
	switch s {
	case ValidationApproved:
		return "zatwierdzone"
	case ValidationOnHold:
		return "wstrzymane"
	case ValidationRejected:
		return "odrzucone"
	}
	return string(s)
}

// SatisfactionChange is the relative change of a unit's index from the
// baseline to the follow-up, in percent (what the satisfaction-change
// rule counts); ok is false when the baseline index is 0.
func SatisfactionChange(baseline, followUp float64) (float64, bool) {
	if baseline <= 0 {
		return 0, false
	}
	return (followUp - baseline) / baseline * 100, true
}
