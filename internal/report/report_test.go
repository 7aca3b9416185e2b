package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// Group-days in halves reach the report with a decimal comma.
func TestCSVHalfGroupDays(t *testing.T) {
	half, _ := domain.ParseDecimal("1.5")
	cum, _ := domain.ParseDecimal("4,5")
	r := &Report{ProgrammeCode: "P", ProgrammeTitle: "t", Period: domain.Period{Code: "2011-Q2", Start: time.Date(2011, 4, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2011, 6, 30, 0, 0, 0, 0, time.UTC)}, GeneratedAt: time.Date(2011, 7, 1, 0, 0, 0, 0, time.UTC),
		Rows: []domain.ReportRow{{Number: "D", Name: "dni szkoleniowe", UnitOfMeasure: "grupo-dni", Target: domain.DecimalFromInt(58), Value: half, Cumulative: cum, Percent: 7.76, Records: 3}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "D;dni szkoleniowe;grupo-dni;58;1,5;4,5;7,8;") {
		t.Fatalf("CSV row:\n%s", b.String())
	}
}
