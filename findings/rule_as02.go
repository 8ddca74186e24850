package findings

import (
	"fmt"
	"strings"
)

// AS02 warns that HubSpot contacts may have several companies while a
// Salesforce Contact has one AccountId.
var AS02 = Register(&Rule{
	ID:        "AS02",
	Name:      "contact-several-companies",
	Title:     "Contact with several companies",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "contact", "company", "account"},
	Summary:   "A HubSpot contact can be associated with many companies, but a Salesforce Contact has a single AccountId: only one company reaches Salesforce.",
	Doc: `HubSpot allows up to 10,000 company associations per contact plus one
primary (association type 279 unlabeled, 1 primary; limits from the object
schema's maxToObjectIds, hubspot-exports.md §2.4;
developers.hubspot.com/docs/api-reference/latest/crm/associations/associations-schema/guide).
A Salesforce Contact has one AccountId (Object Reference, Contact; the
"Contacts to Multiple Accounts" feature keeps the others in
AccountContactRelation, which the integration does not write). The
integration maps the contact's primary company to Contact.AccountId
(HubSpot KB default contact mapping "Account ID",
knowledge.hubspot.com/integrations/sync-salesforce-leads-and-contacts-to-hubspot).

What is checked statically: when the integration writes Contacts, companies
sync and the contact→company association is mapped onto
Contact.AccountId, a warning says that only the primary company reaches
Salesforce (and that a contact without a primary company gets none).

With records: the association export records/contacts-companies.csv (either
orientation) is read once; contacts associated with two or more distinct
companies are counted and the first are shown. Several association types
for one company (primary + unlabeled + a label) count as one company. When
the export shows no such contact the finding becomes a note.

Example: contact 52001000686 is associated with three companies; Salesforce
keeps the primary one as its account and drops the other two.`,
	Fix: "Mark the company that should become the Salesforce account as primary on each contact, or enable Contacts to Multiple Accounts and maintain the other relations in Salesforce.",
	Run: runAS02,
})

func runAS02(p *Pass) {
	contact := p.Sync.Object("Contact")
	if !writes(contact) {
		return
	}
	var at *AssociationTarget
	for _, a := range p.Sync.Associations {
		if a.Mapping.From == "contacts" && a.Mapping.To == "companies" && strings.EqualFold(a.Mapping.Salesforce.Object, "Contact") && strings.EqualFold(a.Mapping.Salesforce.Field, "AccountId") {
			at = a
			break
		}
	}
	if at == nil || p.Sync.Object("Account") == nil {
		return // AS10 reports an association whose parent does not sync
	}
	field := LookupField(p.Org, "Contact", "AccountId")
	loc := p.FieldLocation(contact, field)
	ev := Evidence{}.Add("association", at.Mapping.String()).
		Add("HubSpot", "a contact may have up to 10,000 associated companies and one primary")
	if ap := Relations(p).Pair("contacts", "companies"); ap != nil {
		for _, sa := range ap.Schema {
			if sa.From == "contacts" && sa.Def.MaxToObjectIDs > 1 {
				ev = ev.Add("schema limit", fmt.Sprintf("%s: maxToObjectIds %d", sa.Def.Name, sa.Def.MaxToObjectIDs))
				break
			}
		}
	}
	ev = ev.Add("Salesforce", "Contact.AccountId holds one account")
	f := &Finding{
		Message:         "HubSpot contacts can be associated with several companies but Contact.AccountId holds one: only the primary company becomes the contact's account, the others never reach Salesforce",
		Location:        loc,
		Object:          "Contact",
		Field:           "AccountId",
		HubSpotProperty: "",
		Evidence:        ev,
		Fix:             "Make sure every contact has the intended company marked as primary in HubSpot; keep additional relationships in Salesforce (Contacts to Multiple Accounts) if they matter.",
	}
	p.OnAssociations("contacts", "companies", false, func(s *AssociationSummary) {
		f.Records = &RecordStats{File: s.File, Checked: s.FromIDs, Failing: s.Multi, Examples: s.MultiExamples}
		if s.Multi == 0 {
			f.Severity = Note
			f.Message = fmt.Sprintf("none of the %d contacts in %s has more than one company; HubSpot still allows several, and only the primary becomes Contact.AccountId", s.FromIDs, s.File)
			return
		}
		f.Message = fmt.Sprintf("%d of %d contacts in %s are associated with several companies; Contact.AccountId holds one, so only the primary company reaches Salesforce", s.Multi, s.FromIDs, s.File)
	})
	p.ReportDeferred(f)
}
