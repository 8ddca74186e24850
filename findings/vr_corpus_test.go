package findings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/internal/orgschema"
	"github.com/synclint/synclint/metadata"
)

// corpusDir returns a corpus folder or skips the test.
func corpusDir(tb testing.TB, name string) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "corpora", name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus %s not available (%v)", name, err)
	}
	return dir
}

// everythingSyncedPass builds a pass over a real org in which every object
// with active validation rules is created and updated by the integration
// and every field its rules read is written from a free-form HubSpot
// property: the hardest case for the search, on real formulas.
func everythingSyncedPass(tb testing.TB, org *metadata.Org) *Pass {
	tb.Helper()
	m := &SyncModel{byName: map[string]*SyncedObject{}}
	schema := orgschema.New(org)
	for _, obj := range org.Objects {
		var reads []string
		seen := map[string]bool{}
		for _, vr := range obj.ValidationRules {
			if !vr.Active {
				continue
			}
			p, err := formula.Compile(vr.Formula, formula.Options{Object: obj.Name, Schema: schema})
			if err != nil {
				continue
			}
			for _, fr := range p.Fields() {
				if !fr.CrossObject && !seen[strings.ToLower(fr.Path)] {
					seen[strings.ToLower(fr.Path)] = true
					reads = append(reads, fr.Path)
				}
			}
		}
		if len(reads) == 0 {
			continue
		}
		so := &SyncedObject{Name: obj.Name, Object: obj, HubSpotObject: "p_" + strings.ToLower(obj.Name), Creates: true, Updates: true}
		for _, f := range reads {
			t := &Target{Mapping: &hubspotschema.Mapping{HubSpot: hubspotschema.PropertyRef{Object: so.HubSpotObject, Property: strings.ToLower(f)},
				Rule: hubspotschema.RuleTwoWay}, Ref: hubspotschema.FieldRef{Object: obj.Name, Field: f}, Field: LookupField(org, obj.Name, f), Object: so}
			so.Targets = append(so.Targets, t)
			m.Targets = append(m.Targets, t)
		}
		m.Objects = append(m.Objects, so)
		m.byName[strings.ToLower(so.Name)] = so
	}
	cfg := config.Default(org.Root)
	cfg.IntegrationUsers = []string{"hubspot.integration@example.com"}
	return &Pass{Org: org, HubSpot: &hubspotschema.Export{}, Mappings: &hubspotschema.MappingSet{}, Config: cfg, Sync: m,
		Shared: &Shared{}, Root: org.Root, rule: PV11, sink: &sink{}}
}

// TestVRCorpusEverythingSynced runs the engine on every active rule of the
// real corpora as if HubSpot wrote every field they read: every rule gets
// a verdict, and every witness trips its rule when evaluated again.
func TestVRCorpusEverythingSynced(t *testing.T) {
	for _, name := range []string{"gsa-workspace", "ita-sfdcci", "npsp"} {
		t.Run(name, func(t *testing.T) {
			org, err := metadata.Load(corpusDir(t, name), metadata.Options{})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			an := validationRules(everythingSyncedPass(t, org))
			elapsed := time.Since(start)
			counts := map[vrStatus]int{}
			for _, r := range an.Rules {
				counts[r.V.Status]++
				if r.V.Status == vrReachable {
					if fires, err := witnessFires(r); err != nil || !fires {
						t.Errorf("%s: witness %+v does not fire (%v)", r.VR.QualifiedName(), r.V.Witness, err)
					}
				}
				if r.V.Status == vrMayBlock && strings.Contains(r.V.Reason, "internal error") {
					t.Errorf("%s: %s", r.VR.QualifiedName(), r.V.Reason)
				}
			}
			t.Logf("%d rules in %v: %d reachable, %d may block, %d skipped, %d invalid, %d inactive",
				len(an.Rules), elapsed, counts[vrReachable], counts[vrMayBlock], counts[vrSkipped], counts[vrInvalid], counts[vrInactive])
			if counts[vrReachable] == 0 {
				t.Error("no rule reachable")
			}
		})
	}
}

// BenchmarkPV11StaticGSA measures the static pass (compile, search,
// patches) on gsa-workspace with every rule's object synced.
func BenchmarkPV11StaticGSA(b *testing.B) {
	org, err := metadata.Load(corpusDir(b, "gsa-workspace"), metadata.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := everythingSyncedPass(b, org)
	b.Run("analysis", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p.Shared = &Shared{}
			validationRules(p)
		}
	})
	b.Run("analysis+patches", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p.Shared = &Shared{}
			an := validationRules(p)
			var rules []*vrRule
			for _, r := range an.Rules {
				if r.V.Status == vrReachable && r.VR.Namespace == "" {
					rules = append(rules, r)
				}
			}
			parallel(len(rules), func(i int) { planRulePatch(p, an, rules[i], FixOptions{Style: FixUsername}) })
		}
	})
}
