package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaPath is the OASIS SARIF 2.1.0 schema in the shared reference
// data (oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json).
var sarifSchemaPath = filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json")

// reportSchemaPath is the published schema of the JSON report.
var reportSchemaPath = filepath.Join("..", "..", "docs", "report.schema.json")

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	abs, _ := filepath.Abs(path)
	url := "file://" + filepath.ToSlash(abs)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, name string, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not match the schema:\n%v", name, err)
	}
}

func TestSARIFMatchesSchema(t *testing.T) {
	if _, err := os.Stat(sarifSchemaPath); err != nil {
		t.Skipf("SARIF schema not found at %s (the shared reference data is absent): %v", sarifSchemaPath, err)
	}
	s := compileSchema(t, sarifSchemaPath)
	d, o := acme(t)
	validate(t, s, "acme SARIF", render(t, "sarif", d, o))
	validate(t, s, "sample SARIF", render(t, "sarif", sampleDocument(), Options{}))
}

// TestSARIFSchemaRejects makes sure the schema test can fail: a SARIF log
// with a fix that has no artifactChanges is invalid.
func TestSARIFSchemaRejects(t *testing.T) {
	if _, err := os.Stat(sarifSchemaPath); err != nil {
		t.Skipf("SARIF schema not found: %v", err)
	}
	s := compileSchema(t, sarifSchemaPath)
	bad := []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"fixes":[{"artifactChanges":[]}]}]}]}`)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err := s.Validate(inst); err == nil {
		t.Fatal("schema accepted a fix without artifact changes")
	}
}

func TestJSONMatchesReportSchema(t *testing.T) {
	s := compileSchema(t, reportSchemaPath)
	d, o := acme(t)
	validate(t, s, "acme JSON", render(t, "json", d, o))
	validate(t, s, "sample JSON", render(t, "json", sampleDocument(), Options{}))
	for name, bad := range map[string]string{
		"no schemaVersion": `{"tool":{"name":"synclint","version":"x"},"findings":[],"summary":{"total":0,"bySeverity":{},"byRule":{},"byCategory":{},"objects":0,"fields":0,"validationRules":0,"hubspotProperties":0,"mappings":0,"suppressed":0,"baselined":0,"unchanged":0,"belowSeverity":0}}`,
		"bad severity":     `{"schemaVersion":"1","tool":{"name":"synclint","version":"x"},"findings":[{"rule":"PV02","severity":"fatal","message":"m","file":""}],"summary":{"total":0,"bySeverity":{},"byRule":{},"byCategory":{},"objects":0,"fields":0,"validationRules":0,"hubspotProperties":0,"mappings":0,"suppressed":0,"baselined":0,"unchanged":0,"belowSeverity":0}}`,
	} {
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
		if err := s.Validate(inst); err == nil {
			t.Errorf("report schema accepted a document with %s", name)
		}
	}
}
