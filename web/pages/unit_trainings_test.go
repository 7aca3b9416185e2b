package pages

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// nationalUnitView is the unit view of the national data's unit with the
// most participants: its people's 600 training sessions.
func nationalUnitView() UnitView {
	p := &domain.Programme{ID: 1, Code: "GEN-01", Title: "Program"}
	v := UnitView{Programme: p, Participation: &domain.Participation{Unit: domain.Unit{ID: 1080, Name: "Gmina Miejska Rzeczice Górne"}}}
	first := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for i := range 600 {
		gd, _ := domain.ParseDecimal([]string{"2", "1.5", "3"}[i%3])
		v.Trainings = append(v.Trainings, domain.UnitTraining{SessionID: int64(5000 + i), TrainingCode: "KS" + string(rune('1'+i%4)), Topic: "Kompetencje <cyfrowe> & \"zarządzanie\" O'Neill",
			GroupNo: 1000 + i, First: first.AddDate(0, 0, i/3), Days: 2, GroupDays: gd, People: i%7 + 1})
	}
	return v
}

// The unit view's training rows are written in Go, not by templ: their
// markup is what templ wrote for them (this row was rendered by the templ
// version of the page, a topic with every character HTML escapes).
func TestUnitTrainingRowsMarkup(t *testing.T) {
	v := nationalUnitView()
	var buf bytes.Buffer
	if err := UnitPage(v).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	want := `<tbody><tr><th scope="row"><a href="/programmes/1/sessions/5000">KS1 Kompetencje &lt;cyfrowe&gt; &amp; &#34;zarządzanie&#34; O&#39;Neill, grupa 1000</a></th><td>03.03.2025</td><td class="num">2</td><td class="num">1</td></tr><tr><th scope="row"><a href="/programmes/1/sessions/5001">KS2 Kompetencje &lt;cyfrowe&gt; &amp; &#34;zarządzanie&#34; O&#39;Neill, grupa 1001</a></th><td>03.03.2025</td><td class="num">1,5</td><td class="num">2</td></tr>`
	if !strings.Contains(page, want) {
		t.Errorf("the unit view's training rows lack\n%s", want)
	}
	if n := strings.Count(page, `<a href="/programmes/1/sessions/`); n != len(v.Trainings) {
		t.Errorf("%d session links, want %d", n, len(v.Trainings))
	}
}

func BenchmarkUnitPage(b *testing.B) {
	v := nationalUnitView()
	var buf bytes.Buffer
	ctx := context.Background()
	for b.Loop() {
		buf.Reset()
		if err := UnitPage(v).Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
