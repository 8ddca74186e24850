package orgschema

import (
	"testing"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

func testOrg() *metadata.Org {
	obj := func(name string, builtin bool, fields ...*metadata.Field) *metadata.Object {
		o := &metadata.Object{Name: name, Builtin: builtin, Fields: map[string]*metadata.Field{}}
		for _, f := range fields {
			f.Object = name
			o.Fields[lower(f.Name)] = f
			o.FieldOrder = append(o.FieldOrder, lower(f.Name))
		}
		return o
	}
	return &metadata.Org{Namespace: "ns", Objects: map[string]*metadata.Object{
		"opportunity": obj("Opportunity", false,
			&metadata.Field{Name: "StageName", Standard: true},
			&metadata.Field{Name: "Amount", Type: metadata.TypeCurrency, Standard: true},
			&metadata.Field{Name: "Discount__c", Type: metadata.TypePercent},
			&metadata.Field{Name: "Partner__c", Type: metadata.TypeLookup, ReferenceTo: []string{"Account"}, RelationshipName: "Partner"},
			&metadata.Field{Name: "Kind__c", Type: metadata.TypePicklist, Picklist: &metadata.Picklist{Values: []metadata.PicklistValue{{FullName: "New"}, {FullName: "Renewal"}}}},
			&metadata.Field{Name: "Tags__c", Type: metadata.TypeMultiselectPicklist},
			&metadata.Field{Name: "Count__c", Type: metadata.TypeSummary, SummaryOperation: "count"},
		),
		"account":      obj("Account", false, &metadata.Field{Name: "Name", Type: metadata.TypeText, Standard: true}),
		"ns__thing__c": obj("ns__Thing__c", false, &metadata.Field{Name: "ns__Status__c", Type: metadata.TypeText}, &metadata.Field{Name: "ns__Parent__c", Type: metadata.TypeLookup, ReferenceTo: []string{"Account"}, RelationshipName: "ns__Parent"}),
		"task":         obj("Task", false, &metadata.Field{Name: "Subject", Type: metadata.TypePicklist, Standard: true}),
		"user":         obj("User", true),
	}}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func TestField(t *testing.T) {
	s := New(testOrg())
	for _, c := range []struct {
		object, field string
		ok            bool
		typ           formula.Type
		kind          string
	}{
		{"Opportunity", "amount", true, formula.TypeNumber, "Currency"},
		{"opportunity", "Discount__c", true, formula.TypeNumber, "Percent"},
		{"Opportunity", "StageName", true, formula.TypePicklist, "Picklist"}, // no <type> in the file: fallback table
		{"Opportunity", "Kind__c", true, formula.TypePicklist, "Picklist"},
		{"Opportunity", "Tags__c", true, formula.TypeMultiPicklist, "MultiselectPicklist"},
		{"Opportunity", "Partner__c", true, formula.TypeText, "Lookup"},
		{"Opportunity", "Count__c", true, formula.TypeNumber, "Summary"},
		{"Opportunity", "CreatedDate", true, formula.TypeDateTime, "DateTime"}, // system field
		{"Opportunity", "Missing__c", false, 0, ""},
		{"Opportunity", "NoSuchStandard", false, 0, ""},
		{"ns__Thing__c", "Status__c", true, formula.TypeText, "Text"}, // package-internal name
		{"Task", "Subject", true, formula.TypeText, "Combobox"},
		{"User", "Username", true, formula.TypeText, "Text"},
	} {
		fi, ok := s.Field(c.object, c.field)
		if ok != c.ok || (ok && (fi.Type != c.typ || fi.Kind != c.kind)) {
			t.Errorf("Field(%s, %s) = %+v, %v; want %v %s %s", c.object, c.field, fi, ok, c.ok, c.typ, c.kind)
		}
	}
	if fi, _ := s.Field("Opportunity", "Kind__c"); len(fi.Values) != 2 {
		t.Errorf("picklist values %v", fi.Values)
	}
}

func TestObjectAndRelationship(t *testing.T) {
	s := New(testOrg())
	if name, ok := s.Object("OPPORTUNITY"); !ok || name != "Opportunity" {
		t.Errorf("Object: %q %v", name, ok)
	}
	if _, ok := s.Object("User"); ok {
		t.Errorf("a built-in-only object must not count as described by the checkout")
	}
	for _, c := range []struct {
		object, rel, want string
		ok                bool
	}{
		{"Opportunity", "Partner__r", "Account", true},
		{"Opportunity", "Owner", "User", true},
		{"Opportunity", "CreatedBy", "User", true},
		{"Opportunity", "RecordType", "RecordType", true},
		{"Opportunity", "Account", "Account", true},
		{"Account", "Parent", "Account", true},
		{"Opportunity", "Nope__r", "", false},
		{"ns__Thing__c", "Parent__r", "Account", true},
	} {
		got, ok := s.Relationship(c.object, c.rel)
		if ok != c.ok || got != c.want {
			t.Errorf("Relationship(%s, %s) = %q %v, want %q %v", c.object, c.rel, got, ok, c.want, c.ok)
		}
	}
}

func TestCompileAgainstOrg(t *testing.T) {
	s := New(testOrg())
	p, err := formula.Compile(`AND(ISPICKVAL(StageName, "Closed Lost"), Discount__c > 0.5, Partner__r.Name = "Acme", INCLUDES(Tags__c, "x"))`,
		formula.Options{Object: "Opportunity", Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Eval(&formula.Input{Record: map[string]formula.Value{
		"StageName": formula.Text("Closed Lost"), "Discount__c": formula.Number(60),
		"Partner__r.Name": formula.Text("Acme"), "Tags__c": formula.Text("x;y"),
	}})
	if err != nil || got != formula.Bool(true) {
		t.Errorf("eval: %v %v", got, err)
	}
	if _, err := formula.Compile(`Kind__c = "New"`, formula.Options{Object: "Opportunity", Schema: s}); err == nil {
		t.Errorf("a picklist compared with = must not type-check")
	}
	if _, err := formula.Compile(`Missing__c > 1`, formula.Options{Object: "Opportunity", Schema: s}); err == nil {
		t.Errorf("an unknown custom field must not type-check")
	}
}
