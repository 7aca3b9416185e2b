// Package e2e drives the application in headless Chromium (chromedp) for the
// flows a person does, and checks pages with axe-core.
package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// chromiumPath finds the browser: $CHROMIUM, then Debian's chromium.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: install it (apt-get install -y chromium) or set CHROMIUM")
}

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel = func() {}
)

// startBrowser starts one headless Chromium for the test binary, with a
// temporary profile; tests get their own isolated browser contexts in it.
func startBrowser() {
	path, err := chromiumPath()
	if err != nil {
		browserErr = err
		return
	}
	profile, err := os.MkdirTemp("", "kaizen-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	for attempt := 1; attempt <= 3; attempt++ {
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		if browserErr = chromedp.Do(bctx); browserErr == nil {
			browserCtx = bctx
			browserCancel = func() { cancelBrowser(); cancelAlloc(); _ = os.RemoveAll(profile) }
			return
		}
		cancelBrowser()
		cancelAlloc()
		time.Sleep(time.Second)
	}
	browserErr = fmt.Errorf("start Chromium: %w", browserErr)
}

// stopBrowser ends the shared browser; TestMain calls it.
func stopBrowser() { browserCancel() }

// Browser returns a tab in a fresh browser context (own cookies) for t. It
// fails the test when Chromium is missing: the browser tests are part of
// `make test`, which installs it.
func Browser(t *testing.T) context.Context {
	t.Helper()
	return browserTab(t, 2*time.Minute)
}

// browserTab is Browser with the time the tab may take.
func browserTab(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	ctx, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}
	return ctx
}

// axeViolation is one rule broken on the page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// CheckAccessibility runs axe-core (WCAG 2.1 A and AA rules) on the current
// page and fails the test for any serious or critical violation, and for a
// page that scrolls sideways at 320 px or at 200% zoom (CheckReflow).
func CheckAccessibility(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	CheckReflow(t, ctx, page)
	vs, err := axeViolations(ctx)
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	for _, v := range vs {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %s", page, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

func axeViolations(ctx context.Context) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var vs []axeViolation
	return vs, json.Unmarshal([]byte(raw), &vs)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
