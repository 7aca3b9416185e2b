package store_test

import (
	"context"
	"testing"

	"kaizen/internal/domain"
	"kaizen/internal/store"
)

// paperPair returns two people of the project office with accounts: a
// coordinator who records paper decisions and an administrator who
// confirms them (four eyes).
func paperPair(t testing.TB, s *store.Store) (recorder, confirmer domain.Actor) {
	t.Helper()
	ctx := context.Background()
	get := func(username, name string, role domain.Role) domain.Actor {
		u, _, err := s.UserCredentials(ctx, username)
		if err != nil {
			u = &domain.User{Username: username, DisplayName: name, Role: role, Active: true}
			if err := s.CreateUser(ctx, admin, u, testHash); err != nil {
				t.Fatal(err)
			}
		}
		return domain.ActorOf(u, "127.0.0.1")
	}
	return get("papier-wprowadza", "Anna Wprowadzająca", domain.RoleCoordinator), get("papier-potwierdza", "Tomasz Potwierdzający", domain.RoleAdmin)
}

// decideOnPaper is one paper signature as it is done now: the draft is
// submitted, a coordinator records the decision with the scan and an
// administrator confirms it.
func decideOnPaper(t testing.TB, s *store.Store, programmeID, id int64, d domain.Decision) (*domain.Protocol, error) {
	t.Helper()
	ctx := context.Background()
	recorder, confirmer := paperPair(t, s)
	pr, err := s.Protocol(ctx, programmeID, id)
	if err != nil {
		return nil, err
	}
	if pr.Status == domain.ProtocolDraft {
		if err := s.SubmitProtocol(ctx, admin, programmeID, id, pr.Version); err != nil {
			return nil, err
		}
		if pr, err = s.Protocol(ctx, programmeID, id); err != nil {
			return nil, err
		}
	}
	rec, err := s.RecordPaperDecision(ctx, recorder, programmeID, id, pr.Version, d, "skan.pdf", "application/pdf", pdfBytes)
	if err != nil {
		return nil, err
	}
	return s.ConfirmPaperDecision(ctx, confirmer, programmeID, id, rec.Version)
}
