package domain

import "testing"

func TestForecastShownWholeForCounts(t *testing.T) {
	p := Progress{Forecast: DecimalFromCents(1347)}
	if got := p.ForecastShown(RuleAcceptedProtocols).String(); got != "13" {
		t.Errorf("protocols forecast %s, want 13", got)
	}
	if got := (Progress{Forecast: DecimalFromCents(1350)}).ForecastShown(RuleTrainingDays).String(); got != "14" {
		t.Errorf("days forecast %s, want 14", got)
	}
	if got := p.ForecastShown(RuleSatisfactionChange).String(); got != "13,47" {
		t.Errorf("satisfaction forecast %s, want 13,47", got)
	}
	if got := DecimalFromCents(-250).Round().String(); got != "-3" {
		t.Errorf("round -2,5 = %s", got)
	}
}
