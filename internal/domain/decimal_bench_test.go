package domain

import "testing"

// BenchmarkFormatNumbers: the number formats pages print by the thousand
// (the CAF benchmarking table, dashboards, survey results).
func BenchmarkFormatNumbers(b *testing.B) {
	d, _ := ParseDecimal("-1 234 567,5")
	for b.Loop() {
		_ = d.String()
		_ = FormatOne(73.46)
		_ = FormatPercent(18.102)
	}
}
