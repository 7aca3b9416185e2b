// Package report writes a programme's indicator report for a reporting
// period (the attachment of a payment request) as CSV, XLSX and, through
// package pdf, PDF; and the participant list for the funder's monitoring
// system.
package report

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kaizen/internal/csvout"
	"kaizen/internal/domain"
)

// Report is what a period's report holds.
type Report struct {
	ProgrammeCode  string
	ProgrammeTitle string
	Period         domain.Period
	Rows           []domain.ReportRow
	Closed         *domain.Closing // nil while the period is open (live values)
	Corrections    []domain.Correction
	GeneratedAt    time.Time
}

// CorrectionColumns head the corrections of closed periods.
var CorrectionColumns = []string{"Wskaźnik", "Okres zamknięty", "Wartość złożona", "Wartość obecna", "Korekta"}

// Columns are the report's columns.
var Columns = []string{"Nr wskaźnika", "Nazwa wskaźnika", "Jednostka miary", "Wartość docelowa", "Wartość w okresie",
	"Wartość narastająco", "Procent realizacji", "Kobiety", "Mężczyźni", "Liczba dowodów"}

// Percent formats a percentage with a decimal comma: "42,9".
func Percent(p float64) string {
	return strings.Replace(strconv.FormatFloat(p, 'f', 1, 64), ".", ",", 1)
}

func sexCell(r domain.ReportRow, n int) string {
	if !r.Persons {
		return ""
	}
	return strconv.Itoa(n)
}

// Status describes where the values come from.
func (r *Report) Status() string {
	if r.Closed != nil {
		s := "Okres zamknięty " + r.Closed.ClosedAt.In(domain.Warsaw).Format("02.01.2006 15:04") + " (" + r.Closed.ClosedBy + ")"
		if r.Closed.RequestNo != "" {
			s += ", wniosek o płatność " + r.Closed.RequestNo
		}
		return s + "; wartości zamrożone, SHA-256 " + r.Closed.Digest
	}
	return "Okres otwarty: wartości bieżące na " + r.GeneratedAt.In(domain.Warsaw).Format("02.01.2006 15:04")
}

// WriteCSV writes the report as CSV (UTF-8 with BOM, semicolons, decimal
// commas), as Polish Excel opens it.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csvout.New(w)
	cw.Row(Columns...)
	for _, x := range r.Rows {
		cw.Row(x.Number, x.Name, x.UnitOfMeasure, x.Target.Input(), x.Value.Input(), x.Cumulative.Input(), Percent(x.Percent),
			sexCell(x, x.Women), sexCell(x, x.Men), strconv.Itoa(x.Records))
	}
	cw.Row()
	cw.Row("Program", r.ProgrammeCode+" "+r.ProgrammeTitle)
	cw.Row("Okres", r.Period.Code, r.Period.Start.Format("2006-01-02"), r.Period.End.Format("2006-01-02"))
	cw.Row("Stan", r.Status())
	if len(r.Corrections) > 0 {
		cw.Row()
		cw.Row("Korekty okresów zamkniętych (zmiany po złożeniu wniosku)")
		cw.Row(CorrectionColumns...)
		for _, c := range r.Corrections {
			cw.Row(c.Indicator, c.Period, c.Filed.Input(), c.Now.Input(), c.Difference().Input())
		}
	}
	return cw.Close()
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// Person is one line of the participant list.
type Person struct {
	ID                  int64
	Pseudonym           string
	FirstName, LastName string
	Sex                 string
	Unit, UnitTERYT     string
	Position, Email     string
	First               time.Time
}

// WritePersonsCSV writes the participant list for a period; with
// pseudonyms, names and e-mails are left out and each person is a stable
// pseudonym instead.
func WritePersonsCSV(w io.Writer, period string, people []Person, pseudonymise bool) error {
	cw := csvout.New(w)
	if pseudonymise {
		cw.Row("Pseudonim", "Płeć", "Jednostka", "TERYT jednostki", "Stanowisko", "Pierwszy dzień szkolenia", "Okres")
	} else {
		cw.Row("Imię", "Nazwisko", "Płeć", "Jednostka", "TERYT jednostki", "Stanowisko", "E-mail", "Pierwszy dzień szkolenia", "Okres")
	}
	for _, p := range people {
		if pseudonymise {
			cw.Row(p.Pseudonym, p.Sex, p.Unit, p.UnitTERYT, p.Position, p.First.Format("2006-01-02"), period)
		} else {
			cw.Row(p.FirstName, p.LastName, p.Sex, p.Unit, p.UnitTERYT, p.Position, p.Email, p.First.Format("2006-01-02"), period)
		}
	}
	return cw.Close()
}

// Pseudonym is a person's stable pseudonym under a programme's secret key
// (HMAC-SHA-256): the same person always gets the same one, and nobody
// without the key can tell who it is.
func Pseudonym(key string, personID int64) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(strconv.FormatInt(personID, 10)))
	return fmt.Sprintf("P-%x", m.Sum(nil)[:8])
}
