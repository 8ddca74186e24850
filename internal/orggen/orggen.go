// Package orggen writes synthetic Salesforce orgs and HubSpot exports of any
// size, for benchmarks and scale tests. fixtures/gen is its command line;
// benchmarks call Generate directly to build orgs in a temporary folder.
//
// The org is in SFDX source format (decomposed objects, one file per field and
// per validation rule) with a realistic mix of field types, picklists with
// values, lookups, validation rules drawn from the shapes real orgs use
// (picklist + blank checks, ISCHANGED/PRIORVALUE, REGEX, CASE, TEXT/VALUE
// conversions, IF returning TRUE/FALSE, operator forms (&&, ||, !), comments,
// multi-line layouts, bypasses through $Profile, $Setup, $Permission and
// $User), profiles and permission sets carrying thousands of
// fieldPermissions (as the largest real ones do: 350 KB permission sets in
// the shared corpora), and the integration's own profile and permission set.
// The HubSpot side has contacts properties mapped to Lead fields, companies
// properties mapped to Account fields and deals properties mapped to
// Opportunity fields (synclint.yaml), and optionally contacts.csv and
// companies.csv exports streamed row by row (memory does not grow with the
// number of records). The same Config gives the same bytes.
package orggen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Config sizes a generated org. Zero fields take the defaults of Defaults.
type Config struct {
	// Out is the folder written; it must be empty or absent.
	Out string
	// Files, when positive, is the approximate number of metadata files:
	// it sets Objects (and, unless given, Profiles and PermissionSets) from
	// Fields and Rules.
	Files int
	// Objects is the number of custom objects besides Lead, Contact,
	// Account and Opportunity.
	Objects int
	// Fields is the number of custom fields per custom object (half as many
	// on the standard objects).
	Fields int
	// Rules is the number of validation rules per object.
	Rules int
	// LeadRules is the number of validation rules on Lead, all reading
	// HubSpot-mapped fields (reachable by the integration).
	LeadRules int
	// Properties is the number of HubSpot contact properties mapped to Lead
	// fields; a fifth as many companies properties map to Account fields and
	// deals properties to Opportunity fields.
	Properties int
	// Records is the number of contact records written to
	// hubspot/records/contacts.csv (0: no export).
	Records int
	// CompanyRecords is the number of company records written to
	// hubspot/records/companies.csv (0: no export).
	CompanyRecords int
	// Profiles and PermissionSets are the numbers of ordinary profiles and
	// permission sets (besides the integration's), each granting field
	// permissions on up to PermissionObjects objects' fields.
	Profiles, PermissionSets, PermissionObjects int
	// Seed seeds the random source.
	Seed uint64
}

// Defaults returns the configuration of `go run ./fixtures/gen` without flags.
func Defaults() Config {
	return Config{Objects: 20, Fields: 60, Rules: 4, LeadRules: 50, Properties: 30, PermissionObjects: 40, Seed: 1}
}

// Stats says what Generate wrote.
type Stats struct {
	// MetadataFiles counts the files under force-app.
	MetadataFiles int
	// Files counts every file written (metadata, sfdx-project.json,
	// synclint.yaml, the HubSpot export).
	Files int
	// Objects, Fields and ValidationRules count the org's components.
	Objects, Fields, ValidationRules int
	// FieldPermissions counts fieldPermissions entries over all profiles
	// and permission sets.
	FieldPermissions int
	// Records counts the record rows written (contacts and companies).
	Records int
}

// Generate writes the org and export c describes.
func Generate(c Config) (Stats, error) {
	if c.Out == "" {
		return Stats{}, fmt.Errorf("orggen: no output folder")
	}
	d := Defaults()
	if c.Fields <= 0 {
		c.Fields = d.Fields
	}
	if c.Rules < 0 {
		c.Rules = 0
	}
	if c.PermissionObjects <= 0 {
		c.PermissionObjects = d.PermissionObjects
	}
	if c.Files > 0 {
		// Fixed part: the standard objects, the bypass setting, the
		// integration profile and permission set, sfdx-project.json.
		if c.Profiles == 0 {
			c.Profiles = 2 + c.Files/5000
		}
		if c.PermissionSets == 0 {
			c.PermissionSets = 2 + c.Files/2500
		}
		std := 4*(1+c.Fields/2) + c.LeadRules + 3*c.Rules + c.Properties + 2*(c.Properties/5)
		fixed := std + 3 + 2 + c.Profiles + c.PermissionSets
		per := 1 + c.Fields + c.Rules
		c.Objects = (c.Files - fixed) / per
		if c.Objects < 1 {
			c.Objects = 1
		}
	}
	if entries, err := os.ReadDir(c.Out); err == nil && len(entries) > 0 {
		return Stats{}, fmt.Errorf("orggen: %s is not empty", c.Out)
	}
	g := &generator{c: c, rng: rand.New(rand.NewPCG(c.Seed, c.Seed^0x5eed)), dirs: map[string]bool{}}
	if err := g.run(); err != nil {
		return g.stats, err
	}
	return g.stats, nil
}

// generator carries the random source and counts what it writes.
type generator struct {
	c     Config
	rng   *rand.Rand
	stats Stats
	dirs  map[string]bool
	// objects lists every object with its fields, for permissions.
	objects []genObject
}

type genObject struct {
	name   string
	fields []genField
}

func (g *generator) run() error {
	if err := g.write("sfdx-project.json", `{"packageDirectories": [{"path": "force-app", "default": true}], "sourceApiVersion": "62.0"}`+"\n"); err != nil {
		return err
	}
	contacts := g.properties("contacts", "gen_prop", "HS_Prop", g.c.Properties)
	companies := g.properties("companies", "gen_company_prop", "HS_Company_Prop", g.c.Properties/5)
	deals := g.properties("deals", "gen_deal_prop", "HS_Deal_Prop", g.c.Properties/5)
	mapped := map[string][]hsProperty{"Lead": contacts, "Account": companies, "Opportunity": deals}
	for _, std := range []string{"Lead", "Contact", "Account", "Opportunity"} {
		if err := g.object(std, false, mapped[std]); err != nil {
			return err
		}
	}
	for i := 0; i < g.c.Objects; i++ {
		if err := g.object(fmt.Sprintf("Gen_Object_%04d__c", i), true, nil); err != nil {
			return err
		}
	}
	if err := g.bypassSetting(); err != nil {
		return err
	}
	if err := g.permissions(contacts, companies, deals); err != nil {
		return err
	}
	return g.hubspot(contacts, companies, deals)
}

func (g *generator) write(rel, content string) error {
	p := filepath.Join(g.c.Out, filepath.FromSlash(rel))
	if dir := filepath.Dir(p); !g.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		g.dirs[dir] = true
	}
	g.stats.Files++
	return os.WriteFile(p, []byte(content), 0o644)
}

func (g *generator) meta(rel, content string) error {
	g.stats.MetadataFiles++
	return g.write("force-app/main/default/"+rel, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+content)
}

// fieldKind is one generated field type with its relative frequency,
// roughly the mix measured over the real corpora (salesforce-metadata.md §3.1).
type fieldKind struct {
	typ    string
	weight int
}

var fieldMix = []fieldKind{
	{"Text", 30}, {"Picklist", 18}, {"Checkbox", 12}, {"Number", 8}, {"Date", 7},
	{"Lookup", 6}, {"Currency", 4}, {"LongTextArea", 4}, {"DateTime", 3}, {"MultiselectPicklist", 2},
	{"Email", 2}, {"Phone", 1}, {"Url", 1}, {"Percent", 1}, {"TextArea", 1},
}

func (g *generator) kind() string {
	total := 0
	for _, k := range fieldMix {
		total += k.weight
	}
	n := g.rng.IntN(total)
	for _, k := range fieldMix {
		if n < k.weight {
			return k.typ
		}
		n -= k.weight
	}
	return "Text"
}

// genField is a generated field, kept to draw validation rules from.
type genField struct {
	name, typ string
	values    []string
}

var words = []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa"}

func (g *generator) fieldXML(f genField, required bool) string {
	var b strings.Builder
	b.WriteString(`<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n")
	fmt.Fprintf(&b, "    <fullName>%s</fullName>\n", f.name)
	if f.typ == "Checkbox" {
		b.WriteString("    <defaultValue>false</defaultValue>\n")
	}
	if g.rng.IntN(3) == 0 {
		fmt.Fprintf(&b, "    <description>%s field kept for the %s team; see the data dictionary before changing it.</description>\n",
			words[g.rng.IntN(len(words))], words[g.rng.IntN(len(words))])
	}
	fmt.Fprintf(&b, "    <externalId>false</externalId>\n")
	fmt.Fprintf(&b, "    <label>%s</label>\n", strings.ReplaceAll(strings.TrimSuffix(f.name, "__c"), "_", " "))
	switch f.typ {
	case "Text":
		fmt.Fprintf(&b, "    <length>%d</length>\n", []int{20, 40, 80, 120, 255}[g.rng.IntN(5)])
	case "LongTextArea":
		b.WriteString("    <length>32768</length>\n    <visibleLines>3</visibleLines>\n")
	case "Number", "Currency", "Percent":
		fmt.Fprintf(&b, "    <precision>%d</precision>\n    <scale>%d</scale>\n", 18, g.rng.IntN(3))
	case "Lookup":
		b.WriteString("    <deleteConstraint>SetNull</deleteConstraint>\n    <referenceTo>Account</referenceTo>\n")
		fmt.Fprintf(&b, "    <relationshipLabel>%s</relationshipLabel>\n", strings.ReplaceAll(strings.TrimSuffix(f.name, "__c"), "_", " "))
		fmt.Fprintf(&b, "    <relationshipName>%s</relationshipName>\n", strings.TrimSuffix(f.name, "__c")+"s")
	}
	if f.typ != "Checkbox" && f.typ != "LongTextArea" {
		fmt.Fprintf(&b, "    <required>%t</required>\n", required)
	}
	b.WriteString("    <trackFeedHistory>false</trackFeedHistory>\n    <trackHistory>false</trackHistory>\n")
	fmt.Fprintf(&b, "    <type>%s</type>\n", f.typ)
	if len(f.values) > 0 {
		b.WriteString("    <valueSet>\n")
		if g.rng.IntN(2) == 0 {
			b.WriteString("        <restricted>true</restricted>\n")
		}
		b.WriteString("        <valueSetDefinition>\n            <sorted>false</sorted>\n")
		for _, v := range f.values {
			fmt.Fprintf(&b, "            <value>\n                <fullName>%s</fullName>\n                <default>false</default>\n                <label>%s</label>\n            </value>\n", v, v)
		}
		b.WriteString("        </valueSetDefinition>\n    </valueSet>\n")
	}
	if f.typ == "MultiselectPicklist" {
		b.WriteString("    <visibleLines>4</visibleLines>\n")
	}
	b.WriteString("</CustomField>\n")
	return b.String()
}

func (g *generator) object(name string, custom bool, props []hsProperty) error {
	dir := "objects/" + name + "/"
	obj := `<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n"
	if custom {
		obj += "    <deploymentStatus>Deployed</deploymentStatus>\n    <enableActivities>true</enableActivities>\n" +
			"    <label>" + strings.ReplaceAll(strings.TrimSuffix(name, "__c"), "_", " ") + "</label>\n" +
			"    <nameField>\n        <label>Name</label>\n        <trackHistory>false</trackHistory>\n        <type>Text</type>\n    </nameField>\n" +
			"    <pluralLabel>" + name + "s</pluralLabel>\n    <searchLayouts/>\n    <sharingModel>ReadWrite</sharingModel>\n"
	}
	obj += "</CustomObject>\n"
	if err := g.meta(dir+name+".object-meta.xml", obj); err != nil {
		return err
	}
	g.stats.Objects++
	var fields []genField
	for _, p := range props {
		fields = append(fields, p.field)
	}
	n := g.c.Fields
	if !custom {
		n = g.c.Fields / 2
	}
	for i := 0; i < n; i++ {
		f := genField{name: fmt.Sprintf("Gen_Field_%04d__c", i), typ: g.kind()}
		if f.typ == "Picklist" || f.typ == "MultiselectPicklist" {
			k := 3 + g.rng.IntN(8)
			for j := 0; j < k; j++ {
				f.values = append(f.values, words[(i+j)%len(words)]+fmt.Sprint(j))
			}
		}
		fields = append(fields, f)
	}
	for _, f := range fields {
		if err := g.meta(dir+"fields/"+f.name+".field-meta.xml", g.fieldXML(f, g.rng.IntN(40) == 0)); err != nil {
			return err
		}
		g.stats.Fields++
	}
	g.objects = append(g.objects, genObject{name: name, fields: fields})
	nRules := g.c.Rules
	if name == "Lead" {
		nRules = g.c.LeadRules
	}
	for i := 0; i < nRules; i++ {
		src := fields
		if len(props) > 0 && (name == "Lead" || i%2 == 0) {
			// Lead's rules (and half of Account's and Opportunity's)
			// read fields HubSpot writes.
			src = fields[:len(props)]
		}
		rule := `<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n" +
			fmt.Sprintf("    <fullName>Gen_Rule_%04d</fullName>\n", i) +
			"    <active>true</active>\n" +
			"    <description>Generated rule " + fmt.Sprint(i) + " on " + name + ".</description>\n" +
			"    <errorConditionFormula>" + xmlEscape(g.ruleFormula(src)) + "</errorConditionFormula>\n" +
			errorDisplayField(g, src) +
			"    <errorMessage>Generated rule " + fmt.Sprint(i) + " failed.</errorMessage>\n" +
			"</ValidationRule>\n"
		if err := g.meta(fmt.Sprintf("%svalidationRules/Gen_Rule_%04d.validationRule-meta.xml", dir, i), rule); err != nil {
			return err
		}
		g.stats.ValidationRules++
	}
	return nil
}

func errorDisplayField(g *generator, fields []genField) string {
	if len(fields) == 0 {
		return ""
	}
	return "    <errorDisplayField>" + fields[g.rng.IntN(len(fields))].name + "</errorDisplayField>\n"
}

// ruleFormula draws a validation rule from the shapes real orgs use
// (formula-language.md §7 counts; shared/corpora/formulas): picklist +
// blank, change-only rules with PRIORVALUE, length and number limits, REGEX
// formats, CASE and TEXT/VALUE conversions, IF returning TRUE/FALSE,
// operator forms, comments and multi-line layouts, and the bypass idioms.
func (g *generator) ruleFormula(fields []genField) string {
	if len(fields) == 0 {
		return "AND(ISNEW(), ISBLANK(Name))"
	}
	pick := func(typ ...string) *genField {
		for tries := 0; tries < 50; tries++ {
			f := &fields[g.rng.IntN(len(fields))]
			for _, t := range typ {
				if f.typ == t {
					return f
				}
			}
		}
		return nil
	}
	blankable := func() string {
		if f := pick("Text", "Number", "Date", "Email", "Phone", "Currency"); f != nil {
			return "ISBLANK(" + f.name + ")"
		}
		return "ISNEW()"
	}
	bypass := []string{
		"$Profile.Name <> 'System Administrator'",
		"NOT($Setup.Integration_Settings__c.Bypass_Validation__c)",
		"NOT($Permission.Bypass_Validation_Rules)",
		"$User.Username <> 'etl@example.com'",
	}[g.rng.IntN(4)]
	switch g.rng.IntN(12) {
	case 0:
		if f := pick("Picklist"); f != nil && len(f.values) > 0 {
			return fmt.Sprintf("AND(ISPICKVAL(%s, '%s'), %s)", f.name, f.values[0], blankable())
		}
	case 1:
		if f := pick("Text", "Picklist", "Number"); f != nil {
			return fmt.Sprintf("AND(NOT(ISNEW()), ISCHANGED(%s), %s)", f.name, bypass)
		}
	case 2:
		if f := pick("Text"); f != nil {
			return fmt.Sprintf("AND(%s, LEN(%s) > 10)", bypass, f.name)
		}
	case 3:
		if f := pick("Text", "Phone"); f != nil {
			return fmt.Sprintf("AND(NOT(ISBLANK(%s)), NOT(REGEX(%s, \"[0-9]{5}(-[0-9]{4})?\")))", f.name, f.name)
		}
	case 4:
		if f := pick("Number", "Currency"); f != nil {
			return fmt.Sprintf("%s > 100000 && %s", f.name, blankable())
		}
	case 5:
		if f := pick("Date"); f != nil {
			return fmt.Sprintf("AND(NOT(ISBLANK(%s)), %s < TODAY() - 365, %s)", f.name, f.name, bypass)
		}
	case 6:
		if f := pick("MultiselectPicklist"); f != nil && len(f.values) > 0 {
			return fmt.Sprintf("AND(INCLUDES(%s, '%s'), %s)", f.name, f.values[0], blankable())
		}
	case 7:
		// A change-only rule on a picklist, multi-line, with PRIORVALUE.
		if f := pick("Picklist"); f != nil && len(f.values) > 1 {
			return fmt.Sprintf("AND(\n    %s,\n    ISCHANGED( %s ),\n    OR( ISPICKVAL(%s, '%s'),\n        ISPICKVAL(%s, '%s') ),\n    NOT(ISPICKVAL(PRIORVALUE(%s), '%s'))\n)",
				bypass, f.name, f.name, f.values[0], f.name, f.values[1], f.name, f.values[0])
		}
	case 8:
		// TEXT() of a picklist compared in an OR chain, operator forms.
		if f := pick("Picklist"); f != nil && len(f.values) > 2 {
			return fmt.Sprintf("!ISNEW() && (TEXT(%s) = '%s' || TEXT(%s) = '%s') && %s", f.name, f.values[1], f.name, f.values[2], blankable())
		}
	case 9:
		// IF returning TRUE/FALSE around a CASE, with a comment.
		if f := pick("Picklist"); f != nil && len(f.values) > 1 {
			if n := pick("Number", "Currency", "Percent"); n != nil {
				return fmt.Sprintf("/* limits per tier */\nIF(\n  AND(%s, NOT(ISBLANK(%s))),\n  %s > CASE(%s, '%s', 1000, '%s', 5000, 100000),\n  FALSE\n)",
					bypass, n.name, n.name, f.name, f.values[0], f.values[1])
			}
		}
	case 10:
		// VALUE of a text field, guarded, with LEFT/BEGINS.
		if f := pick("Text"); f != nil {
			return fmt.Sprintf("AND(\n  NOT(ISBLANK(%s)),\n  OR(\n    BEGINS(%s, 'TEST'),\n    AND(ISNUMBER(LEFT(%s, 3)), VALUE(LEFT(%s, 3)) < 100)\n  )\n)", f.name, f.name, f.name, f.name)
		}
	case 11:
		// Email or phone format rule with a bypass and ISCHANGED.
		if f := pick("Email", "Phone", "Text"); f != nil {
			return fmt.Sprintf("AND(\n  %s,\n  OR(ISNEW(), ISCHANGED(%s)),\n  NOT(ISBLANK(%s)),\n  NOT(REGEX(%s, \"[a-zA-Z0-9._%%+-]+@[a-zA-Z0-9.-]+\\\\.[a-zA-Z]{2,}\"))\n)", bypass, f.name, f.name, f.name)
		}
	}
	return "AND(ISNEW(), " + blankable() + ")"
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// hsProperty pairs a HubSpot property with the Salesforce field it maps to.
type hsProperty struct {
	object, name, typ, fieldType string
	options                      []string
	field                        genField
}

func (g *generator) properties(object, prefix, fieldPrefix string, n int) []hsProperty {
	var out []hsProperty
	kinds := []struct{ typ, fieldType, sf string }{
		{"string", "text", "Text"}, {"enumeration", "select", "Picklist"}, {"number", "number", "Number"},
		{"datetime", "date", "Date"}, {"string", "text", "Email"}, {"bool", "booleancheckbox", "Checkbox"},
		{"enumeration", "checkbox", "MultiselectPicklist"}, {"string", "phonenumber", "Phone"},
	}
	for i := 0; i < n; i++ {
		k := kinds[i%len(kinds)]
		p := hsProperty{object: object, name: fmt.Sprintf("%s_%03d", prefix, i), typ: k.typ, fieldType: k.fieldType}
		p.field = genField{name: fmt.Sprintf("%s_%03d__c", fieldPrefix, i), typ: k.sf}
		if k.typ == "enumeration" {
			for j := 0; j < 6; j++ {
				p.options = append(p.options, words[(i+j)%len(words)])
			}
			// The Salesforce picklist lacks the last option: realistic drift.
			p.field.values = append([]string(nil), p.options[:5]...)
		}
		out = append(out, p)
	}
	return out
}

// bypassSetting writes the hierarchy custom setting and the custom
// permission the generated rules' bypass clauses reference.
func (g *generator) bypassSetting() error {
	if err := g.meta("objects/Integration_Settings__c/Integration_Settings__c.object-meta.xml",
		`<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">`+"\n    <customSettingsType>Hierarchy</customSettingsType>\n    <label>Integration Settings</label>\n    <visibility>Public</visibility>\n</CustomObject>\n"); err != nil {
		return err
	}
	if err := g.meta("objects/Integration_Settings__c/fields/Bypass_Validation__c.field-meta.xml",
		`<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">`+"\n    <fullName>Bypass_Validation__c</fullName>\n    <defaultValue>false</defaultValue>\n    <label>Bypass Validation</label>\n    <type>Checkbox</type>\n</CustomField>\n"); err != nil {
		return err
	}
	return g.meta("customPermissions/Bypass_Validation_Rules.customPermission-meta.xml",
		`<CustomPermission xmlns="http://soap.sforce.com/2006/04/metadata">`+"\n    <isLicensed>false</isLicensed>\n    <label>Bypass Validation Rules</label>\n</CustomPermission>\n")
}

// permissions writes the integration user's profile and permission set
// (edit access on most mapped fields, some withheld: realistic AU03 drift)
// and the org's other profiles and permission sets, each granting access to
// every field of a random selection of objects, as full retrieves do.
func (g *generator) permissions(groups ...[]hsProperty) error {
	var b strings.Builder
	b.WriteString(`<Profile xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n    <custom>true</custom>\n")
	i := 0
	for _, props := range groups {
		for _, p := range props {
			obj := map[string]string{"contacts": "Lead", "companies": "Account", "deals": "Opportunity"}[p.object]
			fmt.Fprintf(&b, "    <fieldPermissions>\n        <editable>%t</editable>\n        <field>%s.%s</field>\n        <readable>true</readable>\n    </fieldPermissions>\n", i%7 != 0, obj, p.field.name)
			g.stats.FieldPermissions++
			i++
		}
	}
	for _, obj := range []string{"Account", "Lead", "Opportunity"} {
		fmt.Fprintf(&b, "    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>%s</object>\n        <viewAllRecords>true</viewAllRecords>\n    </objectPermissions>\n", obj)
	}
	b.WriteString("    <userLicense>Salesforce</userLicense>\n</Profile>\n")
	if err := g.meta("profiles/Integration User.profile-meta.xml", b.String()); err != nil {
		return err
	}
	if err := g.meta("permissionsets/HubSpot_Integration.permissionset-meta.xml",
		`<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">`+"\n    <hasActivationRequired>false</hasActivationRequired>\n    <label>HubSpot Integration</label>\n</PermissionSet>\n"); err != nil {
		return err
	}
	for i := 0; i < g.c.Profiles; i++ {
		if err := g.meta(fmt.Sprintf("profiles/Gen Profile %03d.profile-meta.xml", i), g.holderXML("Profile", i)); err != nil {
			return err
		}
	}
	for i := 0; i < g.c.PermissionSets; i++ {
		if err := g.meta(fmt.Sprintf("permissionsets/Gen_Permission_Set_%03d.permissionset-meta.xml", i), g.holderXML("PermissionSet", i)); err != nil {
			return err
		}
	}
	return nil
}

// holderXML is a profile or permission set granting read (and mostly edit)
// access to every field of up to PermissionObjects random objects, in the
// alphabetical order the Metadata API retrieves them in.
func (g *generator) holderXML(root string, i int) string {
	var b strings.Builder
	b.WriteString("<" + root + ` xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n")
	if root == "Profile" {
		b.WriteString("    <custom>true</custom>\n")
	} else {
		fmt.Fprintf(&b, "    <description>Generated permission set %d.</description>\n    <hasActivationRequired>false</hasActivationRequired>\n", i)
	}
	n := g.c.PermissionObjects
	if n > len(g.objects) {
		n = len(g.objects)
	}
	chosen := g.rng.Perm(len(g.objects))[:n]
	// Sorting by index keeps object names in order: objects are generated
	// in name order within the standard and the custom groups.
	sortInts(chosen)
	for _, k := range chosen {
		o := g.objects[k]
		for _, f := range o.fields {
			fmt.Fprintf(&b, "    <fieldPermissions>\n        <editable>%t</editable>\n        <field>%s.%s</field>\n        <readable>true</readable>\n    </fieldPermissions>\n", g.rng.IntN(5) != 0, o.name, f.name)
			g.stats.FieldPermissions++
		}
	}
	if root == "Profile" {
		fmt.Fprintf(&b, "    <label>Gen Profile %03d</label>\n", i)
	} else {
		fmt.Fprintf(&b, "    <label>Gen Permission Set %03d</label>\n", i)
	}
	for _, k := range chosen {
		fmt.Fprintf(&b, "    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>%s</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n", g.objects[k].name)
	}
	if root == "Profile" {
		b.WriteString("    <userLicense>Salesforce</userLicense>\n")
	}
	b.WriteString("    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiEnabled</name>\n    </userPermissions>\n")
	b.WriteString("</" + root + ">\n")
	return b.String()
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

var stdContactProps = []string{"firstname", "lastname", "email", "company", "phone", "city", "state", "country", "jobtitle"}
var stdCompanyProps = []string{"name", "domain", "phone", "city", "state", "country", "industry"}
var stdDealProps = []string{"dealname", "amount", "closedate", "dealstage", "pipeline"}

func (g *generator) hubspot(contacts, companies, deals []hsProperty) error {
	for _, o := range []struct {
		name  string
		std   []string
		props []hsProperty
	}{{"contacts", stdContactProps, contacts}, {"companies", stdCompanyProps, companies}, {"deals", stdDealProps, deals}} {
		if err := g.propertiesJSON(o.name, o.std, o.props); err != nil {
			return err
		}
	}
	var cfg strings.Builder
	cfg.WriteString("hubspot: hubspot\nintegrationUsers: [integration@example.com]\ncontactsCreate: Lead\nsync: {companies: true, deals: true, tickets: false}\nintegrationProfile: Integration User\nintegrationPermissionSets: [HubSpot_Integration]\nmappings:\n")
	for _, props := range [][]hsProperty{contacts, companies, deals} {
		for _, p := range props {
			obj := map[string]string{"contacts": "Lead", "companies": "Account", "deals": "Opportunity"}[p.object]
			fmt.Fprintf(&cfg, "  - hubspot: %s.%s\n    salesforce: [%s.%s]\n    rule: two-way\n", p.object, p.name, obj, p.field.name)
		}
	}
	if err := g.write("synclint.yaml", cfg.String()); err != nil {
		return err
	}
	if g.c.Records > 0 {
		if err := g.recordFile("contacts", g.c.Records, stdContactProps, contacts); err != nil {
			return err
		}
	}
	if g.c.CompanyRecords > 0 {
		if err := g.recordFile("companies", g.c.CompanyRecords, stdCompanyProps, companies); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) propertiesJSON(object string, std []string, props []hsProperty) error {
	var results []map[string]any
	for _, n := range std {
		typ, ft := "string", "text"
		switch n {
		case "amount":
			typ, ft = "number", "number"
		case "closedate":
			typ, ft = "datetime", "date"
		}
		results = append(results, map[string]any{"name": n, "label": n, "type": typ, "fieldType": ft, "options": []any{}, "hubspotDefined": true})
	}
	for _, p := range props {
		opts := []map[string]any{}
		for i, o := range p.options {
			opts = append(opts, map[string]any{"label": o, "value": o, "displayOrder": i, "hidden": false})
		}
		if p.typ == "bool" {
			opts = []map[string]any{{"label": "Yes", "value": "true", "displayOrder": 0, "hidden": false}, {"label": "No", "value": "false", "displayOrder": 1, "hidden": false}}
		}
		results = append(results, map[string]any{"name": p.name, "label": p.name, "type": p.typ, "fieldType": p.fieldType, "options": opts})
	}
	js, err := json.MarshalIndent(map[string]any{"results": results}, "", "  ")
	if err != nil {
		return err
	}
	return g.write("hubspot/properties/"+object+".json", string(js)+"\n")
}

func (g *generator) recordFile(object string, rows int, std []string, props []hsProperty) error {
	p := filepath.Join(g.c.Out, "hubspot", "records", object+".csv")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	g.stats.Files++
	w := bufio.NewWriterSize(f, 1<<20)
	if err := g.records(w, object, rows, std, props); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	g.stats.Records += rows
	return f.Close()
}

// records streams a record export: mostly clean values with the dirt real
// portals carry (blanks, over-long text, bad emails, unknown options, a
// quoted value with a comma, a multi-line note).
func (g *generator) records(w io.Writer, object string, rows int, std []string, props []hsProperty) error {
	header := append([]string{"hs_object_id"}, std...)
	for _, p := range props {
		header = append(header, p.name)
	}
	if _, err := io.WriteString(w, strings.Join(header, ",")+"\n"); err != nil {
		return err
	}
	row := make([]string, len(header))
	base := 100000000
	if object == "companies" {
		base = 200000000
	}
	for i := 0; i < rows; i++ {
		row[0] = fmt.Sprint(base + i)
		first, last := words[g.rng.IntN(len(words))], words[g.rng.IntN(len(words))]
		for j, name := range std {
			row[1+j] = g.stdValue(name, first, last, i)
		}
		for j, p := range props {
			row[1+len(std)+j] = g.value(p)
		}
		if _, err := io.WriteString(w, strings.Join(row, ",")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) stdValue(name, first, last string, i int) string {
	switch name {
	case "firstname":
		return first
	case "lastname":
		if g.rng.IntN(50) == 0 {
			return ""
		}
		return last
	case "email":
		if g.rng.IntN(200) == 0 {
			return "not-an-email"
		}
		return strings.ToLower(first+"."+last) + fmt.Sprint(i) + "@example.com"
	case "company", "name":
		if g.rng.IntN(100) == 0 {
			return `"` + last + `, Inc."` // a quoted value with a comma
		}
		return last + " Inc"
	case "domain":
		return strings.ToLower(last) + fmt.Sprint(i) + ".example.com"
	case "phone":
		return fmt.Sprintf("+1%010d", g.rng.IntN(1e10))
	case "city":
		return "Springfield"
	case "state":
		return "IL"
	case "country":
		return "United States"
	case "jobtitle":
		if g.rng.IntN(500) == 0 {
			return "\"Engineer\nand team lead\"" // a quoted value over two lines
		}
		return "Engineer"
	case "industry":
		return []string{"COMPUTER_SOFTWARE", "RETAIL", "", "FINANCIAL_SERVICES"}[g.rng.IntN(4)]
	}
	return ""
}

func (g *generator) value(p hsProperty) string {
	if g.rng.IntN(5) == 0 {
		return ""
	}
	switch p.typ {
	case "enumeration":
		if p.fieldType == "checkbox" {
			return p.options[g.rng.IntN(len(p.options))] + ";" + p.options[g.rng.IntN(len(p.options))]
		}
		return p.options[g.rng.IntN(len(p.options))]
	case "number":
		return fmt.Sprint(g.rng.IntN(500000))
	case "datetime":
		return fmt.Sprint(1600000000000 + g.rng.Int64N(1e11))
	case "bool":
		return []string{"true", "false"}[g.rng.IntN(2)]
	}
	switch {
	case p.fieldType == "phonenumber":
		return fmt.Sprintf("+4420%08d", g.rng.IntN(1e8))
	case p.field.typ == "Email":
		if g.rng.IntN(100) == 0 {
			return "n/a"
		}
		return strings.ToLower(words[g.rng.IntN(len(words))]) + fmt.Sprint(g.rng.IntN(1e6)) + "@example.org"
	}
	if g.rng.IntN(100) == 0 {
		return strings.Repeat("x", 300)
	}
	return words[g.rng.IntN(len(words))] + " " + words[g.rng.IntN(len(words))]
}
