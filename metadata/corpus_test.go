package metadata

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusExpect holds figures the corpora README states (or that were
// counted by hand from the files), so the loader is checked against
// numbers it did not produce itself.
var corpusExpect = map[string]struct {
	format          []Format
	validationRules int
	activeRules     int
	recordTypes     int
	customFields    int
	restricted      int
	lookupFilters   int
	profiles        int
	permissionSets  int
	triggers        int
	processes       int
	fieldUpdates    int
	states          int
	duplicateRules  int
}{
	// README: 164 validation rules (139 active), 5,973 custom fields, 289
	// restricted picklists, 37 lookup filters, 197 record types, 3 duplicate
	// rules, 41 profiles, 58 permission sets, 49 triggers, 95 field updates.
	"gsa-workspace": {[]Format{FormatSFDX}, 164, 139, 197, 5973, 289, 37, 41, 58, 49, 9, 95, 348, 3},
	// README: 332 validation rules, 155 record types, 4,076 states, 68
	// process-builder flows, 193 workflow field updates.
	"ita-sfdcci": {[]Format{FormatMDAPI}, 332, 301, 155, 3561, 154, 35, 0, 0, 137, 68, 193, 4076, 2},
	"npsp":       {[]Format{FormatMDAPI, FormatSFDX}, 5, 5, 16, 950, 34, 2, 4, 10, 26, 0, 3, 0, 0},
	"dreamhouse": {[]Format{FormatSFDX}, 0, 0, 0, 32, 1, 0, 0, 1, 0, 0, 0, 0, 0},
}

// TestCorpora loads every real checkout: well-formed files must give no
// diagnostic, and the counts must match what the files hold.
func TestCorpora(t *testing.T) {
	for _, name := range corpora {
		t.Run(name, func(t *testing.T) {
			org := load(t, corpusPath(t, name), Options{})
			for i, d := range org.Diagnostics {
				if i == 20 {
					t.Errorf("… %d diagnostics in all", len(org.Diagnostics))
					break
				}
				t.Errorf("SL01 on a well-formed corpus file: %s: %s", d.Pos, d.Message)
			}
			var custom, restricted, filters, active, picklists, states, fieldUpdates, processes, activeFlows int
			for _, o := range org.Objects {
				for _, f := range o.Fields {
					if f.Builtin {
						continue
					}
					if !f.Standard {
						custom++
						if f.Picklist != nil && f.Picklist.Restricted {
							restricted++
						}
					}
					if f.Type.IsPicklist() {
						picklists++
					}
					if f.LookupFilter != nil {
						filters++
					}
				}
				for _, r := range o.ValidationRules {
					if r.Active {
						active++
					}
					checkFormulaBytes(t, org, r)
				}
			}
			if org.Address != nil {
				for _, c := range org.Address.Countries {
					states += len(c.States)
				}
			}
			for _, w := range org.Workflows {
				fieldUpdates += len(w.FieldUpdates)
			}
			for _, f := range org.Flows {
				if f.ProcessType == "Workflow" {
					processes++
				}
				if f.Active {
					activeFlows++
				}
			}
			s := org.Stats
			t.Logf("%s: %d files (%d KiB), formats %v, %d roots, namespace %q", name, s.Files, s.Bytes>>10, org.Formats, len(org.Roots), org.Namespace)
			t.Logf("objects %d, fields %d (custom %d, picklists %d, restricted %d, lookup filters %d), validation rules %d (active %d), record types %d",
				s.Objects, s.Fields, custom, picklists, restricted, filters, s.ValidationRules, active, s.RecordTypes)
			t.Logf("profiles %d, permission sets %d, flows %d (active %d, processes %d), triggers %d, classes %d, workflows %d (field updates %d), duplicate rules %d, states %d, shadowed %d",
				s.Profiles, s.PermissionSets, s.Flows, activeFlows, processes, s.Triggers, s.Classes, s.Workflows, fieldUpdates, len(org.DuplicateRules), states, s.Shadowed)

			want, ok := corpusExpect[name]
			if !ok {
				return
			}
			check := func(what string, got, want int) {
				if got != want {
					t.Errorf("%s = %d, want %d", what, got, want)
				}
			}
			if len(org.Formats) != len(want.format) || org.Formats[0] != want.format[0] {
				t.Errorf("formats %v, want %v", org.Formats, want.format)
			}
			check("validation rules", s.ValidationRules, want.validationRules)
			check("active validation rules", active, want.activeRules)
			check("record types", s.RecordTypes, want.recordTypes)
			check("custom fields", custom, want.customFields)
			check("restricted picklists", restricted, want.restricted)
			check("lookup filters", filters, want.lookupFilters)
			check("profiles", s.Profiles, want.profiles)
			check("permission sets", s.PermissionSets, want.permissionSets)
			check("triggers", s.Triggers, want.triggers)
			check("processes", processes, want.processes)
			check("workflow field updates", fieldUpdates, want.fieldUpdates)
			check("states", states, want.states)
			check("duplicate rules", len(org.DuplicateRules), want.duplicateRules)
		})
	}
}

// checkFormulaBytes verifies that the recorded offsets select the escaped
// text of the formula in the raw file.
func checkFormulaBytes(t *testing.T, org *Org, r *ValidationRule) {
	t.Helper()
	if r.Formula == "" {
		return
	}
	raw, err := os.ReadFile(filepath.Join(org.Root, filepath.FromSlash(r.FormulaPos.File)))
	if err != nil {
		t.Errorf("%s: %v", r.QualifiedName(), err)
		return
	}
	if r.FormulaEnd <= r.FormulaStart || r.FormulaEnd > len(raw) {
		t.Errorf("%s: offsets %d..%d", r.QualifiedName(), r.FormulaStart, r.FormulaEnd)
		return
	}
	seg := raw[r.FormulaStart:r.FormulaEnd]
	if !bytes.HasSuffix(raw[:r.FormulaStart], []byte(">")) || !bytes.HasPrefix(raw[r.FormulaEnd:], []byte("</errorConditionFormula>")) {
		t.Errorf("%s: offsets do not sit between the tags", r.QualifiedName())
	}
	// XML end-of-line handling turns CR LF into LF in the parsed text
	// (ita-sfdcci has CR LF inside formulas); the raw bytes keep them.
	unescaped := strings.NewReplacer("\r\n", "\n", "\r", "\n", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&#39;", "'", "&amp;", "&").Replace(string(seg))
	if stripTokens(unescaped) != r.Formula && !strings.Contains(string(seg), "&#") && !strings.Contains(string(seg), "CDATA") {
		t.Errorf("%s: bytes %q do not hold formula %q", r.QualifiedName(), seg, r.Formula)
	}
}

// TestCorporaParsersAgree loads each corpus with the fast builder and with
// xmlquery's parser and requires the same model (positions aside).
func TestCorporaParsersAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: loads every corpus twice")
	}
	for _, name := range corpora {
		t.Run(name, func(t *testing.T) {
			root := corpusPath(t, name)
			fast := load(t, root, Options{})
			ref := load(t, root, Options{Parser: ParserXMLQuery})
			normalize(fast)
			normalize(ref)
			if a, b := modelJSON(t, fast), modelJSON(t, ref); !bytes.Equal(a, b) {
				t.Errorf("fast builder and xmlquery disagree; %s", firstDifference(a, b))
			}
		})
	}
}
