package filter

import (
	"reflect"
	"testing"

	"github.com/synclint/synclint/metadata"
)

// TestScanUsesLoaderMarkers: with a loaded org, ScanDirectives skips the
// files the loader read without a marker and still finds every directive:
// in files the loader read and in files it does not read (a list view),
// exactly as a scan that reads every file.
func TestScanUsesLoaderMarkers(t *testing.T) {
	dir, _ := writeOrg(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories": [{"path": "force-app", "default": true}]}`,
		fieldFile: `<?xml version="1.0" encoding="UTF-8"?>
<!-- synclint:ignore PV02 filled by a flow -->
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Territory_Code__c</fullName>
    <type>Text</type>
    <length>5</length>
</CustomField>
`,
		"force-app/main/default/objects/Lead/fields/Quiet__c.field-meta.xml": `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Quiet__c</fullName><type>Text</type><length>5</length></CustomField>
`,
		"force-app/main/default/objects/Lead/listViews/All.listView-meta.xml": `<?xml version="1.0" encoding="UTF-8"?>
<ListView xmlns="http://soap.sforce.com/2006/04/metadata"><!-- synclint:ignore PV05 not read by the loader --></ListView>
`,
	})
	org, err := metadata.Load(dir, metadata.Options{SkipBuiltin: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(org.Markers) == 0 {
		t.Fatal("the loader recorded no files")
	}
	got := ScanDirectives(dir, org)
	if len(got) != 2 {
		t.Fatalf("directives %+v, want the field's and the list view's", got)
	}
	saved := org.Markers
	org.Markers = nil
	want := ScanDirectives(dir, org)
	org.Markers = saved
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with markers %+v\nwithout %+v", got, want)
	}
}
