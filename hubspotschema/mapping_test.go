package hubspotschema

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/config"
)

func TestDefaultMappingsParse(t *testing.T) {
	table := defaultMappingTable()
	ms := DefaultMappings()
	if len(ms) != len(table) {
		t.Fatalf("%d mappings from %d table rows", len(ms), len(table))
	}
	seen := map[string]bool{}
	for i, m := range ms {
		if len(m.Salesforce) != len(table[i].targets) {
			t.Errorf("%s: a target does not parse: %v", m.HubSpot, table[i].targets)
		}
		if !m.Default || m.Source == "" || m.Rule == "" {
			t.Errorf("%s: %+v", m.HubSpot, m)
		}
		k := m.HubSpot.String()
		if seen[k] {
			t.Errorf("%s mapped twice", k)
		}
		seen[k] = true
		// Every target is on the Salesforce object of the HubSpot object.
		want := map[string][]string{"contacts": {"Lead", "Contact"}, "companies": {"Account"}, "deals": {"Opportunity"}, "tickets": {"Case"}}[m.HubSpot.Object]
		for _, f := range m.Salesforce {
			if !contains(want, f.Object) {
				t.Errorf("%s → %s: unexpected Salesforce object", m.HubSpot, f)
			}
		}
	}
	// DefaultMappings returns fresh values.
	ms[0].Rule = RuleDontSync
	if DefaultMappings()[0].Rule == RuleDontSync {
		t.Error("DefaultMappings shares values between calls")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestDefaultMappingsSemantics(t *testing.T) {
	set := &MappingSet{Mappings: DefaultMappings()}
	targets := func(obj, prop string) string {
		var out []string
		for _, m := range set.ForProperty(obj, prop) {
			for _, f := range m.Salesforce {
				out = append(out, f.String())
			}
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct{ obj, prop, want string }{
		{"contacts", "address", "Lead.Street Contact.MailingStreet"},
		{"contacts", "zip", "Lead.PostalCode Contact.MailingPostalCode"},
		{"contacts", "company", "Lead.Company"},
		{"contacts", "hubspot_owner_id", "Lead.OwnerId Contact.OwnerId"},
		{"companies", "name", "Account.Name"},
		{"deals", "dealstage", "Opportunity.StageName"},
		{"deals", "closedate", "Opportunity.CloseDate"},
		{"tickets", "subject", "Case.Subject"},
	} {
		if got := targets(tc.obj, tc.prop); got != tc.want {
			t.Errorf("%s.%s → %q, want %q", tc.obj, tc.prop, got, tc.want)
		}
	}
	for _, m := range set.Mappings {
		owner := m.HubSpot.Property == "hubspot_owner_id"
		switch {
		case m.HubSpot.Object == "tickets":
			// The case sync is one-way from Salesforce: HubSpot never writes.
			if m.Rule != RuleAlwaysSalesforce || m.Writes() {
				t.Errorf("%s rule %s", m.HubSpot, m.Rule)
			}
		case owner && m.Rule != RuleTwoWay:
			t.Errorf("%s: owner mappings are two-way only, not %s", m.HubSpot, m.Rule)
		case !owner && m.Rule != RulePreferSalesforce:
			t.Errorf("%s rule %s", m.HubSpot, m.Rule)
		}
	}
	if got := set.SalesforceObjects(); strings.Join(got, ",") != "Account,Contact,Lead,Opportunity" {
		t.Errorf("written objects %v", got)
	}
	as := DefaultAssociationMappings()
	if len(as) != 5 || as[0].Salesforce.String() != "Contact.AccountId" || as[2].Junction != "OpportunityContactRole" || as[0].String() != "contacts→companies (Contact.AccountId)" {
		t.Errorf("association defaults %v", as)
	}
}

func parseConfig(t *testing.T, yaml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(filepath.Join(t.TempDir(), "synclint.yaml"), []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestBuildMappings(t *testing.T) {
	cfg := parseConfig(t, `mappings:
  - hubspot: contacts.industry_vertical
    salesforce: [Lead.Industry_Vertical__c, Contact.Industry_Vertical__c, Lead.Industry_Vertical__c]
    rule: two_way
  - hubspot: contact.address
    salesforce: [Lead.Street]
    rule: Always use Salesforce
  - hubspot: deals.amount
    salesforce: [Opportunity.Amount]
    rule: sometimes
  - hubspot: nodot
    salesforce: [Lead.X]
  - hubspot: contacts.hubspot_owner_id
    salesforce: [Lead.OwnerId, Contact.OwnerId]
    rule: prefer-salesforce
  - hubspot: contacts.custom_score
    salesforce: [Lead, Lead.Score__c]
associations:
  - hubspot: contacts-companies
    salesforce: Contact.Primary_Account__c
  - hubspot: contacts-companies
    junction: AccountContactRelation
    label: Billing contact
  - hubspot: contacts-
    salesforce: Contact.X
`)
	set, assoc, diags := BuildMappings(cfg)
	var msgs []string
	for _, d := range diags {
		if d.Kind != "SL04" || d.Pos.File != "synclint.yaml" || d.Pos.Line == 0 {
			t.Errorf("diagnostic %+v", d)
		}
		msgs = append(msgs, d.Pos.String()+" "+d.Message)
	}
	want := []string{
		"synclint.yaml:8:5 mapping deals.amount: unknown sync rule",
		"synclint.yaml:11:5 mapping hubspot: \"nodot\" is not objectType.property",
		"synclint.yaml:13:5 mapping contacts.hubspot_owner_id: HubSpot maps the owner two-way only",
		"synclint.yaml:16:5 mapping contacts.custom_score: salesforce \"Lead\" is not Object.Field",
		"synclint.yaml:24:5 association hubspot: \"contacts-\" is not from-to",
	}
	if len(msgs) != len(want) {
		t.Fatalf("diagnostics\n%s\nwant %d", strings.Join(msgs, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(msgs[i], want[i]) {
			t.Errorf("diagnostic %d = %q, want prefix %q", i, msgs[i], want[i])
		}
	}

	iv := set.ForProperty("contacts", "industry_vertical")
	if len(iv) != 1 || iv[0].Rule != RuleTwoWay || len(iv[0].Salesforce) != 2 || iv[0].Default || iv[0].Pos.Line != 2 {
		t.Errorf("industry_vertical = %+v", iv)
	}
	// The user's address mapping replaces the default (they share Lead).
	addr := set.ForProperty("contacts", "address")
	if len(addr) != 1 || addr[0].Default || addr[0].Rule != RuleAlwaysSalesforce || addr[0].Writes() {
		t.Errorf("address = %+v", addr)
	}
	// The bad deals.amount entry left the default in place.
	if am := set.ForProperty("deals", "amount"); len(am) != 1 || !am[0].Default {
		t.Errorf("deals.amount = %+v", am)
	}
	if ow := set.ForProperty("contacts", "hubspot_owner_id"); len(ow) != 1 || ow[0].Default || ow[0].Rule != RuleTwoWay {
		t.Errorf("owner = %+v", ow)
	}
	if cs := set.ForProperty("contacts", "custom_score"); len(cs) != 1 || cs[0].Salesforce[0].String() != "Lead.Score__c" {
		t.Errorf("custom_score = %+v", cs)
	}
	// Defaults plus new user mappings; replaced defaults gone.
	if want := len(DefaultMappings()) + 2; len(set.Mappings) != want {
		t.Errorf("%d mappings, want %d", len(set.Mappings), want)
	}

	var cc []string
	for _, a := range assoc {
		if a.From == "contacts" && a.To == "companies" {
			cc = append(cc, a.String())
		}
	}
	if strings.Join(cc, "; ") != "contacts→companies (Contact.Primary_Account__c); contacts→companies [Billing contact] (AccountContactRelation)" {
		t.Errorf("contacts→companies = %v", cc)
	}
	if len(assoc) != len(DefaultAssociationMappings())+1 {
		t.Errorf("%d association mappings", len(assoc))
	}
}

func TestBuildMappingsWithoutDefaults(t *testing.T) {
	cfg := parseConfig(t, "defaultMappings: false\nmappings:\n  - hubspot: contacts.email\n    salesforce: [Lead.Email]\n")
	set, assoc, diags := BuildMappings(cfg)
	if len(diags) != 0 || len(set.Mappings) != 1 || len(assoc) != 0 || set.Mappings[0].Rule != RuleTwoWay {
		t.Errorf("set %+v assoc %v diags %v", set.Mappings, assoc, diags)
	}
	set, assoc, diags = BuildMappings(nil)
	if len(diags) != 0 || len(set.Mappings) != len(DefaultMappings()) || len(assoc) != len(DefaultAssociationMappings()) {
		t.Errorf("nil config: %d mappings", len(set.Mappings))
	}
}

func TestValidateMappings(t *testing.T) {
	e := &Export{Objects: map[string]*ObjectType{}}
	c := contactsObject()
	c.Pos = Pos{File: "hubspot/properties/contacts.json"}
	e.Objects["contacts"] = c
	set := Merge(DefaultMappings(), []*Mapping{
		{HubSpot: PropertyRef{"contacts", "emial"}, Salesforce: []FieldRef{{"Lead", "Email"}}, Rule: RuleTwoWay, Pos: Pos{File: "synclint.yaml", Line: 3, Col: 5}},
		{HubSpot: PropertyRef{"contacts", "Lead Status"}, Salesforce: []FieldRef{{"Lead", "Status"}}, Rule: RuleTwoWay, Pos: Pos{File: "synclint.yaml", Line: 6, Col: 5}},
		{HubSpot: PropertyRef{"contacts", "completely_unrelated_thing"}, Salesforce: []FieldRef{{"Lead", "X__c"}}, Rule: RuleTwoWay, Pos: Pos{File: "synclint.yaml", Line: 9, Col: 5}},
		{HubSpot: PropertyRef{"contacts", "FIRSTNAME"}, Salesforce: []FieldRef{{"Lead", "FirstName"}}, Rule: RuleTwoWay},
		// No deals properties were exported: nothing to say.
		{HubSpot: PropertyRef{"deals", "whatever"}, Salesforce: []FieldRef{{"Opportunity", "X__c"}}, Rule: RuleTwoWay},
	})
	diags := ValidateMappings(set, e)
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Pos.String()+" "+d.Message)
	}
	want := []string{
		`synclint.yaml:3:5 mapping contacts.emial: contacts has no property "emial" (hubspot/properties/contacts.json); did you mean email?`,
		`synclint.yaml:6:5 mapping contacts.Lead Status: contacts has no property "Lead Status" (hubspot/properties/contacts.json); did you mean hs_lead_status?`,
		`synclint.yaml:9:5 mapping contacts.completely_unrelated_thing: contacts has no property "completely_unrelated_thing" (hubspot/properties/contacts.json)`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if ValidateMappings(set, &Export{}) != nil || ValidateMappings(nil, e) != nil {
		t.Error("nothing to validate against should be silent")
	}
}
