package filter

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/metadata"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		text    string
		rules   []string
		reason  string
		problem string
	}{
		{"synclint:ignore PV02 filled by the Lead_Defaults flow", []string{"PV02"}, "filled by the Lead_Defaults flow", ""},
		{"SYNCLINT:IGNORE pv02 reason", []string{"PV02"}, "reason", ""},
		{"synclint:ignore PV02,PV05 two rules", []string{"PV02", "PV05"}, "two rules", ""},
		{"synclint:ignore PV02, PV05 spaced list", []string{"PV02", "PV05"}, "spaced list", ""},
		{"synclint:ignore PV02 -- separated reason", []string{"PV02"}, "separated reason", ""},
		{"synclint:ignore PV02 — em dash", []string{"PV02"}, "em dash", ""},
		{"synclint:ignore PV02\n   multi\n   line   reason", []string{"PV02"}, "multi line reason", ""},
		{"synclint:ignore PV02", []string{"PV02"}, "", "has no reason"},
		{"synclint:ignore PV02 --", []string{"PV02"}, "", "has no reason"},
		{"synclint:ignore", nil, "", "names no rule"},
		{"synclint:ignore XX99 some reason", []string{"XX99"}, "some reason", "unknown rule"},
		{"synclint:ignore missing-picklist reason", []string{"MISSING-PICKLIST"}, "reason", "unknown rule"},
		{"synclint:disable PV02 reason", nil, "", "unknown directive synclint:disable"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d := parseDirective(tt.text)
			if strings.Join(d.Rules, ",") != strings.Join(tt.rules, ",") {
				t.Errorf("rules = %v, want %v", d.Rules, tt.rules)
			}
			if d.Reason != tt.reason {
				t.Errorf("reason = %q, want %q", d.Reason, tt.reason)
			}
			if (tt.problem == "") != (d.Problem == "") || !strings.Contains(d.Problem, tt.problem) {
				t.Errorf("problem = %q, want %q", d.Problem, tt.problem)
			}
		})
	}
}

const mdapiObject = `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <fields>
        <fullName>Territory_Code__c</fullName>
        <!-- synclint:ignore PV02 filled by the Lead_Defaults before-insert flow -->
        <required>true</required>
        <type>Text</type>
    </fields>
    <fields>
        <fullName>Region__c</fullName>
        <required>true</required>
    </fields>
    <!-- synclint:ignore PV05 applies to the whole file -->
</CustomObject>
`

func TestCommentDirectiveScopes(t *testing.T) {
	ds := commentDirectives("objects/Lead.object", []byte(mdapiObject))
	if len(ds) != 2 {
		t.Fatalf("got %d directives, want 2", len(ds))
	}
	nested, top := ds[0], ds[1]
	if nested.StartLine != 3 || nested.EndLine != 8 || nested.Location.Line != 5 || nested.Location.Column != 9 {
		t.Errorf("nested directive scope %d-%d at %d:%d, want 3-8 at 5:9", nested.StartLine, nested.EndLine, nested.Location.Line, nested.Location.Column)
	}
	if top.StartLine != 0 {
		t.Errorf("directive directly inside the root element scoped to lines %d-%d, want the whole file", top.StartLine, top.EndLine)
	}
	at := func(line int) *findings.Finding {
		return &findings.Finding{Rule: "PV02", Location: findings.Location{File: "objects/Lead.object", Line: line}}
	}
	if !nested.matches(at(6)) || nested.matches(at(11)) || nested.matches(at(0)) {
		t.Error("the nested directive must cover the <fields> element it is in, and only that")
	}
	if !top.matches(at(11)) || !top.matches(at(0)) {
		t.Error("a directive at the top of the file must cover the whole file")
	}
	other := at(6)
	other.File = "objects/Account.object"
	if nested.matches(other) || top.matches(other) {
		t.Error("a directive must not cover another file")
	}
}

func TestCommentDirectivesMalformedXML(t *testing.T) {
	src := "<?xml version=\"1.0\"?>\n<CustomField>\n  <fullName>X</fullName>\n  <!-- synclint:ignore PV02 reason -->\n  <required>true</req"
	ds := commentDirectives("f.xml", []byte(src))
	if len(ds) != 1 || ds[0].StartLine != 0 {
		t.Fatalf("directives = %+v, want one covering the file", ds)
	}
}

// writeOrg writes files under dir/force-app and returns an org whose only
// root is that folder.
func writeOrg(t *testing.T, files map[string]string) (string, *metadata.Org) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, &metadata.Org{Root: dir, Roots: []metadata.Root{{Path: "force-app"}}, Objects: map[string]*metadata.Object{}}
}

const fieldFile = "force-app/main/default/objects/Lead/fields/Territory_Code__c.field-meta.xml"
const ruleFile = "force-app/main/default/objects/Lead/validationRules/Need_Source.validationRule-meta.xml"

func TestApplyDirectives(t *testing.T) {
	dir, org := writeOrg(t, map[string]string{
		fieldFile: `<?xml version="1.0" encoding="UTF-8"?>
<!-- synclint:ignore PV02 filled by the Lead_Defaults flow -->
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Territory_Code__c</fullName>
    <required>true</required>
    <!-- synclint:ignore PV05 -->
</CustomField>
`,
		ruleFile: `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Need_Source</fullName>
    <active>true</active>
    <description>Users only. [synclint:ignore PV02 the integration user bypasses it] [synclint:ignore PV05 nothing to see]</description>
</ValidationRule>
`,
		"force-app/main/default/objects/Lead/fields/Unused__c.field-meta.xml": `<CustomField><!-- synclint:ignore PV05 stale directive --></CustomField>`,
	})
	org.Objects["lead"] = &metadata.Object{Name: "Lead", ValidationRules: []*metadata.ValidationRule{{
		Object: "Lead", Name: "Need_Source", Description: "Users only. [synclint:ignore PV02 the integration user bypasses it] [synclint:ignore PV05 nothing to see]",
		Pos: metadata.Pos{File: ruleFile, Line: 2, Col: 1},
	}}}
	fs := []findings.Finding{
		{Rule: "PV02", Severity: findings.Error, Message: "field", Location: findings.Location{File: fieldFile, Line: 5}, Component: "Lead.Territory_Code__c", Object: "Lead", Field: "Territory_Code__c"},
		{Rule: "PV02", Severity: findings.Error, Message: "rule", Location: findings.Location{File: ruleFile, Line: 5}, Component: "Lead.LeadSource", Object: "Lead", Field: "LeadSource", ValidationRule: "Need_Source"},
		{Rule: "PV02", Severity: findings.Error, Message: "other", Location: findings.Location{File: "force-app/x.xml", Line: 1}, Component: "Lead.Other__c", Object: "Lead", Field: "Other__c"},
	}
	out := Apply(fs, Options{Root: dir, Org: org})
	if out.Counts.Suppressed != 2 || len(out.Suppressed) != 2 {
		t.Fatalf("suppressed %d (%+v), want 2", out.Counts.Suppressed, out.Suppressed)
	}
	kinds := map[string]string{}
	for _, s := range out.Suppressed {
		kinds[s.Message] = s.Suppression.Kind + ": " + s.Suppression.Reason
	}
	if kinds["field"] != "inSource: filled by the Lead_Defaults flow" || kinds["rule"] != "description: the integration user bypasses it" {
		t.Errorf("suppressions = %v", kinds)
	}
	var sl05 []string
	var kept []string
	for _, f := range out.Findings {
		if f.Rule == "SL05" {
			sl05 = append(sl05, f.File+":"+strconv.Itoa(f.Line)+" "+f.Message)
			if f.Fingerprint == "" {
				t.Errorf("SL05 finding without fingerprint: %+v", f)
			}
		} else {
			kept = append(kept, f.Message)
		}
	}
	if strings.Join(kept, ",") != "other" {
		t.Errorf("kept %v, want [other]", kept)
	}
	// The PV05 comment has no reason; the PV05 description token and the
	// comment in Unused__c match nothing.
	want := []string{
		fieldFile + ":6 suppression of PV05 has no reason",
		"force-app/main/default/objects/Lead/fields/Unused__c.field-meta.xml:1 unused suppression: no PV05 finding here",
		ruleFile + ":5 unused suppression: no PV05 finding on Lead.Need_Source",
	}
	if len(sl05) != len(want) {
		t.Fatalf("SL05 findings:\n%s\nwant %d", strings.Join(sl05, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(sl05[i], want[i]) {
			t.Errorf("SL05 %d = %q, want prefix %q", i, sl05[i], want[i])
		}
	}
	// A directive for a rule that did not run is not unused.
	out = Apply(fs, Options{Root: dir, Org: org, Ran: []string{"PV02", "SL05"}})
	for _, f := range out.Findings {
		if f.Rule == "SL05" && strings.Contains(f.Message, "unused") {
			t.Errorf("reported an unused directive for a rule that did not run: %s", f.Message)
		}
	}
	// SL05 switched off: no diagnostics, suppressions still apply.
	out = Apply(fs, Options{Root: dir, Org: org, Ran: []string{"PV02", "PV05"}})
	for _, f := range out.Findings {
		if f.Rule == "SL05" {
			t.Errorf("SL05 reported although it did not run: %s", f.Message)
		}
	}
	if out.Counts.Suppressed != 2 {
		t.Errorf("suppressed %d with SL05 off, want 2", out.Counts.Suppressed)
	}
	// Directives off.
	out = Apply(fs, Options{Root: dir, Org: org, NoInline: true})
	if out.Counts.Suppressed != 0 || len(out.Findings) != 3 {
		t.Errorf("with NoInline: %d suppressed, %d findings", out.Counts.Suppressed, len(out.Findings))
	}
}

func finding(rule, component, key string, line int) findings.Finding {
	f := findings.Finding{Rule: rule, Severity: findings.Error, Message: rule + " " + component, Component: component, Key: key,
		Location: findings.Location{File: "f.xml", Line: line}}
	f.Fingerprint = findings.Fingerprint(f)
	return f
}

func TestBaseline(t *testing.T) {
	a1, a2 := finding("PV02", "Lead.A__c", "", 3), finding("PV02", "Lead.A__c", "", 9)
	b := finding("PV05", "Lead.B__c", "contacts.b", 5)
	base := NewBaseline([]findings.Finding{a1, b, a2}, nil)
	if len(base.Entries) != 2 || base.Entries[0].Count != 2 || base.Entries[0].Rule != "PV02" {
		t.Fatalf("entries = %+v", base.Entries)
	}
	// The same findings on other lines are still accepted: keys are not lines.
	moved := []findings.Finding{finding("PV02", "Lead.A__c", "", 30), finding("PV02", "Lead.A__c", "", 31), finding("PV05", "Lead.B__c", "contacts.b", 50)}
	out := Apply(moved, Options{Baseline: base})
	if len(out.Findings) != 0 || out.Counts.Baselined != 3 || len(out.Stale) != 0 {
		t.Fatalf("moved findings: %d reported, %d baselined, %d stale", len(out.Findings), out.Counts.Baselined, len(out.Stale))
	}
	// A third finding with the same key is new (counts, like ESLint).
	extra := append(moved, finding("PV02", "Lead.A__c", "", 40))
	if out := Apply(extra, Options{Baseline: base}); len(out.Findings) != 1 {
		t.Errorf("a third PV02 on Lead.A__c: %d reported, want 1", len(out.Findings))
	}
	// A fixed finding leaves a stale entry; prune removes it.
	out = Apply(moved[:2], Options{Baseline: base})
	if len(out.Stale) != 1 || out.Stale[0].Rule != "PV05" {
		t.Fatalf("stale = %+v", out.Stale)
	}
	pruned, removed := base.Prune(moved[:1], nil)
	if removed != 2 || len(pruned.Entries) != 1 || pruned.Entries[0].Count != 1 {
		t.Errorf("prune: removed %d, entries %+v", removed, pruned.Entries)
	}
	// Entries of rules that did not run stay.
	pruned, removed = base.Prune(moved[:2], []string{"PV02"})
	if removed != 0 || len(pruned.Entries) != 2 {
		t.Errorf("prune with PV05 not run: removed %d, %d entries", removed, len(pruned.Entries))
	}
	if out := Apply(moved[:2], Options{Baseline: base, Ran: []string{"PV02"}}); len(out.Stale) != 0 {
		t.Errorf("entries of rules that did not run reported stale: %+v", out.Stale)
	}
	// Expiry: the day after, the finding is reported again.
	base.Entries[1].Expires = "2030-06-30"
	if out := Apply(moved, Options{Baseline: base, Now: time.Date(2030, 6, 30, 23, 0, 0, 0, time.UTC)}); len(out.Findings) != 0 {
		t.Errorf("on the expiry day: %d reported", len(out.Findings))
	}
	out = Apply(moved, Options{Baseline: base, Now: time.Date(2030, 7, 1, 0, 0, 0, 0, time.UTC)})
	if len(out.Findings) != 1 || len(out.Expired) != 1 {
		t.Errorf("after the expiry day: %d reported, %d expired", len(out.Findings), len(out.Expired))
	}
	// Reasons survive a re-creation; the file is stable bytes.
	base.Entries[0].Reason = "accepted"
	again := NewBaseline(moved, base)
	if again.Entries[0].Reason != "accepted" || again.Entries[1].Expires != "2030-06-30" {
		t.Errorf("re-created entries lost reason or expiry: %+v", again.Entries)
	}
	var w1, w2 bytes.Buffer
	if err := again.Write(&w1); err != nil {
		t.Fatal(err)
	}
	back, err := ParseBaseline("b.json", w1.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := back.Write(&w2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
		t.Error("baseline does not round-trip byte for byte")
	}
}

func TestParseBaselineErrors(t *testing.T) {
	for name, src := range map[string]string{
		"syntax":        "{\n  \"version\": 1,\n  \"entries\": [\n    {\"rule\": \"PV02\",}\n  ]\n}\n",
		"version":       `{"version": 2, "entries": []}`,
		"no rule":       `{"version": 1, "entries": [{"fingerprint": "x", "count": 1}]}`,
		"bad expiry":    `{"version": 1, "entries": [{"rule": "PV02", "fingerprint": "x", "count": 1, "expires": "next year"}]}`,
		"unknown field": `{"version": 1, "entries": [], "extra": true}`,
	} {
		_, err := ParseBaseline("b.json", []byte(src))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if name == "syntax" {
			be, ok := err.(*BaselineError)
			if !ok || be.Line != 4 {
				t.Errorf("syntax error at line %v (%v), want 4", be, err)
			}
		}
	}
}

const sampleDiff = `diff --git a/sf/force-app/a.xml b/sf/force-app/a.xml
index 1111111..2222222 100644
--- a/sf/force-app/a.xml
+++ b/sf/force-app/a.xml
@@ -3,0 +4,2 @@ context
+added
+added
@@ -10 +12 @@
-old
+new
@@ -20,2 +21,0 @@
-gone
-gone
diff --git a/sf/force-app/new.xml b/sf/force-app/new.xml
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/sf/force-app/new.xml
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/sf/force-app/old name.xml b/sf/force-app/new name.xml
similarity index 100%
rename from sf/force-app/old name.xml
rename to sf/force-app/new name.xml
diff --git a/sf/force-app/deleted.xml b/sf/force-app/deleted.xml
deleted file mode 100644
--- a/sf/force-app/deleted.xml
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
diff --git a/other/b.xml b/other/b.xml
--- a/other/b.xml
+++ b/other/b.xml
@@ -1 +1 @@
-x
+y
diff --git "a/sf/force-app/caf\303\251.xml" "b/sf/force-app/caf\303\251.xml"
--- "a/sf/force-app/caf\303\251.xml"
+++ "b/sf/force-app/caf\303\251.xml"
@@ -5 +5 @@
-x
+y
`

func TestParseDiff(t *testing.T) {
	cs, err := ParseDiff(strings.NewReader(sampleDiff), "sf/")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cs.Files(), "|"); got != "force-app/a.xml|force-app/café.xml|force-app/new name.xml|force-app/new.xml" {
		t.Errorf("files = %s", got)
	}
	at := func(file string, line, end int) findings.Finding {
		return findings.Finding{Location: findings.Location{File: file, Line: line, EndLine: end}}
	}
	tests := []struct {
		f    findings.Finding
		want bool
	}{
		{at("force-app/a.xml", 4, 0), true},
		{at("force-app/a.xml", 5, 0), true},
		{at("force-app/a.xml", 6, 0), false},
		{at("force-app/a.xml", 12, 0), true},
		{at("force-app/a.xml", 10, 12), true}, // a range that reaches a hunk
		{at("force-app/a.xml", 13, 0), false},
		{at("force-app/a.xml", 21, 0), true}, // next to a deletion
		{at("force-app/a.xml", 0, 0), true},  // no line in a changed file
		{at("force-app/new.xml", 99, 0), true},
		{at("force-app/new name.xml", 7, 0), true}, // renamed counts as new
		{at("force-app/café.xml", 5, 0), true},
		{at("force-app/deleted.xml", 1, 0), false},
		{at("force-app/untouched.xml", 1, 0), false},
		{at("", 0, 0), true}, // no file: kept
	}
	for _, tt := range tests {
		if got := cs.Touches(tt.f); got != tt.want {
			t.Errorf("Touches(%s:%d-%d) = %v, want %v", tt.f.File, tt.f.Line, tt.f.EndLine, got, tt.want)
		}
	}
}

func TestSeverityFilterAndStats(t *testing.T) {
	fs := []findings.Finding{finding("PV02", "A", "", 1), finding("PV05", "B", "", 2)}
	fs[1].Severity = findings.Warning
	out := Apply(fs, Options{MinSeverity: findings.Error})
	if len(out.Findings) != 1 || out.Counts.BelowSeverity != 1 {
		t.Fatalf("%d findings, %d below severity", len(out.Findings), out.Counts.BelowSeverity)
	}
	if len(out.Stats) != 1 || out.Stats[0] != (Stat{"severity", 2, 1}) {
		t.Errorf("stats = %+v", out.Stats)
	}
	// Apply does not modify its input.
	if fs[1].Severity != findings.Warning || len(fs) != 2 {
		t.Error("Apply changed its input")
	}
}

func TestSortBreaksTies(t *testing.T) {
	a := findings.Finding{Rule: "PV02", Message: "m", Location: findings.Location{File: "f", Line: 1}, Fingerprint: "b"}
	b := a
	b.Fingerprint = "a"
	x, y := []findings.Finding{a, b}, []findings.Finding{b, a}
	Sort(x)
	Sort(y)
	if x[0].Fingerprint != "a" || y[0].Fingerprint != "a" {
		t.Error("ties are not broken by fingerprint")
	}
}

func TestHasMarker(t *testing.T) {
	for s, want := range map[string]bool{
		"<!-- synclint:ignore PV02 x -->":       true,
		"[SyncLint:ignore PV02 x]":              true,
		"synclint:":                             true,
		"xmlns=\"http://soap\" synclint ignore": false,
		"nclint:":                               false,
		"":                                      false,
	} {
		if got := hasMarker([]byte(s)); got != want {
			t.Errorf("hasMarker(%q) = %v", s, got)
		}
	}
}
