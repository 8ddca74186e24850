package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixCommand: fix prints a diff and leaves the files alone; --write
// patches them; a second run has nothing to do; check then reports only
// the managed rule under PV11.
func TestFixCommand(t *testing.T) {
	dir := copyAcme(t)
	vr := filepath.Join(dir, "force-app/main/default/objects/Lead/validationRules/New_Leads_Need_Source.validationRule-meta.xml")
	before, _ := os.ReadFile(vr)
	code, out, errOut := runCLI(t, nil, "fix", dir)
	if code != exitOK {
		t.Fatalf("fix: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "+    <errorConditionFormula>AND($User.Username &lt;&gt; &quot;hubspot.integration@acme.example&quot;, (AND(") {
		t.Errorf("diff lacks the bypass:\n%s", out)
	}
	if !strings.Contains(errOut, "Lead.pi__Score_Range") || !strings.Contains(errOut, "14 rules patched") {
		t.Errorf("summary: %s", errOut)
	}
	if after, _ := os.ReadFile(vr); string(after) != string(before) {
		t.Error("fix without --write changed a file")
	}
	if _, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command("git", "apply", "--check", "-")
		cmd.Dir = dir
		if err := exec.Command("git", "-C", dir, "init", "-q").Run(); err == nil {
			cmd.Stdin = strings.NewReader(out)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("git apply --check: %v\n%s", err, b)
			}
		}
	}
	code, _, errOut = runCLI(t, nil, "fix", dir, "--write")
	if code != exitOK || !strings.Contains(errOut, "wrote force-app/main/default/objects/Lead/validationRules/New_Leads_Need_Source.validationRule-meta.xml") {
		t.Fatalf("fix --write: exit %d: %s", code, errOut)
	}
	code, out, _ = runCLI(t, nil, "fix", dir)
	if code != exitOK || out != "" {
		t.Errorf("second fix: exit %d, diff:\n%s", code, out)
	}
	_, out, _ = runCLI(t, nil, "check", dir, "--rules", "PV11", "--format", "json", "--no-records")
	var doc struct {
		Findings []struct{ Rule, Component string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var pv11 []string
	for _, f := range doc.Findings {
		if f.Rule == "PV11" {
			pv11 = append(pv11, f.Component)
		}
	}
	if len(pv11) != 1 || pv11[0] != "Lead.pi__Score_Range" {
		t.Errorf("after fix --write, PV11 reports %v", pv11)
	}
}

func TestFixCommandUsage(t *testing.T) {
	dir := copyAcme(t)
	for _, args := range [][]string{
		{"fix", dir, "--style", "magic"},
		{"fix", dir, "--rules", "PV02"},
		{"fix", dir, "--style", "setting", "--setting", "NoDot"},
	} {
		if code, _, _ := runCLI(t, nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestExplainRules(t *testing.T) {
	code, out, errOut := runCLI(t, map[string]string{"COLUMNS": "200"}, "explain-rules", acmeFixture)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Lead.Logistics_Leads_Need_Fleet_Size", "$Setup.Integration_Settings__c.Bypass_Validation__c",
		"26 validation rules on synced objects: 15 reported, 8 skipped, 2 inactive, 1 not-written"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, nil, "explain-rules", acmeFixture, "--json")
	var ex []struct{ Rule, Verdict, Reason string }
	if err := json.Unmarshal([]byte(out), &ex); err != nil || code != exitOK {
		t.Fatalf("--json: exit %d, %v", code, err)
	}
	if len(ex) != 26 {
		t.Errorf("%d rules explained, want 26", len(ex))
	}
}
