package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"kaizen/internal/domain"
	"kaizen/internal/pdf"
	"kaizen/internal/store"
)

// loadProtocols adds product documents and acceptance protocols in every
// state to the demo programme, once: accepted by the demo manager in
// Kaizen, accepted with remarks and rejected-then-reworked on paper, one
// waiting for the demo manager's decision, one in preparation.
func loadProtocols(ctx context.Context, st *store.Store) (err error) {
	progs, err := st.Programmes(ctx)
	if err != nil {
		return err
	}
	var p *domain.Programme
	for _, s := range progs {
		if s.Code == ProgrammeCode {
			if p, err = st.Programme(ctx, s.ID); err != nil {
				return err
			}
		}
	}
	if p == nil {
		return nil
	}
	existing, err := st.Protocols(ctx, p.ID, domain.ProtocolFilter{ListQuery: domain.ListQuery{Limit: 1}})
	if err != nil || len(existing) > 0 {
		return err
	}
	manager, _, err := st.UserCredentials(ctx, "kierownik")
	if err != nil {
		return nil // the demo accounts are not there: nobody to sign
	}
	// A paper decision counts once a second person confirms it (four
	// eyes): the coordinator records it, the administrator confirms.
	coordinator, confirmer := accountActor(ctx, st, "koordynator"), accountActor(ctx, st, "admin")
	products, err := st.UnitProducts(ctx, p.ID, domain.ProductFilter{})
	if err != nil {
		return err
	}
	// Products of "P3 doskonalenie procesów" (area P) and "N1 doskonalenie
	// procesów" (area N) by unit and letter.
	byUnit := map[string]map[string]domain.UnitProduct{}
	for _, up := range products {
		if up.TaskName != "doskonalenie procesów" {
			continue
		}
		key := up.TaskCode + " " + up.UnitName
		if byUnit[key] == nil {
			byUnit[key] = map[string]domain.UnitProduct{}
		}
		byUnit[key][up.Letter] = up
	}
	today := st.Now().UTC().Truncate(24 * time.Hour)
	start := p.Phases[1].Start
	on := func(months, days int) time.Time {
		t := Weekday(start.AddDate(0, months, days))
		for !t.Before(today) {
			t = Weekday(t.AddDate(0, 0, -7))
		}
		return t
	}
	document := func(up domain.UnitProduct) error {
		var buf bytes.Buffer
		doc := &domain.Protocol{SeriesID: 0, VersionNo: 1, TaskCode: up.TaskCode, TaskName: up.TaskName, UnitName: up.UnitName,
			Contractor: p.Contractor, Place: up.UnitName, Date: on(2, 0), Status: domain.ProtocolDraft,
			Description: "Dokument produktu: " + up.Label() + ".\nOpracowanie robocze przygotowane przez ekspertów wykonawcy wspólnie z pracownikami jednostki.",
			Items:       []domain.ProtocolItem{{UnitProductID: up.ID, Letter: up.Letter, Name: up.Name}}}
		if err := pdf.WriteProtocol(&buf, p.Title, p.FundingLine, doc); err != nil {
			return err
		}
		_, err := st.AddProductDocument(ctx, coordinator, up.ID, "produkt-"+up.TaskCode+"-"+up.Letter+"-"+up.UnitName+".pdf", "application/pdf", buf.Bytes())
		return err
	}
	prepare := func(unit string, letters string, date time.Time, description string) (*domain.Protocol, error) {
		task := "P3"
		if strings.HasPrefix(letters, "N1:") {
			task, letters = "N1", strings.TrimPrefix(letters, "N1:")
		}
		ups := byUnit[task+" "+unit]
		if len(ups) == 0 {
			return nil, fmt.Errorf("no %s products in %s", task, unit)
		}
		pr := &domain.Protocol{ProgrammeID: p.ID, Place: unit, Date: date, Contractor: p.Contractor, Description: description}
		for _, l := range letters {
			up := ups[string(l)]
			pr.TaskID, pr.UnitID = up.TaskID, up.UnitID
			if err := document(up); err != nil {
				return nil, err
			}
			pr.Items = append(pr.Items, domain.ProtocolItem{UnitProductID: up.ID, PlannedOn: date.AddDate(0, 0, -14), DoneOn: date.AddDate(0, 0, -3)})
		}
		if err := st.SaveProtocol(ctx, coordinator, pr, ""); err != nil {
			return nil, fmt.Errorf("protocol for %s: %w", unit, err)
		}
		return pr, nil
	}
	submit := func(pr *domain.Protocol) (*domain.Protocol, error) {
		if err := st.SubmitProtocol(ctx, coordinator, p.ID, pr.ID, pr.Version); err != nil {
			return nil, err
		}
		return st.Protocol(ctx, p.ID, pr.ID)
	}
	scan := func(pr *domain.Protocol) ([]byte, error) {
		var buf bytes.Buffer
		err := pdf.WriteProtocol(&buf, p.Title, p.FundingLine, pr)
		return buf.Bytes(), err
	}
	paper := func(pr *domain.Protocol, d domain.Decision) error {
		sub, err := submit(pr)
		if err != nil {
			return err
		}
		data, err := scan(sub)
		if err != nil {
			return err
		}
		recorded, err := st.RecordPaperDecision(ctx, coordinator, p.ID, pr.ID, sub.Version, d, "skan-protokolu-"+fmt.Sprint(pr.ID)+".pdf", "application/pdf", data)
		if err != nil {
			return err
		}
		_, err = st.ConfirmPaperDecision(ctx, confirmer, p.ID, pr.ID, recorded.Version)
		return err
	}

	// Dzierżoniów: a and b accepted by the demo manager in Kaizen; c and d
	// waiting for the demo manager's decision.
	pr, err := prepare(LeaderUnit, "ab", on(3, 0), "Przekazanie opisu procesów podatków i opłat lokalnych oraz wskaźników oceny tych procesów, w wersji papierowej i elektronicznej.")
	if err != nil {
		return err
	}
	sub, err := submit(pr)
	if err != nil {
		return err
	}
	if _, err := st.DecideProtocol(ctx, domain.ActorOf(manager, "local"), manager, p.ID, pr.ID, sub.Version, domain.Decision{Status: domain.ProtocolAccepted}); err != nil {
		return fmt.Errorf("demo signature: %w", err)
	}
	if pr, err = prepare(LeaderUnit, "cd", on(5, 0), "Przekazanie zasad monitorowania procesów oraz zasad przeglądu i audytowania procesów."); err != nil {
		return err
	}
	if _, err := submit(pr); err != nil {
		return err
	}

	// Bielawa: every product accepted with remarks, signed on paper.
	if pr, err = prepare("Urząd Miasta Bielawa", "abcd", on(3, 7), "Przekazanie opisu procesów, wskaźników oceny, zasad monitorowania i zasad przeglądu procesów."); err != nil {
		return err
	}
	if err := paper(pr, domain.Decision{Status: domain.ProtocolAcceptedRemarks, Remarks: "Wskaźniki oceny procesów uzupełnić o wartości bazowe z 2025 r.",
		SignerName: "Krystyna Nowicka", SignerRole: "Sekretarz Miasta", SignedOn: pr.Date}); err != nil {
		return fmt.Errorf("demo paper protocol: %w", err)
	}

	// Bolesławiec: rejected, reworked as version 2 and accepted.
	if pr, err = prepare("Urząd Miasta Bolesławiec", "a", on(2, 14), "Przekazanie opisu procesów podatków i opłat lokalnych."); err != nil {
		return err
	}
	if err := paper(pr, domain.Decision{Status: domain.ProtocolRejected, Remarks: "Opis nie obejmuje procesu windykacji należności; brak właścicieli procesów.",
		SignerName: "Ryszard Kamiński", SignerRole: "Zastępca Burmistrza", SignedOn: pr.Date}); err != nil {
		return fmt.Errorf("demo rejected protocol: %w", err)
	}
	v2, err := st.NewProtocolVersion(ctx, coordinator, p.ID, pr.ID)
	if err != nil {
		return err
	}
	second, err := st.Protocol(ctx, p.ID, v2)
	if err != nil {
		return err
	}
	second.Date = on(4, 0)
	second.Description = "Przekazanie poprawionego opisu procesów (uzupełniony proces windykacji, wskazani właściciele procesów) oraz wskaźników, zasad monitorowania i przeglądu procesów."
	second.Items = nil
	for _, l := range "abcd" {
		up := byUnit["P3 Urząd Miasta Bolesławiec"][string(l)]
		second.Items = append(second.Items, domain.ProtocolItem{UnitProductID: up.ID, DoneOn: second.Date.AddDate(0, 0, -2)})
	}
	if err := st.SaveProtocol(ctx, coordinator, second, ""); err != nil {
		return err
	}
	if err := paper(second, domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Ryszard Kamiński", SignerRole: "Zastępca Burmistrza", SignedOn: second.Date}); err != nil {
		return fmt.Errorf("demo reworked protocol: %w", err)
	}

	// Kłodzko, area N: every product accepted on paper.
	if pr, err = prepare("Urząd Miasta Kłodzko", "N1:abcd", on(4, 14), "Przekazanie opisu procesów gospodarowania nieruchomościami wraz ze wskaźnikami, zasadami monitorowania i przeglądu."); err != nil {
		return err
	}
	if err := paper(pr, domain.Decision{Status: domain.ProtocolAccepted, SignerName: "Michał Piotrowski", SignerRole: "Burmistrz Miasta", SignedOn: pr.Date}); err != nil {
		return fmt.Errorf("demo N protocol: %w", err)
	}

	// Świdnica: a protocol in preparation.
	if _, err := prepare("Urząd Miejski Świdnica", "a", on(5, 10), "Przekazanie opisu procesów podatków i opłat lokalnych."); err != nil {
		return err
	}
	return nil
}

// accountActor is the demo account username acting, or the system when the
// demo accounts are not there.
func accountActor(ctx context.Context, st *store.Store, username string) domain.Actor {
	if u, _, err := st.UserCredentials(ctx, username); err == nil {
		return domain.ActorOf(u, "local")
	}
	return system
}
