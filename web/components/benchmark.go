package components

import (
	"strconv"

	"kaizen/internal/domain"
)

// Benchmark is the input of BenchmarkStrip: a unit's index (Value) against
// the quartiles of its peers' values, on the index's scale Min…Max (0 and
// 100 for an index). ID is unique on the page. A value computed from fewer
// than domain.MinCell answers must not be passed.
type Benchmark struct {
	ID        string
	Title     string
	UnitLabel string
	Value     float64
	Peers     domain.Quartiles
	Min, Max  float64
}

const (
	benchW, benchH, benchPad = 640, 100, 24
)

type benchView struct {
	Benchmark
	W, H          int
	Q1, Q3, Width string // the box from Q1 to Q3
	Median        string
	Marker        string // the unit's diamond
	Label         svgText
	Anchor        string
	Ticks         []svgText
	Desc          string
	Position      string
}

func (b Benchmark) x(v float64) float64 {
	span := b.Max - b.Min
	if span <= 0 {
		span = 1
	}
	if v < b.Min {
		v = b.Min
	}
	if v > b.Max {
		v = b.Max
	}
	return benchPad + (v-b.Min)/span*float64(benchW-2*benchPad)
}

// one is a value as the strip and its table write it: "72,4".
func one(v float64) string { return domain.FormatOne(v) }

func makeBench(b Benchmark) benchView {
	v := benchView{Benchmark: b, W: benchW, H: benchH}
	x := b.x(b.Value)
	v.Marker = "M" + f1s(x) + ",38L" + f1s(x+9) + ",47L" + f1s(x) + ",56L" + f1s(x-9) + ",47Z"
	v.Anchor = "middle"
	switch {
	case x < 160:
		v.Anchor = "start"
		x -= 9
	case x > benchW-160:
		v.Anchor = "end"
		x += 9
	}
	v.Label = svgText{X: f1s(x), Y: "26", Text: b.UnitLabel + ": " + one(b.Value)}
	if b.Peers.N > 0 {
		v.Q1, v.Q3 = f1s(b.x(b.Peers.Q1)), f1s(b.x(b.Peers.Q3))
		v.Width = f1s(b.x(b.Peers.Q3) - b.x(b.Peers.Q1))
		v.Median = f1s(b.x(b.Peers.Median))
		v.Position = b.Peers.Position(b.Value).Label()
	}
	for i := 0; i <= 4; i++ {
		t := b.Min + float64(i)*(b.Max-b.Min)/4
		v.Ticks = append(v.Ticks, svgText{X: f1s(b.x(t)), Y: "92", Text: domain.DecimalFromFloat(t).String()})
	}
	v.Desc = b.UnitLabel + ": " + one(b.Value) + "."
	if b.Peers.N > 0 {
		v.Desc += " Jednostki porównania (" + strconv.Itoa(b.Peers.N) + "): mediana " + one(b.Peers.Median) +
			", połowa środkowa od " + one(b.Peers.Q1) + " do " + one(b.Peers.Q3) + ". Położenie: " + v.Position + "."
	}
	return v
}
