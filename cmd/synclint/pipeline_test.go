package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/findings/report"
)

// CLI tests run the command in-process (run) on copies of the acme fixture:
// baseline create writes into the checked folder, and the fixture must stay
// as it is.

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

var acmeFixture = filepath.Join("..", "..", "fixtures", "acme")

// copyAcme copies the acme fixture into a new temporary folder.
func copyAcme(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "acme")
	err := filepath.WalkDir(acmeFixture, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(acmeFixture, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func readReport(t *testing.T, data string) *report.Document {
	t.Helper()
	d, err := report.ReadJSON(strings.NewReader(data))
	if err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, data)
	}
	return d
}

func TestCheckExitCodes(t *testing.T) {
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		exit int
	}{
		{"errors found", []string{"check", acmeFixture, "--format", "json"}, 1},
		{"fail-on none", []string{"check", acmeFixture, "--format", "json", "--fail-on", "none"}, 0},
		{"exit-zero", []string{"check", acmeFixture, "--format", "json", "--exit-zero"}, 0},
		{"severity filter below fail-on", []string{"check", acmeFixture, "--format", "json", "--rules", "SL04", "--fail-on", "error"}, 1},
		{"unknown format", []string{"check", acmeFixture, "--format", "xml"}, 2},
		{"two formats on stdout", []string{"check", acmeFixture, "--format", "json", "--format", "sarif"}, 2},
		{"bad severity", []string{"check", acmeFixture, "--severity", "fatal"}, 2},
		{"bad fail-on", []string{"check", acmeFixture, "--fail-on", "sometimes"}, 2},
		{"unknown rule", []string{"check", acmeFixture, "--rules", "XX99"}, 2},
		{"enabled and disabled", []string{"check", acmeFixture, "--enable", "PV02", "--disable", "pv02"}, 2},
		{"missing folder", []string{"check", filepath.Join(dir, "nope")}, 2},
		{"missing baseline", []string{"check", acmeFixture, "--baseline", filepath.Join(dir, "none.json")}, 2},
		{"new-from-rev outside git", []string{"check", dir, "--new-from-rev", "HEAD~1"}, 2},
		{"unknown flag", []string{"check", "--frobnicate"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, nil, tt.args...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.exit, stderr)
			}
		})
	}
	// The exit status never depends on the format.
	for _, format := range report.Formats() {
		code, _, stderr := runCLI(t, nil, "check", acmeFixture, "--format", format+"="+filepath.Join(dir, "out."+format))
		if code != 1 {
			t.Errorf("--format %s: exit %d, want 1 (%s)", format, code, stderr)
		}
	}
}

func TestCheckFormatsToFiles(t *testing.T) {
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	dir := t.TempDir()
	sarif, html := filepath.Join(dir, "r.sarif"), filepath.Join(dir, "r.html")
	code, stdout, stderr := runCLI(t, nil, "check", acmeFixture, "--format", "sarif="+sarif, "--format", "html="+html)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "wrote "+sarif+", "+html) {
		t.Errorf("stderr does not say what was written: %s", stderr)
	}
	for _, p := range []string{sarif, html} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	// --output with a known extension picks the format.
	out := filepath.Join(dir, "r.csv")
	runCLI(t, nil, "check", acmeFixture, "--output", out)
	if data, _ := os.ReadFile(out); !bytes.HasPrefix(data, []byte("status,severity,rule")) {
		t.Errorf("--output r.csv did not write CSV: %.60q", data)
	}
}

func TestSeverityFilterAndConfigDefaults(t *testing.T) {
	dir := copyAcme(t)
	_, all, _ := runCLI(t, nil, "check", dir, "--format", "json")
	_, errs, _ := runCLI(t, nil, "check", dir, "--format", "json", "--severity", "error")
	a, e := readReport(t, all), readReport(t, errs)
	if e.Summary.Total != a.Summary.BySeverity["error"] || e.Summary.BelowSeverity != a.Summary.Total-e.Summary.Total {
		t.Errorf("--severity error: %d reported, %d below; all: %+v", e.Summary.Total, e.Summary.BelowSeverity, a.Summary.BySeverity)
	}
	if a.Summary.BySeverity["warning"] == 0 {
		t.Fatal("the fixture has no warnings: the filter test proves nothing")
	}
	// failOn and severity from the config apply unless flags are given.
	cfg := filepath.Join(dir, "synclint.yaml")
	data, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(data, []byte("\nfailOn: none\nseverity: error\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "check", dir, "--format", "json")
	if code != 0 {
		t.Errorf("failOn: none in the config: exit %d (%s)", code, stderr)
	}
	if d := readReport(t, out); d.Summary.Total != e.Summary.Total {
		t.Errorf("severity: error in the config: %d reported, want %d", d.Summary.Total, e.Summary.Total)
	}
	if code, _, _ := runCLI(t, nil, "check", dir, "--format", "json", "--fail-on", "error"); code != 1 {
		t.Errorf("--fail-on error overrides the config: exit %d, want 1", code)
	}
}

func TestGitHubStepSummary(t *testing.T) {
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	code, stdout, _ := runCLI(t, map[string]string{"GITHUB_STEP_SUMMARY": summary}, "check", acmeFixture, "--format", "github-actions")
	if code != 1 || !strings.Contains(stdout, "::error file=fixtures/acme/") {
		t.Errorf("exit %d; annotations:\n%.300s", code, stdout)
	}
	data, err := os.ReadFile(summary)
	if err != nil || !strings.HasPrefix(string(data), report.MarkdownMarker) {
		t.Errorf("step summary: %v %.80q", err, data)
	}
}

func TestConfigValidate(t *testing.T) {
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	code, stdout, stderr := runCLI(t, nil, "config", "validate", filepath.Join(acmeFixture, "synclint.yaml"))
	if code != 0 || !strings.Contains(stdout, "valid") {
		t.Errorf("fixture config: exit %d, %s %s", code, stdout, stderr)
	}
	bad := filepath.Join(t.TempDir(), "synclint.yaml")
	os.WriteFile(bad, []byte("hubspot: hs\ncontactsCreate: Account\nrules:\n  PV99: {severity: note}\n  PV02: {severity: loud}\n"), 0o644)
	code, _, stderr = runCLI(t, nil, "config", "validate", bad)
	if code != 2 {
		t.Errorf("bad config: exit %d, want 2", code)
	}
	for _, want := range []string{bad + ":2:", "contactsCreate must be Lead or Contact", bad + ":5:", "rules.PV02.severity"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// An unknown rule ID is caught once the file is otherwise valid.
	os.WriteFile(bad, []byte("rules:\n  PV99: {severity: note}\n"), 0o644)
	code, _, stderr = runCLI(t, nil, "config", "validate", bad)
	if code != 2 || !strings.Contains(stderr, bad+":2:3: rules: no rule PV99") {
		t.Errorf("unknown rule: exit %d, %s", code, stderr)
	}
	if code, _, _ := runCLI(t, nil, "config", "validate", filepath.Join(t.TempDir(), "missing.yaml")); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}

func TestConvert(t *testing.T) {
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	dir := t.TempDir()
	js := filepath.Join(dir, "r.json")
	runCLI(t, nil, "check", acmeFixture, "--format", "json="+js)
	_, direct, _ := runCLI(t, nil, "check", acmeFixture, "--format", "sarif")
	code, converted, stderr := runCLI(t, nil, "convert", "--input", js, "--format", "sarif", "--source", acmeFixture)
	if code != 0 {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	if direct != converted {
		t.Error("convert --format sarif differs from check --format sarif")
	}
	if code, _, _ := runCLI(t, nil, "convert", "--input", filepath.Join(acmeFixture, "synclint.yaml")); code != 2 {
		t.Errorf("convert of a non-report: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, nil, "convert"); code != 2 {
		t.Errorf("convert without --input: exit %d, want 2", code)
	}
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_synclint", "zsh": "#compdef synclint", "fish": "complete -c synclint", "powershell": "Register-ArgumentCompleter"} {
		code, out, stderr := runCLI(t, nil, "completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, %q not in output (%s)", shell, code, want, stderr)
		}
	}
	// Completing a flag value of check lists the rules' command tree.
	code, out, _ := runCLI(t, nil, "__complete", "ch")
	if code != 0 || !strings.Contains(out, "check") {
		t.Errorf("__complete ch: exit %d, %q", code, out)
	}
}

func TestInlineSuppressionCLI(t *testing.T) {
	dir := copyAcme(t)
	_, before, _ := runCLI(t, nil, "check", dir, "--format", "json", "--rules", "PV02")
	doc := readReport(t, before)
	var target string
	for _, f := range doc.Findings {
		if f.Rule == "PV02" && strings.HasSuffix(f.File, "Territory_Code__c.field-meta.xml") {
			target = f.File
		}
	}
	if target == "" {
		t.Fatal("no PV02 finding on Lead.Territory_Code__c in the fixture")
	}
	p := filepath.Join(dir, filepath.FromSlash(target))
	data, _ := os.ReadFile(p)
	// A directive just after the XML declaration covers the whole file.
	text := strings.Replace(string(data), "?>\n", "?>\n<!-- synclint:ignore PV02 filled by the Lead_Defaults before-insert flow -->\n", 1)
	os.WriteFile(p, []byte(text), 0o644)
	_, after, _ := runCLI(t, nil, "check", dir, "--format", "json", "--rules", "PV02")
	d := readReport(t, after)
	if d.Summary.Suppressed != 1 || d.Summary.Total != doc.Summary.Total-1 {
		t.Errorf("suppressed %d, total %d (before %d)", d.Summary.Suppressed, d.Summary.Total, doc.Summary.Total)
	}
	if len(d.Suppressed) != 0 {
		t.Error("suppressed findings listed without --show-suppressed")
	}
	_, shown, _ := runCLI(t, nil, "check", dir, "--format", "json", "--rules", "PV02", "--show-suppressed")
	if d := readReport(t, shown); len(d.Suppressed) != 1 || d.Suppressed[0].Suppression.Reason != "filled by the Lead_Defaults before-insert flow" {
		t.Errorf("--show-suppressed: %+v", d.Suppressed)
	}
	_, off, _ := runCLI(t, nil, "check", dir, "--format", "json", "--rules", "PV02", "--no-inline-suppressions")
	if d := readReport(t, off); d.Summary.Total != doc.Summary.Total {
		t.Errorf("--no-inline-suppressions: %d findings, want %d", d.Summary.Total, doc.Summary.Total)
	}
	// Without a reason the directive is SL05 and suppresses nothing.
	os.WriteFile(p, []byte(strings.Replace(string(data), "?>\n", "?>\n<!-- synclint:ignore PV02 -->\n", 1)), 0o644)
	_, bad, _ := runCLI(t, nil, "check", dir, "--format", "json", "--rules", "PV02")
	d = readReport(t, bad)
	sl05 := 0
	for _, f := range d.Findings {
		if f.Rule == "SL05" && f.File == target && strings.Contains(f.Message, "no reason") {
			sl05++
		}
	}
	if sl05 != 1 || d.Summary.Suppressed != 0 {
		t.Errorf("directive without reason: %d SL05, %d suppressed", sl05, d.Summary.Suppressed)
	}
}

func TestBaselineCreateAndPrune(t *testing.T) {
	dir := copyAcme(t)
	code, stdout, stderr := runCLI(t, nil, "baseline", "create", dir, "--reason", "accepted at adoption")
	if code != 0 || !strings.Contains(stdout, ".synclint-baseline.json") {
		t.Fatalf("baseline create: exit %d: %s %s", code, stdout, stderr)
	}
	code, out, stderr := runCLI(t, nil, "check", dir, "--format", "json")
	d := readReport(t, out)
	if code != 0 || d.Summary.Total != 0 || d.Summary.Baselined == 0 {
		t.Fatalf("check after baseline: exit %d, %d reported, %d baselined (%s)", code, d.Summary.Total, d.Summary.Baselined, stderr)
	}
	if code, out, _ := runCLI(t, nil, "check", dir, "--format", "json", "--no-baseline"); code != 1 || readReport(t, out).Summary.Total != d.Summary.Baselined {
		t.Errorf("--no-baseline: exit %d", code)
	}
	// Fix a finding: its entry goes stale, check warns, prune removes it.
	field := filepath.Join(dir, "force-app", "main", "default", "objects", "Lead", "fields", "Territory_Code__c.field-meta.xml")
	data, err := os.ReadFile(field)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(field, bytes.Replace(data, []byte("<required>true</required>"), []byte("<required>false</required>"), 1), 0o644)
	code, _, stderr = runCLI(t, nil, "check", dir, "--format", "json")
	if code != 0 || !strings.Contains(stderr, "1 entry matches no finding any more") {
		t.Errorf("stale entry: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ = runCLI(t, nil, "baseline", "prune", dir)
	if code != 0 || !strings.Contains(stdout, "removed 1 accepted finding") {
		t.Errorf("prune: exit %d, %s", code, stdout)
	}
	if _, _, stderr := runCLI(t, nil, "check", dir, "--format", "json"); strings.Contains(stderr, "baseline") {
		t.Errorf("after prune: %s", stderr)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, ".synclint-baseline.json"))
	if !strings.Contains(string(raw), `"reason": "accepted at adoption"`) {
		t.Error("the baseline lost its reasons")
	}
}

// TestPullRequestScenario is the adoption story end to end: a repository
// with the org committed and a baseline, then a pull request that adds a
// required field nothing fills. --new-from-rev reports only that finding,
// and so does the baseline on its own.
func TestPullRequestScenario(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	org := filepath.Join(repo, "salesforce")
	src := copyAcme(t)
	if err := os.Rename(src, org); err != nil {
		t.Fatal(err)
	}
	// An empty config file of our own, not /dev/null: the test must not
	// depend on the machine's device files or on the user's git config.
	emptyConfig := filepath.Join(t.TempDir(), "gitconfig")
	if err := os.WriteFile(emptyConfig, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+emptyConfig, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("config", "user.name", "Test")
	git("config", "user.email", "test@example.com")
	git("add", "-A")
	git("commit", "-q", "-m", "org")
	if code, out, errb := runCLI(t, nil, "baseline", "create", org); code != 0 {
		t.Fatalf("baseline create: %s %s", out, errb)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "baseline")

	// The pull request: a new required field on Lead that no mapping fills.
	field := filepath.Join(org, "force-app", "main", "default", "objects", "Lead", "fields", "Region_Code__c.field-meta.xml")
	os.WriteFile(field, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Region_Code__c</fullName>
    <label>Region Code</label>
    <length>10</length>
    <required>true</required>
    <type>Text</type>
</CustomField>
`), 0o644)
	git("add", "-A")
	git("commit", "-q", "-m", "add Region_Code__c")

	onlyNew := func(name string, args ...string) {
		t.Helper()
		code, out, stderr := runCLI(t, nil, append([]string{"check", org, "--format", "json"}, args...)...)
		d := readReport(t, out)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (%s)", name, code, stderr)
		}
		if len(d.Findings) != 1 || d.Findings[0].Rule != "PV02" || d.Findings[0].Component != "Lead.Region_Code__c" {
			var got []string
			for _, f := range d.Findings {
				got = append(got, f.Rule+" "+f.Component+" "+f.File)
			}
			t.Errorf("%s: findings %v, want only PV02 Lead.Region_Code__c", name, got)
		}
		if d.Base != "salesforce" {
			t.Errorf("%s: base %q, want salesforce (the folder inside the repository)", name, d.Base)
		}
	}
	onlyNew("--new-from-rev HEAD~1 without the baseline", "--new-from-rev", "HEAD~1", "--no-baseline")
	onlyNew("the baseline alone")
	onlyNew("both", "--new-from-rev", "HEAD~1")
	// Against the first commit the baseline file itself is new, but it holds
	// no findings; the result is the same.
	onlyNew("--new-from-rev HEAD~2", "--new-from-rev", "HEAD~2", "--no-baseline")

	// Uncommitted work counts as changed too.
	os.Remove(field)
	code, out, _ := runCLI(t, nil, "check", org, "--format", "json", "--new-from-rev", "HEAD~1", "--no-baseline")
	if d := readReport(t, out); code != 0 || d.Summary.Total != 0 || d.Summary.Unchanged == 0 {
		t.Errorf("after deleting the new field: exit %d, %d reported, %d unchanged", code, d.Summary.Total, d.Summary.Unchanged)
	}
	if code, _, stderr := runCLI(t, nil, "check", org, "--new-from-rev", "no-such-rev"); code != 2 || !strings.Contains(stderr, "unknown revision") {
		t.Errorf("unknown revision: exit %d, %s", code, stderr)
	}
	var sarif map[string]any
	_, out, _ = runCLI(t, nil, "check", org, "--format", "sarif", "--exit-zero", "--no-baseline")
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"uri": "salesforce/force-app/`) {
		t.Error("SARIF URIs are not relative to the repository root")
	}
}
