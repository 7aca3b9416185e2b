package domain

import "testing"

func TestForecastShownWholeForCounts(t *testing.T) {
	p := Progress{Forecast: DecimalFromCents(1347)}
	if got := p.ForecastShown(RuleAcceptedProtocols).String(); got != "13" {
		t.Errorf("protocols forecast %s, want 13", got)
	}
	if got := (Progress{Forecast: DecimalFromCents(1350)}).ForecastShown(RuleMeetingsComplete).String(); got != "14" {
		t.Errorf("meetings forecast %s, want 14", got)
	}
	// Days come in halves: to the nearest half.
	for cents, want := range map[int64]string{1347: "13,5", 1320: "13", 1380: "14", 1325: "13,5", 50: "0,5"} {
		if got := (Progress{Forecast: DecimalFromCents(cents)}).ForecastShown(RuleTrainingDays).String(); got != want {
			t.Errorf("training days forecast of %d cents: %s, want %s", cents, got, want)
		}
		if got := (Progress{Forecast: DecimalFromCents(cents)}).ForecastShown(RuleConsultationDays).String(); got != want {
			t.Errorf("consultation days forecast of %d cents: %s, want %s", cents, got, want)
		}
	}
	if got := p.ForecastShown(RuleSatisfactionChange).String(); got != "13,47" {
		t.Errorf("satisfaction forecast %s, want 13,47", got)
	}
	if got := DecimalFromCents(-250).Round().String(); got != "-3" {
		t.Errorf("round -2,5 = %s", got)
	}
}
