package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kaizen/internal/domain"
)

// The refusals say what the deletion itself would say, and asking deletes
// nothing (the try is rolled back).
func TestDeleteRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newIndFixture(t)
	s := f.s

	if why, err := s.TaskDeleteRefusal(ctx, f.p.ID, f.p3.ID); err != nil || !strings.Contains(why, "wskaźnika") {
		t.Errorf("task counted by an indicator: %q, %v", why, err)
	}
	if why, err := s.TrainingDeleteRefusal(ctx, f.p.ID, f.ps4); err != nil || !strings.Contains(why, "wskaźnika") {
		t.Errorf("training counted by an indicator: %q, %v", why, err)
	}

	free := &domain.Task{ProgrammeID: f.p.ID, Code: "X9", Name: "wolne", Kind: domain.TaskProcess, Products: []domain.Product{{Letter: "a", Name: "opis"}}}
	if err := s.SaveTask(ctx, admin, free); err != nil {
		t.Fatal(err)
	}
	if why, err := s.TaskDeleteRefusal(ctx, f.p.ID, free.ID); err != nil || why != "" {
		t.Fatalf("a task without evidence: %q, %v", why, err)
	}
	if _, err := s.Task(ctx, f.p.ID, free.ID); err != nil {
		t.Fatalf("asking deleted the task: %v", err)
	}
	if err := s.DeleteTask(ctx, admin, f.p.ID, free.ID); err != nil {
		t.Fatalf("the deletion the refusal allowed: %v", err)
	}

	tr := &domain.Training{ProgrammeID: f.p.ID, Code: "XS1", Topic: "próba", GroupsPlanned: 1, DaysPerGroup: domain.DecimalFromInt(1)}
	if err := s.SaveTraining(ctx, admin, tr); err != nil {
		t.Fatal(err)
	}
	if why, err := s.TrainingDeleteRefusal(ctx, f.p.ID, tr.ID); err != nil || why != "" {
		t.Fatalf("a training without sessions: %q, %v", why, err)
	}
	f.session(t, tr.ID, []time.Time{d("2011-03-01")}, nil, func(int, int) bool { return false })
	why, err := s.TrainingDeleteRefusal(ctx, f.p.ID, tr.ID)
	if err != nil || !strings.Contains(why, "sesje") {
		t.Fatalf("a training with a session: %q, %v", why, err)
	}
	if err := s.DeleteTraining(ctx, admin, f.p.ID, tr.ID); domain.ErrorMessage(err) != why {
		t.Errorf("the deletion says %q, the refusal %q", domain.ErrorMessage(err), why)
	}

	in := f.ind["manual"]
	if why, err := s.IndicatorDeleteRefusal(ctx, f.p.ID, in.ID); err != nil || why != "" {
		t.Fatalf("an indicator: %q, %v", why, err)
	}
	if _, err := s.Indicator(ctx, f.p.ID, in.ID); err != nil {
		t.Fatalf("asking deleted the indicator: %v", err)
	}
}
