package report

import (
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
)

// sampleDocument is a hand-built document that exercises what the fixture
// run may not (yet): a validation-rule finding with formula, witness and
// patch (PV11 lands later), record statistics, related locations, non-ASCII
// text, characters every format must escape, a finding without a file,
// suppressed findings of both kinds and a stale baseline entry.
func sampleDocument() *Document {
	fs := []findings.Finding{
		{
			Rule: "PV02", Severity: findings.Error,
			Message:   "Lead.Territory_Code__c is required and nothing fills it: every Lead the integration creates is rejected",
			Location:  findings.Location{File: "force-app/main/default/objects/Lead/fields/Territory_Code__c.field-meta.xml", Line: 8, Column: 5, EndLine: 8, EndColumn: 30},
			Component: "Lead.Territory_Code__c", Object: "Lead", Field: "Territory_Code__c",
			Evidence:    findings.Evidence{}.Add("required", "true").Add("default", "none"),
			Fix:         "Map a HubSpot property to Lead.Territory_Code__c or give it a default value.",
			Fingerprint: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
		},
		{
			Rule: "PV05", Severity: findings.Warning,
			Message:   "option \"Café, Bar & <Grill>\" of contacts.industry_vertical matches only when case is ignored\nsecond line: 100% sure",
			Location:  findings.Location{File: "force-app/main/default/globalValueSets/Industry Verticals.globalValueSet-meta.xml", Line: 3, Column: 14},
			Component: "Contact.Industry_Vertical__c", Object: "Contact", Field: "Industry_Vertical__c",
			HubSpotProperty: "contacts.industry_vertical",
			Related:         []findings.Location{{File: "hubspot/properties/contacts.json", Line: 120, Column: 7, Message: "the HubSpot option"}},
			Records: &findings.RecordStats{File: "hubspot/records/contacts.csv", Checked: 240, Failing: 2,
				Examples: []findings.Example{{RecordID: "52001000315", Value: "=HYPERLINK(\"x\")", Line: 47}, {RecordID: "52001000322", Value: "café", Line: 48}}},
			Fix:         "Add the missing values to the global value set.",
			Fingerprint: "11112222333344445555666677778888",
		},
		{
			Rule: "PV02", Severity: findings.Error,
			Message:   "Account.BillingCountry is required by the validation rule Billing_Country_Required, which has no integration bypass",
			Location:  findings.Location{File: "force-app/main/default/objects/Account/validationRules/Billing_Country_Required.validationRule-meta.xml", Line: 5, Column: 28, EndLine: 5, EndColumn: 53},
			Component: "Account.BillingCountry", Object: "Account", Field: "BillingCountry", ValidationRule: "Billing_Country_Required",
			Witness: &findings.Witness{Mode: "create", User: "hubspot.integration@acme.example", Values: []findings.WitnessValue{
				{Field: "BillingCountry", Blank: true, Source: "companies.country"},
				{Field: "Name", Value: "Ünïcödé GmbH | Co", Source: "companies.name"},
			}},
			Patch: &findings.Patch{
				File:        "force-app/main/default/objects/Account/validationRules/Billing_Country_Required.validationRule-meta.xml",
				Description: "Add a $Permission.HubSpot_Integration_Bypass clause",
				Start:       171, End: 196,
				Location:    findings.Location{Line: 5, Column: 28, EndLine: 5, EndColumn: 53},
				Replacement: "AND(NOT($Permission.HubSpot_Integration_Bypass), ISBLANK(BillingCountry))",
				Diff: "--- a/force-app/main/default/objects/Account/validationRules/Billing_Country_Required.validationRule-meta.xml\n" +
					"+++ b/force-app/main/default/objects/Account/validationRules/Billing_Country_Required.validationRule-meta.xml\n" +
					"@@ -5 +5 @@\n" +
					"-    <errorConditionFormula>ISBLANK(BillingCountry)</errorConditionFormula>\n" +
					"+    <errorConditionFormula>AND(NOT($Permission.HubSpot_Integration_Bypass), ISBLANK(BillingCountry))</errorConditionFormula>\n",
				NewFiles: []findings.NewFile{{File: "force-app/main/default/customPermissions/HubSpot_Integration_Bypass.customPermission-meta.xml",
					Content: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomPermission xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>HubSpot Integration Bypass</label>\n</CustomPermission>\n"}},
			},
			Fix:         "Exempt the integration user from the rule, or make HubSpot always send a country.",
			Fingerprint: "aaaabbbbccccddddeeeeffff00001111",
		},
		{
			Rule: "SL01", Severity: findings.Error,
			Message:     "internal error in rule PV99: index out of range (please report this)",
			Fingerprint: "99998888777766665555444433332222",
		},
		{
			Rule: "SL04", Severity: findings.Note,
			Message:  "mapping companies.hq_country_code → Account.BillingCountryCode: field BillingCountryCode is not defined on Account",
			Location: findings.Location{File: "synclint.yaml", Line: 142, Column: 5},
			Object:   "Account", Field: "BillingCountryCode", Component: "Account.BillingCountryCode",
			HubSpotProperty: "companies.hq_country_code",
			Fingerprint:     "12121212343434345656565678787878",
		},
	}
	suppressed := []filter.Suppressed{
		{
			Finding: findings.Finding{Rule: "PV02", Severity: findings.Error, Message: "Lead.Legacy_Code__c is required and nothing fills it",
				Location:  findings.Location{File: "force-app/main/default/objects/Lead/fields/Legacy_Code__c.field-meta.xml", Line: 8},
				Component: "Lead.Legacy_Code__c", Object: "Lead", Field: "Legacy_Code__c", Fingerprint: "cafecafecafecafecafecafecafecafe"},
			Suppression: filter.Suppression{Kind: filter.KindInSource, Reason: "filled by the before-insert flow Lead_Defaults",
				Location: findings.Location{File: "force-app/main/default/objects/Lead/fields/Legacy_Code__c.field-meta.xml", Line: 3, Column: 5}},
		},
		{
			Finding: findings.Finding{Rule: "PV05", Severity: findings.Warning, Message: "1 option of deals.deployment_type is not a value of Opportunity.Deployment_Type__c",
				Location:  findings.Location{File: "force-app/main/default/objects/Opportunity/fields/Deployment_Type__c.field-meta.xml", Line: 12},
				Component: "Opportunity.Deployment_Type__c", Object: "Opportunity", Field: "Deployment_Type__c", Fingerprint: "beefbeefbeefbeefbeefbeefbeefbeef"},
			Suppression: filter.Suppression{Kind: filter.KindBaseline, Reason: "accepted until the Q3 picklist clean-up",
				Location: findings.Location{File: ".synclint-baseline.json"}, Expires: "2099-09-30"},
		},
	}
	b := Build{
		Result: &findings.Result{Findings: fs, SyncOrder: []string{"Account", "Contact", "Opportunity", "Project__c"},
			Summary: findings.Summary{Objects: 7, Fields: 297, Rules: 26, Properties: 120, Mappings: 101}},
		Outcome: &filter.Outcome{Findings: fs, Suppressed: suppressed,
			Counts: filter.Counts{Suppressed: 1, Baselined: 1, BelowSeverity: 0},
			Stale:  []filter.BaselineEntry{{Rule: "PV05", Component: "Lead.Status", Fingerprint: "0123456789abcdef0123456789abcdef", Count: 1}}},
		Root:           "sample org",
		Base:           "salesforce/sample org",
		Version:        "0.0.0-test",
		Ran:            []string{"PV02", "PV05", "SL01", "SL02", "SL03", "SL04", "SL05"},
		ShowSuppressed: true,
		Baseline:       &filter.Baseline{Version: 1, Entries: make([]filter.BaselineEntry, 2)},
		BaselineFile:   ".synclint-baseline.json",
	}
	d := b.Document()
	// Only the rules that ran: the sample must not change when rules land.
	var rules []RuleInfo
	for _, r := range d.Rules {
		if r.Enabled {
			rules = append(rules, r)
		}
	}
	d.Rules = rules
	d.Anchor = "synclint.yaml"
	d.ValidationRules = []ValidationRuleInfo{{
		Component: "Account.Billing_Country_Required", Active: true, Formula: "ISBLANK(BillingCountry) && $User.Username <> \"admin@acme.example\"",
		ErrorMessage: "Billing country is required.",
		Location:     findings.Location{File: "force-app/main/default/objects/Account/validationRules/Billing_Country_Required.validationRule-meta.xml", Line: 5, Column: 28},
	}}
	return d
}
