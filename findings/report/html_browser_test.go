package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The HTML report is tested in a real browser: headless Chromium opens the
// file from disk (file://, no server, no network), the test reads the
// summary, clicks filters and counts the findings left visible, takes a
// screenshot, and fails on any console error or uncaught exception (a
// Content-Security-Policy violation, that is an attempt to load anything from
// outside the file, is one).
//
// It needs Chromium: `apt-get install chromium` (Debian; .ci/run installs it).
// SYNCLINT_CHROMIUM names another binary. SYNCLINT_SCREENSHOT_DIR, when set,
// receives copies of the screenshots for a person to look at.

func chromiumPath() string {
	if p := os.Getenv("SYNCLINT_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	return ""
}

// browser starts headless Chromium with a fresh profile in dir.
func browser(t *testing.T, dir string) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("Chromium is not installed: run `apt-get install chromium` (or set SYNCLINT_CHROMIUM) to run the HTML report's browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser without a deadline (a deadline on the first Run
	// would bound the browser's life), then bound the test's own steps.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(tcancel)
	return tctx
}

// consoleErrors collects console errors, uncaught exceptions and error log
// entries (CSP violations, failed loads) of the page.
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleErrors) add(s string) {
	c.mu.Lock()
	c.msgs = append(c.msgs, s)
	c.mu.Unlock()
}

func (c *consoleErrors) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.msgs...)
}

func listen(ctx context.Context, errs *consoleErrors) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(_ context.Context, t *chromedp.Target) error {
		consoles := cdp.Events(ctx, t, runtime.ConsoleAPICalled)
		exceptions := cdp.Events(ctx, t, runtime.ExceptionThrown)
		logs := cdp.Events(ctx, t, cdplog.EntryAdded)
		go func() {
			for ev, err := range consoles {
				if err != nil {
					return
				}
				if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
					var parts []string
					for _, a := range ev.Args {
						parts = append(parts, string(a.Value))
					}
					errs.add("console." + string(ev.Type) + ": " + strings.Join(parts, " "))
				}
			}
		}()
		go func() {
			for ev, err := range exceptions {
				if err != nil {
					return
				}
				msg := "uncaught exception"
				if ev.ExceptionDetails != nil {
					msg += ": " + ev.ExceptionDetails.Text
					if ev.ExceptionDetails.Exception != nil {
						msg += " " + ev.ExceptionDetails.Exception.Description
					}
				}
				errs.add(msg)
			}
		}()
		go func() {
			for ev, err := range logs {
				if err != nil {
					return
				}
				if ev.Entry != nil && ev.Entry.Level == cdplog.EntryLevelError {
					errs.add("log (" + string(ev.Entry.Source) + "): " + ev.Entry.Text + " " + ev.Entry.URL)
				}
			}
		}()
		return nil
	})
}

func evalInt(t *testing.T, ctx context.Context, expr string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return n
}

func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

const visibleFindings = `document.querySelectorAll("article.finding:not([hidden])").length`

// selectValue picks an option of a <select> the way a user does: the value
// changes and a change event fires.
func selectValue(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); })()`, id, value))
}

// waitScrollIdle waits until the page's scroll position stops changing.
func waitScrollIdle(t *testing.T, ctx context.Context) {
	t.Helper()
	last, still := -1, 0
	for i := 0; i < 100 && still < 3; i++ {
		y := evalInt(t, ctx, `Math.round(window.scrollY)`)
		if y == last {
			still++
		} else {
			still = 0
		}
		last = y
		time.Sleep(50 * time.Millisecond)
	}
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if extra := os.Getenv("SYNCLINT_SCREENSHOT_DIR"); extra != "" {
		_ = os.WriteFile(filepath.Join(extra, name), png, 0o644)
	}
	t.Logf("screenshot: %s", p)
	return p
}

func TestHTMLReportInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	ctx := browser(t, dir)
	d, o := acme(t)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, render(t, "html", d, o), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs consoleErrors
	if err := chromedp.Do(ctx, listen(ctx, &errs), chromedp.Navigate("file://"+filepath.ToSlash(file)),
		chromedp.WaitVisible(chromedp.ID("#findings-title"))); err != nil {
		t.Fatal(err)
	}

	// The summary shows the document's numbers.
	s := d.Summary
	for id, want := range map[string]int{
		"count-total":   s.Total,
		"count-error":   s.BySeverity["error"],
		"count-warning": s.BySeverity["warning"],
		"count-note":    s.BySeverity["note"],
	} {
		if got := evalInt(t, ctx, fmt.Sprintf(`Number(document.getElementById(%q).textContent)`, id)); got != want {
			t.Errorf("#%s shows %d, want %d", id, got, want)
		}
	}
	if s.Total == 0 {
		t.Fatal("the acme fixture has no findings: the filter checks below would prove nothing")
	}
	if got := evalInt(t, ctx, visibleFindings); got != s.Total {
		t.Errorf("%d findings visible on load, want %d", got, s.Total)
	}

	// Severity toggles: switching off warnings and notes leaves the errors.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("#filter-sev-warning")), chromedp.Click(chromedp.ID("#filter-sev-note"))); err != nil {
		t.Fatal(err)
	}
	if got := evalInt(t, ctx, visibleFindings); got != s.BySeverity["error"] {
		t.Errorf("errors only: %d findings visible, want %d", got, s.BySeverity["error"])
	}
	if got := evalString(t, ctx, `document.getElementById("count-visible").textContent`); got != fmt.Sprint(s.BySeverity["error"]) {
		t.Errorf("errors only: counter shows %q, want %d", got, s.BySeverity["error"])
	}
	if got := evalInt(t, ctx, `document.querySelectorAll("article.finding:not([hidden])[data-severity=warning]").length`); got != 0 {
		t.Errorf("errors only: %d warnings still visible", got)
	}

	// Reset, then filter by rule.
	rule, n := "", 0
	for id, c := range s.ByRule {
		if c > n || (c == n && id < rule) {
			rule, n = id, c
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("#filter-reset")), selectValue("filter-rule", rule)); err != nil {
		t.Fatal(err)
	}
	if got := evalInt(t, ctx, visibleFindings); got != n {
		t.Errorf("rule %s: %d findings visible, want %d", rule, got, n)
	}
	// Rule and object combine.
	object, both := "", 0
	for _, f := range d.Findings {
		if f.Rule == rule && f.Object != "" {
			object = f.Object
			break
		}
	}
	for _, f := range d.Findings {
		if f.Rule == rule && f.Object == object {
			both++
		}
	}
	if object != "" {
		if err := chromedp.Do(ctx, selectValue("filter-object", object)); err != nil {
			t.Fatal(err)
		}
		if got := evalInt(t, ctx, visibleFindings); got != both {
			t.Errorf("rule %s on %s: %d findings visible, want %d", rule, object, got, both)
		}
		if got := evalInt(t, ctx, `document.querySelectorAll("section.group:not([hidden])").length`); got != 1 {
			t.Errorf("rule %s on %s: %d object sections visible, want 1", rule, object, got)
		}
	}
	// A filter that matches nothing says so.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("#filter-reset")), chromedp.SendKeys(chromedp.ID("#filter-text"), "no finding says this")); err != nil {
		t.Fatal(err)
	}
	if got := evalInt(t, ctx, visibleFindings); got != 0 {
		t.Errorf("search for nonsense: %d findings visible", got)
	}
	if hidden := evalString(t, ctx, `String(document.getElementById("no-match").hidden)`); hidden != "false" {
		t.Error("search for nonsense: the no-match message is hidden")
	}
	// A click on a bar of the rule chart filters by that rule.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("#filter-reset")),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('svg.chart g[data-filter="rule"][data-value=%q]').dispatchEvent(new MouseEvent("click", {bubbles: true}))`, rule))); err != nil {
		t.Fatal(err)
	}
	if got := evalInt(t, ctx, visibleFindings); got != n {
		t.Errorf("chart bar %s: %d findings visible, want %d", rule, got, n)
	}
	// The bar click scrolls smoothly to the list; a mouse click lands where
	// the button is once the page stops moving.
	waitScrollIdle(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("#filter-reset"))); err != nil {
		t.Fatal(err)
	}
	if got := evalInt(t, ctx, visibleFindings); got != s.Total {
		t.Errorf("after reset: %d findings visible, want %d", got, s.Total)
	}
	screenshot(t, ctx, dir, "acme-report.png")
	// Events arrive asynchronously; give late ones a moment.
	time.Sleep(200 * time.Millisecond)
	for _, e := range errs.list() {
		t.Errorf("browser reported an error: %s", e)
	}
}

// TestHTMLSampleInBrowser opens the sample report with every detail open
// (formula, witness, patch) for a screenshot, and checks the print layout
// hides the filters.
func TestHTMLSampleInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	ctx := browser(t, dir)
	file := filepath.Join(dir, "sample.html")
	if err := os.WriteFile(file, render(t, "html", sampleDocument(), Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs consoleErrors
	if err := chromedp.Do(ctx, listen(ctx, &errs), chromedp.Navigate("file://"+filepath.ToSlash(file)),
		chromedp.WaitVisible(chromedp.ID("#findings-title")), chromedp.Click(chromedp.ID("#toggle-details"))); err != nil {
		t.Fatal(err)
	}
	if got := evalInt(t, ctx, `document.querySelectorAll("article.finding details[open]").length`); got != evalInt(t, ctx, `document.querySelectorAll("article.finding details").length`) || got == 0 {
		t.Errorf("expand all opened %d details", got)
	}
	// The formula, the witness and the patch are on the page, escaped.
	body := evalString(t, ctx, `document.body.innerText`)
	for _, want := range []string{"ISBLANK(BillingCountry) && $User.Username <> \"admin@acme.example\"", "Ünïcödé GmbH | Co", "$Permission.HubSpot_Integration_Bypass", "Café, Bar & <Grill>"} {
		if !strings.Contains(body, want) {
			t.Errorf("page text lacks %q", want)
		}
	}
	if n := evalInt(t, ctx, `document.querySelectorAll("pre.diff .add").length`); n != 1 {
		t.Errorf("%d added lines in the patch, want 1", n)
	}
	if got := evalInt(t, ctx, `document.querySelectorAll("tr.suppressed").length`); got != 2 {
		t.Errorf("%d suppressed rows, want 2", got)
	}
	screenshot(t, ctx, dir, "sample-report.png")
	time.Sleep(200 * time.Millisecond)
	for _, e := range errs.list() {
		t.Errorf("browser reported an error: %s", e)
	}
}

// TestBrowserReportsPageErrors proves the error listener works: a page that
// logs an error, throws, and tries to load a remote image under the report's
// Content-Security-Policy must produce errors.
func TestBrowserReportsPageErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	ctx := browser(t, dir)
	page := `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head>` +
		`<body><img src="https://example.invalid/x.png"><script>console.error("logged"); throw new Error("boom");</script></body></html>`
	file := filepath.Join(dir, "bad.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs consoleErrors
	if err := chromedp.Do(ctx, listen(ctx, &errs), chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && len(errs.list()) < 3 {
		time.Sleep(50 * time.Millisecond)
	}
	got := strings.Join(errs.list(), "\n")
	for _, want := range []string{"logged", "boom", "Content Security Policy"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors %q lack %q", got, want)
		}
	}
}
