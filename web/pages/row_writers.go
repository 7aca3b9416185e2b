package pages

import (
	"context"
	"io"
	"strconv"
	"sync"
	"time"

	"kaizen/internal/domain"
	"kaizen/web/components"
	"kaizen/web/paths"
)

// Marks is a session's attendance grid: who was present on which day.
// Keyed by the person and the day's number, not by formatted dates: the
// page reads it once a cell (392 cells on the national data's largest
// session), and a nested map of date strings cost a string and a lookup
// in two maps each time.
type Marks map[Mark]bool

// Mark is one cell of the grid: a person on a day (days since 1970-01-01,
// the date's own calendar day, whatever its location).
type Mark struct {
	Person int64
	Day    int32
}

// DayNumber is the calendar day of d (its year, month and day, in d's
// location) counted from 1970-01-01.
func DayNumber(d time.Time) int32 {
	y, m, day := d.Date()
	return int32(time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix() / 86400) // #nosec G115 -- a date's day number fits in int32 for ±5.8 million years
}

// NewMarks is the grid of a session's attendance records.
func NewMarks(att []domain.Attendance) Marks {
	m := make(Marks, len(att))
	for _, a := range att {
		m.Set(a.PersonID, a.Day, a.Present)
	}
	return m
}

// Set marks person present (or not) on day.
func (m Marks) Set(person int64, day time.Time, present bool) {
	m[Mark{person, DayNumber(day)}] = present
}

// The attendance grid's rows and the list of people to remove are the
// largest parts of the session page (196 people over two days on the
// national data: 125 kB). Written by templ, each row's names, field names,
// labels and addresses were strings built, formatted and escaped one
// expression at a time: 6,061 allocations and 0.45 ms a page
// (BenchmarkTrainingSessionPage), a third of the page's server CPU. These
// writers put out the same markup (TestAttendanceGridMarkup), each day's
// texts built once a page.

// attendanceRows writes the grid's body rows: a person's name (with the
// hidden field of the person's id when the user records attendance), unit,
// and a cell a day: a checkbox, or the mark as text.
type attendanceRows struct{ v *TrainingSessionView }

func (a attendanceRows) Render(_ context.Context, w io.Writer) error {
	v := a.v
	gw := newGridWriter(w)
	type day struct {
		num          int32
		label, field string // "25.08.2025"; "_2025-08-25" (the checkbox name's end)
	}
	days := make([]day, len(v.Session.Days))
	for i, d := range v.Session.Days {
		days[i] = day{DayNumber(d), components.Date(d), "_" + dayKey(d)}
	}
	for _, p := range v.People {
		gw.str(`<tr><th scope="row">`)
		gw.text(p.LastName)
		gw.str(" ")
		gw.text(p.FirstName)
		gw.str(" ")
		if v.CanRecord {
			gw.str(`<input type="hidden" name="` + FieldAttendancePerson + `" value="`)
			gw.int(p.ID)
			gw.str(`">`)
		}
		gw.str(`</th><td>`)
		gw.text(p.UnitName)
		gw.str(`</td>`)
		for _, d := range days {
			present := v.Attendance[Mark{p.ID, d.num}]
			gw.str(`<td class="num">`)
			switch {
			case v.CanRecord:
				gw.str(`<input type="checkbox" name="` + FieldPresentPrefix)
				gw.int(p.ID)
				gw.str(d.field)
				gw.str(`" value="1"`)
				if present {
					gw.str(` checked`)
				}
				gw.str(` aria-label="`)
				gw.text(p.FirstName)
				gw.str(" ")
				gw.text(p.LastName)
				gw.str(" obecny(a) ")
				gw.text(d.label)
				gw.str(`">`)
			case present:
				gw.str(`obecny(a)`)
			default:
				gw.str(`<span class="muted">nieobecny(a)</span>`)
			}
			gw.str(`</td>`)
		}
		gw.str(`</tr>`)
		gw.endRow()
	}
	return gw.close()
}

// removeButtons writes the list's items: a button a person, posting to
// that person's removal address.
type removeButtons struct{ v *TrainingSessionView }

func (b removeButtons) Render(_ context.Context, w io.Writer) error {
	v := b.v
	gw := newGridWriter(w)
	// The address up to the person's id, escaped once: every person's is
	// paths.TrainingSessionParticipantRemove.
	prefix := string(components.AppendText(nil, paths.TrainingSessionParticipants(v.Programme.ID, v.Session.ID)+"/"))
	for _, p := range v.People {
		gw.str(`<li><button type="submit" class="button secondary small" formaction="`)
		gw.str(prefix)
		gw.int(p.ID)
		gw.str(`/remove">Usuń: `)
		gw.text(p.FirstName)
		gw.str(" ")
		gw.text(p.LastName)
		gw.str(`</button></li>`)
		gw.endRow()
	}
	return gw.close()
}

// gridWriter gathers a page part in a buffer of its own and writes it out
// a few kilobytes at a time: a row is some thirty pieces, and each piece
// written on its own went through the page writer's interfaces (a sixth
// of the session page's server CPU at 8 pages at once). It keeps the
// first error.
type gridWriter struct {
	w      io.Writer
	buf    []byte
	err    error
	pooled *[]byte // the buffer's slot in gridBuffers
}

// gridFlushAt is how much the writer gathers before writing it out.
const gridFlushAt = 8 << 10

// newGridWriter's buffer comes from gridBuffers; close gives it back.
func newGridWriter(w io.Writer) *gridWriter {
	b, _ := gridBuffers.Get().(*[]byte)
	if b == nil {
		buf := make([]byte, 0, gridFlushAt+1024)
		b = &buf
	}
	return &gridWriter{w: w, buf: (*b)[:0], pooled: b}
}

// gridBuffers are the writers' buffers: a page uses one to a dozen (the
// dashboard: a chart an indicator), and a fresh one each was 17 kB of the
// session page's allocations.
var gridBuffers sync.Pool

func (g *gridWriter) str(s string) { g.buf = append(g.buf, s...) }

// text appends s HTML-escaped (as templ's `{ s }` and attribute values).
func (g *gridWriter) text(s string) { g.buf = components.AppendText(g.buf, s) }

func (g *gridWriter) int(n int64) { g.buf = strconv.AppendInt(g.buf, n, 10) }

// one appends x with one decimal, as components.One writes it.
func (g *gridWriter) one(x float64) { g.buf = domain.AppendOne(g.buf, x) }

// endRow writes the gathered rows out once they pass gridFlushAt.
func (g *gridWriter) endRow() {
	if len(g.buf) >= gridFlushAt {
		g.flush()
	}
}

// flush writes out what is gathered; it returns the first error.
func (g *gridWriter) flush() error {
	if g.err == nil && len(g.buf) > 0 {
		_, g.err = g.w.Write(g.buf)
	}
	g.buf = g.buf[:0]
	return g.err
}

// close flushes and gives the buffer back to gridBuffers (unless a long
// row grew it far past its size); the writer is done.
func (g *gridWriter) close() error {
	err := g.flush()
	if cap(g.buf) <= 4*(gridFlushAt+1024) {
		*g.pooled = g.buf[:0]
		gridBuffers.Put(g.pooled)
	}
	g.pooled, g.buf = nil, nil
	return err
}

// unitTrainingRows writes the unit view's training rows: a link to each
// session (its training's code and topic, the group), its first day, its
// group-days and the unit's people present. The national data's largest
// unit has 600 such rows: written by templ, 8,456 allocations and 0.85 ms
// a page (BenchmarkUnitPage), the unit view's largest server cost.
type unitTrainingRows struct{ v *UnitView }

func (u unitTrainingRows) Render(_ context.Context, w io.Writer) error {
	v := u.v
	gw := newGridWriter(w)
	// Every session's address is paths.TrainingSession: the programme's
	// part escaped once.
	prefix := string(components.AppendText(nil, paths.TrainingSessions(v.Programme.ID)+"/"))
	for _, t := range v.Trainings {
		gw.str(`<tr><th scope="row"><a href="`)
		gw.str(prefix)
		gw.int(t.SessionID)
		gw.str(`">`)
		gw.text(t.TrainingCode)
		gw.str(" ")
		gw.text(t.Topic)
		gw.str(", grupa ")
		gw.int(int64(t.GroupNo))
		gw.str(`</a></th><td>`)
		gw.text(components.Date(t.First))
		gw.str(`</td><td class="num">`)
		gw.text(t.GroupDays.String())
		gw.str(`</td><td class="num">`)
		gw.int(int64(t.People))
		gw.str(`</td></tr>`)
		gw.endRow()
	}
	return gw.close()
}

// cafUnitRows writes the CAF benchmarking table's rows (50 a page, a cell
// a criterion): each unit's label, overall result, criteria's results and
// where its overall result lies among its peers. Written by templ, every
// number was a string formatted on its own, and the table half of the
// page's rendering; the same markup (TestCAFUnitRowsMarkup).
type cafUnitRows struct{ v *CAFBenchmarkView }

func (c cafUnitRows) Render(_ context.Context, w io.Writer) error {
	gw := newGridWriter(w)
	for _, row := range c.v.Rows {
		gw.str(`<tr><th scope="row">`)
		gw.text(row.Label)
		gw.str(`</th><td class="num">`)
		gw.one(row.Unit.Total)
		gw.str(`</td>`)
		for _, x := range row.Unit.Criteria {
			gw.str(`<td class="num">`)
			gw.one(x)
			gw.str(`</td>`)
		}
		gw.str(`<td>`)
		gw.text(row.Position.Label())
		gw.str(`</td></tr>`)
		gw.endRow()
	}
	return gw.close()
}
