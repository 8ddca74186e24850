package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runFormulaCLI(t *testing.T, args ...string) (int, map[string]any, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"formula"}, args...), strings.NewReader(""), &out, &errb, func(string) string { return "" })
	var got map[string]any
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.String())
		}
	}
	return code, got, errb.String()
}

func TestFormulaCommand(t *testing.T) {
	const rule = `AND($User.Username <> 'integration@acme.com', ISPICKVAL(StageName,'Closed Lost'), ISBLANK(Loss_Reason__c), NOT(Amount > 100000))`
	vars := `{"StageName":{"type":"picklist","value":"Closed Lost"},"Amount":50,"$User.Username":"someone@acme.com"}`
	code, out, _ := runFormulaCLI(t, "--vars", vars, "--now", "2024-05-17T00:00:00Z", rule)
	if code != 0 || out["result"] != true || out["type"] != "checkbox" || !strings.Contains(out["cel"].(string), "sf_eq(StageName") {
		t.Errorf("fires: code %d, %v", code, out)
	}
	if fields := out["fields"].([]any); len(fields) != 3 || fields[0].(map[string]any)["type"] != "picklist" {
		t.Errorf("fields: %v", out["fields"])
	}

	vars = `{"StageName":{"type":"picklist","value":"Closed Lost"},"Amount":50,"$User.Username":"integration@acme.com"}`
	if code, out, _ = runFormulaCLI(t, "--vars", vars, rule); code != 0 || out["result"] != false {
		t.Errorf("bypassed user: code %d, %v", code, out)
	}
	// Blank Amount: NOT(NULL > 100000) is NULL, so the rule does not fire.
	if code, out, _ = runFormulaCLI(t, `NOT(Amount > 100000)`, "--vars", `{"Amount":null}`); code != 0 || out["result"] != nil {
		t.Errorf("null result: code %d, %v", code, out)
	}
	// ISCHANGED on update, from --prior.
	if code, out, _ = runFormulaCLI(t, "--mode", "update", "--vars", `{"Status":"New"}`, "--prior", `{"Status":"Old"}`, `ISCHANGED(Status)`); code != 0 || out["result"] != true {
		t.Errorf("ischanged: code %d, %v", code, out)
	}
	if code, out, _ = runFormulaCLI(t, "--vars", `{"Status":"New"}`, `ISCHANGED(Status)`); code != 0 || out["result"] != false {
		t.Errorf("ischanged on create: code %d, %v", code, out)
	}
	// Typed values: percent, date, multipicklist.
	if code, out, _ = runFormulaCLI(t, "--vars", `{"P__c":{"type":"percent","value":24},"D__c":{"type":"date","value":"2024-02-29"},"M__c":{"type":"multipicklist","value":["a","Golf"]}}`,
		`AND(P__c = 0.24, YEAR(D__c) = 2024, INCLUDES(M__c, "Golf"))`); code != 0 || out["result"] != true {
		t.Errorf("typed values: code %d, %v", code, out)
	}
	// TODAY() from --now.
	if code, out, _ = runFormulaCLI(t, "--now", "2024-05-17T13:00:00Z", `TEXT(TODAY())`); code != 0 || out["result"] != "2024-05-17" {
		t.Errorf("now: code %d, %v", code, out)
	}
}

func TestFormulaCommandErrors(t *testing.T) {
	code, out, _ := runFormulaCLI(t, "--vars", `{"StageName":{"type":"picklist","value":"x"}}`, "AND(\n  StageName = 'x')")
	errObj, _ := out["error"].(map[string]any)
	if code != exitUsage || errObj == nil || errObj["line"] != 2.0 || errObj["column"] != 3.0 || !strings.Contains(errObj["message"].(string), "picklist") {
		t.Errorf("type error: code %d, %v", code, out)
	}
	code, out, _ = runFormulaCLI(t, `REGEX(Zip__c, "\d{5}")`)
	errObj, _ = out["error"].(map[string]any)
	if code != exitUsage || errObj == nil || errObj["column"] != 16.0 {
		t.Errorf("syntax error: code %d, %v", code, out)
	}
	code, out, _ = runFormulaCLI(t, `VALUE("abc") > 1`)
	errObj, _ = out["error"].(map[string]any)
	if code != exitUsage || errObj == nil || !strings.Contains(errObj["message"].(string), "runtime error") {
		t.Errorf("runtime error: code %d, %v", code, out)
	}
	if code, _, stderr := runFormulaCLI(t, "--mode", "delete", `TRUE`); code != exitUsage || !strings.Contains(stderr, "--mode") {
		t.Errorf("bad mode: code %d %q", code, stderr)
	}
	if code, _, stderr := runFormulaCLI(t, "--vars", `[1]`, `TRUE`); code != exitUsage || !strings.Contains(stderr, "--vars") {
		t.Errorf("bad vars: code %d %q", code, stderr)
	}
	if code, _, stderr := runFormulaCLI(t, "--vars", `{"D":{"type":"date","value":"17/05/2024"}}`, `TRUE`); code != exitUsage || !strings.Contains(stderr, "YYYY-MM-DD") {
		t.Errorf("bad date: code %d %q", code, stderr)
	}
	if code, _, stderr := runFormulaCLI(t, "--metadata", t.TempDir(), `TRUE`); code != exitUsage || !strings.Contains(stderr, "--object") {
		t.Errorf("metadata without object: code %d %q", code, stderr)
	}
}

func TestFormulaCommandWithMetadata(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sfdx-project.json", `{"packageDirectories":[{"path":"force-app","default":true}]}`)
	write("force-app/main/default/objects/Deal__c/Deal__c.object-meta.xml", `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"><label>Deal</label></CustomObject>`)
	write("force-app/main/default/objects/Deal__c/fields/Stage__c.field-meta.xml", `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Stage__c</fullName><label>Stage</label><type>Picklist</type>
<valueSet><valueSetDefinition><value><fullName>Open</fullName><default>false</default><label>Open</label></value></valueSetDefinition></valueSet></CustomField>`)
	write("force-app/main/default/objects/Deal__c/fields/Amount__c.field-meta.xml", `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Amount__c</fullName><label>Amount</label><type>Currency</type><precision>18</precision><scale>2</scale></CustomField>`)

	code, out, stderr := runFormulaCLI(t, "--metadata", dir, "--object", "Deal__c", "--vars", `{"Stage__c":"Open","Amount__c":5}`,
		`AND(ISPICKVAL(Stage__c, "Open"), Amount__c < 10)`)
	if code != 0 || out["result"] != true {
		t.Fatalf("code %d, %v %s", code, out, stderr)
	}
	// The org says Stage__c is a picklist: comparing it with = is an error.
	code, out, _ = runFormulaCLI(t, "--metadata", dir, "--object", "Deal__c", `Stage__c = "Open"`)
	if code != exitUsage || out["error"] == nil {
		t.Errorf("picklist comparison: code %d, %v", code, out)
	}
	// Unknown custom fields are errors with the org; unknown standard ones warnings.
	code, out, _ = runFormulaCLI(t, "--metadata", dir, "--object", "Deal__c", `ISBLANK(Missing__c)`)
	if code != exitUsage || !strings.Contains(out["error"].(map[string]any)["message"].(string), "Missing__c") {
		t.Errorf("unknown custom field: code %d, %v", code, out)
	}
	code, out, _ = runFormulaCLI(t, "--metadata", dir, "--object", "Deal__c", `ISBLANK(Mystery)`)
	if code != 0 || out["warnings"] == nil {
		t.Errorf("unknown standard field: code %d, %v", code, out)
	}
}
