package domain

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Decimal is an exact number with two decimal places (grosze for money), never
// a float. The zero value is 0.
type Decimal struct{ cents int64 }

// DecimalFromInt returns n as a Decimal.
func DecimalFromInt(n int64) Decimal { return Decimal{cents: n * 100} }

var errDecimal = errors.New("not a number with at most two decimal places")

// decimalNoise is what ParseDecimal drops: thousands separators and the
// currency. Built once: the read model parses millions of values
// (recompute --check), and a Replacer is safe for concurrent use.
var decimalNoise = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "zł", "", "PLN", "")

// ParseDecimal reads a number as officials type it: "7 540 000,00",
// "7540000.00", "14", "-2,5". Spaces (also non-breaking) group thousands.
func ParseDecimal(s string) (Decimal, error) {
	s = decimalNoise.Replace(strings.TrimSpace(s))
	if s == "" {
		return Decimal{}, errDecimal
	}
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 13 || !allDigits(whole) || (hasFrac && (len(frac) == 0 || len(frac) > 2 || !allDigits(frac))) {
		return Decimal{}, errDecimal
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	c := w*100 + f
	if neg {
		c = -c
	}
	return Decimal{cents: c}, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Sign is -1, 0 or 1.
func (d Decimal) Sign() int {
	switch {
	case d.cents < 0:
		return -1
	case d.cents > 0:
		return 1
	}
	return 0
}

// Add returns d + e.
func (d Decimal) Add(e Decimal) Decimal { return Decimal{cents: d.cents + e.cents} }

// Cmp compares d and e.
func (d Decimal) Cmp(e Decimal) int {
	switch {
	case d.cents < e.cents:
		return -1
	case d.cents > e.cents:
		return 1
	}
	return 0
}

// SQL is the value as PostgreSQL numeric text ("7540000.00").
func (d Decimal) SQL() string {
	c := d.cents
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + pad2(c%100)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// ScanSQL reads numeric text from PostgreSQL. Its own form ("1264.00",
// "-2.5") is read directly; anything else as ParseDecimal reads it. The
// start page of an administrator reads some 4,500 values a request, and
// ParseDecimal's clean-up of what officials type was a tenth of its CPU.
func (d *Decimal) ScanSQL(s string) error {
	if v, ok := parseNumericText(s); ok {
		*d = v
		return nil
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// parseNumericText reads PostgreSQL's text of a numeric as ParseDecimal
// would, without allocating: an optional minus, 1 to 13 digits, and
// optionally a point and 1 or 2 digits. ok is false for anything else.
func parseNumericText(s string) (_ Decimal, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	i, c := 0, int64(0)
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		c = c*10 + int64(s[i]-'0')
	}
	if i == 0 || i > 13 {
		return Decimal{}, false
	}
	c *= 100
	if i < len(s) {
		frac := s[i+1:]
		if s[i] != '.' || len(frac) == 0 || len(frac) > 2 {
			return Decimal{}, false
		}
		for j, scale := 0, int64(10); j < len(frac); j, scale = j+1, scale/10 {
			if frac[j] < '0' || frac[j] > '9' {
				return Decimal{}, false
			}
			c += int64(frac[j]-'0') * scale
		}
	}
	if neg {
		c = -c
	}
	return Decimal{cents: c}, true
}

// String formats in Polish: thousands grouped by a space, decimal comma,
// decimals only when there are any ("14", "15,5", "7 540 000").
func (d Decimal) String() string {
	s := d.format()
	s = strings.TrimSuffix(s, ",00")
	if strings.Contains(s, ",") {
		s = strings.TrimSuffix(s, "0")
	}
	return s
}

// Money formats as PLN with two decimals: "7 540 000,00 zł".
func (d Decimal) Money() string { return d.format() + " zł" }

// Input is the value as a form field shows it ("7540000,00" trimmed like String).
func (d Decimal) Input() string { return strings.ReplaceAll(d.String(), " ", "") }

func (d Decimal) format() string {
	var buf [32]byte
	return string(appendDecimal(buf[:0], d.cents, "-", 2))
}

// appendDecimal appends cents as "-7 540 000,00" (minus as the sign of a
// negative value; decimals 1 or 2 digits after the comma, the second
// dropped): pages format thousands of numbers, so without fmt or a
// builder per digit.
func appendDecimal(b []byte, cents int64, minus string, decimals int) []byte {
	units, frac := cents/100, cents%100
	if cents < 0 {
		b = append(b, minus...)
		units, frac = -units, -frac // cents/100 is never the smallest int64
	}
	var buf [20]byte
	whole := strconv.AppendInt(buf[:0], units, 10)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ' ')
		}
		b = append(b, r)
	}
	b = append(b, ',', digits[frac/10])
	if decimals == 2 {
		b = append(b, digits[frac%10])
	}
	return b
}

// ParseDate reads a calendar date as 2026-11-27 or 27.11.2026.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}, errors.New("year out of range")
			}
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a date")
}

// MarshalJSON writes the exact value as a JSON string ("7540000.00"), so the
// audit trail shows amounts.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(`"` + d.SQL() + `"`), nil }

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	return d.ScanSQL(s)
}

// Cents is the value in hundredths.
func (d Decimal) Cents() int64 { return d.cents }

// DecimalFromCents returns n hundredths.
func DecimalFromCents(n int64) Decimal { return Decimal{cents: n} }

// Float is the value as a float64, for charts and ratios only (never for
// money or stored values).
func (d Decimal) Float() float64 { return float64(d.cents) / 100 }

// DecimalFromFloat rounds f to two decimal places.
func DecimalFromFloat(f float64) Decimal {
	if f >= 0 {
		return Decimal{cents: int64(f*100 + 0.5)}
	}
	return Decimal{cents: -int64(-f*100 + 0.5)}
}

// Sub returns d - e.
func (d Decimal) Sub(e Decimal) Decimal { return Decimal{cents: d.cents - e.cents} }
