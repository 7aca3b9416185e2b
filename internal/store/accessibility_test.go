package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testdb"
)

func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	if _, err := s.AccessibilityStatement(ctx); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("before the first save: %v, want ENOTFOUND", err)
	}
	today := time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC)
	st := demo.Statement(today)
	if err := s.SaveAccessibilityStatement(ctx, admin, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.AccessibilityStatement(ctx)
	if err != nil || got.ContactPerson != demo.A11yContact || !got.ReviewedOn.Equal(st.ReviewedOn) || got.Version != 1 {
		t.Fatalf("saved statement = %+v, %v", got, err)
	}

	t.Run("ErrStale", func(t *testing.T) {
		again := demo.Statement(today) // version 0: a second "first" statement
		if err := s.SaveAccessibilityStatement(ctx, admin, again); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second first save: %v, want ECONFLICT", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		bad := *got
		bad.Email, bad.Status, bad.NonAccessible = "nie-adres", domain.A11yNone, ""
		err := s.SaveAccessibilityStatement(ctx, admin, &bad)
		f := domain.FieldErrors(err)
		if domain.ErrorCode(err) != domain.EINVALID || f["email"] == "" || f["non_accessible"] == "" {
			t.Fatalf("invalid statement: %v", err)
		}
	})
	t.Run("UpdateAudited", func(t *testing.T) {
		changed := *got
		changed.ContactPerson, changed.ReviewedOn = "Michał Wróbel", today
		if err := s.SaveAccessibilityStatement(ctx, admin, &changed); err != nil {
			t.Fatal(err)
		}
		entries, err := s.AuditFor(ctx, "accessibility_statement", "1")
		if err != nil || len(entries) != 2 {
			t.Fatalf("audit entries = %d, %v; want create and update", len(entries), err)
		}
		var upd *domain.AuditEntry
		for i := range entries {
			if entries[i].Action == domain.AuditUpdate {
				upd = &entries[i]
			}
		}
		var before, after domain.AccessibilityStatement
		if upd == nil || json.Unmarshal(upd.Before, &before) != nil || json.Unmarshal(upd.After, &after) != nil {
			t.Fatalf("no update entry with before and after: %+v", entries)
		}
		if before.ContactPerson != demo.A11yContact || after.ContactPerson != "Michał Wróbel" || !after.ReviewedOn.Equal(today) {
			t.Errorf("before %q, after %q %s", before.ContactPerson, after.ContactPerson, after.ReviewedOn)
		}
	})
}

func TestAccessibilityRequests(t *testing.T) {
	t.Parallel()
	s := testdb.Store(t)
	ctx := context.Background()
	now := time.Date(2027, 4, 1, 8, 30, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }

	t.Run("ErrInvalid", func(t *testing.T) {
		err := s.CreateAccessibilityRequest(ctx, &domain.AccessibilityRequest{Element: "Tabela", Request: " ", Name: "Jan Kowalski"})
		f := domain.FieldErrors(err)
		if f["request"] == "" || f["email"] == "" {
			t.Fatalf("request without text and contact: %v", err)
		}
	})
	first := &domain.AccessibilityRequest{Element: "Raport kwartalny (PDF)", Request: "Proszę o wersję tekstową.", Name: "Jan Kowalski", Email: "jan@example.pl"}
	if err := s.CreateAccessibilityRequest(ctx, first); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	second := &domain.AccessibilityRequest{Element: "Formularz", Request: "Nie działa z klawiaturą.", Name: "Anna Nowak", Phone: "600 100 200"}
	if err := s.CreateAccessibilityRequest(ctx, second); err != nil {
		t.Fatal(err)
	}
	got, err := s.AccessibilityRequest(ctx, first.ID)
	if err != nil || got.Status != domain.A11yRequestNew || !got.ReceivedAt.Equal(time.Date(2027, 4, 1, 8, 30, 0, 0, time.UTC)) ||
		got.Deadline().Format("2006-01-02") != "2027-04-08" || got.MaxDeadline().Format("2006-01-02") != "2027-06-01" {
		t.Fatalf("stored request = %+v, %v", got, err)
	}
	// The anonymous sender's entry keeps no address and no actor.
	entries, err := s.AuditFor(ctx, "accessibility_request", itoa(first.ID))
	if err != nil || len(entries) != 1 || entries[0].Address != "" || entries[0].ActorID != nil {
		t.Fatalf("creation entry = %+v, %v", entries, err)
	}
	// Nor the requester's name and contact: only the request's own page
	// (administrators) shows them.
	if after := string(entries[0].After); strings.Contains(after, "Jan Kowalski") || strings.Contains(after, "jan@example.pl") ||
		!strings.Contains(after, "Raport kwartalny") {
		t.Errorf("audited request = %s", after)
	}

	t.Run("ErrStale", func(t *testing.T) {
		_, err := s.UpdateAccessibilityRequest(ctx, admin, first.ID, domain.A11yRequestChange{Status: domain.A11yRequestInProgress, Version: 7})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale answer: %v", err)
		}
	})
	t.Run("ErrAnswerMissing", func(t *testing.T) {
		_, err := s.UpdateAccessibilityRequest(ctx, admin, first.ID, domain.A11yRequestChange{Status: domain.A11yRequestRefused, Version: 1})
		if domain.FieldErrors(err)["answer"] == "" {
			t.Fatalf("refusal without a note: %v", err)
		}
	})
	done, err := s.UpdateAccessibilityRequest(ctx, admin, first.ID, domain.A11yRequestChange{Status: domain.A11yRequestDone, Answer: "Wysłano plik DOCX.", Version: 1})
	if err != nil || done.Status != domain.A11yRequestDone || done.Version != 2 {
		t.Fatalf("answer = %+v, %v", done, err)
	}
	// Open requests first (oldest first), then settled ones.
	list, err := s.AccessibilityRequests(ctx)
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Fatalf("list = %+v, %v", list, err)
	}
	entries, _ = s.AuditFor(ctx, "accessibility_request", itoa(first.ID))
	if len(entries) != 2 {
		t.Fatalf("entries after the answer = %d", len(entries))
	}
	if _, err := s.AccessibilityRequest(ctx, 999999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing request: %v", err)
	}
}
