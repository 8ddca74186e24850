package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/findings"
)

// The malformed-input suite: each case breaks a copy of the acme fixture
// in one way and runs the whole check on it, in-process. Every case must
//   - give a positioned diagnostic (SL01 or SL03 with file and line) for
//     what is broken, or, for input that is odd but valid (BOM, CRLF, a
//     symlink loop), read it as Salesforce would, with the usual lines;
//   - still report the findings of the intact part (named ones, and for
//     cases that only add a broken file, every finding of the intact run);
//   - not panic (no exit 3, no "internal error" finding);
//   - write nothing but the requested report: the checkout is snapshotted
//     (every path, type, size, mode and content hash) before and after.

const (
	leadFields = "force-app/main/default/objects/Lead/fields/"
	leadRules  = "force-app/main/default/objects/Lead/validationRules/"
)

// wantDiag is a diagnostic a case must produce.
type wantDiag struct {
	rule string
	file string // path from the checkout
	line int    // 0: any line ≥ 1
	text string // substring of the message
}

// wantFinding is a finding of the intact part a case must keep.
type wantFinding struct {
	rule, component, file string
	line                  int // 0: any
}

// industryVertical is a planted finding (PLANTED.md PV05) far from every
// file the cases break.
var industryVertical = wantFinding{"PV05", "Lead.Industry_Vertical__c", leadFields + "Industry_Vertical__c.field-meta.xml", 12}

type hardeningCase struct {
	name   string
	mutate func(t *testing.T, dir string)
	diags  []wantDiag
	keep   []wantFinding
	// additive cases only add broken files: every finding of the intact
	// run must still be reported, with no SL01/SL03 beyond diags.
	additive bool
	// check runs extra assertions on the report.
	check func(t *testing.T, fs []findings.Finding)
}

func TestMalformedInputSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB file")
	}
	intact := runHardened(t, copyAcme(t))
	if len(intact) < 50 {
		t.Fatalf("the intact fixture gives only %d findings", len(intact))
	}
	for _, c := range hardeningCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := copyAcme(t)
			c.mutate(t, dir)
			got := runHardened(t, dir)
			for _, w := range c.diags {
				if !hasDiag(got, w) {
					t.Errorf("no %s at %s:%d containing %q; diagnostics: %s", w.rule, w.file, w.line, w.text, diagList(got))
				}
			}
			for _, w := range c.keep {
				if !hasFinding(got, w) {
					t.Errorf("intact finding %s %s at %s:%d is missing", w.rule, w.component, w.file, w.line)
				}
			}
			if c.additive {
				seen := map[string]int{}
				for _, f := range got {
					seen[f.Fingerprint+f.File]++
				}
				for _, f := range intact {
					if seen[f.Fingerprint+f.File] == 0 {
						t.Errorf("intact finding lost: %s %s %s:%d %s", f.Rule, f.Component, f.File, f.Line, f.Message)
					}
				}
				for _, f := range got {
					if (f.Rule == "SL01" || f.Rule == "SL03") && !expected(c.diags, f) {
						t.Errorf("unexpected %s %s:%d %s", f.Rule, f.File, f.Line, f.Message)
					}
					if seen[f.Fingerprint+f.File] > 1 {
						t.Errorf("finding reported twice: %s %s %s:%d", f.Rule, f.Component, f.File, f.Line)
					}
				}
			}
			if c.check != nil {
				c.check(t, got)
			}
		})
	}
}

// runHardened runs check on dir with the JSON report in a folder of its
// own, and checks the run's hygiene: exit 0 (--exit-zero), no panic, every
// SL01/SL03 with a line, nothing written but the report.
func runHardened(t *testing.T, dir string) []findings.Finding {
	t.Helper()
	before := snapshotTree(t, dir)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "report.json")
	code, _, stderr := runCLI(t, nil, "check", dir, "--format", "json="+out, "--exit-zero")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if after := snapshotTree(t, dir); !equalSnapshots(t, before, after) {
		t.Error("the check changed the checkout")
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 1 || entries[0].Name() != "report.json" {
		t.Errorf("output folder holds %v, want only report.json", entries)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc := readReport(t, string(data))
	for _, f := range doc.Findings {
		if strings.Contains(f.Message, "internal error") {
			t.Errorf("panic contained as a finding: %s %s:%d %s", f.Rule, f.File, f.Line, f.Message)
		}
		if (f.Rule == "SL01" || f.Rule == "SL03") && (f.File == "" || f.Line < 1) {
			t.Errorf("diagnostic without file and line: %s %q:%d %s", f.Rule, f.File, f.Line, f.Message)
		}
	}
	return doc.Findings
}

func hasDiag(fs []findings.Finding, w wantDiag) bool {
	for _, f := range fs {
		if f.Rule == w.rule && f.File == w.file && f.Line >= 1 && (w.line == 0 || f.Line == w.line) && strings.Contains(f.Message, w.text) {
			return true
		}
	}
	return false
}

func expected(ws []wantDiag, f findings.Finding) bool {
	for _, w := range ws {
		if hasDiag([]findings.Finding{f}, w) {
			return true
		}
	}
	return false
}

func hasFinding(fs []findings.Finding, w wantFinding) bool {
	for _, f := range fs {
		if f.Rule == w.rule && f.Component == w.component && (w.file == "" || f.File == w.file) && (w.line == 0 || f.Line == w.line) {
			return true
		}
	}
	return false
}

func diagList(fs []findings.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Rule == "SL01" || f.Rule == "SL03" {
			fmt.Fprintf(&b, "\n  %s %s:%d %s", f.Rule, f.File, f.Line, f.Message)
		}
	}
	return b.String()
}

// snapshotTree records every path under dir: type, mode, size and, for
// regular files, a content hash; symlinks by target.
func snapshotTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		desc := fmt.Sprintf("%v %d %d", info.Mode(), info.Size(), info.ModTime().UnixNano())
		switch {
		case info.Mode()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			desc += " -> " + target
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			desc += " " + hex.EncodeToString(sum[:])
		}
		out[rel] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalSnapshots(t *testing.T, before, after map[string]string) bool {
	t.Helper()
	same := true
	for p, d := range after {
		if b, ok := before[p]; !ok {
			t.Errorf("created %s", p)
			same = false
		} else if b != d && !strings.HasPrefix(d, "d") {
			// Folders' times change when a tool lists them on some
			// systems; their entries are compared one by one.
			t.Errorf("modified %s: %s → %s", p, b, d)
			same = false
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("removed %s", p)
			same = false
		}
	}
	return same
}

func writeFile(t *testing.T, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, dir, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func replaceIn(t *testing.T, dir, rel string, pairs ...string) {
	t.Helper()
	data := string(readFile(t, dir, rel))
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(data, pairs[i]) {
			t.Fatalf("%s does not contain %q", rel, pairs[i])
		}
		data = strings.Replace(data, pairs[i], pairs[i+1], 1)
	}
	writeFile(t, dir, rel, []byte(data))
}

const fieldHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n"

func hardeningCases() []hardeningCase {
	return []hardeningCase{
		{
			name: "truncated XML",
			mutate: func(t *testing.T, dir string) {
				rel := leadFields + "Preferred_Language__c.field-meta.xml"
				data := readFile(t, dir, rel)
				writeFile(t, dir, rel, data[:len(data)*6/10])
			},
			diags: []wantDiag{{"SL01", leadFields + "Preferred_Language__c.field-meta.xml", 0, "malformed XML"}},
			keep:  []wantFinding{industryVertical, {"PV11", "Lead.US_Postal_Code_Format", "", 0}},
		},
		{
			name: "wrong root element",
			mutate: func(t *testing.T, dir string) {
				replaceIn(t, dir, "force-app/main/default/objects/Opportunity/fields/Deployment_Type__c.field-meta.xml",
					"<CustomField ", "<CustomWidget ", "</CustomField>", "</CustomWidget>")
			},
			diags: []wantDiag{{"SL01", "force-app/main/default/objects/Opportunity/fields/Deployment_Type__c.field-meta.xml", 2, "unexpected root element <CustomWidget>"}},
			keep:  []wantFinding{industryVertical},
		},
		{
			name: "BOM and CRLF",
			mutate: func(t *testing.T, dir string) {
				for _, rel := range []string{leadFields + "Industry_Vertical__c.field-meta.xml", leadRules + "US_Postal_Code_Format.validationRule-meta.xml", "force-app/main/default/classes/LeadTriggerHandler.cls"} {
					data := bytes.ReplaceAll(readFile(t, dir, rel), []byte("\n"), []byte("\r\n"))
					writeFile(t, dir, rel, append([]byte("\xef\xbb\xbf"), data...))
				}
			},
			// Valid files: read as usual, findings on the same lines.
			additive: true,
			keep:     []wantFinding{industryVertical, {"PV11", "Lead.US_Postal_Code_Format", leadRules + "US_Postal_Code_Format.validationRule-meta.xml", 2}},
		},
		{
			name: "non-UTF-8 bytes",
			mutate: func(t *testing.T, dir string) {
				writeFile(t, dir, leadFields+"Latin1_Label__c.field-meta.xml", []byte(fieldHead+"    <fullName>Latin1_Label__c</fullName>\n    <label>Caf\xe9 Preference</label>\n    <length>40</length>\n    <type>Text</type>\n</CustomField>\n"))
				writeFile(t, dir, "force-app/main/default/classes/Latin1Util.cls", []byte("public class Latin1Util {\n    // r\xe9sum\xe9 helper\n    public static String name() { return 'x'; }\n}\n"))
			},
			diags: []wantDiag{
				{"SL01", leadFields + "Latin1_Label__c.field-meta.xml", 4, "UTF-8"},
				{"SL01", "force-app/main/default/classes/Latin1Util.cls", 2, "UTF-8"},
			},
			additive: true,
		},
		{
			name: "entity expansion",
			mutate: func(t *testing.T, dir string) {
				var b strings.Builder
				b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE CustomField [\n  <!ENTITY lol \"lol\">\n")
				prev := "lol"
				for i := 1; i <= 9; i++ {
					name := fmt.Sprintf("lol%d", i)
					fmt.Fprintf(&b, "  <!ENTITY %s \"%s\">\n", name, strings.Repeat("&"+prev+";", 10))
					prev = name
				}
				b.WriteString("]>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>Laughs__c</fullName>\n    <description>&lol9;</description>\n    <type>Text</type>\n</CustomField>\n")
				writeFile(t, dir, leadFields+"Laughs__c.field-meta.xml", []byte(b.String()))
				writeFile(t, dir, leadFields+"External_Entity__c.field-meta.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
					`<!DOCTYPE CustomField [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>`+"\n"+
					"<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>External_Entity__c</fullName>\n    <description>&xxe;</description>\n    <type>Text</type>\n</CustomField>\n"))
			},
			// encoding/xml knows only the five predefined entities: a
			// DTD's entities are never expanded, their use is an error.
			diags: []wantDiag{
				{"SL01", leadFields + "Laughs__c.field-meta.xml", 16, "&lol9;"},
				{"SL01", leadFields + "External_Entity__c.field-meta.xml", 5, "&xxe;"},
			},
			additive: true,
			check: func(t *testing.T, fs []findings.Finding) {
				for _, f := range fs {
					if strings.Contains(f.Message, "lollol") || strings.Contains(f.Message, "root:") {
						t.Errorf("an entity was expanded: %s", f.Message)
					}
				}
			},
		},
		{
			name: "100 MB field description",
			mutate: func(t *testing.T, dir string) {
				p := filepath.Join(dir, filepath.FromSlash(leadFields+"Huge_Description__c.field-meta.xml"))
				f, err := os.Create(p)
				if err != nil {
					t.Fatal(err)
				}
				w := bufio.NewWriterSize(f, 1<<20)
				w.WriteString(fieldHead + "    <fullName>Huge_Description__c</fullName>\n    <description>")
				chunk := bytes.Repeat([]byte("Long description text. "), 1<<12)
				for written := 0; written < 100<<20; written += len(chunk) {
					w.Write(chunk)
				}
				w.WriteString("</description>\n    <type>Text</type>\n    <length>10</length>\n</CustomField>\n")
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
				f.Close()
			},
			diags:    []wantDiag{{"SL01", leadFields + "Huge_Description__c.field-meta.xml", 1, "over the 64.0 MiB limit"}},
			additive: true,
		},
		{
			name: "deeply nested XML",
			mutate: func(t *testing.T, dir string) {
				var b strings.Builder
				b.WriteString(fieldHead + "    <fullName>Deep__c</fullName>\n")
				for i := 0; i < 100_000; i++ {
					b.WriteString("<a>")
				}
				for i := 0; i < 100_000; i++ {
					b.WriteString("</a>")
				}
				b.WriteString("\n</CustomField>\n")
				writeFile(t, dir, leadFields+"Deep__c.field-meta.xml", []byte(b.String()))
			},
			diags:    []wantDiag{{"SL01", leadFields + "Deep__c.field-meta.xml", 4, "nested more than"}},
			additive: true,
		},
		{
			name: "symlink loops",
			mutate: func(t *testing.T, dir string) {
				// A link from deep inside back to objects/ (a cycle) and
				// one to the checkout root: neither is followed twice.
				if err := os.Symlink(filepath.Join("..", ".."), filepath.Join(dir, filepath.FromSlash(leadFields+"loop"))); err != nil {
					t.Skipf("symlinks not supported: %v", err)
				}
				if err := os.Symlink(dir, filepath.Join(dir, "force-app", "main", "default", "root-again")); err != nil {
					t.Fatal(err)
				}
			},
			additive: true,
			keep:     []wantFinding{industryVertical},
		},
		{
			name: "empty files",
			mutate: func(t *testing.T, dir string) {
				writeFile(t, dir, leadFields+"Empty__c.field-meta.xml", nil)
				writeFile(t, dir, leadRules+"Blank_Rule.validationRule-meta.xml", []byte("  \r\n\n"))
				writeFile(t, dir, "force-app/main/default/profiles/Empty.profile-meta.xml", nil)
			},
			diags: []wantDiag{
				{"SL01", leadFields + "Empty__c.field-meta.xml", 1, "empty file"},
				{"SL01", leadRules + "Blank_Rule.validationRule-meta.xml", 1, "empty file"},
				{"SL01", "force-app/main/default/profiles/Empty.profile-meta.xml", 1, "empty file"},
			},
			additive: true,
		},
		{
			name: "duplicate fullNames",
			mutate: func(t *testing.T, dir string) {
				writeFile(t, dir, leadFields+"Zz_Copy__c.field-meta.xml", readFile(t, dir, leadFields+"Industry_Vertical__c.field-meta.xml"))
				writeFile(t, dir, leadRules+"Zz_Copy.validationRule-meta.xml", readFile(t, dir, leadRules+"US_Postal_Code_Format.validationRule-meta.xml"))
			},
			diags: []wantDiag{
				{"SL01", leadFields + "Zz_Copy__c.field-meta.xml", 2, "duplicate field Lead.Industry_Vertical__c"},
				{"SL01", leadRules + "Zz_Copy.validationRule-meta.xml", 2, "duplicate validation rule Lead.US_Postal_Code_Format"},
			},
			additive: true,
		},
		{
			name: "JSON with wrong types",
			mutate: func(t *testing.T, dir string) {
				replaceIn(t, dir, "hubspot/properties/contacts.json",
					`"name": "utm_campaign",`, `"name": 42,`,
					`"hidden": false`, `"hidden": "maybe"`)
				replaceIn(t, dir, "hubspot/properties/deals.json", `"options": [`, `"options": 7, "was": [`)
			},
			diags: []wantDiag{
				{"SL03", "hubspot/properties/contacts.json", 0, ""},
				{"SL03", "hubspot/properties/deals.json", 0, ""},
			},
			keep: []wantFinding{industryVertical},
		},
		{
			name: "CSV with ragged rows and embedded newlines",
			mutate: func(t *testing.T, dir string) {
				rel := "hubspot/records/contacts.csv"
				data := readFile(t, dir, rel)
				lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
				header := strings.Split(lines[0], ",")
				row := func(id string, notes string) string {
					vals := make([]string, len(header))
					for i, h := range header {
						switch h {
						case "hs_object_id":
							vals[i] = id
						case "lastname":
							vals[i] = "Newline"
						case "internal_notes":
							vals[i] = notes
						}
					}
					return strings.Join(vals, ",")
				}
				extra := []string{
					"52009999001,Short,Row", // ragged: line len(lines)+1
					row("52009999002", "\"first line\nsecond line, with a comma\""),
					row("52009999003", "after the multi-line row"),
					"\"52009999004,never closed",
				}
				writeFile(t, dir, rel, []byte(strings.Join(append(lines, extra...), "\n")+"\n"))
			},
			diags: []wantDiag{{"SL03", "hubspot/records/contacts.csv", 242, "2 rows of this file were skipped"}},
			keep:  []wantFinding{industryVertical},
			check: func(t *testing.T, fs []findings.Finding) {
				for _, f := range fs {
					if f.Rule == "PV10" && f.Records != nil && strings.HasSuffix(f.Records.File, "contacts.csv") && f.Records.Checked != 242 {
						t.Errorf("PV10 checked %d contacts, want 240 + the multi-line row + the row after it", f.Records.Checked)
					}
				}
			},
		},
	}
}
