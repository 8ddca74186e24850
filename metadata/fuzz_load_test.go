package metadata

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzKinds are the files FuzzLoadFile writes its input as: one of each kind
// the integration's checks read most, in both formats where they differ.
var fuzzKinds = []string{
	"force-app/main/default/objects/Obj__c/fields/F__c.field-meta.xml",
	"force-app/main/default/objects/Obj__c/Obj__c.object-meta.xml",
	"force-app/main/default/objects/Obj__c/validationRules/R.validationRule-meta.xml",
	"force-app/main/default/profiles/P.profile-meta.xml",
	"force-app/main/default/permissionsets/PS.permissionset-meta.xml",
	"force-app/main/default/flows/Fl.flow-meta.xml",
	"force-app/main/default/objects/Obj__c/recordTypes/RT.recordType-meta.xml",
	"force-app/main/default/globalValueSets/G.globalValueSet-meta.xml",
	"force-app/main/default/workflows/Obj__c.workflow-meta.xml",
	"force-app/main/default/duplicateRules/Obj__c.D.duplicateRule-meta.xml",
	"force-app/main/default/settings/Address.settings-meta.xml",
	"force-app/main/default/triggers/T.trigger",
	"src/objects/Obj__c.object",
}

// fuzzSeeds are realistic files of each kind (and a few broken ones).
var fuzzSeeds = []string{
	xmlHead + `<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>F__c</fullName>
    <label>F</label>
    <type>Picklist</type>
    <valueSet>
        <restricted>true</restricted>
        <valueSetDefinition>
            <value><fullName>A &amp; B</fullName><default>false</default><label>A &amp; B</label></value>
        </valueSetDefinition>
    </valueSet>
    <lookupFilter><active>true</active><filterItems><field>Account.Type</field><operation>equals</operation><value>Customer</value></filterItems><isOptional>false</isOptional></lookupFilter>
</CustomField>
`,
	xmlHead + `<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Obj</label>
    <nameField><label>Name</label><type>Text</type></nameField>
    <fields><fullName>G__c</fullName><type>Text</type><length>10</length><required>true</required></fields>
    <validationRules><fullName>V</fullName><active>true</active><errorConditionFormula>AND(ISBLANK(G__c), $Profile.Name &lt;&gt; 'Admin')</errorConditionFormula><errorMessage>x</errorMessage></validationRules>
    <recordTypes><fullName>RT</fullName><active>true</active><picklistValues><picklist>F__c</picklist><values><fullName>A%2FB</fullName><default>false</default></values></picklistValues></recordTypes>
    <sharingModel>ReadWrite</sharingModel>
</CustomObject>
`,
	xmlHead + `<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>R</fullName>
    <active>true</active>
    <errorConditionFormula>AND(
  ISCHANGED(F__c),
  NOT(REGEX(F__c, &quot;\\d{5}&quot;))
)</errorConditionFormula>
    <errorDisplayField>F__c</errorDisplayField>
    <errorMessage>Bad.</errorMessage>
</ValidationRule>
`,
	xmlHead + `<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <fieldPermissions><editable>true</editable><field>Obj__c.F__c</field><readable>true</readable></fieldPermissions>
    <objectPermissions><allowCreate>true</allowCreate><allowEdit>true</allowEdit><allowRead>true</allowRead><object>Obj__c</object></objectPermissions>
    <userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>
    <recordTypeVisibilities><default>true</default><recordType>Obj__c.RT</recordType><visible>true</visible></recordTypeVisibilities>
    <userLicense>Salesforce</userLicense>
</Profile>
`,
	xmlHead + `<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <processType>AutoLaunchedFlow</processType>
    <start><object>Obj__c</object><recordTriggerType>CreateAndUpdate</recordTriggerType><triggerType>RecordBeforeSave</triggerType></start>
    <recordUpdates><name>U</name><inputAssignments><field>F__c</field><value><stringValue>A</stringValue></value></inputAssignments></recordUpdates>
    <status>Active</status>
</Flow>
`,
	xmlHead + `<Workflow xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldUpdates><fullName>FU</fullName><field>F__c</field><literalValue>A</literalValue><operation>Literal</operation></fieldUpdates>
    <rules><fullName>WR</fullName><active>true</active><actions><name>FU</name><type>FieldUpdate</type></actions><formula>true</formula><triggerType>onAllChanges</triggerType></rules>
</Workflow>
`,
	xmlHead + `<AddressSettings xmlns="http://soap.sforce.com/2006/04/metadata"><countriesAndStates><countries><active>true</active><integrationValue>United States</integrationValue><isoCode>US</isoCode><label>United States</label><states><active>true</active><integrationValue>Texas</integrationValue><isoCode>TX</isoCode><label>Texas</label></states></countries></countriesAndStates></AddressSettings>
`,
	"trigger T on Obj__c (before insert, before update) {\n    for (Obj__c o : Trigger.new) { o.addError('no'); }\n}\n",
	"\xef\xbb\xbf" + xmlHead + "<CustomField>\r\n<fullName>F__c</fullName>\r\n</CustomField>\r\n",
	xmlHead + "<!DOCTYPE x [<!ENTITY a \"&b;&b;\"><!ENTITY b \"bb\">]><CustomField><label>&a;</label></CustomField>",
	xmlHead + "<CustomField><fullName>F__c</fullName><type>Text",
	"<Profile><fieldPermissions><field>%%%NAMESPACE%%%Obj__c.F__c</field></fieldPermissions></Profile>",
}

// FuzzLoadFile feeds arbitrary bytes through the loader's real path for one
// file — read, tree building, the element parsers of its kind, merging into
// an org and finishing it — as each kind of file in fuzzKinds. Nothing may
// panic (the loader would contain it as an "internal error" diagnostic,
// which fails here), every diagnostic must name the file with a line inside
// it, and whatever loads must be positioned inside the file.
func FuzzLoadFile(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(uint8(i), []byte(s))
	}
	// One tree per worker: the kind's file is rewritten for each input,
	// and the jobs come from the real walk and discovery.
	// A file rewritten per input costs milliseconds on a busy disk
	// (truncation goes through the journal): use memory when there is
	// a tmpfs.
	tmp := ""
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		tmp = "/dev/shm"
	}
	root, err := os.MkdirTemp(tmp, "synclint-fuzz-")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { os.RemoveAll(root) })
	files := map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}]}`,
		"src/package.xml":   xmlHead + `<Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>62.0</version></Package>`,
	}
	for _, k := range fuzzKinds {
		files[k] = fuzzSeeds[0]
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	d := discover(root, walk(root), nil)
	jobs := map[string]job{}
	for _, j := range d.jobs {
		jobs[j.rel] = j
	}
	for _, k := range fuzzKinds {
		if _, ok := jobs[k]; !ok {
			f.Fatalf("discovery does not read %s (jobs: %v)", k, jobs)
		}
	}
	l := &loader{maxSize: 1 << 20, roots: d.roots}
	b := newTreeBuilder()
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		j := jobs[fuzzKinds[int(kind)%len(fuzzKinds)]]
		if err := os.WriteFile(j.abs, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// Lines as XML counts them: LF, CRLF and a lone CR end a line.
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
		frag := l.process(b, &j)
		org := newOrg(root)
		m := newMerger(org, d.roots)
		m.merge(frag)
		m.finish()
		for _, dg := range org.Diagnostics {
			if strings.Contains(dg.Message, "internal error") {
				t.Fatalf("panic while reading %s: %s", j.rel, dg.Message)
			}
			if dg.Pos.File != j.rel || dg.Pos.Line < 1 || dg.Pos.Line > lines {
				t.Fatalf("diagnostic %s: %s outside %s (%d lines)", dg.Pos, dg.Message, j.rel, lines)
			}
		}
		check := func(what string, p Pos) {
			if p.File != j.rel && p.File != path2dir(j.rel) && p.File != path2dir(path2dir(j.rel)) {
				t.Fatalf("%s at %s, not in %s", what, p, j.rel)
			}
			if p.File == j.rel && (p.Line < 1 || p.Line > lines) {
				t.Fatalf("%s at %s outside a %d-line file", what, p, lines)
			}
		}
		for _, o := range org.Objects {
			check("object "+o.Name, o.Pos)
			for _, fl := range o.Fields {
				check("field "+fl.Name, fl.Pos)
			}
			for _, r := range o.ValidationRules {
				check("rule "+r.Name, r.Pos)
				if r.FormulaPos.File != "" && (r.FormulaPos.Line < 1 || r.FormulaPos.Line > lines) {
					t.Fatalf("formula of %s at %s outside a %d-line file", r.Name, r.FormulaPos, lines)
				}
			}
		}
		for _, h := range org.Profiles {
			check("profile", h.Pos)
		}
		for _, fl := range org.Flows {
			check("flow", fl.Pos)
		}
	})
}

func path2dir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}
