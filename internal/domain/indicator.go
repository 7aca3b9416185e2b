package domain

import (
	"slices"
	"strings"
	"time"
)

// IndicatorType is product or result (wskaźnik produktu / rezultatu).
type IndicatorType string

const (
	IndicatorProduct IndicatorType = "product"
	IndicatorResult  IndicatorType = "result"
)

// Label is the type's Polish name.
func (t IndicatorType) Label() string {
	switch t {
	case IndicatorProduct:
		return "produktu"
	case IndicatorResult:
		return "rezultatu"
	}
	return string(t)
}

// Rule is how an indicator is computed from the evidence: one of a fixed
// catalogue. Each rule takes its own parameters (RuleParams).
type Rule string

const (
	RuleAcceptedProtocols  Rule = "accepted_protocols"           // tasks or area
	RuleAcceptedProducts   Rule = "accepted_products"            // tasks and product letters
	RuleUnitsWithProtocol  Rule = "units_with_accepted_protocol" // area
	RuleMeetingsComplete   Rule = "meetings_complete"            // task
	RulePersonsTrained     Rule = "persons_trained"              // area or trainings
	RuleTrainingDays       Rule = "training_days"                // area or trainings (optional)
	RuleConsultationDays   Rule = "consultation_days"            // task
	RuleSatisfactionChange Rule = "satisfaction_change"          // survey kind
	RuleManual             Rule = "manual"                       // none
)

// RuleDef defines a rule of the catalogue: its Polish description, the
// parameters it takes and what it requires of them. The rules of today's
// evidence are defined below; a new kind of evidence defines its rule
// beside its records (DefineRule in its domain file), and the engine
// computes it (internal/indicator, rules_*.go).
type RuleDef struct {
	Rule  Rule
	Label string
	// Takes is the set of parameters the rule accepts.
	Takes RuleParam
	// Check adds to v what the rule requires of p beyond Takes (nil: nothing).
	Check func(v Validation, p RuleParams)
	// Averages: the value is the mean of the facts (one measured change per
	// unit), not their sum; see Rule.Averages.
	Averages bool
	// FactNoun names one fact in the drill-down ("zmiana satysfakcji").
	FactNoun string
}

// RuleParam is one of a rule's parameters (RuleParams), as a bit set.
type RuleParam uint8

// The parameters a rule may take.
const (
	ParamArea RuleParam = 1 << iota
	ParamTasks
	ParamTask
	ParamTrainings
	ParamSurveyKind
	ParamLetters
	ParamCAFCriteria
)

// given is the set of parameters p has.
func (p RuleParams) given() RuleParam {
	var g RuleParam
	for _, x := range []struct {
		set bool
		p   RuleParam
	}{{p.Area != "", ParamArea}, {len(p.TaskIDs) > 0, ParamTasks}, {p.TaskID != 0, ParamTask},
		{len(p.TrainingIDs) > 0, ParamTrainings}, {p.SurveyKind != "", ParamSurveyKind},
		{len(p.ProductLetters) > 0, ParamLetters}, {len(p.CAFCriteria) > 0, ParamCAFCriteria}} {
		if x.set {
			g |= x.p
		}
	}
	return g
}

var ruleDefs = map[Rule]RuleDef{}

// Rules lists the catalogue in the order its rules were defined.
var Rules []Rule

// DefineRule adds a rule to the catalogue (from a package-level variable or
// init of the domain file of its evidence).
func DefineRule(d RuleDef) Rule {
	if _, dup := ruleDefs[d.Rule]; dup {
		panic("rule defined twice: " + string(d.Rule))
	}
	ruleDefs[d.Rule] = d
	Rules = append(Rules, d.Rule)
	return d.Rule
}

// Label is the rule's Polish description.
func (r Rule) Label() string {
	if d, ok := ruleDefs[r]; ok {
		return d.Label
	}
	return string(r)
}

// The rules of the evidence the catalogue started with, in the order the
// indicator form offers them.
var _ = []Rule{
	DefineRule(RuleDef{Rule: RuleAcceptedProtocols, Label: "zaakceptowane protokoły odbioru (zadania lub obszar)", Takes: ParamArea | ParamTasks,
		Check: func(v Validation, p RuleParams) {
			if p.Area != "" && len(p.TaskIDs) > 0 {
				v.Add("rule_tasks", "Wybierz albo zadania, albo obszar, albo nic (wszystkie zadania).")
			}
		}}),
	// A product of a task in a unit (letter e of task P3 in unit X) counts
	// once, on the date of its first acceptance that still counts: e.g.
	// "service catalogues" = product e of tasks X and Y. Which of the chosen
	// tasks have the letters is checked by the store.
	DefineRule(RuleDef{Rule: RuleAcceptedProducts, Label: "odebrane produkty (zadania i litery produktów)", Takes: ParamTasks | ParamLetters,
		Check: func(v Validation, p RuleParams) {
			if len(p.TaskIDs) == 0 {
				v.Add("rule_tasks", "Dla tej reguły wybierz co najmniej jedno zadanie.")
			}
			if len(p.ProductLetters) == 0 {
				v.Add("rule_letters", "Podaj litery produktów, które liczy wskaźnik (np. e albo a, c).")
			}
			for _, l := range p.ProductLetters {
				if !ProductLetterValid(l) {
					v.Add("rule_letters", "Litera produktu to jedna mała litera od a do z (np. e albo a, c).")
					break
				}
			}
		}}),
	// no area: units with a protocol of any task (all areas)
	DefineRule(RuleDef{Rule: RuleUnitsWithProtocol, Label: "jednostki z co najmniej jednym zaakceptowanym protokołem (obszar)", Takes: ParamArea}),
	DefineRule(RuleDef{Rule: RuleMeetingsComplete, Label: "spotkania z kompletem dowodów (zadanie)", Takes: ParamTask, Check: needTask}),
	DefineRule(RuleDef{Rule: RulePersonsTrained, Label: "przeszkolone osoby, bez powtórzeń (obszar lub szkolenia)", Takes: ParamArea | ParamTrainings,
		Check: func(v Validation, p RuleParams) {
			if p.Area != "" && len(p.TrainingIDs) > 0 {
				v.Add("rule_trainings", "Wybierz albo szkolenia, albo obszar, albo nic (wszystkie szkolenia).")
			}
		}}),
	DefineRule(RuleDef{Rule: RuleTrainingDays, Label: "zrealizowane dni szkoleniowe (grupo-dni)", Takes: ParamArea | ParamTrainings,
		Check: func(v Validation, p RuleParams) {
			if p.Area != "" && len(p.TrainingIDs) > 0 {
				v.Add("rule_trainings", "Wybierz albo szkolenia, albo obszar, albo nic (wszystkie szkolenia).")
			}
		}}),
	DefineRule(RuleDef{Rule: RuleConsultationDays, Label: "zrealizowane dni konsultacji (zadanie)", Takes: ParamTask, Check: needTask}),
	DefineRule(RuleDef{Rule: RuleSatisfactionChange, Label: "zmiana satysfakcji w procentach (badania)", Takes: ParamSurveyKind,
		Averages: true, FactNoun: "zmiana satysfakcji",
		Check: func(v Validation, p RuleParams) {
			if p.SurveyKind != SurveyCustomer && p.SurveyKind != SurveyEmployee {
				v.Add("rule_survey", "Wybierz, czyją satysfakcję mierzy wskaźnik (klientów lub pracowników).")
			}
		}}),
	DefineRule(RuleDef{Rule: RuleManual, Label: "wartość wpisywana ręcznie, z dowodem"}),
}

func needTask(v Validation, p RuleParams) {
	if p.TaskID == 0 {
		v.Add("rule_task", "Dla tej reguły wybierz zadanie.")
	}
}

// SurveyKind is whose satisfaction a survey measures.
type SurveyKind string

const (
	SurveyCustomer SurveyKind = "customer" // klienci
	SurveyEmployee SurveyKind = "employee" // pracownicy
)

// RuleParams are the parameters of a rule; which ones apply depends on the
// rule (see Validate).
type RuleParams struct {
	Area        Area       `json:"area,omitempty"`
	TaskIDs     []int64    `json:"task_ids,omitempty"`
	TaskID      int64      `json:"task_id,omitempty"`
	TrainingIDs []int64    `json:"training_ids,omitempty"`
	SurveyKind  SurveyKind `json:"survey_kind,omitempty"`
	// ProductLetters are the letters of the products counted (of TaskIDs).
	ProductLetters []string `json:"product_letters,omitempty"`
	// CAFCriteria are the CAF criteria whose agreed points a change counts
	// (none: the total of every sub-criterion).
	CAFCriteria []int `json:"caf_criteria,omitempty"`
}

// ProductLetterValid reports whether l is a product's letter (a–z).
func ProductLetterValid(l string) bool {
	return len(l) == 1 && l[0] >= 'a' && l[0] <= 'z'
}

// ParseProductLetters reads the letters typed in a rule's field ("a, e",
// "a e", "A;E"): lower-cased, each once, in the order typed. What is not a
// single letter is kept as typed, for Validate to name.
func ParseProductLetters(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' }) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// Indicator is a programme indicator (wskaźnik) with its computation rule.
type Indicator struct {
	ID            int64
	ProgrammeID   int64
	Number        string // optional ("6", "18")
	Name          string
	Type          IndicatorType
	UnitOfMeasure string
	Baseline      Decimal
	Target        Decimal
	Method        string // sposób pomiaru
	Source        string // źródło danych
	Frequency     string // częstotliwość pomiaru
	ComponentID   *int64
	Rule          Rule
	Params        RuleParams
}

// TargetChange is one entry of an indicator's target history.
type TargetChange struct {
	ChangedOn time.Time
	Old, New  Decimal
	Reason    string
	ChangedBy string
	At        time.Time
}

// TargetChangeInput records why a target changed.
type TargetChangeInput struct {
	On     time.Time
	Reason string
}

// Validate checks the indicator and that the rule's parameters fit its kind.
// Whether referenced tasks and trainings belong to the programme is checked by
// the store. An area must be one of the programme's areas.
func (in *Indicator) Validate(areas AreaList) error {
	v := Validation{}
	checkLen(v, "number", in.Number, 0, 20, "")
	checkLen(v, "name", in.Name, 1, 500, "nazwę wskaźnika")
	if in.Type != IndicatorProduct && in.Type != IndicatorResult {
		v.Add("type", "Wybierz typ wskaźnika (produktu lub rezultatu).")
	}
	checkLen(v, "unit_of_measure", in.UnitOfMeasure, 0, 50, "")
	checkLen(v, "method", in.Method, 0, 4000, "")
	checkLen(v, "source", in.Source, 0, 4000, "")
	checkLen(v, "frequency", in.Frequency, 0, 1000, "")
	if in.Target.Sign() <= 0 {
		v.Add("target", "Wartość docelowa musi być większa od zera.")
	}
	p := in.Params
	areas.checkRef(v, "rule_area", p.Area)
	d, ok := ruleDefs[in.Rule]
	if !ok {
		v.Add("rule", "Wybierz regułę obliczania z listy.")
		return v.Err()
	}
	if d.Check != nil {
		d.Check(v, p)
	}
	if p.given()&^d.Takes != 0 {
		v.Add("rule", "Ta reguła nie przyjmuje takich parametrów: zostaw puste pola, których nie dotyczy.")
	}
	return v.Err()
}
