package pages

import (
	"strconv"

	"kaizen/internal/domain"
	"kaizen/web/components"
)

// ProductsView lists the products of a programme's tasks in its units.
type ProductsView struct {
	Programme      *domain.Programme
	Products       []domain.UnitProduct // one page
	Counts         map[domain.ProductStatus]int
	Filter         domain.ProductFilter
	Tasks          []*domain.Task
	Participations []domain.Participation
	CanPrepare     bool
	OwnUnitsOnly   bool
	List           components.List // search, filters, order, page and the CSV link
}

// ProductView is one product of a unit with its documents and protocols.
type ProductView struct {
	Programme  *domain.Programme
	Product    *domain.UnitProduct
	Documents  []domain.File
	Submitted  map[int64]bool // documents a protocol was submitted with: not deletable
	Protocols  []*domain.Protocol
	CanPrepare bool
	Form       components.Form
	Message    string
}

// Fields of a product's progress form (on the Product page).
const (
	FieldProductStatus    = "status"
	FieldProductPlannedOn = "planned_on"
	FieldProductDoneOn    = "done_on"
)

// ProductValues are a product's values for its progress form.
func ProductValues(p *domain.UnitProduct) map[string][]string {
	return map[string][]string{FieldProductStatus: {string(p.Status)}, FieldProductPlannedOn: {domain.ISODate(p.PlannedOn)},
		FieldProductDoneOn: {domain.ISODate(p.DoneOn)}, FieldVersion: {strconv.Itoa(p.Version)}}
}

func productStatusOptions(selected string, manual bool) []components.Option {
	var out []components.Option
	for _, s := range domain.ProductStatuses {
		if manual && !s.ManuallySettable() && string(s) != selected {
			continue
		}
		out = append(out, components.Option{Value: string(s), Label: s.Label(), Selected: string(s) == selected})
	}
	return out
}

func productFilterStatusOptions(selected domain.ProductStatus) []components.Option {
	out := []components.Option{{Value: "", Label: "wszystkie"}}
	for _, s := range domain.ProductStatuses {
		out = append(out, components.Option{Value: string(s), Label: s.Label(), Selected: s == selected})
	}
	return out
}

func taskFilterOptions(ts []*domain.Task, selected int64) []components.Option {
	out := []components.Option{{Value: "", Label: "wszystkie"}}
	for _, t := range ts {
		out = append(out, components.Option{Value: itoa(t.ID), Label: t.Code + " " + t.Name, Selected: t.ID == selected})
	}
	return out
}

// StatusCount is how many products have a status.
type StatusCount struct {
	Status domain.ProductStatus
	N      int
}

// ProductsPerPage is how many products a page of the list shows.
const ProductsPerPage = 200

// total is how many products match the filter on all pages.
func (v ProductsView) total() int {
	n := 0
	for _, c := range v.Counts {
		n += c
	}
	return n
}

func productCounts(n map[domain.ProductStatus]int) []StatusCount {
	out := make([]StatusCount, 0, len(domain.ProductStatuses))
	for _, s := range domain.ProductStatuses {
		out = append(out, StatusCount{s, n[s]})
	}
	return out
}
