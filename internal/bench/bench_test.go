package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseVmHWM(t *testing.T) {
	status := "Name:\tsynclint\nVmPeak:\t  900000 kB\nVmHWM:\t   34444 kB\nVmRSS:\t   30000 kB\n"
	if got, want := parseVmHWM(strings.NewReader(status)), int64(34444)<<10; got != want {
		t.Errorf("VmHWM = %d, want %d", got, want)
	}
	if got := parseVmHWM(strings.NewReader("Name:\tx\n")); got != 0 {
		t.Errorf("no VmHWM line: %d", got)
	}
}

func TestMedianAndRatio(t *testing.T) {
	c := Comparison{
		Floor: Series{{Wall: 100 * time.Millisecond, CPU: 180 * time.Millisecond}, {Wall: 300 * time.Millisecond, CPU: 200 * time.Millisecond}, {Wall: 110 * time.Millisecond, CPU: 190 * time.Millisecond}},
		Check: Series{{Wall: 150 * time.Millisecond, CPU: 380 * time.Millisecond}, {Wall: 160 * time.Millisecond, CPU: 400 * time.Millisecond}},
	}
	if m := c.Floor.Median(); m.Wall != 110*time.Millisecond || m.CPU != 190*time.Millisecond {
		t.Errorf("floor median %+v", m)
	}
	if m := c.Check.Median(); m.Wall != 155*time.Millisecond {
		t.Errorf("even-length median %+v", m)
	}
	if r := c.Ratio(); r < 1.40 || r > 1.41 {
		t.Errorf("ratio %.3f, want 155/110", r)
	}
	if r := (Comparison{Check: c.Check}).Ratio(); r != 0 {
		t.Errorf("ratio without a floor: %v", r)
	}
}

// TestFloorReadsEveryFile: the floor reads the files the loader reads and
// counts their bytes, Apex included, malformed XML included.
func TestFloorReadsEveryFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"sfdx-project.json": `{"packageDirectories": [{"path": "force-app", "default": true}]}`,
		"force-app/main/default/objects/A__c/fields/F__c.field-meta.xml":                `<?xml version="1.0"?><CustomField><fullName>F__c</fullName></CustomField>`,
		"force-app/main/default/objects/A__c/fields/Broken__c.field-meta.xml":           `<CustomField><fullName>`,
		"force-app/main/default/classes/C.cls":                                          "public class C {}",
		"force-app/main/default/objects/A__c/listViews/All.listView-meta.xml":           `<ListView/>`, // not read by the loader
		"force-app/main/default/objects/A__c/validationRules/R.validationRule-meta.xml": `<ValidationRule><fullName>R</fullName></ValidationRule>`,
	}
	var want int64
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(rel, "force-app") && !strings.Contains(rel, "listViews") {
			want += int64(len(content))
		}
	}
	c, err := LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) != 4 {
		t.Fatalf("files %+v, want the 4 the loader reads", c.Files)
	}
	for _, w := range []int{1, 3} {
		if got := c.Floor(w); got != want {
			t.Errorf("workers %d: floor read %d bytes, want %d", w, got, want)
		}
	}
	xml := 0
	for _, f := range c.Files {
		if f.XML {
			xml++
		}
	}
	if xml != 3 {
		t.Errorf("%d XML files, want 3 (the class is not XML)", xml)
	}
}

// TestInputFloorReadsTheExport: the input floor reads the metadata and
// every JSON and CSV file of the export, malformed ones included.
func TestInputFloorReadsTheExport(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"sfdx-project.json": `{"packageDirectories": [{"path": "force-app", "default": true}]}`,
		"force-app/main/default/objects/A__c/fields/F__c.field-meta.xml": `<CustomField><fullName>F__c</fullName></CustomField>`,
		"hubspot/properties/contacts.json":                               `{"results": [{"name": "email", "options": []}]}`,
		"hubspot/owners.json":                                            `{"results": [`,
		"hubspot/records/contacts.csv":                                   "hs_object_id,email\n1,a@b.example\n2,\"multi\nline\"\n3\n",
		"hubspot/README.txt":                                             "not read",
	}
	var metadataBytes, exportBytes int64
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasPrefix(rel, "force-app"):
			metadataBytes += int64(len(content))
		case strings.HasPrefix(rel, "hubspot") && !strings.HasSuffix(rel, ".txt"):
			exportBytes += int64(len(content))
		}
	}
	c, err := LoadCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddHubSpot(filepath.Join(dir, "hubspot")); err != nil {
		t.Fatal(err)
	}
	if len(c.HubSpot) != 3 {
		t.Errorf("export files %v", c.HubSpot)
	}
	if got := c.InputFloor(2); got != metadataBytes+exportBytes || c.HubSpotBytes != exportBytes || c.Bytes != metadataBytes {
		t.Errorf("input floor read %d (export %d, metadata %d), want %d + %d", got, c.HubSpotBytes, c.Bytes, metadataBytes, exportBytes)
	}
}
