package metadata

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func fieldFile(name, body string) string {
	return el("CustomField", "    <fullName>"+name+"</fullName>\n"+body)
}

// loadField loads one field file of Obj__c and returns the field.
func loadField(t *testing.T, name, body string) *Field {
	t.Helper()
	org := loadFiles(t, sfdx(map[string]string{"objects/Obj__c/fields/" + name + ".field-meta.xml": fieldFile(name, body)}))
	noDiagnostics(t, org)
	f := org.Field("Obj__c", name)
	if f == nil {
		t.Fatalf("field %s not loaded", name)
	}
	return f
}

func TestFieldTypes(t *testing.T) {
	tests := []struct {
		name, body string
		check      func(t *testing.T, f *Field)
	}{
		{"Text__c", `<caseSensitive>true</caseSensitive><externalId>true</externalId><length>42</length><required>true</required><type>Text</type><unique>true</unique><defaultValue>"x"</defaultValue>`,
			func(t *testing.T, f *Field) {
				want := Field{Type: TypeText, Length: 42, Required: true, Unique: true, ExternalID: true, CaseSensitive: true, DefaultValue: `"x"`}
				if f.Type != want.Type || f.Length != want.Length || !f.Required || !f.Unique || !f.ExternalID || !f.CaseSensitive || f.DefaultValue != want.DefaultValue {
					t.Errorf("got %+v", f)
				}
				if f.Standard || f.Namespace != "" || f.IsCalculated() || f.EffectiveLength() != 42 {
					t.Errorf("standard=%v ns=%q calculated=%v len=%d", f.Standard, f.Namespace, f.IsCalculated(), f.EffectiveLength())
				}
			}},
		{"Area__c", `<type>TextArea</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeTextArea || f.EffectiveLength() != 255 {
				t.Errorf("got %s %d", f.Type, f.EffectiveLength())
			}
		}},
		{"Long__c", `<length>131072</length><type>LongTextArea</type><visibleLines>3</visibleLines>`, func(t *testing.T, f *Field) {
			if f.Type != TypeLongTextArea || f.Length != 131072 {
				t.Errorf("got %s %d", f.Type, f.Length)
			}
		}},
		{"Rich__c", `<length>32768</length><type>Html</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeHTML || f.Length != 32768 {
				t.Errorf("got %s %d", f.Type, f.Length)
			}
		}},
		{"Enc__c", `<length>175</length><maskChar>X</maskChar><maskType>lastFour</maskType><type>EncryptedText</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeEncryptedText || f.Length != 175 {
				t.Errorf("got %s %d", f.Type, f.Length)
			}
		}},
		{"Num__c", `<precision>18</precision><scale>2</scale><type>Number</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeNumber || f.Precision != 18 || f.Scale != 2 || !f.Type.IsNumeric() {
				t.Errorf("got %+v", f)
			}
		}},
		{"Cur__c", `<precision>16.0</precision><scale>2</scale><type>Currency</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeCurrency || f.Precision != 16 {
				t.Errorf("decimal precision: got %s %d", f.Type, f.Precision)
			}
		}},
		{"Pct__c", `<precision>3</precision><scale>0</scale><type>Percent</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypePercent || f.Precision != 3 {
				t.Errorf("got %+v", f)
			}
		}},
		{"Flag__c", `<defaultValue>true</defaultValue><type>Checkbox</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeCheckbox || f.DefaultValue != "true" {
				t.Errorf("got %+v", f)
			}
		}},
		{"Day__c", `<type>Date</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeDate {
				t.Errorf("got %s", f.Type)
			}
		}},
		{"Stamp__c", `<type>DateTime</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeDateTime {
				t.Errorf("got %s", f.Type)
			}
		}},
		{"Clock__c", `<type>Time</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeTime {
				t.Errorf("got %s", f.Type)
			}
		}},
		{"Mail__c", `<type>Email</type><unique>true</unique>`, func(t *testing.T, f *Field) {
			if f.Type != TypeEmail || f.EffectiveLength() != 80 || !f.Unique {
				t.Errorf("got %s %d", f.Type, f.EffectiveLength())
			}
		}},
		{"Tel__c", `<type>Phone</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypePhone || f.EffectiveLength() != 40 {
				t.Errorf("got %s %d", f.Type, f.EffectiveLength())
			}
		}},
		{"Web__c", `<type>Url</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeURL || f.EffectiveLength() != 255 {
				t.Errorf("got %s %d", f.Type, f.EffectiveLength())
			}
		}},
		{"Acct__c", `<deleteConstraint>Restrict</deleteConstraint><referenceTo>Account</referenceTo><relationshipName>Things</relationshipName><required>false</required><type>Lookup</type>`,
			func(t *testing.T, f *Field) {
				if f.Type != TypeLookup || !reflect.DeepEqual(f.ReferenceTo, []string{"Account"}) || f.RelationshipName != "Things" || f.DeleteConstraint != "Restrict" || f.Required {
					t.Errorf("got %+v", f)
				}
			}},
		{"Master__c", `<referenceTo>Parent__c</referenceTo><relationshipName>Kids</relationshipName><reparentableMasterDetail>true</reparentableMasterDetail><type>MasterDetail</type>`,
			func(t *testing.T, f *Field) {
				if f.Type != TypeMasterDetail || !f.Required || !f.ReparentableMasterDetail || !f.Type.IsReference() {
					t.Errorf("master-detail must be required and reparentable: %+v", f)
				}
			}},
		{"Auto__c", `<displayFormat>A-{000}</displayFormat><type>AutoNumber</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeAutoNumber || f.DisplayFormat != "A-{000}" || !f.IsCalculated() {
				t.Errorf("got %+v", f)
			}
		}},
		{"Calc__c", `<formula>IF(Flag__c, &quot;a&quot; &amp; &apos;b&apos;, NULL)</formula><type>Text</type>`, func(t *testing.T, f *Field) {
			if f.Formula != `IF(Flag__c, "a" & 'b', NULL)` || !f.IsCalculated() || f.Type != TypeText {
				t.Errorf("formula field: %q calc=%v", f.Formula, f.IsCalculated())
			}
		}},
		{"Roll__c", `<summarizedField>Kid__c.Amount__c</summarizedField><summaryForeignKey>Kid__c.Obj__c</summaryForeignKey><summaryOperation>max</summaryOperation><type>Summary</type>`,
			func(t *testing.T, f *Field) {
				if f.Type != TypeSummary || f.SummaryOperation != "max" || !f.IsCalculated() {
					t.Errorf("got %+v", f)
				}
			}},
		{"Where__c", `<scale>6</scale><type>Location</type>`, func(t *testing.T, f *Field) {
			if f.Type != TypeLocation || f.Scale != 6 {
				t.Errorf("got %+v", f)
			}
		}},
		{"npsp__Managed__c", `<deprecated>false</deprecated><type>Text</type><length>10</length>`, func(t *testing.T, f *Field) {
			if f.Namespace != "npsp" || f.Standard {
				t.Errorf("namespace %q standard %v", f.Namespace, f.Standard)
			}
		}},
		{"AccountSource", `<trackHistory>false</trackHistory><type>Picklist</type>`, func(t *testing.T, f *Field) {
			if !f.Standard || f.Type != TypePicklist || f.Picklist != nil {
				t.Errorf("standard field file: %+v", f)
			}
		}},
		{"Unknown__c", `<type>MetadataRelationship</type><metadataRelationshipControllingField>X__c</metadataRelationshipControllingField>`, func(t *testing.T, f *Field) {
			if f.Type != "MetadataRelationship" {
				t.Errorf("unknown types are kept as written: %q", f.Type)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := loadField(t, tc.name, tc.body)
			if f.Object != "Obj__c" || f.Name != tc.name || f.Pos.Line != 2 || !strings.HasSuffix(f.Pos.File, tc.name+".field-meta.xml") {
				t.Errorf("identity/position: %s.%s at %s", f.Object, f.Name, f.Pos)
			}
			tc.check(t, f)
		})
	}
}

func TestLookupFilter(t *testing.T) {
	f := loadField(t, "Partner__c", `<lookupFilter>
        <active>true</active>
        <booleanFilter>1 OR (2 AND 3)</booleanFilter>
        <description>only partners</description>
        <errorMessage>Not a partner</errorMessage>
        <filterItems><field>Account.Type</field><operation>equals</operation><value>Partner, Reseller</value></filterItems>
        <filterItems><field>$Source.Region__c</field><operation>notEqual</operation><valueField>Account.Region__c</valueField></filterItems>
        <filterItems><field>Account.IsActive__c</field><operation>equals</operation><value>True</value></filterItems>
        <infoMessage>Pick a partner</infoMessage>
        <isOptional>true</isOptional>
    </lookupFilter>
    <referenceTo>Account</referenceTo><type>Lookup</type>`)
	lf := f.LookupFilter
	if lf == nil {
		t.Fatal("no lookup filter")
	}
	want := &LookupFilter{Pos: lf.Pos, Active: true, IsOptional: true, BooleanFilter: "1 OR (2 AND 3)",
		ErrorMessage: "Not a partner", InfoMessage: "Pick a partner", Description: "only partners",
		Items: []FilterItem{
			{Field: "Account.Type", Operation: "equals", Value: "Partner, Reseller"},
			{Field: "$Source.Region__c", Operation: "notEqual", ValueField: "Account.Region__c"},
			{Field: "Account.IsActive__c", Operation: "equals", Value: "True"},
		}}
	if !reflect.DeepEqual(lf, want) {
		t.Errorf("got %+v\nwant %+v", lf, want)
	}
	if lf.Pos.Line != 4 {
		t.Errorf("filter line %d", lf.Pos.Line)
	}
}

func TestPicklists(t *testing.T) {
	t.Run("inline", func(t *testing.T) {
		f := loadField(t, "P__c", `<type>Picklist</type>
    <valueSet>
        <restricted>true</restricted>
        <valueSetDefinition>
            <sorted>true</sorted>
            <value><fullName>A &amp; B</fullName><default>true</default><label>A and B</label></value>
            <value><fullName>Old</fullName><default>false</default><isActive>false</isActive></value>
            <value><fullName>  padded  </fullName><default>false</default><label>padded</label></value>
        </valueSetDefinition>
    </valueSet>`)
		p := f.Picklist
		if p == nil || !p.Restricted || !p.Sorted || p.Legacy || len(p.Values) != 3 {
			t.Fatalf("got %+v", p)
		}
		v := p.Values
		if v[0].FullName != "A & B" || v[0].Label != "A and B" || !v[0].Default || !v[0].Active {
			t.Errorf("value 0: %+v", v[0])
		}
		if v[1].FullName != "Old" || v[1].Label != "Old" || v[1].Active {
			t.Errorf("inactive value without label: %+v", v[1])
		}
		if v[2].FullName != "  padded  " {
			t.Errorf("values are kept exactly: %q", v[2].FullName)
		}
	})
	t.Run("global value set", func(t *testing.T) {
		f := loadField(t, "G__c", `<type>MultiselectPicklist</type><valueSet><restricted>true</restricted><valueSetName>States</valueSetName></valueSet><visibleLines>4</visibleLines>`)
		if f.Picklist.GlobalValueSet != "States" || len(f.Picklist.Values) != 0 || !f.Type.IsPicklist() {
			t.Errorf("got %+v", f.Picklist)
		}
	})
	t.Run("dependent", func(t *testing.T) {
		f := loadField(t, "D__c", `<type>Picklist</type>
    <valueSet>
        <controllingField>Flag__c</controllingField>
        <valueSetDefinition>
            <value><fullName>X</fullName><default>false</default></value>
            <value><fullName>Y</fullName><default>false</default></value>
        </valueSetDefinition>
        <valueSettings><controllingFieldValue>checked</controllingFieldValue><valueName>X</valueName></valueSettings>
        <valueSettings><controllingFieldValue>unchecked</controllingFieldValue><valueName>X</valueName></valueSettings>
        <valueSettings><controllingFieldValue>checked</controllingFieldValue><valueName>Y</valueName></valueSettings>
    </valueSet>`)
		p := f.Picklist
		if p.ControllingField != "Flag__c" || p.Restricted {
			t.Errorf("got %+v", p)
		}
		want := []ValueDependency{{Value: "X", ControllingValues: []string{"checked", "unchecked"}}, {Value: "Y", ControllingValues: []string{"checked"}}}
		for i := range p.Dependencies {
			p.Dependencies[i].Pos = Pos{}
		}
		if !reflect.DeepEqual(p.Dependencies, want) {
			t.Errorf("dependencies %+v", p.Dependencies)
		}
	})
	t.Run("legacy picklist", func(t *testing.T) {
		obj := el("CustomObject", `    <fields>
        <fullName>Exit_Reason__c</fullName>
        <label>Exit Reason</label>
        <picklist>
            <controllingField>Exit_Type__c</controllingField>
            <picklistValues>
                <fullName>Graduated</fullName>
                <default>false</default>
                <controllingFieldValues>Successful</controllingFieldValues>
                <controllingFieldValues>Partial</controllingFieldValues>
            </picklistValues>
            <picklistValues>
                <fullName>Moved</fullName>
                <default>true</default>
            </picklistValues>
            <restrictedPicklist>true</restrictedPicklist>
            <sorted>false</sorted>
        </picklist>
        <type>Picklist</type>
    </fields>`)
		org := loadFiles(t, map[string]string{"src/package.xml": el("Package", "<version>37.0</version>"), "src/objects/Case__c.object": obj})
		noDiagnostics(t, org)
		p := org.Field("Case__c", "Exit_Reason__c").Picklist
		if p == nil || !p.Legacy || !p.Restricted || p.ControllingField != "Exit_Type__c" || len(p.Values) != 2 || !p.Values[1].Default {
			t.Fatalf("got %+v", p)
		}
		if len(p.Dependencies) != 1 || p.Dependencies[0].Value != "Graduated" || !reflect.DeepEqual(p.Dependencies[0].ControllingValues, []string{"Successful", "Partial"}) {
			t.Errorf("dependencies %+v", p.Dependencies)
		}
	})
}

// TestValidationRuleOffsets checks that FormulaStart/End select exactly the
// escaped formula bytes, in both formats, with several rules per file and a
// decoy in a comment.
func TestValidationRuleOffsets(t *testing.T) {
	rule := func(name, formula string) string {
		return "    <validationRules>\n        <fullName>" + name + "</fullName>\n        <active>true</active>\n        <errorConditionFormula>" +
			formula + "</errorConditionFormula>\n        <errorMessage>no</errorMessage>\n    </validationRules>\n"
	}
	formulas := map[string]string{
		"First":  "Amount__c &lt; 0",
		"Second": "AND(\n  ISPICKVAL(Stage__c, &apos;Won&apos;),\n  ISBLANK(Reason__c)\n)",
		"Third":  "<![CDATA[Amount__c > 5 && x < 2]]>",
		"Fourth": "",
	}
	body := rule("First", formulas["First"]) +
		"    <!-- <errorConditionFormula>not a rule</errorConditionFormula> -->\n" +
		rule("Second", formulas["Second"]) + rule("Third", formulas["Third"]) +
		"    <validationRules>\n        <fullName>Fourth</fullName>\n        <active>false</active>\n        <errorConditionFormula/>\n        <errorMessage>x</errorMessage>\n    </validationRules>\n"
	obj := el("CustomObject", body)
	sfdxRule := el("ValidationRule", "    <fullName>Solo</fullName>\n    <active>true</active>\n    <errorConditionFormula>NOT( $Permission.Bypass )\n&amp;&amp; TRUE</errorConditionFormula>\n    <errorMessage>m</errorMessage>")
	root := writeTree(t, map[string]string{
		"src/package.xml":         el("Package", "<version>60.0</version>"),
		"src/objects/X__c.object": obj,
		"app/objects/Y__c/validationRules/Solo.validationRule-meta.xml": sfdxRule,
		"sfdx-project.json": `{"packageDirectories":[{"path":"app"}]}`,
	})
	org := load(t, root, Options{SkipBuiltin: true})
	noDiagnostics(t, org)
	raw, _ := os.ReadFile(filepath.Join(root, "src/objects/X__c.object"))
	x := org.Object("X__c")
	if len(x.ValidationRules) != 4 {
		t.Fatalf("rules: %d", len(x.ValidationRules))
	}
	for _, r := range x.ValidationRules {
		got := string(raw[r.FormulaStart:r.FormulaEnd])
		if got != formulas[r.Name] {
			t.Errorf("%s: bytes %q, want %q", r.Name, got, formulas[r.Name])
		}
		// FormulaPos is the line and column of FormulaStart.
		before := raw[:r.FormulaStart]
		line := 1 + strings.Count(string(before), "\n")
		col := r.FormulaStart - strings.LastIndex(string(before), "\n")
		if r.FormulaPos.Line != line || r.FormulaPos.Col != col || r.FormulaPos.File != "src/objects/X__c.object" {
			t.Errorf("%s: FormulaPos %v, want line %d col %d", r.Name, r.FormulaPos, line, col)
		}
		if r.Pos.Line == 0 || r.Pos.Line > r.FormulaPos.Line {
			t.Errorf("%s: rule starts at %v", r.Name, r.Pos)
		}
	}
	if f := x.ValidationRules[2]; f.Name != "Second" || f.Formula != "AND(\n  ISPICKVAL(Stage__c, 'Won'),\n  ISBLANK(Reason__c)\n)" {
		t.Errorf("unescaped formula %q", f.Formula)
	}
	if f := x.ValidationRules[3]; f.Name != "Third" || f.Formula != "Amount__c > 5 && x < 2" {
		t.Errorf("CDATA formula %q", f.Formula)
	}
	solo := org.Object("Y__c").ValidationRules[0]
	rawSolo, _ := os.ReadFile(filepath.Join(root, "app/objects/Y__c/validationRules/Solo.validationRule-meta.xml"))
	if got := string(rawSolo[solo.FormulaStart:solo.FormulaEnd]); got != "NOT( $Permission.Bypass )\n&amp;&amp; TRUE" {
		t.Errorf("solo bytes %q", got)
	}
	if solo.Pos.Line != 2 || solo.FormulaPos.Line != 5 || solo.FormulaPos.Col != 28 {
		t.Errorf("solo positions %v %v", solo.Pos, solo.FormulaPos)
	}
}

func TestValidationRuleNamespace(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"objects/SBQQ__Rule__c/validationRules/SBQQ__RequiredEvent.validationRule-meta.xml": el("ValidationRule",
			"<fullName>SBQQ__RequiredEvent</fullName><active>true</active><errorConditionFormula>ISBLANK(SBQQ__Event__c)</errorConditionFormula><errorMessage>m</errorMessage>"),
	}))
	r := org.Object("SBQQ__Rule__c").ValidationRules[0]
	if r.Namespace != "SBQQ" || r.QualifiedName() != "SBQQ__Rule__c.SBQQ__RequiredEvent" || org.Object("SBQQ__Rule__c").Namespace != "SBQQ" {
		t.Errorf("got %+v", r)
	}
}

func TestRecordTypesAndBusinessProcesses(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"objects/Opportunity/recordTypes/Renewal.recordType-meta.xml": el("RecordType", `
    <fullName>Renewal</fullName>
    <active>true</active>
    <businessProcess>Renewal Process</businessProcess>
    <label>Renewal</label>
    <picklistValues>
        <picklist>Type</picklist>
        <values><fullName>Existing Customer - Upgrade</fullName><default>true</default></values>
        <values><fullName>don%E2%80%99t %2D10%25 N%2FA isn%27t Ed%2E</fullName><default>false</default></values>
        <values><fullName>50% off</fullName><default>false</default></values>
    </picklistValues>`),
		"objects/Opportunity/businessProcesses/Renewal Process.businessProcess-meta.xml": el("BusinessProcess", `
    <fullName>Renewal Process</fullName>
    <description>renewals</description>
    <isActive>false</isActive>
    <values><fullName>Closed Won</fullName><default>false</default></values>
    <values><fullName>Proposal%2FPrice Quote</fullName><default>true</default></values>`),
	}))
	noDiagnostics(t, org)
	opp := org.Object("Opportunity")
	rt := opp.RecordTypes[0]
	if rt.Name != "Renewal" || !rt.Active || rt.BusinessProcess != "Renewal Process" || rt.Object != "Opportunity" {
		t.Errorf("record type %+v", rt)
	}
	pl := rt.Picklists["type"]
	var got []string
	for _, v := range pl.Values {
		got = append(got, v.FullName)
	}
	want := []string{"Existing Customer - Upgrade", "don’t -10% N/A isn't Ed.", "50% off"}
	if !reflect.DeepEqual(got, want) || !pl.Values[0].Default || pl.Field != "Type" {
		t.Errorf("decoded values %q, want %q", got, want)
	}
	bp := opp.BusinessProcesses[0]
	if bp.Name != "Renewal Process" || bp.Active || len(bp.Values) != 2 || bp.Values[1].FullName != "Proposal/Price Quote" || !bp.Values[1].Default {
		t.Errorf("business process %+v", bp)
	}
	if opp.Pos.File != "force-app/main/default/objects/Opportunity" || opp.Pos.Line != 0 {
		t.Errorf("object known from children only sits at its folder: %v", opp.Pos)
	}
}

func TestValueSets(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"globalValueSets/Colors.globalValueSet-meta.xml": el("GlobalValueSet", `
    <customValue><fullName>Red</fullName><default>true</default><label>Rouge</label></customValue>
    <customValue><fullName>Blue</fullName><default>false</default><isActive>false</isActive></customValue>
    <description>colors</description>
    <masterLabel>Colors</masterLabel>
    <sorted>true</sorted>`),
		"standardValueSets/OpportunityStage.standardValueSet-meta.xml": el("StandardValueSet", `
    <sorted>false</sorted>
    <standardValue><fullName>Won It</fullName><default>false</default><label>Won It</label><closed>true</closed><forecastCategory>Closed</forecastCategory><probability>100</probability><won>true</won></standardValue>`),
		"standardValueSets/LeadStatus.standardValueSet-meta.xml": el("StandardValueSet", `
    <standardValue><fullName>MQL</fullName><default>true</default><label>MQL</label><converted>false</converted></standardValue>
    <standardValue><fullName>SQL</fullName><default>false</default><label>SQL</label><converted>true</converted></standardValue>`),
	}))
	noDiagnostics(t, org)
	c := org.GlobalValueSets["colors"]
	if c == nil || c.Label != "Colors" || !c.Sorted || c.Standard || len(c.Values) != 2 || c.Values[0].Label != "Rouge" || !c.Values[0].Default || c.Values[1].Active {
		t.Errorf("global value set %+v", c)
	}
	st := org.StandardValueSets["opportunitystage"].Values[0]
	if !st.Closed || !st.Won || st.Probability != "100" || st.ForecastCategory != "Closed" {
		t.Errorf("stage %+v", st)
	}
	ls := org.StandardValueSets["leadstatus"]
	if !ls.Standard || ls.Builtin || !ls.Values[1].Converted || ls.Values[0].Converted || !ls.Values[0].Default {
		t.Errorf("lead status %+v", ls)
	}
}

func TestDuplicateAndMatchingRules(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"duplicateRules/Contact.No_Dupes.duplicateRule-meta.xml": el("DuplicateRule", `
    <actionOnInsert>Block</actionOnInsert>
    <actionOnUpdate>Allow</actionOnUpdate>
    <duplicateRuleFilter>
        <booleanFilter>1 AND 2</booleanFilter>
        <duplicateRuleFilterItems><field>Automated__c</field><operation>equals</operation><value>false</value><sortOrder>1</sortOrder><table>Contact</table></duplicateRuleFilterItems>
        <duplicateRuleFilterItems><field>Email</field><operation>notEqual</operation><value></value><sortOrder>2</sortOrder><table>Contact</table></duplicateRuleFilterItems>
    </duplicateRuleFilter>
    <duplicateRuleMatchRules><matchRuleSObjectType>Lead</matchRuleSObjectType><matchingRule>Lead_Match</matchingRule><objectMapping/></duplicateRuleMatchRules>
    <isActive>false</isActive>
    <masterLabel>No Dupes</masterLabel>
    <operationsOnUpdate>Alert</operationsOnUpdate>`),
		"matchingRules/Contact.matchingRule-meta.xml": el("MatchingRules", `
    <matchingRules>
        <fullName>Contact.Email_Match</fullName>
        <matchingRuleItems><blankValueBehavior>NullNotAllowed</blankValueBehavior><fieldName>Email</fieldName><matchingMethod>Exact</matchingMethod></matchingRuleItems>
        <matchingRuleItems><blankValueBehavior>MatchBlanks</blankValueBehavior><fieldName>LastName</fieldName><matchingMethod>Exact</matchingMethod></matchingRuleItems>
        <ruleStatus>Active</ruleStatus>
    </matchingRules>
    <matchingRules>
        <fullName>Old_Match</fullName>
        <matchingRuleItems><fieldName>Phone</fieldName></matchingRuleItems>
        <ruleStatus>Inactive</ruleStatus>
    </matchingRules>`),
	}))
	noDiagnostics(t, org)
	d := org.DuplicateRules[0]
	if d.Object != "Contact" || d.Name != "No_Dupes" || d.Label != "No Dupes" || d.Active || d.ActionOnInsert != "Block" || d.ActionOnUpdate != "Allow" ||
		!reflect.DeepEqual(d.OperationsOnUpdate, []string{"Alert"}) || d.OperationsOnInsert != nil || d.BooleanFilter != "1 AND 2" {
		t.Errorf("duplicate rule %+v", d)
	}
	if !reflect.DeepEqual(d.MatchRules, []MatchRuleRef{{Object: "Lead", Rule: "Lead_Match"}}) || !reflect.DeepEqual(d.MatchingRules, []string{"Lead_Match"}) {
		t.Errorf("match rules %+v", d.MatchRules)
	}
	if len(d.FilterItems) != 2 || d.FilterItems[0] != (FilterItem{Field: "Automated__c", Operation: "equals", Value: "false", Table: "Contact"}) {
		t.Errorf("filter items %+v", d.FilterItems)
	}
	if len(org.MatchingRules) != 2 {
		t.Fatalf("matching rules %d", len(org.MatchingRules))
	}
	m := org.MatchingRules[0]
	if m.Object != "Contact" || m.Name != "Email_Match" || !m.Active || !reflect.DeepEqual(m.Fields, []string{"Email", "LastName"}) {
		t.Errorf("matching rule %+v", m)
	}
	if org.MatchingRules[1].Active {
		t.Errorf("inactive rule reported active")
	}
}

func TestAddressSettings(t *testing.T) {
	org := loadFiles(t, map[string]string{
		"src/package.xml": el("Package", ""),
		"src/settings/Address.settings": el("AddressSettings", `
    <countriesAndStates>
        <countries>
            <active>true</active><integrationValue>UAE</integrationValue><isoCode>AE</isoCode><label>United Arab Emirates</label>
            <orgDefault>false</orgDefault><standard>true</standard>
            <states><active>true</active><integrationValue>DUBAI</integrationValue><isoCode>DU</isoCode><label>Dubayy</label><standard>false</standard><visible>false</visible></states>
            <visible>true</visible>
        </countries>
    </countriesAndStates>`),
		"src/settings/Account.settings": el("AccountSettings", "<enableAccountOwnerReport>true</enableAccountOwnerReport>"),
	})
	noDiagnostics(t, org)
	if org.Address == nil || len(org.Address.Countries) != 1 {
		t.Fatalf("address %+v", org.Address)
	}
	c := org.Address.Countries[0]
	if c.ISOCode != "AE" || c.IntegrationValue != "UAE" || c.Label != "United Arab Emirates" || !c.Active || !c.Visible || c.OrgDefault || !c.Standard {
		t.Errorf("country %+v", c)
	}
	s := c.States[0]
	if s.ISOCode != "DU" || s.IntegrationValue != "DUBAI" || s.Label != "Dubayy" || !s.Active || s.Visible || s.Standard || s.Pos.Line != 8 {
		t.Errorf("state %+v", s)
	}
	if org.Stats.Files != 1 {
		t.Errorf("other settings files are not read: %d files", org.Stats.Files)
	}
}

func TestProfilesAndPermissionSets(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"profiles/System Admin%28No Super%29.profile-meta.xml": el("Profile", `
    <custom>true</custom>
    <fieldPermissions><editable>false</editable><field>Account.Secret__c</field><readable>true</readable></fieldPermissions>
    <objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllRecords>true</viewAllRecords></objectPermissions>
    <recordTypeVisibilities><default>true</default><recordType>Account.Business</recordType><visible>true</visible></recordTypeVisibilities>
    <recordTypeVisibilities><default>false</default><recordType>Account.Person</recordType><visible>false</visible></recordTypeVisibilities>
    <userLicense>Salesforce</userLicense>
    <userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>`),
		// Decomposed permission set (beta): parts under permissionsets/<PS>/.
		"permissionsets/Sync/Sync.permissionset-meta.xml":                                   el("PermissionSet", "<label>Sync Set</label><license>Salesforce API Integration</license>"),
		"permissionsets/Sync/fieldPermissions/Lead.Score__c.fieldPermission-meta.xml":       el("FieldPermission", "<editable>true</editable><field>Lead.Score__c</field><readable>true</readable>"),
		"permissionsets/Sync/objectPermissions/Lead.objectPermission-meta.xml":              el("ObjectPermission", "<allowCreate>true</allowCreate><allowEdit>true</allowEdit><allowRead>true</allowRead><object>Lead</object>"),
		"permissionsets/Sync/objectSettings/Contact.objectSettings-meta.xml":                xmlHead + "<PermissionSet><objectPermissions><allowRead>true</allowRead><object>Contact</object></objectPermissions><fieldPermissions><editable>false</editable><field>Contact.Email</field><readable>true</readable></fieldPermissions></PermissionSet>",
		"permissionsets/Sync/Sync.userPermissions-meta.xml":                                 xmlHead + "<PermissionSet><userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions></PermissionSet>",
		"permissionsets/Sync/customPermissions/Bypass.customPermission-meta.xml":            el("CustomPermission", "<enabled>true</enabled><name>Bypass</name>"),
		"permissionsets/Sync/recordTypeVisibilities/Lead.Web.recordTypeVisibility-meta.xml": el("RecordTypeVisibility", "<default>true</default><recordType>Lead.Web</recordType><visible>true</visible>"),
		"permissionsets/Sync/tabSettings/Lead.tabSetting-meta.xml":                          el("TabSetting", "<tab>standard-Lead</tab><visibility>Visible</visibility>"),
		"customPermissions/Bypass.customPermission-meta.xml":                                el("CustomPermission", "<label>Bypass rules</label>"),
	}))
	noDiagnostics(t, org)
	p := org.Profiles["system admin(no super)"]
	if p == nil {
		t.Fatalf("profile names are URL-decoded: %v", org.Profiles)
	}
	if !p.Profile || p.Name != "System Admin(No Super)" || p.License != "Salesforce" || p.Pos.Line != 2 {
		t.Errorf("profile %+v", p)
	}
	if fp := p.Fields["account.secret__c"]; fp == nil || fp.Editable || !fp.Readable || fp.Field != "Account.Secret__c" {
		t.Errorf("field permission %+v", fp)
	}
	if op := p.Objects["account"]; op == nil || op.Create || !op.Edit || !op.Read || !op.ViewAll || op.ModifyAll {
		t.Errorf("object permission %+v", op)
	}
	if p.DefaultRecordTypes["account"] != "Business" || !p.VisibleRecordTypes["account.business"] || p.VisibleRecordTypes["account.person"] {
		t.Errorf("record types %v %v", p.DefaultRecordTypes, p.VisibleRecordTypes)
	}
	if !p.UserPermissions["apienabled"] {
		t.Errorf("user permissions %v", p.UserPermissions)
	}
	ps := org.PermissionSets["sync"]
	if ps == nil {
		t.Fatal("decomposed permission set missing")
	}
	if ps.Label != "Sync Set" || ps.License != "Salesforce API Integration" || ps.Profile || !strings.HasSuffix(ps.Pos.File, "Sync.permissionset-meta.xml") {
		t.Errorf("permission set %+v", ps)
	}
	if fp := ps.Fields["lead.score__c"]; fp == nil || !fp.Editable {
		t.Errorf("decomposed field permission: %+v", ps.Fields)
	}
	if fp := ps.Fields["contact.email"]; fp == nil || fp.Editable {
		t.Errorf("objectSettings field permission: %+v", ps.Fields)
	}
	if ps.Objects["lead"] == nil || !ps.Objects["lead"].Create || ps.Objects["contact"] == nil {
		t.Errorf("object permissions %+v", ps.Objects)
	}
	if !ps.UserPermissions["viewalldata"] || !ps.CustomPermissions["bypass"] || ps.DefaultRecordTypes["lead"] != "Web" {
		t.Errorf("parts: %v %v %v", ps.UserPermissions, ps.CustomPermissions, ps.DefaultRecordTypes)
	}
	parts := loadFiles(t, sfdx(map[string]string{
		"permissionsets/only_parts/objectSettings/Lead.objectSettings-meta.xml": xmlHead + "<PermissionSet><objectPermissions><allowRead>true</allowRead><object>Lead</object></objectPermissions></PermissionSet>",
	}))
	if p := parts.PermissionSets["only_parts"]; p == nil || p.Pos.File != "force-app/main/default/permissionsets/only_parts" || !p.Objects["lead"].Read {
		t.Errorf("permission set known from parts only: %+v", p)
	}
	if len(org.PermissionSets) != 1 {
		t.Errorf("parts must not create permission sets of their own: %v", org.PermissionSets)
	}
	if cp := org.CustomPermissions["bypass"]; cp == nil || cp.Label != "Bypass rules" {
		t.Errorf("custom permission %+v", cp)
	}
}

func TestTriggerHeader(t *testing.T) {
	tests := []struct {
		src          string
		name, object string
		events       []string
		ok           bool
	}{
		{"trigger T on Account (before insert, after update) {}", "T", "Account", []string{"before insert", "after update"}, true},
		{"/** doc */\n// note\nTRIGGER  Lead_Trg  ON  Lead(Before   Insert,\n  AFTER delete /* x */ , after undelete){", "Lead_Trg", "Lead", []string{"before insert", "after delete", "after undelete"}, true},
		{"\ufefftrigger ns_T on ns__Obj__c (after insert) {}", "ns_T", "ns__Obj__c", []string{"after insert"}, true},
		{"public class NotATrigger {}", "", "", nil, false},
		{"trigger Broken on (before insert)", "", "", nil, false},
		{"trigger NoEvents on Account () {}", "", "", nil, false},
	}
	for _, tc := range tests {
		name, object, events, ok := parseTriggerSource(tc.src)
		if ok != tc.ok || (ok && (name != tc.name || object != tc.object || !reflect.DeepEqual(events, tc.events))) {
			t.Errorf("%q: got %q %q %q %v", tc.src, name, object, events, ok)
		}
	}
}

func TestApex(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"triggers/On.trigger":           "trigger On on Contact (before update) { }",
		"triggers/On.trigger-meta.xml":  el("ApexTrigger", "<apiVersion>50.0</apiVersion><status>Active</status>"),
		"triggers/Off.trigger":          "trigger Off on Contact (after insert) { }",
		"triggers/Off.trigger-meta.xml": el("ApexTrigger", "<apiVersion>50.0</apiVersion><status>Inactive</status>"),
		"triggers/sub/NoMeta.trigger":   "trigger NoMeta on Lead (before insert) { }",
		"triggers/Hidden.trigger":       "(hidden)",
		"triggers/Documented.trigger":   "/*\n * Routes Contact events.\n */\ntrigger Documented on Contact (after update) { }",
		"classes/Handler.cls":           "public class Handler { void f(Contact c) { c.addError('no'); } }",
	}))
	noDiagnostics(t, org)
	byName := map[string]*ApexTrigger{}
	for _, tr := range org.Triggers {
		byName[tr.Name] = tr
	}
	if tr := byName["On"]; tr == nil || !tr.Active || tr.Status != "Active" || tr.Object != "Contact" || !reflect.DeepEqual(tr.Events, []string{"before update"}) || tr.Pos.Line != 1 {
		t.Errorf("On: %+v", tr)
	}
	if tr := byName["Off"]; tr == nil || tr.Active || tr.Status != "Inactive" {
		t.Errorf("Off: %+v", tr)
	}
	if tr := byName["Documented"]; tr == nil || tr.Pos.Line != 4 {
		t.Errorf("trigger position is its header line: %+v", tr)
	}
	if tr := byName["NoMeta"]; tr == nil || !tr.Active || tr.Status != "" {
		t.Errorf("a trigger without -meta.xml deploys active: %+v", tr)
	}
	if tr := byName["Hidden"]; tr == nil || !tr.Hidden || tr.Object != "" {
		t.Errorf("hidden: %+v", tr)
	}
	if c := org.Classes["handler"]; c == nil || !strings.Contains(c.Source, "addError") || c.Hidden {
		t.Errorf("class %+v", c)
	}
}

func TestFlows(t *testing.T) {
	t.Run("record-triggered", func(t *testing.T) {
		org := loadFiles(t, sfdx(map[string]string{
			"flows/After_Save.flow-meta.xml": el("Flow", `
    <assignments>
        <name>Prep</name>
        <assignmentItems><assignToReference>acct.Rating</assignToReference><operator>Assign</operator><value><stringValue>Hot</stringValue></value></assignmentItems>
        <assignmentItems><assignToReference>other.Name</assignToReference><operator>Assign</operator><value><stringValue>unsaved</stringValue></value></assignmentItems>
        <assignmentItems><assignToReference>$Record.Description</assignToReference><operator>Assign</operator><value><elementReference>$Record.Name</elementReference></value></assignmentItems>
    </assignments>
    <customErrors>
        <name>Stop</name>
        <customErrorMessages><errorMessage>Nope</errorMessage><fieldSelection>Email</fieldSelection><isFieldError>true</isFieldError></customErrorMessages>
    </customErrors>
    <label>After Save</label>
    <processType>AutoLaunchedFlow</processType>
    <recordUpdates>
        <name>Update_Parent</name>
        <filters><field>Id</field><operator>EqualTo</operator><value><elementReference>$Record.AccountId</elementReference></value></filters>
        <inputAssignments><field>Last_Touch__c</field><value><elementReference>$Flow.CurrentDate</elementReference></value></inputAssignments>
        <object>Account</object>
    </recordUpdates>
    <recordUpdates>
        <name>Save_Acct</name>
        <inputReference>acct</inputReference>
    </recordUpdates>
    <start>
        <object>Contact</object>
        <recordTriggerType>Update</recordTriggerType>
        <triggerType>RecordAfterSave</triggerType>
    </start>
    <status>Draft</status>
    <variables><name>acct</name><dataType>SObject</dataType><isCollection>false</isCollection><objectType>Account</objectType></variables>
    <variables><name>other</name><dataType>SObject</dataType><isCollection>false</isCollection><objectType>Account</objectType></variables>`),
		}))
		noDiagnostics(t, org)
		fl := org.Flows[0]
		if fl.Name != "After_Save" || fl.Label != "After Save" || fl.Active || fl.Status != "Draft" || fl.Object != "Contact" || fl.RecordTriggerType != "Update" || fl.TriggerType != "RecordAfterSave" {
			t.Errorf("flow %+v", fl)
		}
		type w struct{ obj, field, kind, value, vt string }
		var got []w
		for _, x := range fl.FieldWrites {
			got = append(got, w{x.Object, x.Field, x.Kind, x.Value, x.ValueType})
		}
		want := []w{
			{"Account", "Last_Touch__c", "recordUpdate", "$Flow.CurrentDate", "elementReference"},
			{"Account", "Rating", "assignment", "Hot", "stringValue"},
			{"Contact", "Description", "assignment", "$Record.Name", "elementReference"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("writes %+v\nwant %+v", got, want)
		}
		if len(fl.CustomErrors) != 1 || fl.CustomErrors[0].Message != "Nope" || fl.CustomErrors[0].Name != "Stop" {
			t.Errorf("custom errors %+v", fl.CustomErrors)
		}
	})
	t.Run("legacy versions", func(t *testing.T) {
		pb := func(status string) string {
			return el("Flow", `<label>PB</label>
    <processMetadataValues><name>ObjectType</name><value><stringValue>Lead</stringValue></value></processMetadataValues>
    <processMetadataValues><name>TriggerType</name><value><stringValue>onAllChanges</stringValue></value></processMetadataValues>
    <processType>Workflow</processType>
    <recordUpdates><name>A1</name><inputAssignments><field>Status</field><value><stringValue>Working</stringValue></value></inputAssignments><inputReference>myVariable_current</inputReference></recordUpdates>`+status)
		}
		org := loadFiles(t, map[string]string{
			"src/package.xml":                          el("Package", "<version>41.0</version>"),
			"src/flows/PB-1.flow":                      pb(""),
			"src/flows/PB-2.flow":                      pb(""),
			"src/flows/Other-1.flow":                   pb(""),
			"src/flowDefinitions/PB.flowDefinition":    el("FlowDefinition", "<activeVersionNumber>2</activeVersionNumber>"),
			"src/flowDefinitions/Other.flowDefinition": el("FlowDefinition", "<description>deactivated</description>"),
		})
		noDiagnostics(t, org)
		if len(org.Flows) != 3 {
			t.Fatalf("flows %d", len(org.Flows))
		}
		active := map[string]bool{}
		for _, f := range org.Flows {
			active[f.Name+"-"+string(rune('0'+f.Version))] = f.Active
			if f.ProcessType != "Workflow" || f.Object != "Lead" || f.ProcessTriggerType != "onAllChanges" || f.RecordTriggerType != "CreateAndUpdate" || f.TriggerType != "RecordAfterSave" {
				t.Errorf("process builder trigger: %+v", f)
			}
			if len(f.FieldWrites) != 1 || f.FieldWrites[0].Object != "Lead" || f.FieldWrites[0].Field != "Status" {
				t.Errorf("writes %+v", f.FieldWrites)
			}
		}
		if !reflect.DeepEqual(active, map[string]bool{"PB-1": false, "PB-2": true, "Other-1": false}) {
			t.Errorf("active versions %v", active)
		}
	})
}

func TestWorkflows(t *testing.T) {
	org := loadFiles(t, sfdx(map[string]string{
		"workflows/Lead.workflow-meta.xml": el("Workflow", `
    <fieldUpdates><fullName>Null_It</fullName><field>Rating</field><name>Null It</name><operation>Null</operation></fieldUpdates>
    <fieldUpdates><fullName>Owner_Flag</fullName><field>Flag__c</field><literalValue>1</literalValue><operation>Literal</operation><targetObject>Account</targetObject></fieldUpdates>
    <rules><fullName>R1</fullName><active>true</active><formula>ISNEW()</formula><triggerType>onCreateOnly</triggerType><actions><name>Null_It</name><type>FieldUpdate</type></actions><actions><name>Mail</name><type>Alert</type></actions></rules>`),
		// Decomposed workflow (beta).
		"workflows/Case/Case.workflow-meta.xml":                                     el("Workflow", ""),
		"workflows/Case/workflowFieldUpdates/Set_Prio.workflowFieldUpdate-meta.xml": el("WorkflowFieldUpdate", "<fullName>Set_Prio</fullName><field>Priority</field><lookupValue>High</lookupValue><operation>LookupValue</operation>"),
		"workflows/Case/workflowRules/Escalate.workflowRule-meta.xml":               el("WorkflowRule", "<fullName>Escalate</fullName><active>true</active><criteriaItems><field>Case.Origin</field><operation>equals</operation><value>Web</value></criteriaItems><triggerType>onAllChanges</triggerType><actions><name>Set_Prio</name><type>FieldUpdate</type></actions>"),
		"workflows/Case/workflowAlerts/Mail.workflowAlert-meta.xml":                 el("WorkflowAlert", "<fullName>Mail</fullName>"),
	}))
	noDiagnostics(t, org)
	if len(org.Workflows) != 2 {
		t.Fatalf("workflows %d", len(org.Workflows))
	}
	c, l := org.Workflows[0], org.Workflows[1]
	if c.Object != "Case" || len(c.FieldUpdates) != 1 || len(c.Rules) != 1 || !strings.HasSuffix(c.Pos.File, "Case.workflow-meta.xml") {
		t.Fatalf("decomposed workflow %+v", c)
	}
	if fu := c.FieldUpdates[0]; fu.Operation != "LookupValue" || fu.LookupValue != "High" || fu.Field != "Priority" {
		t.Errorf("field update %+v", fu)
	}
	if r := c.Rules[0]; !r.Active || r.CriteriaItems[0] != (FilterItem{Field: "Case.Origin", Operation: "equals", Value: "Web"}) || r.Actions[0] != "Set_Prio" {
		t.Errorf("rule %+v", r)
	}
	if l.Object != "Lead" || len(l.FieldUpdates) != 2 || l.FieldUpdates[0].Operation != "Null" || l.FieldUpdates[1].TargetObject != "Account" {
		t.Errorf("workflow %+v", l)
	}
	if r := l.Rules[0]; r.TriggerType != "onCreateOnly" || r.Formula != "ISNEW()" || !reflect.DeepEqual(r.ActionRefs, []WorkflowActionRef{{Name: "Null_It", Type: "FieldUpdate"}, {Name: "Mail", Type: "Alert"}}) {
		t.Errorf("rule %+v", r)
	}
}

func TestParseNamespace(t *testing.T) {
	tests := map[string]string{
		"npsp__Foo__c":                   "npsp",
		"HubSpot_Inc__Lead__c":           "HubSpot_Inc",
		"Foo__c":                         "",
		"Foo_Bar__c":                     "",
		"npsp__Rule":                     "npsp",
		"SBQQ__RequiredEvaluationEvent":  "SBQQ",
		"Standard_Rule":                  "",
		"Name":                           "",
		"Account.npe01__Home_Address__c": "npe01",
		"npe01__OppPayment__c.Amount__c": "",
		"Loc__Latitude__s":               "",
		"ns__Loc__Longitude__s":          "ns",
		"Foo__History":                   "",
		"pi__Pardot__Share":              "pi",
		"ns__Rel__r":                     "ns",
		"Thing__mdt":                     "",
		"et4ae5__Event__e":               "et4ae5",
		"%%%NAMESPACE%%%Status__c":       "",
		"1bad__Foo__c":                   "",
		"averyveryverylongname__Foo__c":  "",
		"Foo__Bar":                       "Foo",
		"__c":                            "",
	}
	for in, want := range tests {
		if got := ParseNamespace(in); got != want {
			t.Errorf("ParseNamespace(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCumulusTokens: NPSP-style unpackaged bundles use namespace tokens in
// file names and content; they are removed as in an unmanaged deploy.
func TestCumulusTokens(t *testing.T) {
	org := loadFiles(t, map[string]string{
		"unpackaged/config/qa/package.xml": el("Package", "<version>53.0</version>"),
		"unpackaged/config/qa/objects/___NAMESPACE___Address__c.object": el("CustomObject", `
    <fields><fullName>%%%NAMESPACE%%%Seasonal__c</fullName><type>Checkbox</type><defaultValue>false</defaultValue></fields>
    <validationRules><fullName>%%%NAMESPACED_ORG%%%Check</fullName><active>true</active><errorConditionFormula>%%%NAMESPACE%%%Seasonal__c &amp;&amp; ISBLANK(%%%NAMESPACE%%%City__c)</errorConditionFormula><errorMessage>m</errorMessage></validationRules>`),
		"unpackaged/config/qa/profiles/Admin.profile": el("Profile", "<fieldPermissions><editable>true</editable><field>%%%NAMESPACE%%%Address__c.%%%NAMESPACE%%%Seasonal__c</field><readable>true</readable></fieldPermissions>"),
	})
	noDiagnostics(t, org)
	a := org.Object("Address__c")
	if a == nil || a.Field("Seasonal__c") == nil {
		t.Fatalf("tokens not stripped from names: %v", org.Objects)
	}
	r := a.ValidationRules[0]
	if r.Name != "Check" || r.Formula != "Seasonal__c && ISBLANK(City__c)" {
		t.Errorf("rule %+v", r)
	}
	if org.Profiles["admin"].Fields["address__c.seasonal__c"] == nil {
		t.Errorf("profile field permission %v", org.Profiles["admin"].Fields)
	}
}

// TestReferencedPackages: a Force.com IDE "Referenced Packages" folder holds
// installed managed packages without their prefix; the org sees it.
func TestReferencedPackages(t *testing.T) {
	org := loadFiles(t, map[string]string{
		"src/package.xml":                                   el("Package", "<version>41.0</version>"),
		"src/objects/Lead.object":                           el("CustomObject", "<fields><fullName>Own__c</fullName><type>Text</type><length>5</length></fields><fields><fullName>dupe__Score__c</fullName><type>Number</type><label>org copy</label></fields>"),
		"Referenced Packages/Dupe Tool/package.xml":         el("Package", "<fullName>Dupe Tool</fullName><namespacePrefix>dupe</namespacePrefix><version>36.0</version>"),
		"Referenced Packages/Dupe Tool/objects/Lead.object": el("CustomObject", "<fields><fullName>Score__c</fullName><type>Number</type><label>package copy</label></fields>"),
		"Referenced Packages/Dupe Tool/objects/Scenario__c.object": el("CustomObject", `
    <fields><fullName>Target__c</fullName><referenceTo>Rule__c</referenceTo><type>Lookup</type></fields>
    <validationRules><fullName>Need_Target</fullName><active>true</active><errorConditionFormula>ISBLANK(Target__c)</errorConditionFormula><errorMessage>m</errorMessage></validationRules>`),
		"Referenced Packages/Dupe Tool/triggers/DB_Lead.trigger":          "(hidden)",
		"Referenced Packages/Dupe Tool/triggers/DB_Lead.trigger-meta.xml": el("ApexTrigger", "<status>Active</status>"),
	})
	noDiagnostics(t, org)
	if org.Roots[0].Path != "src" || org.Roots[1].Namespace != "dupe" {
		t.Errorf("roots %+v", org.Roots)
	}
	lead := org.Object("Lead")
	if lead.Field("Own__c") == nil || lead.Field("dupe__Score__c") == nil || lead.Field("Score__c") != nil {
		t.Errorf("lead fields %v", lead.FieldOrder)
	}
	if lead.Field("dupe__Score__c").Label != "org copy" || org.Stats.Shadowed != 1 {
		t.Errorf("the org's own copy wins: %q, shadowed %d", lead.Field("dupe__Score__c").Label, org.Stats.Shadowed)
	}
	s := org.Object("dupe__Scenario__c")
	if s == nil || s.Namespace != "dupe" {
		t.Fatalf("package object not prefixed: %v", org.Objects)
	}
	if f := s.Field("dupe__Target__c"); f == nil || f.ReferenceTo[0] != "dupe__Rule__c" {
		t.Errorf("lookup %+v", f)
	}
	if r := s.ValidationRules[0]; r.Name != "dupe__Need_Target" || r.Namespace != "dupe" {
		t.Errorf("rule %+v", r)
	}
	if tr := org.Triggers[0]; tr.Name != "dupe__DB_Lead" || !tr.Hidden || !tr.Active {
		t.Errorf("trigger %+v", tr)
	}
}

func TestForceIgnore(t *testing.T) {
	rules := parseIgnore(`
# comment
**/jsconfig.json
*.dup
/force-app/main/default/profiles/
force-app/**/listViews
!force-app/main/default/profiles/Keep.profile-meta.xml
objects/Temp__c
\#notacomment
trailing   
`)
	tests := []struct {
		path    string
		ignored bool
	}{
		{"force-app/lwc/x/jsconfig.json", true},
		{"jsconfig.json", true},
		{"a/b/c.dup", true},
		{"force-app/main/default/profiles/Admin.profile-meta.xml", true},
		// A file in an excluded folder cannot be re-included (gitignore).
		{"force-app/main/default/profiles/Keep.profile-meta.xml", true},
		{"force-app/main/default/objects/A/listViews/All.listView-meta.xml", true},
		{"force-app/main/default/objects/A/fields/F.field-meta.xml", false},
		{"objects/Temp__c/fields/X.field-meta.xml", true},
		{"force-app/objects/Temp__c/fields/X.field-meta.xml", false},
		{"#notacomment", true},
		{"trailing", true},
		{"force-app/main/default/classes/A.cls", false},
	}
	for _, tc := range tests {
		if got := rules.ignored(tc.path, false); got != tc.ignored {
			t.Errorf("ignored(%q) = %v, want %v", tc.path, got, tc.ignored)
		}
	}
}

func TestDiscovery(t *testing.T) {
	t.Run("manifest only is not a root", func(t *testing.T) {
		org := loadFiles(t, map[string]string{
			"sfdx-project.json": `{"packageDirectories":[{"path":"force-app"}]}`,
			"force-app/main/default/objects/A__c/fields/F__c.field-meta.xml": fieldFile("F__c", "<type>Text</type><length>3</length>"),
			"sfpackages/package.xml": el("Package", "<types><members>A__c</members><name>CustomObject</name></types>"),
			"manifest/package.xml":   el("Package", ""),
		})
		noDiagnostics(t, org)
		if len(org.Roots) != 1 || org.Roots[0].Path != "force-app" {
			t.Errorf("roots %+v", org.Roots)
		}
	})
	t.Run("several package dirs, nested and custom names", func(t *testing.T) {
		org := loadFiles(t, map[string]string{
			"sfdx-project.json":                                              `{"packageDirectories":[{"path":"src/Base"},{"path":"./src/Automation/"},{"path":"missing"}]}`,
			"src/Base/objects/A__c/A__c.object-meta.xml":                     el("CustomObject", "<label>A</label><nameField><label>N</label><type>AutoNumber</type><displayFormat>A-{0}</displayFormat></nameField>"),
			"src/Automation/deep/er/objects/A__c/fields/F__c.field-meta.xml": fieldFile("F__c", "<type>Checkbox</type>"),
		})
		if len(org.Diagnostics) != 1 || !strings.Contains(org.Diagnostics[0].Message, `"missing"`) || org.Diagnostics[0].Pos.File != "sfdx-project.json" {
			t.Errorf("diagnostics %+v", org.Diagnostics)
		}
		a := org.Object("A__c")
		if a == nil || a.Field("F__c") == nil || a.NameField == nil || a.NameField.Type != TypeAutoNumber || a.NameField.Required || !a.NameField.IsCalculated() {
			t.Fatalf("object %+v", a)
		}
		if !reflect.DeepEqual(org.PackageDirs, []string{"src/Base", "src/Automation"}) {
			t.Errorf("package dirs %v", org.PackageDirs)
		}
	})
	t.Run("objects folder without package.xml", func(t *testing.T) {
		org := loadFiles(t, map[string]string{"metadata/objects/B__c.object": el("CustomObject", "<label>B</label>")})
		noDiagnostics(t, org)
		if org.Object("B__c") == nil || org.Roots[0].Path != "metadata" || org.Roots[0].Format != FormatMDAPI {
			t.Errorf("roots %+v objects %v", org.Roots, org.Objects)
		}
	})
	t.Run("source format without sfdx-project.json", func(t *testing.T) {
		org := loadFiles(t, map[string]string{"force-app/main/default/objects/C__c/fields/F__c.field-meta.xml": fieldFile("F__c", "<type>Date</type>")})
		noDiagnostics(t, org)
		if org.Field("C__c", "F__c") == nil || org.Roots[0].Path != "." {
			t.Errorf("roots %+v", org.Roots)
		}
	})
	t.Run("explicit roots", func(t *testing.T) {
		root := writeTree(t, map[string]string{
			"a/objects/D__c/fields/F__c.field-meta.xml": fieldFile("F__c", "<type>Date</type>"),
			"b/package.xml":         el("Package", ""),
			"b/objects/E__c.object": el("CustomObject", "<label>E</label>"),
			"c/objects/G__c.object": el("CustomObject", "<label>G</label>"),
		})
		org := load(t, root, Options{Roots: []string{"a", "b/"}, SkipBuiltin: true})
		if org.Object("D__c") == nil || org.Object("E__c") == nil || org.Object("G__c") != nil {
			t.Errorf("objects %v", org.Objects)
		}
	})
	t.Run("invalid sfdx-project.json", func(t *testing.T) {
		org := loadFiles(t, map[string]string{"sfdx-project.json": "{\n  \"packageDirectories\": [\n    {\"path\": }\n  ]\n}"})
		var found bool
		for _, d := range org.Diagnostics {
			if d.Pos.File == "sfdx-project.json" && d.Pos.Line == 3 && strings.Contains(d.Message, "not valid JSON") {
				found = true
			}
		}
		if !found {
			t.Errorf("diagnostics %+v", org.Diagnostics)
		}
	})
}

func TestBuiltins(t *testing.T) {
	org := load(t, writeTree(t, sfdx(map[string]string{
		"objects/Lead/fields/Status.field-meta.xml":              fieldFile("Status", "<trackHistory>true</trackHistory><type>Picklist</type>"),
		"objects/Lead/fields/Company.field-meta.xml":             fieldFile("Company", "<inlineHelpText>Legal name</inlineHelpText>"),
		"objects/Lead/fields/Title.field-meta.xml":               fieldFile("Title", "<length>60</length><type>Text</type>"),
		"objects/Contact/fields/AccountId.field-meta.xml":        fieldFile("AccountId", "<type>Lookup</type>"),
		"standardValueSets/LeadStatus.standardValueSet-meta.xml": el("StandardValueSet", "<standardValue><fullName>MQL</fullName><default>true</default></standardValue>"),
		"objects/Thing__c/fields/F__c.field-meta.xml":            fieldFile("F__c", "<type>Text</type><length>5</length>"),
	})), Options{})
	noDiagnostics(t, org)
	status := org.Field("Lead", "Status")
	if status.Builtin || status.Pos.Line != 2 || status.Picklist == nil || status.Picklist.StandardValueSet != "LeadStatus" || status.Picklist.Restricted || !status.DefaultedOnCreate || status.Source == "" {
		t.Errorf("Lead.Status %+v %+v", status, status.Picklist)
	}
	if vs := org.PicklistValues(status); len(vs) != 1 || vs[0].FullName != "MQL" {
		t.Errorf("the checkout's LeadStatus wins: %+v", vs)
	}
	company := org.Field("Lead", "Company")
	if company.Type != TypeText || company.Length != 255 || !company.Required || company.InlineHelpText != "Legal name" {
		t.Errorf("Lead.Company %+v", company)
	}
	if title := org.Field("Lead", "Title"); title.Length != 60 {
		t.Errorf("the checkout's length wins: %d", title.Length)
	}
	if last := org.Field("Lead", "LastName"); last == nil || !last.Builtin || !last.Required || last.Length != 80 || last.Pos.File != "" {
		t.Errorf("Lead.LastName %+v", last)
	}
	if acc := org.Field("Contact", "AccountId"); acc.Type != TypeLookup || !reflect.DeepEqual(acc.ReferenceTo, []string{"Account"}) || acc.RelationshipName != "Account" {
		t.Errorf("Contact.AccountId %+v", acc)
	}
	opp := org.Object("Opportunity")
	if opp == nil || !opp.Builtin || !opp.Field("StageName").Required || !opp.Field("CloseDate").Required || !opp.Field("IsWon").ReadOnly {
		t.Fatalf("Opportunity %+v", opp)
	}
	stages := org.PicklistValues(opp.Field("StageName"))
	if len(stages) != 10 || !stages[8].Won || !stages[9].Closed || stages[9].Won {
		t.Errorf("builtin stages %+v", stages)
	}
	if org.StandardValueSets["opportunitystage"] == nil || !org.StandardValueSets["opportunitystage"].Builtin || org.StandardValueSets["leadstatus"].Builtin {
		t.Errorf("standard value sets: builtin only where the checkout has none")
	}
	if c := org.Object("Case"); c.Field("Status") == nil || c.Field("CaseNumber").Type != TypeAutoNumber || !c.Field("CaseNumber").IsCalculated() {
		t.Errorf("Case %+v", c.Field("CaseNumber"))
	}
	if org.Stats.Objects != 3 {
		t.Errorf("Stats.Objects counts the checkout's objects only: %d", org.Stats.Objects)
	}
	if f := org.ResolveField("Thing__c", "CreatedDate"); f == nil || f.Type != TypeDateTime || !f.ReadOnly {
		t.Errorf("system field of a custom object: %+v", f)
	}
	if f := org.ResolveField("User", "Email"); f == nil || f.Length != 128 {
		t.Errorf("User.Email %+v", f)
	}
	if f := org.ResolveField("Thing__c", "Bogus__c"); f != nil {
		t.Errorf("unknown field resolved: %+v", f)
	}
}

func TestStandardField(t *testing.T) {
	tests := []struct {
		object, field string
		typ           FieldType
		length        int
		required      bool
		readOnly      bool
		ref           string
		valueSet      string
	}{
		{"Lead", "LastName", TypeText, 80, true, false, "", ""},
		{"lead", "company", TypeText, 255, true, false, "", ""},
		{"Lead", "Title", TypeText, 128, false, false, "", ""},
		{"Lead", "Status", TypePicklist, 40, false, false, "", "LeadStatus"},
		{"Lead", "Rating", TypePicklist, 40, false, false, "", "AccountRating"},
		{"Lead", "IsConverted", TypeCheckbox, 0, false, true, "", ""},
		{"Lead", "Street", TypeTextArea, 255, false, false, "", ""},
		{"Contact", "MailingPostalCode", TypeText, 20, false, false, "", ""},
		{"Contact", "Salutation", TypePicklist, 40, false, false, "", "Salutation"},
		{"Contact", "ReportsToId", TypeLookup, 0, false, false, "Contact", ""},
		{"Account", "Name", TypeText, 255, true, false, "", ""},
		{"Account", "AccountSource", TypePicklist, 40, false, false, "", "LeadSource"},
		{"Account", "ParentId", TypeLookup, 0, false, false, "Account", ""},
		{"Account", "Description", TypeLongTextArea, 32000, false, false, "", ""},
		{"Opportunity", "Name", TypeText, 120, true, false, "", ""},
		{"Opportunity", "Amount", TypeCurrency, 0, false, false, "", ""},
		{"Opportunity", "IsClosed", TypeCheckbox, 0, false, true, "", ""},
		{"Case", "Subject", TypeText, 255, false, false, "", ""},
		{"Case", "Origin", TypePicklist, 255, false, false, "", "CaseOrigin"},
		{"Case", "SuppliedEmail", TypeEmail, 80, false, false, "", ""},
		{"Case", "ParentId", TypeLookup, 0, false, false, "Case", ""},
		{"Case", "Id", TypeID, 18, false, true, "", ""},
		{"User", "Username", TypeText, 80, true, false, "", ""},
		{"User", "ProfileId", TypeLookup, 0, true, false, "Profile", ""},
		{"RecordType", "DeveloperName", TypeText, 80, true, false, "", ""},
		{"Profile", "Name", TypeText, 255, true, false, "", ""},
		{"Custom__c", "OwnerId", TypeLookup, 0, false, false, "User", ""},
		{"Custom__c", "Name", TypeText, 80, false, false, "", ""},
		{"Campaign", "LastModifiedDate", TypeDateTime, 0, false, true, "", ""},
	}
	for _, tc := range tests {
		f, ok := StandardField(tc.object, tc.field)
		if !ok {
			t.Errorf("%s.%s unknown", tc.object, tc.field)
			continue
		}
		if f.Type != tc.typ || f.Length != tc.length || f.Required != tc.required || f.ReadOnly != tc.readOnly || !f.Builtin || !f.Standard || f.Source == "" {
			t.Errorf("%s.%s = %s len %d req %v ro %v", tc.object, tc.field, f.Type, f.Length, f.Required, f.ReadOnly)
		}
		if tc.ref != "" && (len(f.ReferenceTo) == 0 || f.ReferenceTo[0] != tc.ref) {
			t.Errorf("%s.%s references %v", tc.object, tc.field, f.ReferenceTo)
		}
		if tc.valueSet != "" && (f.Picklist == nil || f.Picklist.StandardValueSet != tc.valueSet) {
			t.Errorf("%s.%s value set %+v", tc.object, tc.field, f.Picklist)
		}
	}
	for _, miss := range [][2]string{{"Case", "Name"}, {"Lead", "Nope"}, {"Campaign", "Name"}} {
		if _, ok := StandardField(miss[0], miss[1]); ok {
			t.Errorf("%s.%s should be unknown", miss[0], miss[1])
		}
	}
	// Copies: changing one must not change the table.
	a, _ := StandardField("Lead", "Company")
	a.Length = 1
	if b, _ := StandardField("Lead", "Company"); b.Length != 255 {
		t.Error("StandardField returned shared state")
	}
	if o, ok := StandardObject("Case"); !ok || !o.Builtin || o.Field("CaseNumber") == nil || o.Field("CreatedDate") == nil {
		t.Errorf("StandardObject(Case) %+v", o)
	}
	if fs := StandardFields("Thing__c"); len(fs) == 0 || fs[0].Name != "Id" {
		t.Errorf("StandardFields(custom) %v", fs)
	}
	for _, name := range []string{"LeadStatus", "LeadSource", "Industry", "AccountType", "OpportunityStage", "OpportunityType", "Salutation", "CaseStatus", "CaseOrigin", "CasePriority", "CaseReason", "CaseType", "AccountRating"} {
		vs, ok := StandardValueSet(name)
		if !ok || !vs.Builtin || !vs.Standard || len(vs.Values) == 0 || vs.Source == "" {
			t.Errorf("built-in value set %s: %+v", name, vs)
		}
	}
	ls, _ := StandardValueSet("leadstatus")
	if !ls.Values[0].Default || !ls.Values[2].Converted {
		t.Errorf("LeadStatus defaults %+v", ls.Values)
	}
}

// TestTextNodes: the fast builder keeps the text of a leaf exactly as
// xmlquery's parser does, around comments and CDATA.
func TestTextNodes(t *testing.T) {
	cases := map[string]string{
		"<a>  </a>":                   "  ",
		"<a> x </a>":                  " x ",
		"<a>  <!--c-->x</a>":          "  x",
		"<a>x<!--c-->  </a>":          "x  ",
		"<a>x <![CDATA[<y>]]> z</a>":  "x <y> z",
		"<a>\r\nx\r\n</a>":            "\nx\n",
		"<a><![CDATA[   ]]></a>":      "   ",
		"<a>&lt;&amp;&#39;&#x41;</a>": "<&'A",
	}
	for in, want := range cases {
		doc, err := newTreeBuilder().build([]byte(in))
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		ref, err := parseWithXMLQuery([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got, refText := nodeText(rootElement(doc)), nodeText(rootElement(ref))
		if got != want || refText != want {
			t.Errorf("%q: fast %q, xmlquery %q, want %q", in, got, refText, want)
		}
	}
}

func TestStripTokens(t *testing.T) {
	cases := map[string]string{
		"":                         "",
		"Plain__c":                 "Plain__c",
		"%%%NAMESPACE%%%Status__c": "Status__c",
		"%%%NAMESPACE%%%A__c.%%%NAMESPACE%%%B__c":         "A__c.B__c",
		"___NAMESPACE___Address__c":                       "Address__c",
		"___NAMESPACED_ORG___X":                           "X",
		"c:%%%NAMESPACE_OR_C%%%":                          "c:c",
		"%%%NAMESPACE_DOT%%%Cls.m()":                      "Cls.m()",
		"50% off __ %%% odd":                              "50% off __ %%% odd",
		"a%%%NAMESPACED_ORG%%%b%%%NAMESPACED_ORG_OR_C%%%": "abc",
	}
	for in, want := range cases {
		if got := stripTokens(in); got != want {
			t.Errorf("stripTokens(%q) = %q, want %q", in, got, want)
		}
	}
}
