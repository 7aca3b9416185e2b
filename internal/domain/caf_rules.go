package domain

import "strconv"

// RefCAFAction is the reference kind of an improvement action's fact.
const RefCAFAction RefKind = "caf_action"

// The CAF rules (internal/indicator/rules_caf.go computes them).
const (
	// RuleCAFUnitsAssessed: units that completed a self-assessment, each
	// once, in the period its first consensus was signed.
	RuleCAFUnitsAssessed Rule = "caf_units_assessed"
	// RuleCAFTotalChange: the change of a unit's agreed points (the total,
	// or the mean of chosen criteria) from its first to its latest signed
	// cycle, in points; the programme's value is the mean over units.
	RuleCAFTotalChange Rule = "caf_total_change"
	// RuleCAFActionsDone: improvement actions completed, on their date.
	RuleCAFActionsDone Rule = "caf_actions_done"
)

var _ = []Rule{
	DefineRule(RuleDef{Rule: RuleCAFUnitsAssessed, Label: "jednostki, które ukończyły samoocenę CAF (konsensus podpisany)",
		FactNoun: "samoocena CAF"}),
	DefineRule(RuleDef{Rule: RuleCAFTotalChange, Label: "zmiana wyniku samooceny CAF w punktach (pierwszy i ostatni cykl, średnio na jednostkę)",
		Takes: ParamCAFCriteria, Averages: true, FactNoun: "zmiana wyniku CAF",
		Check: func(v Validation, p RuleParams) {
			m := CAFModelOf(CAF2020)
			for _, c := range p.CAFCriteria {
				if _, ok := m.Criterion(c); !ok {
					v.Add("rule_caf_criteria", "Kryterium CAF to liczba od 1 do "+strconv.Itoa(len(m.Criteria))+".")
					return
				}
			}
		}}),
	DefineRule(RuleDef{Rule: RuleCAFActionsDone, Label: "zrealizowane działania planów doskonalenia (CAF)", FactNoun: "działanie doskonalące"}),
}
