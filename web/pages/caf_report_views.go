package pages

import (
	"strconv"

	"kaizen/internal/domain"
)

// The report's bar chart of the nine criteria: one horizontal bar per
// criterion on the 0–100 scale, the points written beside each bar (not
// by colour alone), and the same numbers in a table below.

const (
	cafChartW, cafChartLabel, cafChartRow, cafChartTop = 760, 330, 30, 26
	cafChartBarW                                       = cafChartW - cafChartLabel - 60
)

type cafChartBar struct {
	Label, Value      string
	Y, TextY, W, ValX string
	Previous, Change  string
	PrevY, PrevX2     string
	HasPrev           bool
	Result            bool
}

type cafChartTick struct{ X, Label string }

type cafChartView struct {
	W, H  string
	Bars  []cafChartBar
	Ticks []cafChartTick
	Desc  string
	Base  string // the axis' y end
	Left  string
	Right string
}

func makeCAFChart(v CAFReportView) cafChartView {
	m := v.A.Model()
	t, _ := cafTotals(v.A, v.C)
	cv := cafChartView{W: strconv.Itoa(cafChartW), H: strconv.Itoa(cafChartTop + len(m.Criteria)*cafChartRow + 10),
		Left: strconv.Itoa(cafChartLabel), Right: strconv.Itoa(cafChartLabel + cafChartBarW),
		Base: strconv.Itoa(cafChartTop + len(m.Criteria)*cafChartRow)}
	for _, x := range []int{0, 25, 50, 75, 100} {
		cv.Ticks = append(cv.Ticks, cafChartTick{X: f1(cafChartLabel + float64(cafChartBarW*x)/100), Label: strconv.Itoa(x)})
	}
	desc := "Uzgodnione punkty kryteriów w skali 0–100: "
	for i, c := range m.Criteria {
		p := t.Criteria[c.No]
		y := float64(cafChartTop + i*cafChartRow + 4)
		w := float64(cafChartBarW) * p / 100
		b := cafChartBar{Label: strconv.Itoa(c.No) + ". " + c.Name, Value: domain.FormatPoints(p), Y: f1(y), TextY: f1(y + 15),
			W: f1(w), ValX: f1(cafChartLabel + w + 6), Result: c.Result}
		if v.Previous != nil {
			pp := v.Previous.Totals.Criteria[c.No]
			b.HasPrev, b.Previous, b.Change = true, domain.FormatPoints(pp), cafChange(p, pp)
			b.PrevX2 = f1(cafChartLabel + float64(cafChartBarW)*pp/100)
			b.PrevY = f1(y + 22)
		}
		cv.Bars = append(cv.Bars, b)
		if i > 0 {
			desc += "; "
		}
		desc += b.Label + " " + b.Value
	}
	cv.Desc = desc + "."
	return cv
}

// cafCriterionHeading is "1. Przywództwo: 62,5 pkt" (no points when the
// totals are not complete).
func cafCriterionHeading(cr domain.CAFCriterion, t domain.CAFTotals, ok bool) string {
	h := strconv.Itoa(cr.No) + ". " + cr.Name
	if ok {
		h += ": " + domain.FormatPoints(t.Criteria[cr.No]) + " pkt"
	}
	return h
}
