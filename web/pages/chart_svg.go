package pages

import (
	"context"
	"io"
	"strconv"

	"kaizen/internal/domain"
)

// chart is a cumulative line chart of an indicator against its target,
// drawn on the server as SVG (its data is in the table next to it). Its
// coordinates are numbers, written with one decimal (chartSVG).
type chart struct {
	W, H int
	// Axis and Target are the y of the zero line and of the target line.
	Axis, Target float64
	// Pace is the expected-pace line (x1, y1, x2, y2) when HasPace: a
	// measured value has no even pace to draw.
	Pace    [4]float64
	HasPace bool
	// Points are the cumulative value's points, up to the current period:
	// the line and its dots.
	Points [][2]float64
	// Cumulative is every period's running value (Series.Cumulatives),
	// for the line and for the table beside the chart.
	Cumulative []domain.PeriodValue
	Labels     []chartLabel
	TargetText string
}

type chartLabel struct {
	X            float64
	Y            int
	Text, Anchor string
}

func makeChart(r IndicatorRow) chart {
	const w, h, left, right, top, bottom = 640, 220, 48, 16, 16, 36
	cum := r.Series.Cumulatives()
	c := chart{W: w, H: h, Cumulative: cum}
	n := len(r.Series.Periods)
	if n == 0 {
		return c
	}
	target := r.Indicator.Target.Float()
	maxV, minV := target, 0.0
	for i := 0; i < n; i++ {
		v := cum[i].Value.Float()
		maxV, minV = max(maxV, v), min(minV, v) // an average change may fall below zero
	}
	if maxV <= 0 {
		maxV = 1
	}
	maxV *= 1.1
	minV *= 1.1
	x := func(i float64) float64 {
		if n == 1 {
			return left
		}
		return left + i*float64(w-left-right)/float64(n-1)
	}
	y := func(v float64) float64 { return top + (maxV-v)/(maxV-minV)*float64(h-top-bottom) }
	c.Axis = y(0)
	c.Target = y(target)
	if !r.Progress.Measured {
		c.Pace, c.HasPace = [4]float64{x(0), y(0), x(float64(n - 1)), y(target)}, true
	}
	last := min(r.Index, n-1)
	if last >= 0 {
		c.Points = make([][2]float64, 0, last+1)
	}
	for i := 0; i <= last; i++ {
		c.Points = append(c.Points, [2]float64{x(float64(i)), y(cum[i].Value.Float())})
	}
	c.Labels = append(c.Labels, chartLabel{X: x(0), Y: h - 14, Text: r.Series.Periods[0].Code, Anchor: "start"},
		chartLabel{X: x(float64(n - 1)), Y: h - 14, Text: r.Series.Periods[n-1].Code, Anchor: "end"})
	if last > 0 && last != n-1 {
		c.Labels = append(c.Labels, chartLabel{X: x(float64(last)), Y: h - 2, Text: r.Series.Periods[last].Code, Anchor: "middle"})
	}
	c.TargetText = "cel " + r.Indicator.Target.String()
	return c
}

// chartSVG writes an indicator's chart, the svg element, in the markup
// templ wrote for it (TestChartSVGMarkup). The dashboard draws one chart
// an indicator; written by templ, each coordinate was a string formatted,
// joined and escaped on its own, a fifth of the dashboard's server CPU.
type chartSVG struct {
	r  *IndicatorRow
	id string
	c  *chart
}

func (s chartSVG) Render(_ context.Context, w io.Writer) error {
	r, c, id := s.r, s.c, s.id
	gw := newGridWriter(w)
	gw.str(`<svg class="chart" viewBox="0 0 `)
	gw.int(int64(c.W))
	gw.str(" ")
	gw.int(int64(c.H))
	gw.str(`" role="img" aria-labelledby="`)
	gw.text(id)
	gw.str("-t ")
	gw.text(id)
	gw.str(`-d" focusable="false"><title id="`)
	gw.text(id)
	gw.str(`-t">Wartość narastająca wskaźnika `)
	gw.text(indicatorTitle(r.Indicator))
	gw.str(` na tle celu</title><desc id="`)
	gw.text(id)
	gw.str(`-d">Narastająco `)
	gw.text(r.Cumulative.Value.String())
	gw.str(" z ")
	gw.text(r.Indicator.Target.String())
	gw.str(" (")
	gw.text(pct(r.Progress.Percent))
	gw.str("), stan: ")
	gw.text(r.Progress.Pace.Label())
	gw.str(`. Dane w tabeli poniżej.</desc> `)
	across := func(class string, y float64) { // a line across the chart at y
		gw.str(`<line class="` + class + `" x1="48" y1="`)
		gw.coord(y)
		gw.str(`" x2="`)
		gw.int(int64(c.W - 16))
		gw.str(`" y2="`)
		gw.coord(y)
		gw.str(`"></line> `)
	}
	across("chart-axis", c.Axis)
	across("chart-target", c.Target)
	gw.str(`<text class="chart-text" x="52" y="`)
	gw.coord(c.Target)
	gw.str(`" dy="-4">`)
	gw.text(c.TargetText)
	gw.str(`</text> `)
	if c.HasPace {
		gw.str(`<line class="chart-pace" x1="`)
		gw.coord(c.Pace[0])
		gw.str(`" y1="`)
		gw.coord(c.Pace[1])
		gw.str(`" x2="`)
		gw.coord(c.Pace[2])
		gw.str(`" y2="`)
		gw.coord(c.Pace[3])
		gw.str(`"></line> `)
	}
	if len(c.Points) > 0 {
		gw.str(`<polyline class="chart-line" points="`)
		for i, p := range c.Points {
			if i > 0 {
				gw.str(" ")
			}
			gw.coord(p[0])
			gw.str(",")
			gw.coord(p[1])
		}
		gw.str(`"></polyline> `)
	}
	for _, p := range c.Points {
		gw.str(`<circle class="chart-dot" cx="`)
		gw.coord(p[0])
		gw.str(`" cy="`)
		gw.coord(p[1])
		gw.str(`" r="4"></circle> `)
	}
	for _, l := range c.Labels {
		gw.str(`<text class="chart-text" x="`)
		gw.coord(l.X)
		gw.str(`" y="`)
		gw.int(int64(l.Y))
		gw.str(`" text-anchor="`)
		gw.text(l.Anchor)
		gw.str(`">`)
		gw.text(l.Text)
		gw.str(`</text>`)
	}
	gw.str(`</svg>`)
	return gw.close()
}

// coord appends a chart coordinate with one decimal, as f1 formats it.
func (g *gridWriter) coord(v float64) { g.buf = strconv.AppendFloat(g.buf, v, 'f', 1, 64) }

// f1 formats an SVG coordinate with one decimal.
func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
