package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
)

// JUnit XML for CI test tabs and audits. There is no official schema; the
// shape follows what Jenkins, GitLab and Azure DevOps read (testmoapp/junitxml,
// golangci-lint's printer): one <testsuite> per metadata file, one <testcase>
// per rule × component with a <failure> per finding. Like conftest, passing
// checks are listed too: every rule that ran without a finding is a passing
// testcase in the "synclint rules" suite, so an audit shows how many checks
// passed, not only what failed. Suppressed findings (with --show-suppressed)
// are skipped testcases.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	File      string         `xml:"file,attr,omitempty"`
	Line      int            `xml:"line,attr,omitempty"`
	Failures  []junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped  `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// RulesSuiteName is the JUnit suite that lists the rules that passed.
const RulesSuiteName = "synclint rules"

func writeJUnit(w io.Writer, d *Document, _ Options) error {
	type caseKey struct{ file, rule, component string }
	type group struct {
		fails []findings.Finding
		skips []filter.Suppressed
	}
	groups := map[caseKey]*group{}
	var order []caseKey
	get := func(f *findings.Finding) *group {
		k := caseKey{f.File, f.Rule, f.Component}
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		return g
	}
	failed := map[string]bool{}
	for i := range d.Findings {
		g := get(&d.Findings[i])
		g.fails = append(g.fails, d.Findings[i])
		failed[d.Findings[i].Rule] = true
	}
	for i := range d.Suppressed {
		g := get(&d.Suppressed[i].Finding)
		g.skips = append(g.skips, d.Suppressed[i])
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.rule != b.rule {
			return a.rule < b.rule
		}
		return a.component < b.component
	})
	suites := map[string]*junitSuite{}
	var suiteOrder []string
	for _, k := range order {
		g := groups[k]
		name := d.RepoPath(k.file)
		if name == "" {
			name = "(no file)"
		}
		s := suites[name]
		if s == nil {
			s = &junitSuite{Name: name}
			suites[name] = s
			suiteOrder = append(suiteOrder, name)
		}
		r := d.Rule(k.rule)
		c := junitCase{
			Name:      k.rule + " " + orDefault(k.component, r.Title),
			Classname: k.rule + "." + r.Name,
			File:      d.RepoPath(k.file),
		}
		s.Tests++
		if len(g.fails) > 0 {
			c.Line = g.fails[0].Line
			for i := range g.fails {
				f := &g.fails[i]
				c.Failures = append(c.Failures, junitFailure{Message: fullMessage(f), Type: f.Severity.String(), Body: junitBody(d, f)})
			}
			s.Failures++
		} else {
			c.Line = g.skips[0].Line
			var reasons []string
			for _, sp := range g.skips {
				r := sp.Suppression.Kind
				if sp.Suppression.Reason != "" {
					r += ": " + sp.Suppression.Reason
				}
				reasons = append(reasons, r)
			}
			c.Skipped = &junitSkipped{Message: "suppressed (" + strings.Join(reasons, "; ") + ")"}
			s.Skipped++
		}
		s.Cases = append(s.Cases, c)
	}
	out := junitSuites{Name: "synclint"}
	for _, name := range suiteOrder {
		out.Suites = append(out.Suites, *suites[name])
	}
	// Rules that ran and found nothing pass.
	passed := junitSuite{Name: RulesSuiteName}
	for _, r := range d.Rules {
		if !r.Enabled || failed[r.ID] {
			continue
		}
		passed.Tests++
		passed.Cases = append(passed.Cases, junitCase{Name: r.ID + " " + r.Title, Classname: r.ID + "." + r.Name})
	}
	if passed.Tests > 0 {
		out.Suites = append(out.Suites, passed)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitBody is the failure text CI test tabs show: where, what, evidence
// and the fix.
func junitBody(d *Document, f *findings.Finding) string {
	var b strings.Builder
	if loc := locationString(findings.Location{File: d.RepoPath(f.File), Line: f.Line, Column: f.Column}); loc != "" {
		fmt.Fprintf(&b, "%s\n", loc)
	}
	fmt.Fprintf(&b, "%s %s: %s\n", f.Severity, f.Rule, fullMessage(f))
	for _, e := range f.Evidence {
		fmt.Fprintf(&b, "%s: %s\n", e.Key, e.Value)
	}
	if f.Records != nil && f.Records.Checked > 0 {
		fmt.Fprintf(&b, "records: %d of %d failing\n", f.Records.Failing, f.Records.Checked)
	}
	if f.Fix != "" {
		fmt.Fprintf(&b, "Fix: %s\n", f.Fix)
	}
	return b.String()
}
