package hubspotschema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParsePropertiesShapes(t *testing.T) {
	v3 := `{"results":[
  {"name":"amount","label":"Amount","type":"number","fieldType":"number","groupName":"deal_revenue",
   "options":[],"displayOrder":2,"calculated":false,"externalOptions":false,"hasUniqueValue":false,
   "hidden":false,"hubspotDefined":true,"showCurrencySymbol":true,
   "modificationMetadata":{"archivable":true,"readOnlyDefinition":true,"readOnlyValue":false},
   "formField":false,"dataSensitivity":"non_sensitive","createdAt":"2020-06-30T15:57:38.293Z"},
  {"name":"dealstage","label":"Deal Stage","type":"enumeration","fieldType":"radio","options":[],
   "externalOptions":true,"modificationMetadata":{"readOnlyValue":false,"readOnlyOptions":false}},
  {"name":"hs_notes_last_activity","type":"object_coordinates","fieldType":"text","hidden":true,
   "modificationMetadata":{"readOnlyValue":true}},
  {"name":"tags","label":"Tags","type":"enumeration","fieldType":"checkbox","options":[
     {"label":"A","value":"a","displayOrder":0,"hidden":false},
     {"label":"Old","value":"old","displayOrder":1,"hidden":true}]}
]}`
	v2 := `[
  {"name":"email","label":"Email","type":"string","fieldType":"text","readOnlyValue":false,
   "readOnlyDefinition":true,"createdAt":null,"updatedAt":1574871153000,"deleted":null,"referencedObjectType":null},
  {"name":"hs_searchable_calculated_phone_number","type":"phone_number","fieldType":"phonenumber",
   "readOnlyValue":true,"calculated":true}
]`
	groups := `[
  {"name":"contactinformation","displayName":"Contact Information","displayOrder":0,"hubspotDefined":true,
   "properties":[{"name":"firstname","label":"First Name","type":"string","fieldType":"text"}]},
  {"name":"emailinformation","displayName":"Email Information","properties":[
     {"name":"hs_email_optout","type":"bool","fieldType":"booleancheckbox","readOnlyValue":true,
      "options":[{"label":"Yes","value":"true","displayOrder":0,"hidden":false,"readOnly":null,"doubleData":null}]}]}
]`
	schema := `{"objectTypeId":"2-123","name":"cars","properties":[{"name":"vin","type":"string","fieldType":"text","hasUniqueValue":true}]}`

	for _, tc := range []struct {
		name, data, shape string
		props             []string
		check             func(t *testing.T, o *ObjectType)
	}{
		{"v3", v3, ShapeV3, []string{"amount", "dealstage", "hs_notes_last_activity", "tags"}, func(t *testing.T, o *ObjectType) {
			a := o.Property("amount")
			if !a.ReadOnlyDefinition || a.ReadOnlyValue || !a.HubspotDefined || !a.ShowCurrencySymbol || a.DisplayOrder != 2 || a.DataSensitivity != "non_sensitive" {
				t.Errorf("amount = %+v", a)
			}
			if !a.CreatedAt.Equal(time.Date(2020, 6, 30, 15, 57, 38, 293e6, time.UTC)) {
				t.Errorf("amount createdAt %v", a.CreatedAt)
			}
			if ds := o.Property("dealstage"); !ds.ExternalOptions || len(ds.Options) != 0 {
				t.Errorf("dealstage = %+v", ds)
			}
			if c := o.Property("hs_notes_last_activity"); !c.IsComputed() || c.Type != "object_coordinates" {
				t.Errorf("coordinates = %+v", c)
			}
			tags := o.Property("tags")
			if !tags.IsMultiValue() || len(tags.Options) != 2 || !tags.Options[1].Hidden || tags.Options[1].Value != "old" {
				t.Errorf("tags = %+v", tags)
			}
		}},
		{"v2 array", v2, ShapeV2Array, []string{"email", "hs_searchable_calculated_phone_number"}, func(t *testing.T, o *ObjectType) {
			e := o.Property("email")
			if e.ReadOnlyValue || !e.ReadOnlyDefinition || !e.CreatedAt.IsZero() || e.UpdatedAt.UnixMilli() != 1574871153000 {
				t.Errorf("email = %+v", e)
			}
			if p := o.Property("hs_searchable_calculated_phone_number"); !p.IsComputed() {
				t.Errorf("phone = %+v", p)
			}
		}},
		{"v1 groups", groups, ShapeV1Groups, []string{"firstname", "hs_email_optout"}, func(t *testing.T, o *ObjectType) {
			p := o.Property("hs_email_optout")
			if !p.IsBoolean() || !p.ReadOnlyValue || len(p.Options) != 1 || p.Options[0].Value != "true" {
				t.Errorf("hs_email_optout = %+v", p)
			}
		}},
		{"schema", schema, ShapeSchema, []string{"vin"}, func(t *testing.T, o *ObjectType) {
			if !o.Property("vin").HasUniqueValue || o.ObjectTypeID != "2-123" {
				t.Errorf("vin = %+v, object %+v", o.Property("vin"), o)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, diags := parseProperties("p.json", "deals", []byte(tc.data))
			noDiags(t, tc.name, diags)
			if o.Shape != tc.shape {
				t.Errorf("shape %q, want %q", o.Shape, tc.shape)
			}
			var got []string
			for _, p := range o.SortedProperties() {
				got = append(got, p.Name)
			}
			if strings.Join(got, ",") != strings.Join(tc.props, ",") {
				t.Fatalf("properties %v, want %v", got, tc.props)
			}
			tc.check(t, o)
		})
	}
}

func TestPropertyPositions(t *testing.T) {
	data := "{\"results\": [\n  {\"name\": \"a\"},\n\n    {\"name\": \"b\", \"label\": \"é\"},  {\"name\": \"c\"}\n]}"
	o, diags := parseProperties("x/p.json", "contacts", []byte(data))
	noDiags(t, "positions", diags)
	for name, want := range map[string]Pos{
		"a": {File: "x/p.json", Line: 2, Col: 3},
		"b": {File: "x/p.json", Line: 4, Col: 5},
		"c": {File: "x/p.json", Line: 4, Col: 35}, // columns count characters: é is one
	} {
		if got := o.Property(name).Pos; got != want {
			t.Errorf("%s at %+v, want %+v", name, got, want)
		}
	}
}

func TestMalformedProperties(t *testing.T) {
	for _, tc := range []struct {
		name    string
		data    string
		props   []string // read despite the problem
		diags   []string // message fragments, in order
		lines   []int
		columns []int
	}{
		{
			name:  "truncated",
			data:  "{\"results\":[\n{\"name\":\"a\",\"type\":\"string\"},\n{\"name\":\"b\",\"type\":\"string\"},\n{\"name\":\"c\",\"ty",
			props: []string{"a", "b"},
			diags: []string{"truncated"}, lines: []int{4}, columns: []int{16},
		},
		{
			name:  "syntax error",
			data:  "[\n {\"name\":\"a\"},\n {\"name\":\"b\",, \"type\":\"x\"},\n {\"name\":\"c\"}\n]",
			props: []string{"a"},
			diags: []string{"invalid character ','"}, lines: []int{3}, columns: []int{14},
		},
		{
			name: "wrong types",
			data: `[
 {"name":"a","label":{"x":1},"hidden":"yes","displayOrder":"3","options":[{"value":7,"label":"Seven"}]},
 {"name":123,"type":"number"},
 {"label":"no name"},
 {"name":"d","hidden":"maybe","options":{"value":"x"}},
 "garbage"
]`,
			props:   []string{"a", "123", "d"},
			diags:   []string{`"label": expected a string`, "without a name", `"hidden": expected true or false`, `"options": expected a list`, "expected a property object"},
			lines:   []int{2, 4, 5, 5, 6},
			columns: []int{22, 2, 23, 41, 2},
		},
		{
			name:  "duplicate",
			data:  "[{\"name\":\"a\"},\n{\"name\":\"A\"}]",
			props: []string{"a"},
			diags: []string{"appears twice"}, lines: []int{2}, columns: []int{1},
		},
		{
			name:  "not an export",
			data:  `{"status":"error","message":"nope"}`,
			diags: []string{"not a HubSpot properties export"}, lines: []int{1}, columns: []int{1},
		},
		{
			name:  "empty",
			data:  "  \n",
			diags: []string{"empty"}, lines: []int{2}, columns: []int{1},
		},
		{
			name:  "trailing data",
			data:  "[{\"name\":\"a\"}] x",
			props: []string{"a"},
			diags: []string{"after the end"}, lines: []int{1}, columns: []int{16},
		},
		{
			name:  "bom",
			data:  "\xEF\xBB\xBF[{\"name\":\"a\"}]",
			props: []string{"a"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, diags := parseProperties("p.json", "contacts", []byte(tc.data))
			var got []string
			for _, p := range o.SortedProperties() {
				got = append(got, p.Name)
			}
			if strings.Join(got, ",") != strings.Join(tc.props, ",") {
				t.Errorf("properties %v, want %v", got, tc.props)
			}
			if len(diags) != len(tc.diags) {
				t.Fatalf("diagnostics %+v, want %d", diags, len(tc.diags))
			}
			for i, d := range diags {
				if d.Kind != "SL03" || !strings.Contains(d.Message, tc.diags[i]) || d.Pos.File != "p.json" {
					t.Errorf("diagnostic %d = %+v, want SL03 containing %q", i, d, tc.diags[i])
				}
				if d.Pos.Line != tc.lines[i] || d.Pos.Col != tc.columns[i] {
					t.Errorf("diagnostic %d %q at %d:%d, want %d:%d", i, d.Message, d.Pos.Line, d.Pos.Col, tc.lines[i], tc.columns[i])
				}
			}
			if a := o.Property("a"); tc.name == "wrong types" {
				if a.Label != "" || !a.Hidden || a.DisplayOrder != 3 || len(a.Options) != 1 || a.Options[0].Value != "7" {
					t.Errorf("a = %+v", a)
				}
			}
		})
	}
}

func TestParsePipelines(t *testing.T) {
	data := `{"results":[{"id":"p1","label":"Tickets","displayOrder":1,"archived":false,"stages":[
  {"id":"1","label":"New","metadata":{"ticketState":"OPEN","isClosed":false}},
  {"id":"4","label":"Closed","metadata":{"ticketState":"CLOSED","isClosed":"true","probability":1}},
  {"id":"5","label":"Odd","metadata":{"isClosed":"false","probability":"high"}},
  {"label":"no id"}]}]}`
	ps, diags := parsePipelines("pipelines/tickets.json", "tickets", []byte(data))
	if len(ps) != 1 || len(ps[0].Stages) != 3 || ps[0].ObjectType != "tickets" {
		t.Fatalf("pipelines = %+v", ps)
	}
	s := ps[0].Stages
	if s[0].IsClosed || s[0].Metadata["ticketState"] != "OPEN" || s[0].HasProbability {
		t.Errorf("stage 1 = %+v", s[0])
	}
	if !s[1].IsClosed || s[1].Probability != "1" || !s[1].HasProbability {
		t.Errorf("stage 4 = %+v", s[1])
	}
	if s[2].HasProbability {
		t.Errorf("stage 5 = %+v", s[2])
	}
	if len(diags) != 2 || !strings.Contains(diags[0].Message, "not a number") || !strings.Contains(diags[1].Message, "without an id") || diags[1].Pos.Line != 5 {
		t.Errorf("diagnostics = %+v", diags)
	}

	legacy := `[{"pipelineId":"default","label":"Sales","stages":[{"stageId":"won","label":"Won","probability":1.0,"closedWon":true},{"stageId":"a","probability":0.2}]}]`
	ps, diags = parsePipelines("p.json", "deals", []byte(legacy))
	noDiags(t, "legacy", diags)
	if len(ps) != 1 || ps[0].ID != "default" || !ps[0].Stages[0].IsClosed || ps[0].Stages[1].IsClosed || ps[0].Stages[1].Probability != "0.2" {
		t.Errorf("legacy = %+v %+v", ps[0], ps[0].Stages)
	}
}

func TestParseOwners(t *testing.T) {
	v3 := `{"results":[
 {"id":"534941","email":"test@example.com","type":"PERSON","firstName":"Group","lastName":"Grader","userId":534941,
  "archived":false,"teams":[{"id":"1","name":"EMEA","primary":true}]},
 {"id":"2","email":"gone@example.com","archived":true}],"paging":{"next":{"after":"2"}}}`
	v2 := `[{"portalId":62515,"ownerId":66,"type":"PERSON","firstName":"Ada","lastName":"L","email":"ada@example.com",
  "createdAt":1405457312000,"remoteList":[{"remoteId":"005A000000abc","remoteType":"SALESFORCE"},{"remoteId":"1","remoteType":"HUBSPOT"}],
  "activeUserId":11,"isActive":true}]`
	os3, d := parseOwners("owners.json", []byte(v3))
	noDiags(t, "v3", d)
	if len(os3) != 2 || os3[0].ID != "534941" || os3[0].UserID != "534941" || os3[0].Teams[0] != "EMEA" || !os3[1].Archived || os3[0].Type != "PERSON" {
		t.Errorf("v3 owners = %+v %+v", os3[0], os3[1])
	}
	os2, d := parseOwners("owners.json", []byte(v2))
	noDiags(t, "v2", d)
	if len(os2) != 1 || os2[0].ID != "66" || os2[0].SalesforceID != "005A000000abc" || os2[0].UserID != "11" || os2[0].Archived {
		t.Errorf("v2 owners = %+v", os2)
	}
}

func TestParseAssociationLabels(t *testing.T) {
	data := `{"results":[{"category":"HUBSPOT_DEFINED","typeId":279,"label":null},
 {"category":"HUBSPOT_DEFINED","typeId":1,"label":"Primary"},
 {"category":"USER_DEFINED","typeId":"31","label":"Billing contact"},
 {"category":"USER_DEFINED","label":"no id"}]}`
	a, diags := parseAssociations("associations/contacts-companies.json", "contacts", "companies", []byte(data))
	if len(a.Labels) != 3 || a.Labels[2].TypeID != 31 || a.Labels[2].Category != "USER_DEFINED" || a.Labels[0].Label != "" {
		t.Errorf("labels = %+v", a.Labels)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "typeId") || diags[0].Pos.Line != 4 {
		t.Errorf("diagnostics = %+v", diags)
	}
}

func TestSplitObjectPair(t *testing.T) {
	for in, want := range map[string][2]string{
		"contacts-companies":       {"contacts", "companies"},
		"deal-contact":             {"deals", "contacts"},
		"deals_to_contacts":        {"deals", "contacts"},
		"contacts-2-1234":          {"contacts", "2-1234"},
		"2-1234-companies":         {"2-1234", "companies"},
		"p_projects-companies":     {"p_projects", "companies"},
		"contacts-to-companies-v4": {"contacts", "companies"},
		"2-1234":                   {"", ""},
		"contacts":                 {"", ""},
		"hubspot-crm-exports-all-contacts-2024-01-01": {"", ""},
	} {
		f, to, ok := SplitObjectPair(in)
		if f != want[0] || to != want[1] || ok != (want[0] != "") {
			t.Errorf("SplitObjectPair(%q) = %q %q %v, want %v", in, f, to, ok, want)
		}
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadLayout(t *testing.T) {
	root := t.TempDir()
	exp := filepath.Join(root, "hubspot")
	writeFiles(t, exp, map[string]string{
		"properties/contacts.json":                             `{"results":[{"name":"email","label":"Email","type":"string","fieldType":"text"}]}`,
		"properties/deals.json":                                `{"results":[{"name":"amount","type":"number",` + "\n" + `"fieldType":"number"}, {"name":`,
		"properties/2-99.json":                                 `{"results":[{"name":"vin","type":"string","fieldType":"text"}]}`,
		"pipelines/deals.json":                                 `{"results":[{"id":"default","label":"Sales","stages":[{"id":"closedwon","label":"Won","metadata":{"isClosed":"true","probability":"1.0"}}]}]}`,
		"owners.json":                                          `{"results":[{"id":"1","email":"a@example.com"}]}`,
		"associations/deals-2-99.json":                         `{"results":[{"category":"USER_DEFINED","typeId":77,"label":"Car"}]}`,
		"schemas.json":                                         `{"results":[{"objectTypeId":"2-99","name":"cars","fullyQualifiedName":"p1_cars","labels":{"singular":"Car","plural":"Cars"},"properties":[{"name":"vin","type":"string","fieldType":"text"}],"associations":[]},{"objectTypeId":"2-100","name":"boats","properties":[{"name":"hull","type":"string","fieldType":"text"}]}]}`,
		"records/contacts.csv":                                 "hs_object_id,email\n1,a@example.com\n",
		"records/contacts-companies.csv":                       "Contact ID,Company ID\n1,2\n",
		"records/hubspot-crm-exports-all-deals-2024-05-01.csv": "Record ID,Amount\n",
		"README.md":                                            "not an export file",
	})
	e, err := Load(exp, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Diagnostics) != 1 || e.Diagnostics[0].Pos.File != "hubspot/properties/deals.json" || e.Diagnostics[0].Pos.Line != 2 {
		t.Fatalf("diagnostics = %+v", e.Diagnostics)
	}
	if e.Property("deals", "amount") == nil {
		t.Error("the complete property before the truncation is lost")
	}
	cars := e.Object("cars")
	if cars == nil || cars != e.Object("2-99") || cars != e.Object("p1_cars") || cars.ObjectTypeID != "2-99" || cars.Property("vin") == nil {
		t.Errorf("cars = %+v", cars)
	}
	if boats := e.Object("boats"); boats == nil || boats.Shape != ShapeSchema || boats.Property("hull") == nil || e.Object("2-100") != boats {
		t.Errorf("boats = %+v", boats)
	}
	if len(e.Owners) != 1 || e.OwnersPos.File != "hubspot/owners.json" {
		t.Errorf("owners = %+v at %+v", e.Owners, e.OwnersPos)
	}
	if len(e.Associations) != 1 || e.Associations[0].From != "deals" || e.Associations[0].To != "2-99" {
		t.Errorf("associations = %+v", e.Associations)
	}
	if len(e.Records) != 2 || e.Records[0].ObjectType != "contacts" || e.Records[0].Pos.File != "hubspot/records/contacts.csv" || e.Records[1].ObjectType != "deals" {
		t.Errorf("records = %+v %+v", e.Records[0], e.Records[1])
	}
	if len(e.AssociationRecords) != 1 || e.AssociationRecords[0].From != "contacts" || e.AssociationRecords[0].To != "companies" {
		t.Errorf("association records = %+v", e.AssociationRecords)
	}
}

func TestLoadEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	e, err := Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Diagnostics) != 1 || !strings.Contains(e.Diagnostics[0].Message, "no HubSpot export files") {
		t.Errorf("diagnostics = %+v", e.Diagnostics)
	}
	if _, err := Load(filepath.Join(dir, "nope"), dir); err == nil {
		t.Error("a missing folder should fail")
	}
	writeFiles(t, dir, map[string]string{"f": "x"})
	if _, err := Load(filepath.Join(dir, "f"), dir); err == nil {
		t.Error("a file should fail")
	}
}

func TestDisplayPathOutsideRoot(t *testing.T) {
	root := t.TempDir()
	other := t.TempDir()
	got := displayPath(filepath.Join(other, "owners.json"), root)
	if strings.Contains(got, `\`) || !strings.HasSuffix(got, "owners.json") || strings.HasPrefix(got, "../owners") {
		t.Errorf("displayPath = %q", got)
	}
	if got := displayPath(filepath.Join(root, "a", "b.json"), root); got != "a/b.json" {
		t.Errorf("displayPath inside root = %q", got)
	}
}

func TestLoadUnreadablePropertiesFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"properties/contacts.json": `{"status":"error"}`, "properties/deals.json": `{"results":[]}`})
	e, err := Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if e.Object("contacts") != nil {
		t.Error("an unreadable properties file must not register an empty object")
	}
	if d := e.Object("deals"); d == nil || len(d.Properties) != 0 {
		t.Error("an empty but valid export is an object without properties")
	}
	if len(e.Diagnostics) != 1 || e.Diagnostics[0].Pos.File != "properties/contacts.json" {
		t.Errorf("diagnostics %+v", e.Diagnostics)
	}
}
