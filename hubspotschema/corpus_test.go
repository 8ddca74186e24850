package hubspotschema

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir holds real HubSpot exports from public repositories (see
// ../../shared/corpora/README.md). They are read in place, never copied.
const corpusDir = "../../shared/corpora/hubspot"

func corpusFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(corpusDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s absent (%v): the real-export tests need ../shared/corpora", p, err)
	}
	return p
}

func noDiags(t *testing.T, what string, ds []Diagnostic) {
	t.Helper()
	for _, d := range ds {
		t.Errorf("%s: unexpected diagnostic %s:%d:%d %s", what, d.Pos.File, d.Pos.Line, d.Pos.Col, d.Message)
	}
}

func TestCorpusPropertiesV1Groups(t *testing.T) {
	obj, diags, err := ReadProperties(corpusFile(t, "contacts-properties-v1-groups.json"))
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "properties", diags)
	if obj.Name != "contacts" || obj.Shape != ShapeV1Groups {
		t.Fatalf("object %q shape %q, want contacts v1-groups", obj.Name, obj.Shape)
	}
	if got := len(obj.Properties); got != 168 {
		t.Errorf("%d properties, want 168 (the README's count)", got)
	}
	ls := obj.Property("hs_lead_status")
	if ls == nil || ls.Type != "enumeration" || ls.FieldType != "radio" || len(ls.Options) != 8 {
		t.Fatalf("hs_lead_status = %+v", ls)
	}
	if ls.Options[0].Value != "NEW" || ls.Options[0].Label != "New" || ls.Options[3].Value != "OPEN_DEAL" {
		t.Errorf("hs_lead_status options = %+v", ls.Options)
	}
	if ls.Pos.Line < 2 || ls.Pos.File == "" {
		t.Errorf("hs_lead_status position %+v", ls.Pos)
	}
	// v1 keeps readOnlyValue at the top level.
	if p := obj.Property("days_to_close"); p == nil || !p.ReadOnlyValue || !p.Calculated || !p.IsComputed() {
		t.Errorf("days_to_close = %+v", p)
	}
	if p := obj.Property("hubspotscore"); p == nil || p.FieldType != "calculation_score" {
		t.Errorf("hubspotscore = %+v", p)
	}
	// Unknown type/fieldType pairs are kept.
	if p := obj.Property("hs_searchable_calculated_phone_number"); p == nil || p.Type != "phone_number" || p.FieldType != "phonenumber" {
		t.Errorf("phone_number property = %+v", p)
	}
	if p := obj.Property("hs_legal_basis"); p == nil || !p.IsMultiValue() {
		t.Errorf("hs_legal_basis should be multi-value: %+v", p)
	}
	if p := obj.Property("numemployees"); p == nil || len(p.Options) != 7 {
		t.Errorf("numemployees = %+v", p)
	}
}

func TestCorpusPipelines(t *testing.T) {
	for _, tc := range []struct {
		file, id string
		stages   int
		closed   []string
		prob     map[string]string
	}{
		{"deals-pipelines-v3.json", "default", 7, []string{"closedwon", "closedlost"},
			map[string]string{"appointmentscheduled": "0.2", "closedwon": "1.0", "closedlost": "0.0"}},
		{"contacts-lifecycle-pipelines-v3.json", "contacts-lifecycle-pipeline", 8, []string{"other"}, nil},
	} {
		t.Run(tc.file, func(t *testing.T) {
			ps, diags, err := ReadPipelines(corpusFile(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			noDiags(t, tc.file, diags)
			if len(ps) != 1 || ps[0].ID != tc.id || len(ps[0].Stages) != tc.stages {
				t.Fatalf("pipelines = %+v", ps)
			}
			closed := map[string]bool{}
			for _, s := range ps[0].Stages {
				if s.IsClosed {
					closed[s.ID] = true
				}
			}
			if len(closed) != len(tc.closed) {
				t.Errorf("closed stages %v, want %v", closed, tc.closed)
			}
			for _, id := range tc.closed {
				if !closed[id] {
					t.Errorf("stage %s should be closed", id)
				}
			}
			for _, s := range ps[0].Stages {
				if want, ok := tc.prob[s.ID]; ok && (s.Probability != want || !s.HasProbability) {
					t.Errorf("stage %s probability %q/%v, want %q", s.ID, s.Probability, s.HasProbability, want)
				}
				if tc.prob == nil && s.HasProbability {
					t.Errorf("lifecycle stage %s has a probability", s.ID)
				}
			}
		})
	}
}

func TestCorpusSchema(t *testing.T) {
	ss, diags, err := ReadSchemas(corpusFile(t, "contacts-schema-v3.json"))
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "schema", diags)
	if len(ss) != 1 {
		t.Fatalf("%d schemas", len(ss))
	}
	s := ss[0]
	if s.ObjectTypeID != "0-1" || s.FullyQualifiedName != "CONTACT" || s.PrimaryDisplay != "firstname" || s.LabelPlural != "Contacts" {
		t.Errorf("schema = %+v", s)
	}
	if len(s.Associations) != 3 {
		t.Fatalf("%d associations, want 3", len(s.Associations))
	}
	billing := s.Associations[0]
	if billing.Name != "BILLING_CONTACT_TO_COMPANY" || billing.Cardinality != "ONE_TO_MANY" || billing.InverseCardinality != "ONE_TO_ONE" ||
		billing.MaxToObjectIDs != 10000 || billing.MaxFromObjectIDs != 1 || billing.ID != "931" {
		t.Errorf("billing association = %+v", billing)
	}
}

func TestCorpusAssociationsBatchRead(t *testing.T) {
	// The corpus file is named for its source; Load reads it from
	// associations/<from>-<to>.json, which SplitObjectPair handles.
	a, diags, err := ReadAssociations(corpusFile(t, "contacts-to-companies-associations-v4.json"))
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "associations", diags)
	if a.From != "contacts" || a.To != "companies" {
		t.Errorf("from %q to %q, want contacts companies", a.From, a.To)
	}
	if len(a.Labels) != 2 || a.Labels[0].TypeID != 1 || a.Labels[0].Label != "Primary" || a.Labels[1].TypeID != 279 || a.Labels[1].Label != "" {
		t.Errorf("labels = %+v", a.Labels)
	}
	if len(a.Records) != 1 || a.Records[0].FromID != "501" || a.Records[0].ToID != "29022297485" || len(a.Records[0].TypeIDs) != 2 {
		t.Errorf("records = %+v", a.Records)
	}
}

// TestCorpusLoad puts every corpus file through Load in the export layout
// (symlinks, so nothing is copied).
func TestCorpusLoad(t *testing.T) {
	dir := t.TempDir()
	link := func(src, dst string) {
		t.Helper()
		abs, err := filepath.Abs(corpusFile(t, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, dst)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(abs, filepath.Join(dir, dst)); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	link("contacts-properties-v1-groups.json", "properties/contacts.json")
	link("deals-pipelines-v3.json", "pipelines/deals.json")
	link("contacts-lifecycle-pipelines-v3.json", "pipelines/contacts.json")
	link("contacts-schema-v3.json", "schemas.json")
	link("contacts-to-companies-associations-v4.json", "associations/contacts-companies.json")

	e, err := Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "load", e.Diagnostics)
	c := e.Object("contacts")
	if c == nil || len(c.Properties) != 168 {
		t.Fatalf("contacts = %+v", c)
	}
	for _, name := range []string{"contact", "CONTACT", "0-1", "Contacts"} {
		if e.Object(name) != c {
			t.Errorf("Object(%q) does not find contacts", name)
		}
	}
	if c.ObjectTypeID != "0-1" {
		t.Errorf("contacts objectTypeId %q", c.ObjectTypeID)
	}
	if p := e.Property("contact", "hs_lead_status"); p == nil || p.Pos.File != "properties/contacts.json" {
		t.Errorf("hs_lead_status = %+v", p)
	}
	if len(e.Pipelines["deals"]) != 1 || len(e.Pipelines["contacts"]) != 1 {
		t.Errorf("pipelines = %v", e.Pipelines)
	}
	if p, s := e.Stage("deal", "closedwon"); p == nil || s.Label != "Closed Won" || !s.IsClosed {
		t.Errorf("Stage(closedwon) = %v %v", p, s)
	}
	if len(e.Schemas) != 1 || len(e.Associations) != 1 {
		t.Fatalf("schemas %d associations %d", len(e.Schemas), len(e.Associations))
	}
	a := e.Associations[0]
	if a.From != "contacts" || a.To != "companies" || len(a.Records) != 1 {
		t.Errorf("association = %+v", a)
	}
	t.Logf("loaded: %d contact properties, %d deal stages, %d lifecycle stages, %d schema associations, %d association types, %d association records",
		len(c.Properties), len(e.Pipelines["deals"][0].Stages), len(e.Pipelines["contacts"][0].Stages),
		len(e.Schemas[0].Associations), len(a.Labels), len(a.Records))
}

// BenchmarkReadPropertiesCorpus reads the 168-property v1 groups export
// (280 KB).
func BenchmarkReadPropertiesCorpus(b *testing.B) {
	path := corpusFile(b, "contacts-properties-v1-groups.json")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if obj, _ := parseProperties("p.json", "contacts", data); len(obj.Properties) != 168 {
			b.Fatal(len(obj.Properties))
		}
	}
}
