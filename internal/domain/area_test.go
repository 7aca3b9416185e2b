package domain

import (
	"testing"
	"time"
)

func TestAreaRules(t *testing.T) {
	okZJ := AreaList{{Code: "OK", Name: "obsługa klienta"}, {Code: "ZJ", Name: "zarządzanie jakością"}}
	day := time.Date(2011, 3, 10, 0, 0, 0, 0, time.UTC)
	meeting := func(area Area) *Meeting {
		return &Meeting{TaskID: 1, Number: 1, Place: "Opole", Days: []time.Time{day}, Attendees: []MeetingAttendee{{PersonID: 7, Area: area}}}
	}
	start, end := day.AddDate(-1, 0, 0), day.AddDate(1, 0, 0)
	for _, tc := range []struct {
		name  string
		err   error
		field string // "" when valid
	}{
		{"ProgrammeAreasOK", (&Programme{Code: "X", Title: "X", Start: start, End: end, Areas: okZJ}).Validate(), ""},
		{"ErrAreaCodeTwiceAnyCase", (&Programme{Code: "X", Title: "X", Start: start, End: end, Areas: AreaList{{Code: "OK", Name: "a"}, {Code: "ok", Name: "b"}}}).Validate(), "areas.1.code"},
		{"ErrAreaCodeBlank", (&Programme{Code: "X", Title: "X", Start: start, End: end, Areas: AreaList{{Code: "O;K", Name: "a"}}}).Validate(), "areas.0.code"},
		{"ErrAreaNameMissing", (&Programme{Code: "X", Title: "X", Start: start, End: end, Areas: AreaList{{Code: "OK"}}}).Validate(), "areas.0.name"},
		{"ParticipationInOneArea", (&Participation{Unit: Unit{ID: 1}, Areas: []Area{"ZJ"}}).Validate(okZJ), ""},
		{"ErrParticipationNoArea", (&Participation{Unit: Unit{ID: 1}}).Validate(okZJ), "areas"},
		{"ErrParticipationAreaOfNoProgramme", (&Participation{Unit: Unit{ID: 1}, Areas: []Area{AreaP}}).Validate(okZJ), "areas"},
		{"ParticipationWithoutAreas", (&Participation{Unit: Unit{ID: 1}}).Validate(nil), ""},
		{"ErrParticipationAreaInProgrammeWithout", (&Participation{Unit: Unit{ID: 1}, Areas: []Area{AreaP}}).Validate(nil), "areas"},
		{"TaskOfAllAreas", (&Task{Code: "K1", Name: "k", Kind: TaskOther}).Validate(okZJ), ""},
		{"ErrTaskAreaOfNoProgramme", (&Task{Code: "K1", Name: "k", Kind: TaskOther, Area: AreaN}).Validate(okZJ), "area"},
		{"ErrTrainingAreaInProgrammeWithout", (&Training{Code: "S1", Topic: "s", GroupsPlanned: 1, DaysPerGroup: DecimalFromInt(1), Area: "OK"}).Validate(nil), "area"},
		{"MeetingAttendeeOfArea", meeting("OK").Validate(start, end, okZJ), ""},
		{"ErrMeetingAttendeeWithoutArea", meeting("").Validate(start, end, okZJ), "attendees"},
		{"MeetingAttendeeInProgrammeWithout", meeting("").Validate(start, end, nil), ""},
		{"ErrMeetingAttendeeAreaInProgrammeWithout", meeting("OK").Validate(start, end, nil), "attendees"},
		{"UnitsRuleOfAllAreas", (&Indicator{Name: "x", Type: IndicatorResult, Target: DecimalFromInt(1), Rule: RuleUnitsWithProtocol}).Validate(nil), ""},
		{"ErrRuleAreaOfNoProgramme", (&Indicator{Name: "x", Type: IndicatorResult, Target: DecimalFromInt(1), Rule: RuleUnitsWithProtocol, Params: RuleParams{Area: AreaP}}).Validate(okZJ), "rule_area"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := FieldErrors(tc.err)
			if tc.field == "" && tc.err != nil {
				t.Fatalf("err = %v (%v)", tc.err, fields)
			}
			if tc.field != "" && fields[tc.field] == "" {
				t.Fatalf("no message at %s: %v (%v)", tc.field, tc.err, fields)
			}
		})
	}
	if got := okZJ.Label(""); got != "wszystkie obszary" {
		t.Errorf("label of all areas = %q", got)
	}
	if got := okZJ.Label("ZJ"); got != "ZJ – zarządzanie jakością" {
		t.Errorf("label of ZJ = %q", got)
	}
	if a, ok := okZJ.Resolve(" zj "); !ok || a != "ZJ" {
		t.Errorf("resolve zj = %q, %v", a, ok)
	}
}
