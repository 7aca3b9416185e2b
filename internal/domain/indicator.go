package domain

import (
	"slices"
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
	RuleUnitsWithProtocol  Rule = "units_with_accepted_protocol" // area
	RuleMeetingsComplete   Rule = "meetings_complete"            // task
	RulePersonsTrained     Rule = "persons_trained"              // area or trainings
	RuleTrainingDays       Rule = "training_days"                // area or trainings (optional)
	RuleConsultationDays   Rule = "consultation_days"            // task
	RuleSatisfactionChange Rule = "satisfaction_change"          // survey kind
	RuleManual             Rule = "manual"                       // none
)

// Rules lists the catalogue.
var Rules = []Rule{RuleAcceptedProtocols, RuleUnitsWithProtocol, RuleMeetingsComplete, RulePersonsTrained,
	RuleTrainingDays, RuleConsultationDays, RuleSatisfactionChange, RuleManual}

// Label is the rule's Polish description.
func (r Rule) Label() string {
	switch r {
	case RuleAcceptedProtocols:
		return "zaakceptowane protokoły odbioru (zadania lub obszar)"
	case RuleUnitsWithProtocol:
		return "jednostki z co najmniej jednym zaakceptowanym protokołem (obszar)"
	case RuleMeetingsComplete:
		return "spotkania z kompletem dowodów (zadanie)"
	case RulePersonsTrained:
		return "przeszkolone osoby, bez powtórzeń (obszar lub szkolenia)"
	case RuleTrainingDays:
		return "zrealizowane dni szkoleniowe (grupo-dni)"
	case RuleConsultationDays:
		return "zrealizowane dni konsultacji (zadanie)"
	case RuleSatisfactionChange:
		return "zmiana satysfakcji w procentach (badania)"
	case RuleManual:
		return "wartość wpisywana ręcznie, z dowodem"
	}
	return string(r)
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
// the store.
func (in *Indicator) Validate() error {
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
	area := p.Area != ""
	if area && !slices.Contains(Areas, p.Area) {
		v.Add("rule_area", "Wybierz obszar z listy.")
	}
	extra := func(ok bool) {
		if !ok {
			v.Add("rule", "Ta reguła nie przyjmuje takich parametrów: zostaw puste pola, których nie dotyczy.")
		}
	}
	switch in.Rule {
	case RuleAcceptedProtocols:
		if area == (len(p.TaskIDs) > 0) {
			v.Add("rule_tasks", "Dla tej reguły wybierz albo zadania, albo obszar (jedno z dwóch).")
		}
		extra(p.TaskID == 0 && len(p.TrainingIDs) == 0 && p.SurveyKind == "")
	case RuleUnitsWithProtocol:
		if !area {
			v.Add("rule_area", "Dla tej reguły wybierz obszar.")
		}
		extra(p.TaskID == 0 && len(p.TaskIDs) == 0 && len(p.TrainingIDs) == 0 && p.SurveyKind == "")
	case RuleMeetingsComplete, RuleConsultationDays:
		if p.TaskID == 0 {
			v.Add("rule_task", "Dla tej reguły wybierz zadanie.")
		}
		extra(!area && len(p.TaskIDs) == 0 && len(p.TrainingIDs) == 0 && p.SurveyKind == "")
	case RulePersonsTrained:
		if area == (len(p.TrainingIDs) > 0) {
			v.Add("rule_trainings", "Dla tej reguły wybierz albo szkolenia, albo obszar (jedno z dwóch).")
		}
		extra(p.TaskID == 0 && len(p.TaskIDs) == 0 && p.SurveyKind == "")
	case RuleTrainingDays:
		if area && len(p.TrainingIDs) > 0 {
			v.Add("rule_trainings", "Wybierz albo szkolenia, albo obszar, albo nic (wszystkie szkolenia).")
		}
		extra(p.TaskID == 0 && len(p.TaskIDs) == 0 && p.SurveyKind == "")
	case RuleSatisfactionChange:
		if p.SurveyKind != SurveyCustomer && p.SurveyKind != SurveyEmployee {
			v.Add("rule_survey", "Wybierz, czyją satysfakcję mierzy wskaźnik (klientów lub pracowników).")
		}
		extra(!area && p.TaskID == 0 && len(p.TaskIDs) == 0 && len(p.TrainingIDs) == 0)
	case RuleManual:
		extra(!area && p.TaskID == 0 && len(p.TaskIDs) == 0 && len(p.TrainingIDs) == 0 && p.SurveyKind == "")
	default:
		v.Add("rule", "Wybierz regułę obliczania z listy.")
	}
	return v.Err()
}
