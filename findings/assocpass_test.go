package findings

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/hubspotschema"
)

func writeAssocFile(t testing.TB, name, text string) *hubspotschema.AssociationFile {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	from, to, _ := hubspotschema.SplitObjectPair(strings.TrimSuffix(name, ".csv"))
	return &hubspotschema.AssociationFile{From: from, To: to, Path: p, Pos: hubspotschema.Pos{File: name}}
}

func TestSummarizeAssociations(t *testing.T) {
	tests := []struct {
		name, file, text string
		from, to         string
		reversed         bool
		fromIDs, multi   int64
		grouped          bool
		has, hasNot      string
	}{
		{"grouped", "contacts-companies.csv", "contact_id,company_id,association_type_id,association_label\n1,10,1,Primary\n1,10,279,\n1,11,279,\n2,12,1,Primary\n",
			"contacts", "companies", false, 2, 1, true, "2", "3"},
		{"ungrouped", "contacts-companies.csv", "contact_id,company_id\n5,10\n2,12\n5,11\n2,12\n5,13\n",
			"contacts", "companies", false, 2, 1, false, "5", "1"},
		{"reversed", "companies-contacts.csv", "company_id,contact_id\n10,1\n11,1\n12,2\n",
			"contacts", "companies", true, 2, 1, false, "1", "10"},
		{"text ids", "contacts-companies.csv", "contact_id,company_id\nabc,x\nabc,y\nabd,x\n",
			"contacts", "companies", false, 2, 1, true, "abd", "zzz"},
	}
	for _, tt := range tests {
		f := writeAssocFile(t, tt.file, tt.text)
		s, err := summarizeAssociations(f, tt.from, tt.to, tt.reversed, true)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if s.FromIDs != tt.fromIDs || s.Multi != tt.multi || s.Grouped != tt.grouped {
			t.Errorf("%s: fromIDs %d multi %d grouped %t, want %d %d %t", tt.name, s.FromIDs, s.Multi, s.Grouped, tt.fromIDs, tt.multi, tt.grouped)
		}
		if !s.HasFrom(tt.has) || s.HasFrom(tt.hasNot) {
			t.Errorf("%s: HasFrom(%s)=%t HasFrom(%s)=%t", tt.name, tt.has, s.HasFrom(tt.has), tt.hasNot, s.HasFrom(tt.hasNot))
		}
	}
}

func TestSummarizeAssociationsTypes(t *testing.T) {
	f := writeAssocFile(t, "contacts-companies.csv", "contact_id,company_id,association_type_id,association_label\n1,10,1,Primary\n1,10,7,Decision Maker\n2,11,7,Decision Maker\n")
	s, err := summarizeAssociations(f, "contacts", "companies", false, false)
	if err != nil {
		t.Fatal(err)
	}
	if tc := s.TypeCount("decision maker", 0); tc == nil || tc.Rows != 2 || len(tc.Examples) != 2 {
		t.Errorf("label count = %+v", tc)
	}
	if tc := s.TypeCount("", 1); tc == nil || tc.Rows != 1 {
		t.Errorf("type 1 count = %+v", tc)
	}
	if s.Multi != 0 {
		t.Errorf("one company with several types counted as several companies")
	}
}

// BenchmarkSummarizeAssociations streams a sorted export of a million
// association rows (memory stays flat in grouped mode).
func BenchmarkSummarizeAssociations(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("contact_id,company_id,association_type_id,association_label\n")
	for i := 0; i < 500000; i++ {
		fmt.Fprintf(&sb, "%d,%d,1,Primary\n%d,%d,279,\n", 52000000000+i, 18000000000+i%9000, 52000000000+i, 18000000000+(i*7)%9000)
	}
	f := writeAssocFile(b, "contacts-companies.csv", sb.String())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := summarizeAssociations(f, "contacts", "companies", false, false)
		if err != nil || s.FromIDs != 500000 {
			b.Fatal(err, s.FromIDs)
		}
	}
}
