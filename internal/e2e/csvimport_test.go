package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kaizen/internal/testapp"
)

// TestCoordinatorImportsISOFile: a coordinator uploads a unit list whose
// code page cannot be told from its text, compares both readings, chooses
// ISO-8859-2, sees the preview with the ignored column named and saves it.
func TestCoordinatorImportsISOFile(t *testing.T) {
	app := testapp.New(t)
	ctx := Browser(t)
	signIn(t, ctx, app.URL, "koordynator", "demo")
	// "Wąsosz" as Windows-1250 (0xB9) and "Oświęcim" as ISO-8859-2 (0xB6).
	file := filepath.Join(t.TempDir(), "jednostki.csv")
	data := "Nazwa;Rodzaj;Wojew\xf3dztwo;Uwagi\nUrz\xb1d Miasta O\xb6wi\xeacim Pr\xf3bny;gmina miejska;ma\xb3opolskie;pilne\nGmina W\xb9sosz;gmina wiejska;podlaskie;\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/units/import"),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
		chromedp.Click(chromedp.Search(`//button[contains(., "Pokaż podgląd")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="encoding-choice"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "unit import: encoding choice")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="encoding"][value="ISO-8859-2"]`)),
		chromedp.Click(chromedp.Search(`//button[contains(., "Pokaż podgląd w wybranym kodowaniu")]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-preview"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	CheckAccessibility(t, ctx, "unit import: preview")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kodowanie: ISO-8859-2, plik rozdzielany średnikami.", "Pominięto kolumny: Uwagi", "Urząd Miasta Oświęcim Próbny"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//button[contains(., "Zapisz poprawne wiersze")]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "Zapisano 2 jednostki z pliku.")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := app.Store.ListUnits(t.Context())
	found := false
	for _, u := range units {
		found = found || u.Name == "Urząd Miasta Oświęcim Próbny"
	}
	if !found {
		t.Fatal("the unit was not saved as read in ISO-8859-2")
	}
}
