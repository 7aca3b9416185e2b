package domain

import (
	"fmt"
	"strings"
	"time"
)

// The indicator read model's values, as pages, reports and the engine
// (internal/indicator) share them. The engine computes them from the
// evidence; here they are plain data with their rules.

// RefKind is what a fact refers to, and how a change of evidence is scoped.
type RefKind string

// The reference kinds of facts.
const (
	RefUnit         RefKind = "unit"
	RefPerson       RefKind = "person"
	RefMeeting      RefKind = "meeting"
	RefSession      RefKind = "session"
	RefConsultation RefKind = "consultation"
	RefManual       RefKind = "manual"
)

// Fact is one counted thing of an indicator: an implementation of a task in
// a unit, a unit, a person, a meeting, a session day, a consultation, a
// manual value; dated by its evidence, in the reporting period of that date.
type Fact struct {
	Subject string
	RefKind RefKind
	RefID   int64
	UnitID  int64 // 0 when the thing belongs to no single unit
	On      time.Time
	Period  string
	Value   Decimal
	Women   int
	Men     int
	Flagged int
	Records int
}

// Same reports whether two facts of one subject say the same.
func (f Fact) Same(g Fact) bool {
	return f.RefKind == g.RefKind && f.RefID == g.RefID && f.UnitID == g.UnitID && f.On.Equal(g.On) && f.Period == g.Period &&
		f.Value == g.Value && f.Women == g.Women && f.Men == g.Men && f.Flagged == g.Flagged && f.Records == g.Records
}

func (f Fact) String() string {
	return fmt.Sprintf("%s %s %s unit=%d value=%s women=%d men=%d flagged=%d records=%d", f.Subject, f.On.Format("2006-01-02"), f.Period,
		f.UnitID, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records)
}

// ImplSubject names the fact of an implementation of task in unit.
func ImplSubject(task, unit int64) string { return fmt.Sprintf("impl:%d:%d", task, unit) }

// ImplTask returns the task of an implementation fact's subject (false for
// any other fact).
func ImplTask(subject string) (int64, bool) {
	var task, unit int64
	if n, err := fmt.Sscanf(subject, "impl:%d:%d", &task, &unit); err != nil || n != 2 {
		return 0, false
	}
	return task, true
}

// ProductSubject names the fact of an accepted product (a row of
// unit_products: product letter L of task T in unit U).
func ProductSubject(unitProduct int64) string { return fmt.Sprintf("product:%d", unitProduct) }

// ProductOf returns the unit product of an accepted product fact's subject
// (false for any other fact).
func ProductOf(subject string) (int64, bool) {
	var up int64
	if n, err := fmt.Sscanf(subject, "product:%d", &up); err != nil || n != 1 {
		return 0, false
	}
	return up, true
}

// FactRow is a counted thing with what it links to (the drill-down).
type FactRow struct {
	Fact
	UnitName string
	Label    string // what was counted, in words
	Sessions []int64
	// Protocols behind an implementation, a unit or a product: id and number.
	Protocols []ProtocolRef
}

// ProtocolRef names a protocol.
type ProtocolRef struct {
	ID     int64
	Number string
}

// FactFilter narrows a drill-down.
type FactFilter struct {
	Periods []string // nil: all
	UnitIDs []int64  // nil: all
	Limit   int
	Offset  int
}

// Closing is a period closed when its payment request was filed: its report
// frozen as a snapshot with the snapshot's SHA-256.
type Closing struct {
	ID           int64
	Period       string
	ClosedAt     time.Time
	ClosedBy     string
	RequestNo    string
	Snapshot     Snapshot
	Content      string
	Digest       string
	ReopenedAt   time.Time
	ReopenedBy   string
	ReopenReason string
}

// Open reports whether the closing still stands (was not reopened).
func (c *Closing) Open() bool { return c.ReopenedAt.IsZero() }

// CheckClosable says whether period may be closed on today: only after it
// ended, when its payment request is filed.
func CheckClosable(period Period, today time.Time) error {
	if !period.End.Before(today) {
		return Errorf(ECONFLICT, "Okres %s jeszcze trwa (do %s): zamyka się go po jego końcu, przy składaniu wniosku o płatność.", period.Code, period.End.Format("02.01.2006"))
	}
	return nil
}

// SnapshotOf is the report of period (index idx of periods) that a closing
// freezes: a row per indicator from values (by indicator and period).
func SnapshotOf(programmeCode string, periods Periods, idx int, inds []*Indicator, values map[int64]map[string]PeriodValue) Snapshot {
	period := periods[idx]
	rows := make([]ReportRow, 0, len(inds))
	for _, in := range inds {
		rows = append(rows, ReportRowFor(in, SeriesFor(in, periods, values[in.ID]), idx))
	}
	return Snapshot{Format: "kaizen-sprawozdanie/1", Programme: programmeCode, Period: period.Code,
		Start: period.Start.Format("2006-01-02"), End: period.End.Format("2006-01-02"), Rows: rows}
}

// Correction is how a closed period's value changed after it was filed:
// evidence dated in it was recorded, changed or removed later. It is
// reported with the next payment request.
type Correction struct {
	Period      string
	IndicatorID int64
	Indicator   string
	Filed, Now  Decimal
	FiledWomen  int
	NowWomen    int
	FiledMen    int
	NowMen      int
}

// Difference is the change since filing (may be negative).
func (c Correction) Difference() Decimal { return c.Now.Sub(c.Filed) }

// Corrections compares each standing closing's snapshot with the values
// its period has now (by indicator and period).
func Corrections(closings []*Closing, inds []*Indicator, now map[int64]map[string]PeriodValue) []Correction {
	var out []Correction
	for _, c := range closings {
		if !c.Open() {
			continue
		}
		filed := map[int64]ReportRow{}
		for _, r := range c.Snapshot.Rows {
			filed[r.IndicatorID] = r
		}
		for _, in := range inds {
			f, cur := filed[in.ID], in.Rule.Reported(now[in.ID][c.Period])
			persons := in.Rule == RulePersonsTrained
			if f.Value == cur.Value && (!persons || (f.Women == cur.Women && f.Men == cur.Men)) {
				continue
			}
			row := Correction{Period: c.Period, IndicatorID: in.ID, Indicator: strings.TrimSpace(in.Number + " " + in.Name), Filed: f.Value, Now: cur.Value}
			if persons {
				row.FiledWomen, row.NowWomen, row.FiledMen, row.NowMen = f.Women, cur.Women, f.Men, cur.Men
			}
			out = append(out, row)
		}
	}
	return out
}

// ManualValue is a value entered by hand for a manual indicator, with its
// evidence file.
type ManualValue struct {
	ID        int64
	Value     Decimal
	On        time.Time
	Note      string
	File      File
	UnitID    int64
	CreatedBy string
	CreatedAt time.Time
}
