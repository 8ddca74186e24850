package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// The published JSON Schema (docs/synclint.schema.json) and Parse must agree:
// the same keys, and the same verdict on every config below.

var schemaPath = filepath.Join("..", "docs", "synclint.schema.json")

func loadSchema(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("synclint.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("synclint.schema.json")
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	return s, doc.(map[string]any)
}

// yamlToJSON converts a YAML document to the JSON value the schema sees.
func yamlToJSON(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestSchemaAcceptsFixtureConfigs(t *testing.T) {
	s, _ := loadSchema(t)
	files, _ := filepath.Glob(filepath.Join("..", "fixtures", "*", "synclint.yaml"))
	more, _ := filepath.Glob(filepath.Join("..", "fixtures", "*", "variants", "*.yaml"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("no fixture configs found under ../fixtures")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlToJSON(t, data)); err != nil {
			t.Errorf("%s: schema rejects it: %v", f, err)
		}
		if _, err := Parse(f, data); err != nil {
			t.Errorf("%s: Parse rejects it: %v", f, err)
		}
	}
}

func TestSchemaAndParseAgree(t *testing.T) {
	s, _ := loadSchema(t)
	tests := []struct {
		name, src string
		valid     bool
	}{
		{"empty mapping", "{}\n", true},
		{"all new keys", "version: 1\nfailOn: warning\nseverity: note\nbaseline: .synclint-baseline.json\n", true},
		{"full", "hubspot: export\nrecords: export/records\nintegrationUsers: [a@b.c]\ncontactsCreate: contact\nsync: {companies: true, tickets: false}\nintegrationProfile: P\nintegrationPermissionSets: [S]\nintegrationPermissions: [Bypass]\ndefaultMappings: false\nmappings:\n  - hubspot: contacts.x\n    salesforce: [Lead.X__c]\n    rule: two-way\nassociations:\n  - hubspot: a-b\n    junction: J__c\n    label: L\nrules:\n  PV10: {severity: note}\n  as04: {enabled: false}\n", true},
		{"unknown key", "hubspott: x\n", false},
		{"unknown mapping key", "mappings:\n  - hubspot: contacts.x\n    salesforce: [Lead.X__c]\n    direction: two-way\n", false},
		{"unknown association key", "associations:\n  - hubspot: a-b\n    salesforce: A.B\n    lookup: x\n", false},
		{"unknown rule setting", "rules:\n  PV10: {level: note}\n", false},
		{"bad rule id", "rules:\n  missing-picklist: {enabled: false}\n", false},
		{"bad contactsCreate", "contactsCreate: Account\n", false},
		{"bad sync object", "sync: {orders: true}\n", false},
		{"mapping without salesforce", "mappings:\n  - hubspot: contacts.x\n", false},
		{"association without target", "associations:\n  - hubspot: a-b\n", false},
		{"association without dash", "associations:\n  - hubspot: ab\n    salesforce: A.B\n", false},
		{"bad rule severity", "rules:\n  PV01: {severity: fatal}\n", false},
		{"bad failOn", "failOn: always\n", false},
		{"bad severity", "severity: none\n", false},
		{"bad version", "version: 2\n", false},
		{"not a mapping", "- a\n", false},
		{"wrong type", "integrationUsers: {a: b}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, perr := Parse("synclint.yaml", []byte(tt.src))
			serr := s.Validate(yamlToJSON(t, []byte(tt.src)))
			if (perr == nil) != tt.valid {
				t.Errorf("Parse: err = %v, want valid = %v", perr, tt.valid)
			}
			if (serr == nil) != tt.valid {
				t.Errorf("schema: err = %v, want valid = %v", serr, tt.valid)
			}
		})
	}
}

func TestSchemaListsKnownKeys(t *testing.T) {
	_, doc := loadSchema(t)
	props := func(m map[string]any) []string {
		var out []string
		for k := range m["properties"].(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	if got, want := props(doc), KnownKeys(); !equal(got, want) {
		t.Errorf("schema top-level keys %v, Parse knows %v", got, want)
	}
	top := doc["properties"].(map[string]any)
	nested := NestedKeys()
	for _, name := range []string{"mappings", "associations"} {
		items := top[name].(map[string]any)["items"].(map[string]any)
		if got := props(items); !equal(got, nested[name]) {
			t.Errorf("schema %s keys %v, Parse knows %v", name, got, nested[name])
		}
	}
	rule := top["rules"].(map[string]any)["additionalProperties"].(map[string]any)
	if got := props(rule); !equal(got, nested["rules"]) {
		t.Errorf("schema rule keys %v, Parse knows %v", got, nested["rules"])
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCheckReportsEveryProblem(t *testing.T) {
	src := "contactsCreate: Account\nfailOn: always\nrules:\n  PV01: {severity: fatal}\n  PV02: {level: x}\nmappings:\n  - hubspot: contacts.x\n    direction: two-way\n"
	errs := Check("synclint.yaml", []byte(src))
	// Structural problems (unknown keys) are reported first, together.
	if len(errs) != 2 {
		t.Fatalf("Check = %v, want the 2 unknown keys", errs)
	}
	if errs[0].Line != 5 || errs[1].Line != 8 {
		t.Errorf("lines %d, %d; want 5 and 8", errs[0].Line, errs[1].Line)
	}
	src = "contactsCreate: Account\nfailOn: always\nrules:\n  PV01: {severity: fatal}\n"
	errs = Check("synclint.yaml", []byte(src))
	if len(errs) != 3 {
		t.Fatalf("Check = %v, want 3 problems", errs)
	}
	for i, want := range []int{1, 2, 4} {
		if errs[i].Line != want {
			t.Errorf("problem %d (%v) on line %d, want %d", i, errs[i], errs[i].Line, want)
		}
	}
}

func TestRuleIDsUpperCased(t *testing.T) {
	c, err := Parse("synclint.yaml", []byte("rules:\n  pv10: {severity: note}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules["PV10"].Severity != "note" || c.Line("rules.PV10") != 2 {
		t.Errorf("Rules = %v, line %d", c.Rules, c.Line("rules.PV10"))
	}
}
