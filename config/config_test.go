package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `hubspot: export
integrationUsers: [integration@acme.example]
contactsCreate: contact
sync: {companies: true, deals: false}
integrationProfile: Integration User
integrationPermissionSets: [HubSpot_Integration]
mappings:
  - hubspot: contacts.industry_vertical
    salesforce: [Lead.Industry_Vertical__c, Contact.Industry_Vertical__c]
    rule: two-way
associations:
  - hubspot: p_projects-companies
    salesforce: Project__c.Account__c
rules:
  PV10: {severity: note}
`
	c, err := Parse("/repo/synclint.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.ContactsCreate != "Contact" {
		t.Errorf("ContactsCreate = %q, want Contact (normalised)", c.ContactsCreate)
	}
	if !c.Syncs("contacts") || !c.Syncs("companies") || c.Syncs("deals") || c.Syncs("tickets") {
		t.Errorf("Sync = %v", c.Sync)
	}
	if got := c.Resolve(c.HubSpot); got != filepath.Join("/repo", "export") {
		t.Errorf("Resolve(hubspot) = %q", got)
	}
	if len(c.Mappings) != 1 || c.Mappings[0].Line != 8 || len(c.Mappings[0].Salesforce) != 2 {
		t.Errorf("Mappings = %+v", c.Mappings)
	}
	if len(c.Associations) != 1 || c.Associations[0].Line != 12 {
		t.Errorf("Associations = %+v", c.Associations)
	}
	if c.Rules["PV10"].Severity != "note" {
		t.Errorf("Rules = %+v", c.Rules)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
		line            int
	}{
		{"unknown key", "hubspot: x\nintegrationUser: [a]\n", `unknown key "integrationUser"`, 2},
		{"bad contactsCreate", "contactsCreate: Account\n", "contactsCreate must be Lead or Contact", 1},
		{"bad sync object", "sync: {orders: true}\n", `unknown object "orders"`, 1},
		{"mapping without target", "mappings:\n  - hubspot: contacts.x\n", "a mapping needs", 2},
		{"bad yaml", "mappings: [\n", "", 0},
		{"wrong type", "integrationUsers: {a: b}\n", "", 1},
		{"bad severity", "rules:\n  PV01: {severity: fatal}\n", "severity must be", 2},
		{"not a mapping", "- a\n- b\n", "must be a mapping", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("synclint.yaml", []byte(tt.src))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if !strings.Contains(ce.Message, tt.want) {
				t.Errorf("message %q does not contain %q", ce.Message, tt.want)
			}
			if tt.line > 0 && ce.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", ce.Line, tt.line, err)
			}
		})
	}
}

func TestEmptyFileIsDefaults(t *testing.T) {
	c, err := Parse("synclint.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.HubSpot != "hubspot" || c.ContactsCreate != "Lead" || !c.Syncs("companies") || c.Syncs("tickets") {
		t.Errorf("defaults = %+v", c)
	}
}

func TestFindStopsAtRepoRoot(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "repo", "force-app")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// A config above the repository root must not be picked up.
	if err := os.WriteFile(filepath.Join(root, "synclint.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "repo", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != "" {
		t.Errorf("Find = %q, want none (stop at .git)", got)
	}
	want := filepath.Join(root, "repo", ".synclint.yaml")
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != want {
		t.Errorf("Find = %q, want %q", got, want)
	}
}

func TestLines(t *testing.T) {
	c, err := Parse("synclint.yaml", []byte("hubspot: x\ncontactsCreate: Lead\nsync:\n  companies: true\n  deals: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"hubspot": 1, "contactsCreate": 2, "sync": 3, "sync.companies": 4, "sync.deals": 5, "mappings": 0} {
		if got := c.Line(key); got != want {
			t.Errorf("Line(%q) = %d, want %d", key, got, want)
		}
	}
}

func TestIntegrationSettings(t *testing.T) {
	c, err := Parse("synclint.yaml", []byte("integrationSettings:\n  Integration_Settings__c.Bypass_Validation__c: true\n  Limits__c.Max__c: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.IntegrationSetting("integration_settings__c.bypass_validation__c"); !ok || v != true {
		t.Errorf("bypass = %v, %v", v, ok)
	}
	if v, ok := c.IntegrationSetting("Limits__c.Max__c"); !ok || v != float64(3) {
		t.Errorf("max = %v (%T), %v", v, v, ok)
	}
	if _, ok := c.IntegrationSetting("Other__c.X__c"); ok {
		t.Error("unknown setting found")
	}
	if _, err := Parse("synclint.yaml", []byte("integrationSettings:\n  NoDot: true\n")); err == nil {
		t.Error("a key without Setting.Field was accepted")
	}
}
