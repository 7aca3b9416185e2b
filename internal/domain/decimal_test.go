package domain

import "testing"

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in, sql, str string
	}{
		{"7 540 000,00", "7540000.00", "7 540 000"},
		{"7540000.00", "7540000.00", "7 540 000"},
		{"14", "14.00", "14"},
		{"15,5", "15.50", "15,5"},
		{"-2,25", "-2.25", "-2,25"},
		{"0,05", "0.05", "0,05"},
		{"1\u00a0000 zł", "1000.00", "1 000"},
		{"-1 234 567,5", "-1234567.50", "-1 234 567,5"},
		{"999,99", "999.99", "999,99"},
		{"-0,07", "-0.07", "-0,07"},
		{"100000", "100000.00", "100 000"},
	} {
		d, err := ParseDecimal(tc.in)
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if d.SQL() != tc.sql || d.String() != tc.str {
			t.Errorf("%q: SQL %q String %q; want %q %q", tc.in, d.SQL(), d.String(), tc.sql, tc.str)
		}
	}
	for _, bad := range []string{"", "abc", "1,234", "1.2.3", "1e5", "--1", ",5", "5,", "12345678901234"} {
		if _, err := ParseDecimal(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	m, _ := ParseDecimal("7540000")
	if m.Money() != "7 540 000,00 zł" {
		t.Errorf("Money = %q", m.Money())
	}
	if n, _ := ParseDecimal("-1234,5"); n.Money() != "-1 234,50 zł" || n.Input() != "-1234,5" {
		t.Errorf("negative Money = %q, Input = %q", n.Money(), n.Input())
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"7 540 000,00", "14", "-0,5", "1.25", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		back, err := ParseDecimal(d.SQL())
		if err != nil || back != d {
			t.Fatalf("%q -> %q does not round-trip", s, d.SQL())
		}
	})
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-11-27", "27.11.2026", "7.3.2026"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "2026-13-01", "31.02.2026", "1200-01-01", "jutro"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-27", "27.11.2026", "7.3.2026", "2026-02-30", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Year() < 1990 || d.Year() > 2100 {
			t.Fatalf("%q parsed to %v outside the accepted years", s, d)
		}
		if back, err := ParseDate(d.Format("2006-01-02")); err != nil || !back.Equal(d) {
			t.Fatalf("%q -> %v does not round-trip", s, d)
		}
	})
}

// TestScanSQLAsParseDecimal: ScanSQL's direct reading of PostgreSQL's
// numeric text gives what ParseDecimal gives, and refuses what it refuses.
func TestScanSQLAsParseDecimal(t *testing.T) {
	ins := []string{"1264.00", "0.00", "-0.00", "-2.5", "-2.25", "0.05", "7540000.00", "9999999999999.99", "12", "-7", "0",
		"12345678901234", "12345678901234.00", "1.234", "1.", ".5", "-", "", "--1", "+5", "1,5", " 12.00", "12.00 ", "1e5", "12.a", "1 000", "١٢"}
	for i := -2500; i <= 2500; i += 7 {
		ins = append(ins, DecimalFromCents(int64(i)*1234567).SQL(), DecimalFromCents(int64(i)).SQL())
	}
	for _, in := range ins {
		want, werr := ParseDecimal(in)
		var got Decimal
		gerr := got.ScanSQL(in)
		if (werr == nil) != (gerr == nil) || got != want {
			t.Errorf("%q: ScanSQL %v (%v), ParseDecimal %v (%v)", in, got, gerr, want, werr)
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		var d Decimal
		_ = d.ScanSQL("-1234567.89")
	}); n != 0 {
		t.Errorf("ScanSQL of PostgreSQL's text allocates %.0f times", n)
	}
}
