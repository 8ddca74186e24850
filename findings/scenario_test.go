package findings

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Scenarios are txtar archives under testdata/scenarios/<RULE>/: the
// metadata files, the HubSpot export files, an optional synclint.yaml and a
// "want" section listing the expected findings of the rule under test, one
// per line:
//
//	RULE SEVERITY COMPONENT [HUBSPOT-PROPERTY] [| TEXT]
//
// A COMPONENT holding spaces is written between backquotes.
// TEXT, when given, must appear in the finding's message or evidence. A
// scenario with an empty want section is a clean look-alike: the rule must
// report nothing. "-" stands for an empty component or property.

var updateScenarios = flag.Bool("update-scenarios", false, "print the findings of each scenario instead of comparing")

func TestScenarios(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		rule := filepath.Base(dir)
		files, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
		for _, file := range files {
			name := rule + "/" + strings.TrimSuffix(filepath.Base(file), ".txtar")
			t.Run(name, func(t *testing.T) { runScenario(t, rule, file) })
		}
	}
}

type wantFinding struct {
	rule, severity, component, property, text string
}

func (w wantFinding) key() string {
	return w.rule + " " + w.severity + " " + w.component + " " + w.property
}

func runScenario(t *testing.T, rule, file string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var wantText string
	hasWant := false
	for _, f := range ar.Files {
		if f.Name == "want" {
			wantText, hasWant = string(f.Data), true
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !hasWant {
		t.Fatalf("%s: no want section", file)
	}
	in, err := LoadInput(LoadOptions{Dir: dir})
	if err != nil {
		t.Fatalf("LoadInput: %v", err)
	}
	res := Analyze(in, Options{Only: []string{rule}, Records: true})
	var got []Finding
	for _, f := range res.Findings {
		if f.Rule == rule {
			got = append(got, f)
		}
		if strings.HasPrefix(f.Rule, "SL") && f.Rule != rule {
			t.Errorf("unexpected diagnostic %s at %s:%d: %s", f.Rule, f.File, f.Line, f.Message)
		}
	}
	if *updateScenarios {
		for _, f := range got {
			fmt.Printf("%s: %s %s %s %s | %s\n", file, f.Rule, f.Severity, orDash(f.Component), orDash(f.HubSpotProperty), f.Message)
		}
		return
	}
	wants := parseWant(t, wantText)
	gotByKey := map[string][]Finding{}
	for _, f := range got {
		k := wantFinding{f.Rule, f.Severity.String(), orDash(f.Component), orDash(f.HubSpotProperty), ""}.key()
		gotByKey[k] = append(gotByKey[k], f)
		if f.File == "" || f.Line == 0 {
			t.Errorf("finding without file and line: %s %s", f.Rule, f.Message)
		}
	}
	matched := map[string]bool{}
	for _, w := range wants {
		fs := gotByKey[w.key()]
		if len(fs) == 0 {
			t.Errorf("missing finding: %s", w.key())
			continue
		}
		matched[w.key()] = true
		if w.text != "" && !findingContains(fs[0], w.text) {
			t.Errorf("finding %s does not mention %q:\n  message: %s\n  evidence: %v", w.key(), w.text, fs[0].Message, fs[0].Evidence)
		}
	}
	var extra []string
	for k, fs := range gotByKey {
		if !matched[k] {
			extra = append(extra, k+" | "+fs[0].Message)
		}
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("unexpected finding: %s", e)
	}
}

func parseWant(t *testing.T, text string) []wantFinding {
	var out []wantFinding
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var w wantFinding
		if i := strings.Index(line, "|"); i >= 0 {
			w.text = strings.TrimSpace(line[i+1:])
			line = line[:i]
		}
		// A component with spaces is written between backquotes:
		// AS04 note `sync order`.
		var quoted string
		if i := strings.IndexByte(line, '`'); i >= 0 {
			if j := strings.IndexByte(line[i+1:], '`'); j >= 0 {
				quoted = line[i+1 : i+1+j]
				line = line[:i] + "\x00" + line[i+2+j:]
			}
		}
		fs := strings.Fields(line)
		if len(fs) < 3 {
			t.Fatalf("bad want line %q", line)
		}
		w.rule, w.severity, w.component = fs[0], fs[1], fs[2]
		if w.component == "\x00" {
			w.component = quoted
		}
		w.property = "-"
		if len(fs) > 3 {
			w.property = fs[3]
		}
		out = append(out, w)
	}
	return out
}

func findingContains(f Finding, text string) bool {
	if strings.Contains(f.Message, text) {
		return true
	}
	for _, e := range f.Evidence {
		if strings.Contains(e.Key+": "+e.Value, text) {
			return true
		}
	}
	return false
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
