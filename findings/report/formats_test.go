package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
)

// manyDocument has n errors, m warnings and k notes on distinct components.
func manyDocument(n, m, k int) *Document {
	var fs []findings.Finding
	add := func(sev findings.Severity, count int, rule string) {
		for i := 0; i < count; i++ {
			f := findings.Finding{Rule: rule, Severity: sev, Message: fmt.Sprintf("%s finding %d", sev, i),
				Location: findings.Location{File: fmt.Sprintf("force-app/f%03d.xml", len(fs)), Line: i + 1}, Component: fmt.Sprintf("Lead.F%d__c", len(fs)), Object: "Lead"}
			f.Fingerprint = findings.Fingerprint(f)
			fs = append(fs, f)
		}
	}
	add(findings.Error, n, "PV02")
	add(findings.Warning, m, "PV05")
	add(findings.Note, k, "SL04")
	return Build{Result: &findings.Result{Findings: fs}, Version: testVersion, Ran: []string{"PV02", "PV05", "SL04"}}.Document()
}

func TestEscapeWorkflowCommands(t *testing.T) {
	if got := escapeData("100% done\r\nnext"); got != "100%25 done%0D%0Anext" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a,b:c%\n"); got != "a%2Cb%3Ac%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestGitHubActionsInjection(t *testing.T) {
	d := manyDocument(1, 0, 0)
	d.Findings[0].Message = "evil\n::add-mask::secret\r\n::error::injected"
	d.Findings[0].File = "force-app/a,b:c.xml"
	out := render(t, "github-actions", d, Options{})
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if strings.HasPrefix(line, "::") && !regexp.MustCompile(`^::(group|endgroup|error|warning|notice)\b`).MatchString(line) {
			t.Errorf("a message started a workflow command: %q", line)
		}
		if strings.HasPrefix(line, "::error") && !strings.Contains(line, "file=force-app/a%2Cb%3Ac.xml,") {
			t.Errorf("file property not escaped: %q", line)
		}
	}
	if n := strings.Count(string(out), "\n::error"); n != 1 {
		t.Errorf("%d ::error commands, want 1:\n%s", n, out)
	}
}

func TestGitHubActionsLimits(t *testing.T) {
	out := string(render(t, "github-actions", manyDocument(25, 15, 5), Options{}))
	count := func(prefix string) int {
		n := 0
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	if e, w, n := count("::error "), count("::warning "), count("::notice "); e != 10 || w != 10 || n != 1 {
		t.Errorf("%d errors, %d warnings, %d notices annotated; want 10, 10, 1", e, w, n)
	}
	if !strings.Contains(out, "25 more findings not annotated (15 errors, 5 warnings, 5 notes)") {
		t.Errorf("the notice does not summarise the rest:\n%s", out)
	}
	// The log group lists all 45.
	if n := count("error PV02 ") + count("warning PV05 ") + count("note SL04 "); n != 45 {
		t.Errorf("the log group lists %d findings, want 45", n)
	}
}

func TestMarkdown(t *testing.T) {
	out := string(render(t, "markdown", sampleDocument(), Options{}))
	if !strings.HasPrefix(out, MarkdownMarker+"\n") {
		t.Error("the marker is not the first line")
	}
	for _, want := range []string{"Café, Bar &amp; &lt;Grill&gt;", "<br>second line", "`Lead.Territory_Code__c`", "```diff", "<details>", "| Suppressed | 1 |", "| In the baseline | 1 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if got := mdEscape("pi__score__c | *x*"); got != `pi\_\_score\_\_c \| \*x\*` {
		t.Errorf("mdEscape = %q", got)
	}
	if got := mdCode("a`b"); got != "``a`b``" {
		t.Errorf("mdCode = %q", got)
	}
	big := string(render(t, "markdown", manyDocument(1500, 500, 0), Options{}))
	if len(big) > markdownLimit || !strings.Contains(big, "more findings: see the full report") {
		t.Errorf("a large report is %d bytes (limit %d) or does not say it was cut", len(big), markdownLimit)
	}
}

func TestCSV(t *testing.T) {
	d := sampleDocument()
	out := render(t, "csv", d, Options{})
	if !bytes.Contains(out, []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVColumns, ",") {
		t.Errorf("header = %v", rows[0])
	}
	if len(rows) != 1+len(d.Findings)+len(d.Suppressed) {
		t.Fatalf("%d rows, want %d", len(rows), 1+len(d.Findings)+len(d.Suppressed))
	}
	col := func(name string) int {
		for i, c := range CSVColumns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	pv05 := rows[2]
	if pv05[col("rule")] != "PV05" || !strings.Contains(pv05[col("message")], "Café, Bar & <Grill>\" of") || !strings.Contains(pv05[col("message")], "\nsecond line") {
		t.Errorf("PV05 row = %v", pv05)
	}
	if ex := pv05[col("record_examples")]; !strings.Contains(ex, `52001000315: =HYPERLINK("x")`) {
		t.Errorf("record examples = %q", ex)
	}
	if rows[len(rows)-1][col("status")] != "suppressed" || rows[len(rows)-1][col("suppression")] != "baseline" {
		t.Errorf("last row = %v", rows[len(rows)-1])
	}
	if got := cell("=1+1"); got != "'=1+1" {
		t.Errorf("cell(=1+1) = %q", got)
	}
	if got := cell("-5 values"); got != "'-5 values" {
		t.Errorf("cell(-5 values) = %q", got)
	}
}

func TestJUnit(t *testing.T) {
	d, o := acme(t)
	var suites junitSuites
	if err := xml.Unmarshal(render(t, "junit", d, o), &suites); err != nil {
		t.Fatal(err)
	}
	tests, failures, passed := 0, 0, 0
	groups := map[string]bool{}
	for _, f := range d.Findings {
		groups[f.File+"|"+f.Rule+"|"+f.Component] = true
	}
	for _, s := range suites.Suites {
		tests += len(s.Cases)
		for _, c := range s.Cases {
			if len(c.Failures) > 0 {
				failures++
			}
		}
		if s.Name == RulesSuiteName {
			passed = len(s.Cases)
		}
	}
	if suites.Tests != tests || suites.Failures != failures || failures != len(groups) {
		t.Errorf("tests=%d (counted %d), failures=%d (counted %d, want %d)", suites.Tests, tests, suites.Failures, failures, len(groups))
	}
	want := 0
	for _, r := range d.Rules {
		if r.Enabled && d.Summary.ByRule[r.ID] == 0 {
			want++
		}
	}
	if passed != want || want == 0 {
		t.Errorf("%d passing rules listed, want %d (rules that ran without findings)", passed, want)
	}
	// Suppressed findings are skipped cases.
	var sample junitSuites
	if err := xml.Unmarshal(render(t, "junit", sampleDocument(), Options{}), &sample); err != nil {
		t.Fatal(err)
	}
	if sample.Skipped != 2 {
		t.Errorf("sample: %d skipped, want 2 suppressed", sample.Skipped)
	}
}

func TestSARIFDetails(t *testing.T) {
	out := render(t, "sarif", sampleDocument(), Options{})
	if bytes.Contains(out, []byte("primaryLocationLineHash")) {
		t.Error("SARIF sets primaryLocationLineHash; upload-sarif must compute it")
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
				PartialFingerprints map[string]string
				Fixes               []struct {
					ArtifactChanges []struct {
						ArtifactLocation struct{ URI string }
						Replacements     []struct {
							DeletedRegion   struct{ ByteOffset, ByteLength *int }
							InsertedContent struct{ Text string }
						}
					}
				}
				Suppressions []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 7 {
		t.Fatalf("%d results, want 5 findings + 2 suppressed", len(run.Results))
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d (%s)", r.RuleID, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
		}
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
			t.Errorf("result %s has no location (GitHub rejects the upload)", r.RuleID)
		}
		if len(r.PartialFingerprints[FingerprintKey]) != 32 {
			t.Errorf("result %s: fingerprint %v", r.RuleID, r.PartialFingerprints)
		}
		if !strings.HasPrefix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "salesforce/sample%20org/") {
			t.Errorf("URI %q is not repository-relative and escaped", r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
	}
	fix := run.Results[2].Fixes
	if len(fix) != 1 || len(fix[0].ArtifactChanges) != 2 {
		t.Fatalf("fixes = %+v", fix)
	}
	rep := fix[0].ArtifactChanges[0].Replacements[0]
	if *rep.DeletedRegion.ByteOffset != 171 || *rep.DeletedRegion.ByteLength != 25 || !strings.HasPrefix(rep.InsertedContent.Text, "AND(NOT($Permission") {
		t.Errorf("replacement = %+v", rep)
	}
	if s := run.Results[6].Suppressions; len(s) != 1 || s[0].Kind != "external" {
		t.Errorf("baseline suppression = %+v", s)
	}
	if s := run.Results[5].Suppressions; len(s) != 1 || s[0].Kind != "inSource" || s[0].Justification == "" {
		t.Errorf("inline suppression = %+v", s)
	}
}

func TestUTF16Columns(t *testing.T) {
	dir := t.TempDir()
	// é is 2 bytes and 1 UTF-16 unit; 😀 is 4 bytes and 2 units.
	line := "<d>é😀x</d>\n"
	if err := os.WriteFile(filepath.Join(dir, "f.xml"), []byte("first\n"+line), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSources(dir)
	byteCol := strings.Index(line, "x") + 1 // 10
	if got := s.utf16Column("f.xml", 2, byteCol); got != 7 {
		t.Errorf("column of x = %d, want 7 (<d> é 😀 = 3+1+2 units before it)", got)
	}
	if got := s.utf16Column("f.xml", 1, 3); got != 3 {
		t.Errorf("ASCII column = %d, want 3", got)
	}
	if got := s.utf16Column("missing.xml", 2, 10); got != 10 {
		t.Errorf("unreadable file: %d, want the byte column", got)
	}
	// Past the end of the line the distance is kept: 12 units + 4 + 1.
	if got := s.utf16Column("f.xml", 2, len(line)+5); got != 17 {
		t.Errorf("past the end: %d, want 17", got)
	}
}

func TestCodeQuality(t *testing.T) {
	d := manyDocument(2, 0, 0)
	d.Findings[1].Fingerprint = d.Findings[0].Fingerprint
	var issues []codeQualityIssue
	if err := json.Unmarshal(render(t, "codequality", d, Options{}), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 2 || issues[0].Fingerprint == issues[1].Fingerprint || issues[0].Severity != "major" {
		t.Errorf("issues = %+v", issues)
	}
}

func TestHTMLSelfContainedAndEscaped(t *testing.T) {
	out := string(render(t, "html", sampleDocument(), Options{}))
	if strings.Contains(out, "<Grill>") || !strings.Contains(out, "&lt;Grill&gt;") {
		t.Error("HTML does not escape finding text")
	}
	for _, re := range []string{`<link\b`, `\bsrc=`, `@import`, `url\(`} {
		if regexp.MustCompile(re).MatchString(out) {
			t.Errorf("HTML loads an external resource (%s)", re)
		}
	}
	for _, want := range []string{"Content-Security-Policy", "@media print", "<svg", "ISBLANK(BillingCountry) &amp;&amp; $User.Username &lt;&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestFormatForFile(t *testing.T) {
	for name, want := range map[string]string{"r.sarif": "sarif", "r.sarif.json": "sarif", "r.json": "json", "junit.xml": "junit",
		"a.csv": "csv", "audit.HTML": "html", "c.md": "markdown", "gl-code-quality-report.json": "codequality", "r.txt": ""} {
		if got := FormatForFile(name); got != want {
			t.Errorf("FormatForFile(%s) = %q, want %q", name, got, want)
		}
	}
}

// TestReportSchemaCoversDocument keeps docs/report.schema.json in step with
// the Go types: every JSON field the document can carry is described.
func TestReportSchemaCoversDocument(t *testing.T) {
	data, err := os.ReadFile(reportSchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	defs := schema["$defs"].(map[string]any)
	props := func(def map[string]any) map[string]bool {
		out := map[string]bool{}
		for k := range def["properties"].(map[string]any) {
			out[k] = true
		}
		return out
	}
	check := func(name string, def map[string]any, v any) {
		b, _ := json.Marshal(v)
		var m map[string]any
		json.Unmarshal(b, &m)
		known := props(def)
		for k := range m {
			if !known[k] {
				t.Errorf("%s: field %q is not in docs/report.schema.json", name, k)
			}
		}
	}
	full := sampleDocument()
	check("document", schema, full)
	check("finding", defs["finding"].(map[string]any), full.Findings[2])
	check("finding", defs["finding"].(map[string]any), full.Findings[1])
	check("summary", defs["summary"].(map[string]any), full.Summary)
	check("rule", defs["rule"].(map[string]any), full.Rules[0])
	check("patch", defs["patch"].(map[string]any), full.Findings[2].Patch)
	check("witness", defs["witness"].(map[string]any), full.Findings[2].Witness)
	check("records", defs["records"].(map[string]any), full.Findings[1].Records)
	check("suppression", defs["suppression"].(map[string]any), full.Suppressed[1].Suppression)
	check("baselineEntry", defs["baselineEntry"].(map[string]any), filter.BaselineEntry{Rule: "PV02", Component: "x", Fingerprint: "f", Count: 1, Message: "m", File: "f", Reason: "r", Expires: "2030-01-01"})
	check("validationRule", defs["validationRule"].(map[string]any), full.ValidationRules[0])
}

func TestWrapPathKeepsEveryCharacter(t *testing.T) {
	for _, p := range []string{
		"force-app/main/default/standardValueSets/AccountType.standardValueSet-meta.xml:2",
		"force-app/main/default/objects/Contact/fields/Certifications__c.field-meta.xml:10",
		"a-very-long-file-name-without-any-slash-that-is-longer-than-the-column.xml:1",
		"short.xml",
	} {
		out := wrapPath(p, locationCellWidth)
		if strings.ReplaceAll(out, "\n", "") != p {
			t.Errorf("wrapPath(%q) lost characters: %q", p, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if len(line) > locationCellWidth {
				t.Errorf("wrapPath(%q): line %q longer than %d", p, line, locationCellWidth)
			}
		}
	}
}
