package domain

import "time"

// FormatISODate formats t's calendar date as 2026-11-27, as
// t.Format("2006-01-02") does, without reading a layout: pages print dates
// by the thousand (a session's attendance grid keys every cell by its day).
func FormatISODate(t time.Time) string {
	var buf [16]byte
	return string(appendDate(buf[:0], t, true))
}

// FormatDate formats t's calendar date as 27.11.2026, as
// t.Format("02.01.2006") does.
func FormatDate(t time.Time) string {
	var buf [16]byte
	return string(appendDate(buf[:0], t, false))
}

// digits are the decimal digits by value.
const digits = "0123456789"

func appendDate(b []byte, t time.Time, iso bool) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 { // time.Format's own rules for such years
		if iso {
			return t.AppendFormat(b, "2006-01-02")
		}
		return t.AppendFormat(b, "02.01.2006")
	}
	two := func(b []byte, n int) []byte { return append(b, digits[n/10], digits[n%10]) } // n is 0–99
	if iso {
		b = two(two(b, y/100), y%100)
		b = two(append(b, '-'), int(m))
		return two(append(b, '-'), d)
	}
	b = two(b, d)
	b = two(append(b, '.'), int(m))
	return two(two(append(b, '.'), y/100), y%100)
}
