package orgschema

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

const corporaDir = "../../../shared/corpora"

// corpusRuleFailures lists the validation rules of the corpora that do not
// compile, keyed corpus/Object.Rule, with the reason. Each is a formula
// Salesforce itself would reject in this checkout (or a documented gap).
var corpusRuleFailures = map[string]string{}

type corpusStats struct {
	rules, parsed, checked, translated, warnings int
}

func TestCorpusValidationRules(t *testing.T) {
	if _, err := os.Stat(corporaDir); err != nil {
		t.Skipf("corpora not available at %s: %v", corporaDir, err)
	}
	seen := map[string]bool{}
	for _, corpus := range []string{"gsa-workspace", "ita-sfdcci", "npsp", "dreamhouse"} {
		org, err := metadata.Load(filepath.Join(corporaDir, corpus), metadata.Options{})
		if err != nil {
			t.Fatalf("%s: %v", corpus, err)
		}
		schema := New(org)
		var st corpusStats
		var objs []string
		for k := range org.Objects {
			objs = append(objs, k)
		}
		sort.Strings(objs)
		for _, k := range objs {
			obj := org.Objects[k]
			for _, vr := range obj.ValidationRules {
				st.rules++
				key := corpus + "/" + obj.Name + "." + vr.Name
				seen[key] = true
				reason, expected := corpusRuleFailures[key]
				f, err := formula.Parse(vr.Formula)
				if err != nil {
					report(t, key, "parse: "+err.Error(), expected, reason, vr)
					continue
				}
				st.parsed++
				c := formula.Check(f, formula.CheckOptions{Object: obj.Name, Schema: schema})
				st.warnings += len(c.Warnings())
				if err := c.Err(); err != nil {
					report(t, key, "check: "+err.Error(), expected, reason, vr)
					continue
				}
				st.checked++
				if _, err := formula.CompileParsed(f, formula.Options{Object: obj.Name, Schema: schema}); err != nil {
					report(t, key, "translate: "+err.Error(), expected, reason, vr)
					continue
				}
				st.translated++
				if expected {
					t.Errorf("%s compiles now; remove it from corpusRuleFailures (%s)", key, reason)
				}
			}
		}
		t.Logf("%-14s %4d rules: %4d parse, %4d type-check, %4d translate; %d warning-level notes (standard fields the checkout does not describe)",
			corpus, st.rules, st.parsed, st.checked, st.translated, st.warnings)
	}
	for k := range corpusRuleFailures {
		if !seen[k] {
			t.Errorf("corpusRuleFailures lists %s, which is not in the corpora", k)
		}
	}
}

func report(t *testing.T, key, msg string, expected bool, reason string, vr *metadata.ValidationRule) {
	t.Helper()
	if expected {
		t.Logf("known failure %s: %s (%s)", key, msg, reason)
		return
	}
	var ce *formula.CheckError
	if errors.As(errors.Unwrap(errors.New(msg)), &ce) {
		_ = ce
	}
	t.Errorf("%s: %s\n  formula: %s", key, msg, strings.TrimSpace(vr.Formula))
}

func TestCorpusWarningsListing(t *testing.T) {
	if os.Getenv("SYNCLINT_LIST_WARNINGS") == "" {
		t.Skip("set SYNCLINT_LIST_WARNINGS=1 to list the warning-level notes of the corpora")
	}
	for _, corpus := range []string{"gsa-workspace", "ita-sfdcci", "npsp"} {
		org, err := metadata.Load(filepath.Join(corporaDir, corpus), metadata.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, obj := range org.Objects {
			for _, vr := range obj.ValidationRules {
				f, err := formula.Parse(vr.Formula)
				if err != nil {
					continue
				}
				for _, w := range formula.Check(f, formula.CheckOptions{Object: obj.Name, Schema: New(org)}).Warnings() {
					t.Logf("%s %s.%s: %s", corpus, obj.Name, vr.Name, w.Message)
				}
			}
		}
	}
}
