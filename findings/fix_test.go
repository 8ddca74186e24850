package findings

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/fixtures"
	"github.com/synclint/synclint/formula"
)

// copyTree copies a fixture into a fresh temporary folder.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
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

func gitRepo(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "fixture"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

func gitApply(t *testing.T, dir, diff string, check bool) {
	t.Helper()
	args := []string{"apply", "--whitespace=nowarn"}
	if check {
		args = append(args, "--check")
	}
	args = append(args, "-")
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s\n--- diff ---\n%s", args, err, out, diff)
	}
}

func loadDir(t *testing.T, dir string) *Input {
	t.Helper()
	in, err := LoadInput(LoadOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func pv11Components(t *testing.T, in *Input) []string {
	t.Helper()
	res := Analyze(in, Options{Only: []string{"PV11"}})
	var out []string
	for _, f := range res.Findings {
		if f.Rule == "PV11" {
			out = append(out, f.Component)
		}
	}
	return out
}

// TestFixAcmeGitApply is the acceptance test of `synclint fix`: on a copy of
// the acme fixture in a git repository, the diff passes `git apply
// --check`, applying it leaves only the managed rule reported by PV11, and
// a second plan is empty. Each style is tried.
func TestFixAcmeGitApply(t *testing.T) {
	styles := []struct {
		name string
		opts FixOptions
		// newFiles the patch must create.
		newFiles []string
		// contains is text the diff must hold.
		contains string
	}{
		{"username", FixOptions{Style: FixUsername}, nil, `AND($User.Username &lt;&gt; &quot;hubspot.integration@acme.example&quot;, (`},
		{"permission-reused", FixOptions{Style: FixPermission}, nil, "AND(NOT($Permission.Bypass_Validation_Rules), ("},
		{"permission-new", FixOptions{Style: FixPermission, Permission: "HubSpot_Sync_Bypass"},
			[]string{"force-app/main/default/customPermissions/HubSpot_Sync_Bypass.customPermission-meta.xml"}, "+        <name>HubSpot_Sync_Bypass</name>"},
		{"setting-reused", FixOptions{Style: FixSetting}, nil, "AND(NOT($Setup.Integration_Settings__c.Bypass_Validation__c), ("},
		{"setting-new", FixOptions{Style: FixSetting, Setting: "Sync_Switches__c", SettingField: "Skip_Rules__c"},
			[]string{"force-app/main/default/objects/Sync_Switches__c/Sync_Switches__c.object-meta.xml",
				"force-app/main/default/objects/Sync_Switches__c/fields/Skip_Rules__c.field-meta.xml"}, "NOT($Setup.Sync_Switches__c.Skip_Rules__c)"},
	}
	for _, st := range styles {
		t.Run(st.name, func(t *testing.T) {
			dir := copyTree(t, fixtures.Acme())
			gitRepo(t, dir)
			plan, err := PlanFixes(loadDir(t, dir), st.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Rules) != 14 {
				t.Errorf("%d rules patched, want 14 (skipped: %+v)", len(plan.Rules), plan.Skipped)
			}
			if len(plan.Skipped) != 1 || plan.Skipped[0].Rule != "Lead.pi__Score_Range" || !strings.Contains(plan.Skipped[0].Reason, "managed package pi") {
				t.Errorf("skipped %+v, want only the managed Lead.pi__Score_Range", plan.Skipped)
			}
			for _, r := range plan.Rules {
				if r.Samples < 1000 {
					t.Errorf("%s verified on %d samples", r.Rule, r.Samples)
				}
			}
			diff := plan.Diff()
			if !strings.Contains(diff, st.contains) {
				t.Errorf("diff lacks %q", st.contains)
			}
			for _, nf := range st.newFiles {
				if !strings.Contains(diff, "--- /dev/null\n+++ b/"+nf+"\n") {
					t.Errorf("diff does not create %s", nf)
				}
			}
			gitApply(t, dir, diff, true)
			gitApply(t, dir, diff, false)
			in := loadDir(t, dir)
			if got := pv11Components(t, in); len(got) != 1 || got[0] != "Lead.pi__Score_Range" {
				t.Errorf("after the fix PV11 reports %v, want only Lead.pi__Score_Range", got)
			}
			again, err := PlanFixes(in, st.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := again.Diff(); d != "" {
				t.Errorf("second fix is not empty:\n%s", d)
			}
		})
	}
}

// TestFixWriteMatchesDiff: --write produces exactly what applying the diff
// produces, and touches only the formula text.
func TestFixWriteMatchesDiff(t *testing.T) {
	a := copyTree(t, fixtures.Acme())
	gitRepo(t, a)
	b := copyTree(t, fixtures.Acme())
	plan, err := PlanFixes(loadDir(t, a), FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gitApply(t, a, plan.Diff(), false)
	planB, err := PlanFixes(loadDir(t, b), FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	written, errs := planB.Write()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(written) != 14 {
		t.Errorf("wrote %d files, want 14", len(written))
	}
	for _, f := range written {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: --write and git apply differ", f)
		}
		orig, _ := os.ReadFile(filepath.Join(fixtures.Acme(), f))
		// Outside the inserted text, the bytes are the original's.
		if !strings.HasPrefix(string(y), string(orig[:bytes.Index(orig, []byte("<errorConditionFormula>"))])) {
			t.Errorf("%s: bytes before the formula changed", f)
		}
		tail := orig[bytes.Index(orig, []byte("</errorConditionFormula>")):]
		if !bytes.HasSuffix(y, tail) {
			t.Errorf("%s: bytes after the formula changed", f)
		}
	}
	// A file that changed since planning is left alone.
	plan2, _ := PlanFixes(loadDir(t, copyTree(t, fixtures.Acme())), FixOptions{})
	plan2.Root = b
	_, errs = plan2.Write()
	if len(errs) != 14 {
		t.Errorf("writing a stale plan: %d errors, want 14", len(errs))
	}
}

// writeProject writes a small project: files maps paths to contents.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const fixConfig = `hubspot: hubspot
integrationUsers: [int.user@example.com]
contactsCreate: Lead
sync: {companies: false, deals: false}
`

const fixContacts = `{"results": [
 {"name": "company", "label": "Company", "type": "string", "fieldType": "text", "options": []},
 {"name": "lastname", "label": "Last Name", "type": "string", "fieldType": "text", "options": []},
 {"name": "phone", "label": "Phone", "type": "string", "fieldType": "text", "options": []}
]}`

func vrFile(formula string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>R</fullName>
    <active>true</active>
    <errorConditionFormula>` + formula + `</errorConditionFormula>
    <errorMessage>No.</errorMessage>
</ValidationRule>
`
}

// TestFixEscapingAndLineEndings: the inserted text follows the file's
// escaping (entities or literal quotes, single-quoted literals, CDATA) and
// line endings; the result applies with git and is not patched twice.
func TestFixEscapingAndLineEndings(t *testing.T) {
	tests := []struct {
		name, file, want string
		crlf             bool
	}{
		{"entities", vrFile(`AND(Company = &quot;n/a&quot;, LEN(Phone) &gt; 3)`),
			`AND($User.Username &lt;&gt; &quot;int.user@example.com&quot;, (AND(Company = &quot;n/a&quot;, LEN(Phone) &gt; 3)))`, false},
		{"literal quotes", vrFile(`AND(Company = "n/a", LEN(Phone) > 3)`),
			`AND($User.Username &lt;> "int.user@example.com", (AND(Company = "n/a", LEN(Phone) > 3)))`, false},
		{"single quotes", vrFile(`OR(Company = &apos;n/a&apos;, Company = &apos;-&apos;)`),
			`AND($User.Username &lt;&gt; &apos;int.user@example.com&apos;, (OR(Company = &apos;n/a&apos;, Company = &apos;-&apos;)))`, false},
		{"cdata", vrFile(`<![CDATA[AND(Company = "n/a", LEN(Phone) > 3)]]>`),
			`<![CDATA[AND($User.Username <> "int.user@example.com", (AND(Company = "n/a", LEN(Phone) > 3)))]]>`, false},
		{"crlf", strings.ReplaceAll(vrFile("OR(\n  Company = &quot;n/a&quot;,\n  Company = &quot;-&quot;\n)"), "\n", "\r\n"),
			"AND($User.Username &lt;&gt; &quot;int.user@example.com&quot;, (OR(\r\n  Company = &quot;n/a&quot;,\r\n  Company = &quot;-&quot;\r\n)))", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const vrPath = "force-app/main/default/objects/Lead/validationRules/R.validationRule-meta.xml"
			dir := writeProject(t, map[string]string{
				"sfdx-project.json":                `{"packageDirectories": [{"path": "force-app", "default": true}]}`,
				"synclint.yaml":                    fixConfig,
				"hubspot/properties/contacts.json": fixContacts,
				vrPath:                             tc.file,
			})
			gitRepo(t, dir)
			plan, err := PlanFixes(loadDir(t, dir), FixOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Rules) != 1 {
				t.Fatalf("patched %+v, skipped %+v", plan.Rules, plan.Skipped)
			}
			gitApply(t, dir, plan.Diff(), false)
			got, _ := os.ReadFile(filepath.Join(dir, vrPath))
			want := strings.Replace(tc.file, tc.file[strings.Index(tc.file, "<errorConditionFormula>")+len("<errorConditionFormula>"):strings.Index(tc.file, "</errorConditionFormula>")], tc.want, 1)
			if string(got) != want {
				t.Errorf("patched file:\n%q\nwant:\n%q", got, want)
			}
			if tc.crlf && strings.Count(string(got), "\r\n") != strings.Count(string(got), "\n") {
				t.Errorf("line endings changed: %q", got)
			}
			again, err := PlanFixes(loadDir(t, dir), FixOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d := again.Diff(); d != "" || len(again.Rules)+len(again.Skipped) != 0 {
				t.Errorf("second plan not empty: %+v %+v\n%s", again.Rules, again.Skipped, d)
			}
		})
	}
}

// TestFixMetadataAPIObjectFile: two rules in one MDAPI object file become
// two hunks of one file diff.
func TestFixMetadataAPIObjectFile(t *testing.T) {
	rule := func(name, f string) string {
		return `    <validationRules>
        <fullName>` + name + `</fullName>
        <active>true</active>
        <errorConditionFormula>` + f + `</errorConditionFormula>
        <errorMessage>No.</errorMessage>
    </validationRules>
`
	}
	var filler strings.Builder
	for i := 0; i < 12; i++ {
		filler.WriteString("    <fields>\n        <fullName>F" + itoa(i) + "__c</fullName>\n        <label>F</label>\n        <length>10</length>\n        <type>Text</type>\n    </fields>\n")
	}
	obj := `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
` + rule("A", "Company = &quot;n/a&quot;") + filler.String() + rule("B", "ISBLANK(Phone)") + `</CustomObject>`
	dir := writeProject(t, map[string]string{
		"src/package.xml":                  `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>60.0</version></Package>`,
		"src/objects/Lead.object":          obj,
		"synclint.yaml":                    fixConfig,
		"hubspot/properties/contacts.json": fixContacts,
	})
	gitRepo(t, dir)
	plan, err := PlanFixes(loadDir(t, dir), FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	diff := plan.Diff()
	if len(plan.Rules) != 2 || len(plan.Files) != 1 || strings.Count(diff, "\n@@ ") != 2 {
		t.Fatalf("rules %+v skipped %+v, diff:\n%s", plan.Rules, plan.Skipped, diff)
	}
	if !strings.Contains(diff, "\\ No newline at end of file") && strings.Contains(diff, "</CustomObject>") {
		t.Errorf("last line without newline not marked:\n%s", diff)
	}
	gitApply(t, dir, diff, false)
	if got := pv11Components(t, loadDir(t, dir)); len(got) != 0 {
		t.Errorf("after the fix PV11 reports %v", got)
	}
}

// TestFixRefusals: managed rules, formulas that would grow past 3,900
// characters and projects without an integration user are not patched,
// with the reason.
func TestFixRefusals(t *testing.T) {
	long := "OR(" + strings.Repeat(`Company = &quot;xxxxxxxxxx&quot;, `, 160) + "ISBLANK(Phone))"
	base := map[string]string{
		"sfdx-project.json":                `{"packageDirectories": [{"path": "force-app", "default": true}]}`,
		"synclint.yaml":                    fixConfig,
		"hubspot/properties/contacts.json": fixContacts,
		"force-app/main/default/objects/Lead/validationRules/R.validationRule-meta.xml": vrFile(long),
	}
	plan, err := PlanFixes(loadDir(t, writeProject(t, base)), FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "3900") {
		t.Errorf("long formula: %+v", plan.Skipped)
	}
	base["force-app/main/default/objects/Lead/validationRules/R.validationRule-meta.xml"] = vrFile("ISBLANK(Phone)")
	base["synclint.yaml"] = strings.Replace(fixConfig, "integrationUsers: [int.user@example.com]\n", "", 1)
	plan, err = PlanFixes(loadDir(t, writeProject(t, base)), FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "no integration user") {
		t.Errorf("no user: %+v", plan.Skipped)
	}
	plan, err = PlanFixes(loadDir(t, writeProject(t, base)), FixOptions{Users: []string{"a@example.com", "b@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Rules) != 1 || !strings.HasPrefix(plan.Rules[0].Rewritten, `AND($User.Username <> "a@example.com", $User.Username <> "b@example.com", (ISBLANK(Phone)))`) {
		t.Errorf("two users: %+v %+v", plan.Rules, plan.Skipped)
	}
	if _, err := PlanFixes(loadDir(t, writeProject(t, base)), FixOptions{Rules: []string{"PV02"}}); err == nil {
		t.Error("--rules PV02 accepted")
	}
}

// TestVerifyRewriteCatchesWrongGuard: the verification rejects a rewrite
// that changes the rule for other users or does not exempt the user.
func TestVerifyRewriteCatchesWrongGuard(t *testing.T) {
	_, an := acmeVRAnalysis(t)
	r := findVRRule(t, an, "Lead.Company_Not_Placeholder")
	g := &guardPlan{exempt: map[string]formula.Value{}, other: map[string]formula.Value{}}
	// A guard that is FALSE for everybody changes the rule for others.
	if _, err := verifyRewrite(an, r, `AND(FALSE, (`+r.VR.Formula+`))`, g, 1000); err == nil {
		t.Error("a rewrite that disables the rule for everyone was verified")
	}
	// The original itself does not exempt the integration user.
	if _, err := verifyRewrite(an, r, r.VR.Formula, g, 1000); err == nil {
		t.Error("a rewrite without a bypass was verified")
	}
}

// TestFixMetadataAPINewComponents: in a Metadata API project, the custom
// permission and permission set a patch creates are listed in package.xml.
func TestFixMetadataAPINewComponents(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/package.xml":                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Package xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <types>\n        <members>Lead</members>\n        <name>CustomObject</name>\n    </types>\n    <version>60.0</version>\n</Package>\n",
		"src/objects/Lead.object":          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <validationRules>\n        <fullName>A</fullName>\n        <active>true</active>\n        <errorConditionFormula>ISBLANK(Phone)</errorConditionFormula>\n        <errorMessage>No.</errorMessage>\n    </validationRules>\n</CustomObject>\n",
		"synclint.yaml":                    fixConfig,
		"hubspot/properties/contacts.json": fixContacts,
	})
	gitRepo(t, dir)
	plan, err := PlanFixes(loadDir(t, dir), FixOptions{Style: FixPermission})
	if err != nil {
		t.Fatal(err)
	}
	diff := plan.Diff()
	for _, want := range []string{
		"+++ b/src/customPermissions/HubSpot_Integration_Bypass.customPermission\n",
		"+++ b/src/permissionsets/HubSpot_Integration_Bypass.permissionset\n",
		"+        <members>HubSpot_Integration_Bypass</members>\n+        <name>CustomPermission</name>\n",
		"+        <name>PermissionSet</name>\n",
	} {
		if !strings.Contains(diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff)
		}
	}
	gitApply(t, dir, diff, false)
	man, _ := os.ReadFile(filepath.Join(dir, "src/package.xml"))
	if strings.Count(string(man), "<types>") != 3 {
		t.Errorf("package.xml:\n%s", man)
	}
}
