package pages

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/components"
)

// The coordinator's survey work: questionnaires, waves, the paper key-in
// and validation batches.

// canRunSurveys reports whether the user runs surveys (the hub's link).
func canRunSurveys(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermRunSurveys) }

// canSeeSurveys: the survey hub and results (every role; unit managers
// their own units).
func canSeeSurveys(ctx context.Context) bool { return webctx.User(ctx).Can(domain.PermSurveyResults) }

// SurveysView is a programme's survey hub.
type SurveysView struct {
	Programme      *domain.Programme
	Questionnaires []*domain.Questionnaire
	Waves          []*domain.SurveyWave
	Today          time.Time
	// Benchmark links the comparison of units (empty: no waves).
	Benchmark      string
	BenchmarkRound int
}

// WaveState names a wave's state: planned, open or closed.
func WaveState(w *domain.SurveyWave, today time.Time) string {
	switch {
	case w.Closed():
		return "zakończone"
	case today.Before(w.OpensOn):
		return "zaplanowane"
	case today.After(w.ClosesOn):
		return "otwarte (termin minął – do zamknięcia)"
	}
	return "otwarte"
}

// Fields of the questionnaire form's item rows (repeated: one value per
// row); messages are keyed by domain.ItemField(i, part).
const (
	FieldItemSection  = "item_section"
	FieldItemCode     = "item_code"
	FieldItemKind     = "item_kind"
	FieldItemText     = "item_text"
	FieldItemPoints   = "item_points"
	FieldItemDontKnow = "item_dontknow"
	FieldItemRole     = "item_role" // "index", "profile" or "" (neither)
	FieldItemRequired = "item_required"
	FieldItemOptions  = "item_options" // one option a line
	FieldItemMax      = "item_max"
	FieldItems        = domain.FieldQItems
)

// Item roles of the questionnaire form (FieldItemRole).
const (
	ItemRoleIndex   = "index"
	ItemRoleProfile = "profile"
)

// ItemTextFields are the fields of a row a person types into: a row
// whose every one is blank is an empty row, whatever its selects say.
var ItemTextFields = []string{FieldItemSection, FieldItemCode, FieldItemText, FieldItemOptions, FieldItemMax}

// ItemFields are all fields of an item row, in order.
var ItemFields = []string{FieldItemSection, FieldItemCode, FieldItemKind, FieldItemText, FieldItemPoints, FieldItemDontKnow,
	FieldItemRole, FieldItemRequired, FieldItemOptions, FieldItemMax}

// QuestionnaireRowGroups are the questionnaire form's repeated rows.
var QuestionnaireRowGroups = map[string][]string{FieldItems: ItemFields}

// QuestionnaireFormView is the form of a new questionnaire or of the
// newest version of one.
type QuestionnaireFormView struct {
	Programme     *domain.Programme
	Questionnaire *domain.Questionnaire // nil: new
	Versions      []*domain.QuestionnaireVersion
	Form          components.Form
}

// NextVersion is the version a save makes when the newest is used by a
// wave (0 when the save changes the newest in place).
func (v QuestionnaireFormView) NextVersion() int {
	if len(v.Versions) > 0 && v.Versions[0].Used {
		return v.Versions[0].Version + 1
	}
	return 0
}

// QuestionnaireValues are a stored questionnaire's values as its form
// shows them.
func QuestionnaireValues(q *domain.Questionnaire, qv *domain.QuestionnaireVersion) map[string][]string {
	v := map[string][]string{domain.FieldQCode: {q.Code}, domain.FieldQKind: {string(q.Kind)}, domain.FieldQName: {q.Name},
		domain.FieldQIntro: {qv.Intro}, domain.FieldQMethod: {string(qv.IndexMethod)}}
	for _, it := range qv.Items {
		role := ""
		if it.InIndex {
			role = ItemRoleIndex
		} else if it.Profile {
			role = ItemRoleProfile
		}
		var opts []string
		if it.Kind == domain.ItemSingle || it.Kind == domain.ItemMulti {
			for _, o := range it.Options {
				opts = append(opts, o.Label)
			}
		}
		points, maxLen := "", ""
		if it.Kind == domain.ItemLikert {
			points = strconv.Itoa(it.ScalePoints)
		}
		if it.Kind == domain.ItemOpen {
			maxLen = strconv.Itoa(it.MaxLength)
		}
		for name, val := range map[string]string{FieldItemSection: it.Section, FieldItemCode: it.Code, FieldItemKind: string(it.Kind),
			FieldItemText: it.Text, FieldItemPoints: points, FieldItemDontKnow: yesNo(it.DontKnow), FieldItemRole: role,
			FieldItemRequired: yesNo(it.Required), FieldItemOptions: strings.Join(opts, "\n"), FieldItemMax: maxLen} {
			v[name] = append(v[name], val)
		}
	}
	return v
}

func yesNo(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// itemOptions are the options of a row's select, the row's value chosen
// (def for a row never typed into).
func itemOptions(f components.Form, name string, i int, def string, opts [][2]string) []components.Option {
	cur := def
	if i < len(f.Values[name]) {
		cur = f.At(name, i)
		if cur == "" && name == FieldItemKind {
			cur = def
		}
	}
	out := make([]components.Option, len(opts))
	for k, o := range opts {
		out[k] = components.Option{Value: o[0], Label: o[1], Selected: o[0] == cur}
	}
	return out
}

func itemKindOptions() [][2]string {
	var out [][2]string
	for _, k := range domain.ItemKinds {
		out = append(out, [2]string{string(k), k.Label()})
	}
	return out
}

var (
	pointOptions    = [][2]string{{"5", "5 punktów"}, {"4", "4 punkty"}}
	noYesOptions    = [][2]string{{"", "nie"}, {"1", "tak"}}
	itemRoleOptions = [][2]string{{ItemRoleIndex, "wchodzi do indeksu satysfakcji"}, {ItemRoleProfile, "metryczka (profil odpowiadającego)"}, {"", "żadna z tych"}}
)

func surveyKindOptions(cur string) []components.Option {
	out := []components.Option{{Value: "", Label: "— wybierz —"}}
	for _, k := range domain.SurveyKinds {
		out = append(out, components.Option{Value: string(k), Label: k.Label(), Selected: string(k) == cur})
	}
	return out
}

func indexMethodOptions(cur string) []components.Option {
	if cur == "" {
		cur = string(domain.IndexTop2)
	}
	var out []components.Option
	for _, m := range []domain.IndexMethod{domain.IndexTop2, domain.IndexMean100} {
		out = append(out, components.Option{Value: string(m), Label: m.Label(), Selected: string(m) == cur})
	}
	return out
}

// questionnaireErrorOrder is the order of the form's messages.
func questionnaireErrorOrder(rows int) []string {
	order := []string{domain.FieldQCode, domain.FieldQKind, domain.FieldQName, domain.FieldQIntro, domain.FieldQMethod, FieldItems}
	for i := 0; i < rows; i++ {
		for _, p := range []string{"section", "code", "kind", "text", "points", "index", "options", "max"} {
			order = append(order, domain.ItemField(i, p))
		}
	}
	return order
}

// QuestionnaireVersionView shows one version, read only.
type QuestionnaireVersionView struct {
	Programme     *domain.Programme
	Questionnaire *domain.Questionnaire
	Version       *domain.QuestionnaireVersion
}

func itemRole(it domain.SurveyItem) string {
	switch {
	case it.InIndex:
		return "indeks"
	case it.Profile:
		return "metryczka"
	}
	return ""
}

func itemAnswers(it domain.SurveyItem) string {
	switch it.Kind {
	case domain.ItemOpen:
		return "do " + strconv.Itoa(it.MaxLength) + " znaków"
	}
	var l []string
	for _, o := range it.Options {
		l = append(l, o.Label)
	}
	return strings.Join(l, " · ")
}

// WaveFormView is the form of a new wave.
type WaveFormView struct {
	Programme      *domain.Programme
	Questionnaires []*domain.Questionnaire
	Units          []domain.Participation
	Form           components.Form
}

func waveUnitOptions(units []domain.Participation, cur string) []components.Option {
	out := []components.Option{{Value: "", Label: "— wybierz jednostkę —"}}
	for _, p := range units {
		out = append(out, components.Option{Value: itoa(p.Unit.ID), Label: p.Unit.Name, Selected: itoa(p.Unit.ID) == cur})
	}
	return out
}

func waveQuestionnaireOptions(qs []*domain.Questionnaire, cur string) []components.Option {
	out := []components.Option{{Value: "", Label: "— wybierz kwestionariusz —"}}
	for _, q := range qs {
		out = append(out, components.Option{Value: itoa(q.ID), Label: q.Code + " – " + q.Name + " (" + q.Kind.Label() + ")", Selected: itoa(q.ID) == cur})
	}
	return out
}

func roundOptions(cur string) []components.Option {
	var out []components.Option
	for r := 0; r <= 5; r++ {
		out = append(out, components.Option{Value: strconv.Itoa(r), Label: domain.RoundLabel(r), Selected: strconv.Itoa(r) == cur})
	}
	return out
}

// WaveView is a wave's page.
type WaveView struct {
	Programme *domain.Programme
	Wave      *domain.SurveyWave
	Today     time.Time
	Online    int
	Paper     int
	Invited   int
	Total     int      // approved
	Held      int      // on hold or rejected
	Link      string   // the absolute public link
	QR        [][]bool // its QR code
}

// qrPath draws the dark modules of a QR code as one SVG path, with a
// quiet zone of 4 modules (the viewBox is qrSize wide).
func qrPath(m [][]bool) string {
	var b strings.Builder
	for y, row := range m {
		for x, dark := range row {
			if dark {
				b.WriteString("M" + strconv.Itoa(x+4) + " " + strconv.Itoa(y+4) + "h1v1h-1z")
			}
		}
	}
	return b.String()
}

func qrViewBox(m [][]bool) string { n := strconv.Itoa(len(m) + 8); return "0 0 " + n + " " + n }

// WaveCloseView is the confirmation of closing a wave.
type WaveCloseView struct {
	Programme *domain.Programme
	Wave      *domain.SurveyWave
	Today     time.Time
}

// KeyView is the paper key-in form (first or second keying).
type KeyView struct {
	Programme *domain.Programme
	Wave      *domain.SurveyWave
	Version   *domain.QuestionnaireVersion
	Second    bool
	Form      components.Form
}

func keyErrorOrder(v *domain.QuestionnaireVersion) []string {
	order := []string{domain.FieldWaveSheet, domain.FieldWaveAnswers}
	for i := range v.Items {
		order = append(order, domain.AnswerField(&v.Items[i]))
	}
	return order
}

// likertGroups splits a version's items into runs of Likert items with the
// same options (shown as one grid) and single other items.
func likertGroups(items []domain.SurveyItem) [][]domain.SurveyItem {
	var out [][]domain.SurveyItem
	for i := 0; i < len(items); {
		j := i + 1
		if items[i].Kind == domain.ItemLikert {
			for j < len(items) && items[j].Kind == domain.ItemLikert && len(items[j].Options) == len(items[i].Options) {
				j++
			}
		}
		out = append(out, items[i:j])
		i = j
	}
	return out
}

func optionValue(o domain.SurveyOption) string { return strconv.Itoa(o.Value) }

func optionKey(o domain.SurveyOption) string {
	if o.Value == domain.DontKnow {
		return "0"
	}
	return strconv.Itoa(o.Value)
}

// KeyingReportView lists the differences between two keyings.
type KeyingReportView struct {
	Programme *domain.Programme
	Wave      *domain.SurveyWave
	Report    domain.KeyingReport
}

// ValidationView is a wave's validation batches and the form of a new one.
type ValidationView struct {
	Programme *domain.Programme
	Wave      *domain.SurveyWave
	Batches   []domain.SurveyBatch
	Counts    map[domain.ValidationState]int
	Form      components.Form
}

func batchStateOptions(cur string) []components.Option {
	out := []components.Option{{Value: "", Label: "— wybierz —"}}
	for _, s := range domain.ValidationStates {
		out = append(out, components.Option{Value: string(s), Label: s.Label(), Selected: string(s) == cur})
	}
	return out
}

func channelOptions(cur string) []components.Option {
	out := []components.Option{{Value: "", Label: "wszystkie sposoby"}}
	for _, c := range []domain.SurveyChannel{domain.ChannelOnline, domain.ChannelPaper, domain.ChannelInvited} {
		out = append(out, components.Option{Value: string(c), Label: c.Label(), Selected: string(c) == cur})
	}
	return out
}

func joinCodes(codes []string) string { return strings.Join(codes, ", ") }
