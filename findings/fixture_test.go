package findings_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/fixtures"
)

// plantedRow is one row of fixtures/acme/PLANTED.md, the fixture's answer key.
type plantedRow struct {
	id, rule, kind, severity, component string
	tokens                              []string
	// variant is true for rows that hold only under
	// variants/companies-off.synclint.yaml (their file column names it).
	variant bool
}

var plantedRowPattern = regexp.MustCompile(`^\| ((?:PV|AS|AU|SL)\d\d)-([PLN])\d+ \|`)

func readPlanted(t *testing.T, path string) []plantedRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []plantedRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		m := plantedRowPattern.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 8 {
			t.Fatalf("bad PLANTED row: %s", line)
		}
		r := plantedRow{
			id:        strings.TrimSpace(cells[1]),
			rule:      m[1],
			kind:      m[2],
			severity:  strings.TrimSpace(cells[3]),
			component: strings.TrimSpace(cells[4]),
		}
		r.tokens = componentTokens(r.component)
		r.variant = strings.Contains(cells[5], "variants/companies-off")
		rows = append(rows, r)
	}
	return rows
}

var objectList = regexp.MustCompile(`^(\w+) \(([\w, ]+)\)$`)

// componentTokens splits a PLANTED component cell into the component names a
// finding may carry: "Lead.A, Contact.B" → both; "OwnerId (Lead, Contact)" →
// Lead.OwnerId, Contact.OwnerId; "X (Y)" → X and Y; the whole cell too.
func componentTokens(cell string) []string {
	cell = strings.TrimSpace(cell)
	toks := []string{cell}
	if m := objectList.FindStringSubmatch(cell); m != nil && !strings.Contains(m[1], ".") {
		for _, o := range strings.Split(m[2], ",") {
			toks = append(toks, strings.TrimSpace(o)+"."+m[1])
		}
		return toks
	}
	for _, part := range regexp.MustCompile(`[,;()]`).Split(cell, -1) {
		part = strings.TrimSpace(part)
		if part == "" || strings.HasPrefix(part, "and ") {
			continue
		}
		toks = append(toks, part)
	}
	return toks
}

func (r plantedRow) matches(f findings.Finding) bool {
	if f.Rule != r.rule || f.Component == "" {
		return false
	}
	for _, t := range r.tokens {
		if strings.EqualFold(t, f.Component) {
			return true
		}
	}
	return false
}

var (
	acmeOnce   sync.Once
	acmeResult *findings.Result
	acmeErr    error
)

// acmeFindings analyses the acme fixture once (with its records) for all
// tests of this package.
func acmeFindings(t *testing.T) *findings.Result {
	t.Helper()
	acmeOnce.Do(func() {
		in, err := findings.LoadInput(findings.LoadOptions{Dir: fixtures.Acme()})
		if err != nil {
			acmeErr = err
			return
		}
		acmeResult = findings.Analyze(in, findings.Options{Records: true})
	})
	if acmeErr != nil {
		t.Fatal(acmeErr)
	}
	return acmeResult
}

var (
	variantOnce   sync.Once
	variantResult *findings.Result
	variantErr    error
)

// acmeVariantFindings analyses the acme fixture with the companies-off
// variant config (AS01-P2, AS10-P1) once.
func acmeVariantFindings(t *testing.T) *findings.Result {
	t.Helper()
	variantOnce.Do(func() {
		in, err := findings.LoadInput(findings.LoadOptions{Dir: fixtures.Acme(), ConfigPath: fixtures.AcmeCompaniesOffConfig()})
		if err != nil {
			variantErr = err
			return
		}
		variantResult = findings.Analyze(in, findings.Options{Records: true})
	})
	if variantErr != nil {
		t.Fatal(variantErr)
	}
	return variantResult
}

// pendingRows are PLANTED rows whose check depends on work not landed yet,
// each with the reason. Remove a row here when its check lands; the test
// fails when a pending row starts passing, so the list cannot go stale.
var pendingRows = map[string]string{}

// TestAcmePlanted checks every row of PLANTED.md for the rules that exist:
// planted problems (P) and notes (N) must be reported, look-alikes (L) must
// not be, unless a P or N row of the same rule claims the same component.
// Rows whose file column names variants/companies-off.synclint.yaml are
// checked against a run with that config instead.
func TestAcmePlanted(t *testing.T) {
	all := readPlanted(t, filepath.Join(fixtures.Acme(), "PLANTED.md"))
	if len(all) < 100 {
		t.Fatalf("only %d rows read from PLANTED.md", len(all))
	}
	var rows, variant []plantedRow
	for _, r := range all {
		if r.variant {
			variant = append(variant, r)
		} else {
			rows = append(rows, r)
		}
	}
	checkPlanted(t, rows, acmeFindings(t))
	if len(variant) > 0 {
		t.Run("companies-off", func(t *testing.T) { checkPlanted(t, variant, acmeVariantFindings(t)) })
	}
}

// checkPlanted enforces rows against one analysis result.
func checkPlanted(t *testing.T, rows []plantedRow, res *findings.Result) {
	t.Helper()
	claimed := map[string]bool{}
	for _, r := range rows {
		if r.kind != "L" {
			for _, tok := range r.tokens {
				claimed[r.rule+"|"+strings.ToLower(tok)] = true
			}
		}
	}
	checked := map[string]int{}
	for _, r := range rows {
		rule := findings.LookupRule(r.rule)
		if rule == nil || rule.Run == nil {
			continue // not implemented yet: its rows are not enforced
		}
		if strings.Contains(r.component, "(records only)") {
			continue
		}
		checked[r.rule]++
		var hits []findings.Finding
		for _, f := range res.Findings {
			if r.matches(f) {
				hits = append(hits, f)
			}
		}
		switch r.kind {
		case "P", "N":
			if reason, pending := pendingRows[r.id]; pending {
				if len(hits) > 0 {
					t.Errorf("%s is reported now: remove it from pendingRows (%s)", r.id, reason)
				} else {
					t.Logf("%s pending: %s", r.id, reason)
				}
				continue
			}
			if len(hits) == 0 {
				t.Errorf("%s: no %s finding for %s", r.id, r.rule, r.component)
				continue
			}
			want, err := findings.ParseSeverity(r.severity)
			if err != nil {
				t.Errorf("%s: bad severity %q", r.id, r.severity)
				continue
			}
			best := hits[0].Severity
			for _, h := range hits {
				if h.Severity > best {
					best = h.Severity
				}
			}
			if r.kind == "N" && best > findings.Note {
				t.Errorf("%s: %s %s reported as %s, want a note (not a rejection)", r.id, r.rule, r.component, best)
			}
			if r.kind == "P" && best < want {
				t.Errorf("%s: %s %s reported as %s, want at least %s", r.id, r.rule, r.component, best, want)
			}
		case "L":
			for _, h := range hits {
				if claimed[r.rule+"|"+strings.ToLower(h.Component)] {
					continue
				}
				t.Errorf("%s: look-alike reported: %s %s %s: %s", r.id, h.Rule, h.Severity, h.Component, h.Message)
			}
		}
	}
	for id, n := range checked {
		t.Logf("%s: %d PLANTED rows checked", id, n)
	}
}

// TestAcmeEveryFindingLocated checks that every finding of the fixture run
// has a file and a line.
func TestAcmeEveryFindingLocated(t *testing.T) {
	for _, f := range acmeFindings(t).Findings {
		if f.File == "" || f.Line == 0 {
			t.Errorf("%s %s has no file:line: %s", f.Rule, f.Component, f.Message)
		}
	}
}
