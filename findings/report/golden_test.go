package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
)

// Golden files live in testdata/golden: one per format for the acme fixture
// run and for the hand-built sample document. Rules land and change the
// acme output; regenerate every golden with one command:
//
//	go test ./findings/report -update
//
// and review the diff before committing.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testVersion replaces the build's version in every golden.
const testVersion = "0.0.0-test"

var goldenFormats = []struct{ format, ext string }{
	{"text", "txt"},
	{"json", "json"},
	{"sarif", "sarif"},
	{"github-actions", "github-actions.txt"},
	{"markdown", "md"},
	{"junit", "junit.xml"},
	{"csv", "csv"},
	{"html", "html"},
	{"codequality", "codequality.json"},
}

// goldenNow is the clock of golden runs (`synclint check --now 2026-06-01T12:00:00Z`).
var goldenNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func acmeDir() string { return filepath.Join("..", "..", "fixtures", "acme") }

// acmeRun runs the whole pipeline on the acme fixture the way `synclint
// check fixtures/acme` does from the repository root.
func acmeRun(t testing.TB) (*Document, Options) {
	t.Helper()
	in, err := findings.LoadInput(findings.LoadOptions{Dir: acmeDir()})
	if err != nil {
		t.Fatalf("LoadInput: %v", err)
	}
	// A fixed clock: witnesses of rules that read TODAY() must not change
	// from one day to the next.
	opts := findings.Options{Records: true, Now: goldenNow}
	res := findings.Analyze(in, opts)
	ran := findings.EnabledRules(opts, in.Config)
	out := filter.Apply(res.Findings, filter.Options{Root: in.Root, Org: in.Org, Config: in.Config, Ran: ran})
	d := Build{Result: res, Outcome: out, Org: in.Org, Root: "fixtures/acme", Base: "fixtures/acme",
		Version: testVersion, Ran: ran, SourceDir: in.Root}.Document()
	return d, Options{SourceDir: in.Root, Width: 120}
}

var acmeOnce struct {
	sync.Once
	doc  *Document
	opts Options
}

func acme(t testing.TB) (*Document, Options) {
	acmeOnce.Do(func() { acmeOnce.doc, acmeOnce.opts = acmeRun(t) })
	if acmeOnce.doc == nil {
		t.Fatal("acme run failed")
	}
	return acmeOnce.doc, acmeOnce.opts
}

func render(t testing.TB, format string, d *Document, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, d, o); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./findings/report -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run `go test ./findings/report -update` and review the diff.\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func TestGoldenAcme(t *testing.T) {
	d, o := acme(t)
	for _, g := range goldenFormats {
		t.Run(g.format, func(t *testing.T) {
			checkGolden(t, "acme."+g.ext, render(t, g.format, d, o))
		})
	}
}

func TestGoldenSample(t *testing.T) {
	d := sampleDocument()
	for _, g := range goldenFormats {
		t.Run(g.format, func(t *testing.T) {
			checkGolden(t, "sample."+g.ext, render(t, g.format, d, Options{Width: 120}))
		})
	}
}

// TestDeterministic runs the acme pipeline with one and with four
// processors and requires byte-identical output in every format: rules run
// concurrently, and nothing may depend on which finished first.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the fixture pipeline several times")
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	d1, o1 := acmeRun(t)
	runtime.GOMAXPROCS(4)
	d4, o4 := acmeRun(t)
	for _, g := range goldenFormats {
		a, b := render(t, g.format, d1, o1), render(t, g.format, d4, o4)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: output depends on GOMAXPROCS\n%s", g.format, firstDiff(a, b))
		}
	}
}

// TestConvertRoundTrip renders every format from the JSON report read back
// (`synclint convert`) and requires the same bytes as from the original.
func TestConvertRoundTrip(t *testing.T) {
	for name, d := range map[string]*Document{"sample": sampleDocument(), "acme": func() *Document { d, _ := acme(t); return d }()} {
		t.Run(name, func(t *testing.T) {
			var js bytes.Buffer
			if err := Write(&js, "json", d, Options{}); err != nil {
				t.Fatal(err)
			}
			back, err := ReadJSON(&js)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range goldenFormats {
				a, b := render(t, g.format, d, Options{}), render(t, g.format, back, Options{})
				if !bytes.Equal(a, b) {
					t.Errorf("%s: converted output differs\n%s", g.format, firstDiff(a, b))
				}
			}
		})
	}
}
