// Package indicator is the indicator engine: it turns evidence into the
// numbers the funder pays against. Every indicator value is made of facts,
// one per counted thing (an implementation of a task in a unit, a unit, a
// person, a meeting, a session day, a consultation, a manual value), with
// the date of its evidence and the reporting period that date falls in.
//
// A rule (rules_*.go, one small unit each) computes an indicator's facts
// from the raw evidence, for all records or for the records of its
// reference kind that a change touched. The store calls Drain inside every
// write transaction (store.InTx): triggers note what each statement
// touched (migration 00008), Drain recomputes exactly those facts and
// writes the difference, and the per-period and per-unit sums follow by
// trigger. Dashboards read only the sums; Check recomputes everything and
// lists differences (kaizen recompute --check).
package indicator

import (
	"fmt"
	"time"

	"kaizen/internal/domain"
)

// RefKind is what a fact refers to, and how a change is scoped.
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

// Fact is one counted thing of an indicator.
type Fact struct {
	Subject string
	RefKind RefKind
	RefID   int64
	UnitID  int64 // 0 when the thing belongs to no single unit
	On      time.Time
	Period  string
	Value   domain.Decimal
	Women   int
	Men     int
	Flagged int
	Records int
}

func (f Fact) same(g Fact) bool {
	return f.RefKind == g.RefKind && f.RefID == g.RefID && f.UnitID == g.UnitID && f.On.Equal(g.On) && f.Period == g.Period &&
		f.Value == g.Value && f.Women == g.Women && f.Men == g.Men && f.Flagged == g.Flagged && f.Records == g.Records
}

func (f Fact) String() string {
	return fmt.Sprintf("%s %s %s unit=%d value=%s women=%d men=%d flagged=%d records=%d", f.Subject, f.On.Format("2006-01-02"), f.Period,
		f.UnitID, f.Value.SQL(), f.Women, f.Men, f.Flagged, f.Records)
}

// Scope names the records a change touched, by reference kind; a nil Scope
// means everything.
type Scope map[RefKind][]int64

// Subjects name facts; the engine alone builds and reads them.
func implSubject(task, unit int64) string { return "impl:" + id(task) + ":" + id(unit) }

// ImplTask returns the task of an implementation fact's subject (and false
// for any other fact).
func ImplTask(subject string) (int64, bool) {
	var task, unit int64
	if n, err := fmt.Sscanf(subject, "impl:%d:%d", &task, &unit); err != nil || n != 2 {
		return 0, false
	}
	return task, true
}

// diff compares stored with fresh facts (both sorted by subject).
func diff(stored, fresh []Fact) (insert, update []Fact, remove []string) {
	i, j := 0, 0
	for i < len(stored) || j < len(fresh) {
		switch {
		case j == len(fresh) || (i < len(stored) && stored[i].Subject < fresh[j].Subject):
			remove = append(remove, stored[i].Subject)
			i++
		case i == len(stored) || fresh[j].Subject < stored[i].Subject:
			insert = append(insert, fresh[j])
			j++
		default:
			if !stored[i].same(fresh[j]) {
				update = append(update, fresh[j])
			}
			i++
			j++
		}
	}
	return
}
