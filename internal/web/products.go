package web

import (
	"net/http"

	"kaizen/internal/domain"
	"kaizen/internal/webctx"
	"kaizen/web/pages"
	"kaizen/web/paths"
)

// Products of tasks in units (produkty w jednostkach): progress and
// documents. Who may act is decided by the route groups; which unit's
// products a unit manager may see is decided by unitAccess.

func (s *Server) handleProducts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.programmeFromURL(r)
	if err != nil {
		return err
	}
	u := webctx.User(ctx)
	f := productFilter(r, pages.ProductsPerPage)
	v := pages.ProductsView{Programme: p, Filter: f, CanPrepare: u.Can(domain.PermPrepareProtocol), OwnUnitsOnly: f.UnitIDs != nil,
		List: listState(paths.Products(p.ID), paths.ProductsExport(p.ID), domain.SortProducts, f.ListQuery,
			pages.ParamUnit, idString(f.UnitID), pages.ParamTask, idString(f.TaskID), pages.ParamStatus, string(f.Status))}
	if v.Products, err = s.store.UnitProducts(ctx, p.ID, f); err != nil {
		return err
	}
	if v.Counts, err = s.store.ProductCounts(ctx, p.ID, f); err != nil {
		return err
	}
	if v.Tasks, err = s.store.Tasks(ctx, p.ID); err != nil {
		return err
	}
	if v.Participations, err = s.store.Participations(ctx, p.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, pages.Products(v))
	return nil
}

// productFilter is the product list's query (?q=, ?jednostka=, ?zadanie=,
// ?status=, order, page) within the units the user may see.
func productFilter(r *http.Request, limit int) domain.ProductFilter {
	f := domain.ProductFilter{ListQuery: listQuery(r, domain.SortProducts, limit), UnitIDs: ownUnits(webctx.User(r.Context())),
		UnitID: queryID(r, pages.ParamUnit), TaskID: queryID(r, pages.ParamTask)}
	if st := domain.ProductStatus(r.URL.Query().Get(pages.ParamStatus)); st.Label() != "" {
		f.Status = st
	}
	return f
}

func (s *Server) productFromURL(r *http.Request, p *domain.Programme) (*domain.UnitProduct, error) {
	id, err := idParam(r, "productID", "Nie ma takiego produktu w tym programie.")
	if err != nil {
		return nil, err
	}
	up, err := s.store.UnitProduct(r.Context(), p.ID, id)
	if err != nil {
		return nil, err
	}
	return up, s.unitAccess(r, up.UnitID)
}

func (s *Server) renderProduct(w http.ResponseWriter, r *http.Request, status int, p *domain.Programme, up *domain.UnitProduct, errs map[string]string, message string) error {
	ctx := r.Context()
	v := pages.ProductView{Programme: p, Product: up, CanPrepare: webctx.User(ctx).Can(domain.PermPrepareProtocol),
		Form: formState(r, errs), Message: message}
	if r.Method == http.MethodGet || message != "" || errs[pages.FieldFile] != "" {
		v.Form.Values = pages.ProductValues(up)
	}
	var err error
	if v.Documents, err = s.store.ProductDocuments(ctx, up.ID); err != nil {
		return err
	}
	if v.Submitted, err = s.store.SubmittedProductDocuments(ctx, up.ID); err != nil {
		return err
	}
	if v.Protocols, err = s.store.ProtocolsOfProduct(ctx, p.ID, up.ID); err != nil {
		return err
	}
	s.render(w, r, status, pages.Product(v))
	return nil
}

func (s *Server) handleProduct(w http.ResponseWriter, r *http.Request) error {
	p, up, err := recordFromURL(s, r, s.productFromURL)
	if err != nil {
		return err
	}
	return s.renderProduct(w, r, http.StatusOK, p, up, nil, "")
}

func (s *Server) handleProductSave(w http.ResponseWriter, r *http.Request) error {
	p, existing, err := recordFromURL(s, r, s.productFromURL)
	if err != nil {
		return err
	}
	f := newFormReader(r)
	up := *existing
	up.Status = domain.ProductStatus(f.str(pages.FieldProductStatus))
	if up.Status.Label() == "" {
		f.errs.Add(pages.FieldProductStatus, "Wybierz status z listy.")
	}
	up.PlannedOn = f.date(f.str(pages.FieldProductPlannedOn), pages.FieldProductPlannedOn, false)
	up.DoneOn = f.date(f.str(pages.FieldProductDoneOn), pages.FieldProductDoneOn, false)
	up.Version = f.version()
	saved, err := saveFlow{f: f,
		save:     func() error { return s.store.SaveProductProgress(r.Context(), s.actor(r), &up) },
		validate: func() error { return up.ValidateProgress(existing.Status) },
		stale: func(msg string) error {
			fresh, err := s.productFromURL(r, p)
			if err != nil {
				return err
			}
			return s.renderProduct(w, r, http.StatusConflict, p, fresh, nil, msg)
		},
		invalid: func() error { return s.renderProduct(w, r, http.StatusUnprocessableEntity, p, existing, f.errs, "") },
	}.run()
	if !saved {
		return err
	}
	s.flash(r, "success", "Zapisano postęp produktu "+up.Label()+".")
	redirect(w, r, paths.Product(p.ID, up.ID))
	return nil
}

func (s *Server) handleProductFileUpload(w http.ResponseWriter, r *http.Request) error {
	p, up, err := recordFromURL(s, r, s.productFromURL)
	if err != nil {
		return err
	}
	name, ct, data, msg, err := readUpload(r, "produkt-"+up.TaskCode+"-"+up.Letter, "Wybierz plik z dokumentem produktu.")
	if err != nil {
		return err
	}
	if msg != "" {
		return s.renderProduct(w, r, http.StatusUnprocessableEntity, p, up, map[string]string{pages.FieldFile: msg}, "")
	}
	if _, err := s.store.AddProductDocument(r.Context(), s.actor(r), up.ID, name, ct, data); err != nil {
		return err
	}
	s.flash(r, "success", "Dołączono dokument „"+name+"”.")
	redirect(w, r, paths.Product(p.ID, up.ID))
	return nil
}

func (s *Server) handleProductFileDelete(w http.ResponseWriter, r *http.Request) error {
	p, up, err := recordFromURL(s, r, s.productFromURL)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego dokumentu tego produktu.")
	if err != nil {
		return err
	}
	if err := s.store.DeleteProductDocument(r.Context(), s.actor(r), up.ID, fileID); err != nil {
		return err
	}
	s.flash(r, "success", "Usunięto dokument produktu.")
	redirect(w, r, paths.Product(p.ID, up.ID))
	return nil
}

func (s *Server) handleProductFile(w http.ResponseWriter, r *http.Request) error {
	_, up, err := recordFromURL(s, r, s.productFromURL)
	if err != nil {
		return err
	}
	fileID, err := idParam(r, "fileID", "Nie ma takiego dokumentu tego produktu.")
	if err != nil {
		return err
	}
	f, data, err := s.store.FileData(r.Context(), "unit_product", up.ID, fileID)
	if err != nil {
		return err
	}
	return s.serveFile(w, r, f, data, "unit_product", up.ID, "dokument produktu")
}
