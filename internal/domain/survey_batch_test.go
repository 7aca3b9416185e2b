package domain

import (
	"slices"
	"testing"
	"time"
)

func TestCompareKeyings(t *testing.T) {
	qv := &QuestionnaireVersion{Items: []SurveyItem{{ID: 1, Code: "P1"}, {ID: 2, Code: "M1"}, {ID: 3, Code: "O1"}, {ID: 4, Code: "P2"}}}
	first := []SurveyAnswer{{ItemID: 1, Value: 4}, {ItemID: 2, Value: 1}, {ItemID: 2, Value: 3}, {ItemID: 3, Text: "Dłuższe godziny"}}
	for _, c := range []struct {
		name   string
		second []SurveyAnswer
		want   []string
	}{
		{"Same", []SurveyAnswer{{ItemID: 2, Value: 3}, {ItemID: 3, Text: " Dłuższe godziny "}, {ItemID: 2, Value: 1}, {ItemID: 1, Value: 4}}, nil},
		{"OtherValue", []SurveyAnswer{{ItemID: 1, Value: 5}, {ItemID: 2, Value: 1}, {ItemID: 2, Value: 3}, {ItemID: 3, Text: "Dłuższe godziny"}}, []string{"P1"}},
		{"OptionMissingAndExtraItem", []SurveyAnswer{{ItemID: 1, Value: 4}, {ItemID: 2, Value: 1}, {ItemID: 3, Text: "Dłuższe godziny"}, {ItemID: 4, Value: 0}}, []string{"M1", "P2"}},
		{"OtherText", []SurveyAnswer{{ItemID: 1, Value: 4}, {ItemID: 2, Value: 1}, {ItemID: 2, Value: 3}, {ItemID: 3, Text: "Krótsze kolejki"}}, []string{"O1"}},
	} {
		if got := qv.CompareKeyings(first, c.second); !slices.Equal(got, c.want) {
			t.Errorf("%s: differ %v, want %v", c.name, got, c.want)
		}
	}
	if r := (KeyingReport{Items: 8, Agree: 7}); r.Agreement() != 0.875 {
		t.Errorf("agreement %v", r.Agreement())
	}
	if r := (KeyingReport{}); r.Agreement() != 1 {
		t.Errorf("agreement of nothing %v", r.Agreement())
	}
}

func TestSurveyBatchValidate(t *testing.T) {
	// Validate reads no clock: these are fixed reference dates, not "today".
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	ok := SurveyBatch{State: ValidationOnHold, Reason: " seria ", From: d("2026-11-02"), To: d("2026-11-02"), Channel: ChannelOnline}
	if err := ok.Validate(); err != nil || ok.Reason != "seria" {
		t.Fatalf("valid batch: %v", err)
	}
	if s := ok.Selection(); s != "2026-11-02 – 2026-11-02, internet" {
		t.Errorf("selection %q", s)
	}
	bad := SurveyBatch{State: "x", Channel: "fax", From: d("2026-11-03"), To: d("2026-11-02")}
	errs := FieldErrors(bad.Validate())
	for _, f := range []string{FieldBatchState, FieldBatchReason, FieldBatchChannel, FieldBatchTo} {
		if errs[f] == "" {
			t.Errorf("no message at %s", f)
		}
	}
}
