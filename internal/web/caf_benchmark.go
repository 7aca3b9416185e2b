package web

// CAF benchmarking and benchlearning: the distribution of the units'
// agreed scores in a programme (per criterion, overall and per unit kind),
// a unit's position and the top-quartile units to learn from, the units'
// consent to be named, and the administrators' view across programmes.
// Unit-bound users see their own units by name and the others anonymised
// ("Jednostka A", in the order of the units' ids); in benchlearning, units
// that consented are named.

import (
	"net/http"
	"slices"
	"strconv"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Query parameters of the benchmarking page.
const (
	paramCAFUnit = "jednostka"
	paramCAFKind = "rodzaj"
)

// handleCAFBenchmark is a programme's benchmarking.
func (s *Server) handleCAFBenchmark(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	b, err := s.store.CAFBenchmark(ctx, p.ID)
	if err != nil {
		return err
	}
	_, limited := u.UnitScope()
	v := pages.CAFBenchmarkView{Programme: p, Model: domain.CAFModelOf(domain.CAF2020), B: b, Limited: limited, Offset: offsetParam(r)}

	// names: own units (or everyone's for users not bound to units), the
	// others anonymised by the order of their ids
	label := func(x *domain.CAFUnitResult, learning bool) string {
		if !limited || u.CanActOnUnit(x.UnitID) || (learning && x.Named) {
			return x.UnitName
		}
		return domain.AnonymousName(b.AnonymousIndex(x.UnitID))
	}
	// The list's order: by name; for unit-bound users their own units
	// first, then the others by their anonymous names (so the order tells
	// no names). Rows are made for the page shown only.
	order := make([]*domain.CAFUnitResult, 0, len(b.Units))
	if limited {
		for i := range b.Units {
			if x := &b.Units[i]; u.CanActOnUnit(x.UnitID) {
				order = append(order, x)
				v.Choices = append(v.Choices, pages.CAFUnitChoice{ID: x.UnitID, Name: x.UnitName})
			}
		}
		for _, id := range b.IDs() {
			if !u.CanActOnUnit(id) {
				order = append(order, b.Unit(id))
			}
		}
	} else {
		for i := range b.Units {
			order = append(order, &b.Units[i])
		}
	}
	v.Total = len(order)
	if v.Offset >= len(order) {
		v.Offset = 0
	}
	for _, x := range order[v.Offset:min(len(order), v.Offset+pages.CAFBenchPerPage)] {
		own := limited && u.CanActOnUnit(x.UnitID)
		v.Rows = append(v.Rows, pages.CAFBenchRow{Unit: x, Label: label(x, false), Own: own, Position: b.Position(x, 0)})
		if !limited { // the chooser offers the units of the page shown (and the chosen one)
			v.Choices = append(v.Choices, pages.CAFUnitChoice{ID: x.UnitID, Name: x.UnitName})
		}
	}

	// the chosen unit: ?jednostka=, by default a unit-bound user's first own
	chosen := int64(0)
	if id, err := strconv.ParseInt(r.URL.Query().Get(paramCAFUnit), 10, 64); err == nil {
		chosen = id
	} else if limited && len(v.Choices) > 0 {
		chosen = v.Choices[0].ID
	}
	if x := b.Unit(chosen); x != nil && (!limited || u.CanActOnUnit(chosen)) {
		v.Chosen = x
		if !limited && !slices.ContainsFunc(v.Choices, func(c pages.CAFUnitChoice) bool { return c.ID == x.UnitID }) {
			v.Choices = append([]pages.CAFUnitChoice{{ID: x.UnitID, Name: x.UnitName}}, v.Choices...)
		}
		if err := s.cafLearning(r, &v, x, func(y *domain.CAFUnitResult) string { return label(y, true) }); err != nil {
			return err
		}
	}
	v.Kind = domain.UnitKind(r.URL.Query().Get(paramCAFKind))
	if !r.URL.Query().Has(paramCAFKind) && v.Chosen != nil { // peers of the same kind unless "all kinds" was chosen
		v.Kind = v.Chosen.UnitKind
	}
	v.KindB = b.Kind(v.Kind)

	// consent of the manager's own units
	if u.Role == domain.RoleUnitManager && u.Can(domain.PermSignCAF) {
		own, err := s.store.CAFUnitConsents(ctx, p.ID, u.UnitIDs)
		if err != nil {
			return err
		}
		for _, c := range own {
			v.Consents = append(v.Consents, pages.CAFConsentRow{UnitID: c.UnitID, Name: c.Name, Named: c.Named})
		}
	}
	s.render(w, r, http.StatusOK, pages.CAFBenchmarkPage(v))
	return nil
}

// cafLearning fills the chosen unit's position per criterion and its
// benchlearning: the consenting top-quartile units with their accepted
// good practices.
func (s *Server) cafLearning(r *http.Request, v *pages.CAFBenchmarkView, x *domain.CAFUnitResult, label func(*domain.CAFUnitResult) string) error {
	b := v.B
	for c := 0; c <= b.NCriteria; c++ {
		row := pages.CAFPositionRow{Criterion: c, Position: b.Position(x, c), Dist: b.Total}
		row.Value = x.Total
		if c > 0 {
			row.Dist, row.Value = b.Criteria[c-1], x.Criteria[c-1]
		}
		v.Positions = append(v.Positions, row)
	}
	var named []int64
	for _, l := range b.Benchlearning(x) {
		row := pages.CAFLearningRow{CAFLearning: l}
		for i := range l.From {
			if l.From[i].Named {
				row.Named = append(row.Named, pages.CAFLearnFrom{Unit: &l.From[i], Label: label(&l.From[i])})
				named = append(named, l.From[i].UnitID)
			} else {
				row.Hidden++
			}
		}
		v.Learning = append(v.Learning, row)
	}
	ps, err := s.store.CAFPractices(r.Context(), v.Programme.ID, named)
	if err != nil {
		return err
	}
	for i := range v.Learning {
		for j := range v.Learning[i].Named {
			for _, p := range ps[v.Learning[i].Named[j].Unit.UnitID] {
				v.Learning[i].Named[j].Practices = append(v.Learning[i].Named[j].Practices, pages.CAFPracticeLink{ID: p.ID, Title: p.Title})
			}
		}
	}
	return nil
}

// handleCAFConsent gives (consent=1) or withdraws a unit's consent to be
// named in benchlearning: only the unit's manager.
func (s *Server) handleCAFConsent(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	unitID, err := idParam(r, "unitID", "Nie ma takiej jednostki w tym programie.")
	if err != nil {
		return err
	}
	u := webctx.User(r.Context())
	if u.Role != domain.RoleUnitManager || !u.CanActOnUnit(unitID) {
		return domain.Errorf(domain.EFORBIDDEN, "Nie masz uprawnień do tej zgody: na ujawnienie nazwy jednostki zgadza się tylko jej kierownik.")
	}
	named := r.PostForm.Get("consent") == "1"
	if err := s.store.SetCAFConsent(r.Context(), s.actor(r), p.ID, unitID, named); err != nil {
		return err
	}
	if named {
		s.flash(r, "success", "Wyrażono zgodę: nazwa jednostki będzie widoczna innym jednostkom we wzajemnym uczeniu się.")
	} else {
		s.flash(r, "success", "Wycofano zgodę: inne jednostki zobaczą wyniki jednostki bez jej nazwy.")
	}
	s.redirectFlash(w, r, paths.CAFBenchmark(p.ID)+"?"+paramCAFUnit+"="+strconv.FormatInt(unitID, 10)+"#zgoda")
	return nil
}

// handleCAFBenchmarkAll is the administrators' view across programmes.
func (s *Server) handleCAFBenchmarkAll(w http.ResponseWriter, r *http.Request) error {
	progs, all, err := s.store.CAFBenchmarkAll(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.CAFBenchmarkAllPage(pages.CAFBenchmarkAllView{Model: domain.CAFModelOf(domain.CAF2020),
		Programmes: progs, All: all}))
	return nil
}
