package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kaizen/internal/auth"
	"kaizen/internal/demo"
	"kaizen/internal/domain"
	"kaizen/internal/testapp"
)

// TestAdminAssignsCoordinator: an administrator adds a coordinator to the
// demo programme's team on the team page; the coordinator then sees that
// programme on the start page and in the list, and not another programme,
// whose address answers "not found".
func TestAdminAssignsCoordinator(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	bg := t.Context()
	sys := domain.Actor{Username: "test"}
	other := &domain.Programme{Code: "INNY-2010", Title: "Inny program usprawnień", Start: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2012, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := app.Store.CreateProgramme(bg, sys, other); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.Hash(t.Context(), "haslo-koordynatorki-1")
	if err != nil {
		t.Fatal(err)
	}
	coord := &domain.User{Username: "k.nowak", DisplayName: "Katarzyna Nowak", Role: domain.RoleCoordinator, Active: true}
	if err := app.Store.CreateUser(bg, sys, coord, hash); err != nil {
		t.Fatal(err)
	}
	prog := app.DemoProgramme(t)
	if prog.Code != demo.ProgrammeCode {
		t.Fatalf("demo programme is %s", prog.Code)
	}

	// Before: the new coordinator sees no programme.
	signIn(t, ctx, app.URL, "k.nowak", "haslo-koordynatorki-1")
	body := mainText(t, ctx)
	if strings.Contains(body, demo.ProgrammeCode) || !strings.Contains(body, "Nie widzisz żadnego programu") {
		t.Fatalf("start page before joining:\n%s", body)
	}
	signOut(t, ctx)

	// The administrator adds her on the team page.
	signIn(t, ctx, app.URL, "admin", "demo")
	err = chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/programmes/"+itoa(prog.ID)),
		chromedp.Click(chromedp.CSS(`[data-testid="team-link"]`)),
		chromedp.WaitVisible(chromedp.ID("f-member")),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "team page")
	// Adding with no one chosen is refused beside the field.
	if err := chromedp.Do(ctx, chromedp.Submit(chromedp.ID("f-member")), chromedp.WaitVisible(chromedp.ID("f-member-error"))); err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "team page (form with errors)")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-member"), itoa(coord.ID)),
		chromedp.Submit(chromedp.ID("f-member")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="team"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	body = mainText(t, ctx)
	if !strings.Contains(body, "Dodano osobę do zespołu programu") || !strings.Contains(body, "Katarzyna Nowak") {
		t.Fatalf("team page after adding:\n%s", body)
	}
	// The account page shows the programmes to choose from.
	err = chromedp.Do(ctx, chromedp.Navigate(app.URL+"/admin/users/"+itoa(coord.ID)), chromedp.WaitVisible(chromedp.ID("f-programmes")))
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "user edit with programmes")
	signOut(t, ctx)

	// After: she sees the demo programme, and not the other one.
	signIn(t, ctx, app.URL, "k.nowak", "haslo-koordynatorki-1")
	body = mainText(t, ctx)
	if !strings.Contains(body, demo.ProgrammeCode) || strings.Contains(body, "INNY-2010") {
		t.Fatalf("start page after joining:\n%s", body)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(app.URL+"/programmes"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="programmes"]`)))
	if err != nil {
		t.Fatal(err)
	}
	body = mainText(t, ctx)
	if !strings.Contains(body, demo.ProgrammeCode) || strings.Contains(body, "INNY-2010") {
		t.Fatalf("programme list:\n%s", body)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(app.URL+"/programmes/"+itoa(other.ID)), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	body = mainText(t, ctx)
	if strings.Contains(body, "Inny program") || !strings.Contains(body, "Nie ma takiego programu") {
		t.Fatalf("other programme's page:\n%s", body)
	}
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("f-username"))); err != nil {
		t.Fatal(err)
	}
}

func mainText(t *testing.T, ctx context.Context) string {
	t.Helper()
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	return body
}
