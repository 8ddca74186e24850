package metadata

import "testing"

func TestHasMarker(t *testing.T) {
	for s, want := range map[string]bool{
		"<!-- synclint:ignore PV02 reason -->": true,
		"[SyncLint:Ignore PV05]":               true,
		"SYNCLINT:":                            true,
		"synclint ignore":                      false,
		"xmlns=\"http://soap.sforce.com\"":     false,
		":synclint":                            false,
		"":                                     false,
		"nosynclint:x":                         true, // the directive parser decides; the marker only says "look"
	} {
		if got := HasMarker([]byte(s)); got != want {
			t.Errorf("HasMarker(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestMarkers: every file read is listed, with whether it holds a marker;
// files not read are not.
func TestMarkers(t *testing.T) {
	root := writeTree(t, sfdx(map[string]string{
		"objects/A__c/fields/Quiet__c.field-meta.xml":  fieldFile("Quiet__c", "<type>Text</type>"),
		"objects/A__c/fields/Marked__c.field-meta.xml": fieldFile("Marked__c", "<!-- synclint:ignore PV03 known -->\n<type>Text</type>"),
		"objects/A__c/fields/Broken__c.field-meta.xml": "<CustomField><!-- SYNCLINT:ignore SL01 -->",
		"objects/A__c/listViews/All.listView-meta.xml": "<ListView><!-- synclint:ignore PV01 --></ListView>",
	}))
	org := load(t, root, Options{SkipBuiltin: true})
	base := "force-app/main/default/objects/A__c/"
	want := map[string]bool{base + "fields/Quiet__c.field-meta.xml": false, base + "fields/Marked__c.field-meta.xml": true, base + "fields/Broken__c.field-meta.xml": true}
	if len(org.Markers) != len(want) {
		t.Errorf("markers %v, want %v", org.Markers, want)
	}
	for f, m := range want {
		if got, ok := org.Markers[f]; !ok || got != m {
			t.Errorf("%s: marker %v (listed %v), want %v", f, got, ok, m)
		}
	}
}
