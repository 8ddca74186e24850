package orggen

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/internal/orgschema"
	"github.com/synclint/synclint/metadata"
)

func small(out string) Config {
	c := Defaults()
	c.Out, c.Objects, c.Fields, c.Rules, c.LeadRules, c.Properties = out, 3, 20, 6, 30, 16
	c.Profiles, c.PermissionSets, c.PermissionObjects = 2, 2, 3
	c.Records, c.CompanyRecords = 200, 50
	return c
}

// TestGeneratedOrgIsValid: the org loads without a diagnostic, every
// generated validation rule type-checks against the org, and the counts
// match.
func TestGeneratedOrgIsValid(t *testing.T) {
	dir := t.TempDir()
	st, err := Generate(small(dir))
	if err != nil {
		t.Fatal(err)
	}
	org, err := metadata.Load(dir, metadata.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range org.Diagnostics {
		t.Errorf("diagnostic %s: %s", d.Pos, d.Message)
	}
	if org.Stats.Files != st.MetadataFiles {
		t.Errorf("loader read %d files, generator wrote %d", org.Stats.Files, st.MetadataFiles)
	}
	schema := orgschema.New(org)
	rules := 0
	for _, o := range org.Objects {
		for _, r := range o.ValidationRules {
			rules++
			if _, err := formula.Compile(r.Formula, formula.Options{Object: o.Name, Schema: schema}); err != nil {
				t.Errorf("%s.%s: %v\n%s", o.Name, r.Name, err, r.Formula)
			}
		}
	}
	if rules != st.ValidationRules || rules != 3*6+30+3*6 {
		t.Errorf("%d rules loaded, %d generated", rules, st.ValidationRules)
	}
	if len(org.Profiles) != 3 || len(org.PermissionSets) != 3 {
		t.Errorf("%d profiles, %d permission sets", len(org.Profiles), len(org.PermissionSets))
	}
	for _, f := range []string{"hubspot/records/contacts.csv", "hubspot/records/companies.csv", "hubspot/properties/deals.json", "synclint.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestDeterministic: the same Config writes the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if _, err := Generate(small(a)); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(small(b)); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(a, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatal(n, err)
	}
}

// TestFilesSizesTheOrg: -files sets the number of metadata files within a
// few percent.
func TestFilesSizesTheOrg(t *testing.T) {
	for _, want := range []int{2000, 5000} {
		c := Defaults()
		c.Out, c.Files = t.TempDir(), want
		st, err := Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		if d := st.MetadataFiles - want; d < -want/20 || d > want/20 {
			t.Errorf("-files %d wrote %d metadata files", want, st.MetadataFiles)
		}
	}
}

func TestRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	c := Defaults()
	c.Out = dir
	if _, err := Generate(c); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("err = %v", err)
	}
}
