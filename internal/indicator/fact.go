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
	"strings"

	"kaizen/internal/domain"
)

// Scope names the records a change touched, by reference kind; a nil Scope
// means everything.
type Scope map[domain.RefKind][]int64

// diff compares stored with fresh facts (both sorted by subject).
func diff(stored, fresh []domain.Fact) (insert, update []domain.Fact, remove []string) {
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
			if !stored[i].Same(fresh[j]) {
				update = append(update, fresh[j])
			}
			i++
			j++
		}
	}
	return
}

// bySubject orders facts by subject, bytewise (as diff walks them).
func bySubject(a, b domain.Fact) int { return strings.Compare(a.Subject, b.Subject) }
