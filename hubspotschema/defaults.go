package hubspotschema

// Default field mappings of HubSpot's Salesforce integration.
//
// Sources (HubSpot knowledge base):
//   - kbContacts: https://knowledge.hubspot.com/integrations/sync-salesforce-leads-and-contacts-to-hubspot
//     (versions of 2023-06-28 and 2025-05-21). "Default field mappings are
//     created for the following HubSpot contact properties: Account ID,
//     Annual Revenue, City, Mailing City, Company, Owner ID, Country,
//     Mailing Country, Email, Employees, Business Fax, First Name, Industry,
//     Title, Last Name, Lead Source, Contact Description, Email Opt Out,
//     Business Phone, Mailing Zip/Postal Code, Zip/Postal Code, Rating,
//     Salutation, Mailing State/Province, State/Province, Status, Mailing
//     Street, Street, Website." "It is not possible to delete default field
//     mappings." "If a lead field and a contact field share an internal name
//     in Salesforce, HubSpot will sync data to both leads and contacts."
//   - kbDeals: https://knowledge.hubspot.com/de/salesforce/sync-salesforce-opportunities-to-hubspot
//     (default opportunity mappings: Owner, Close Date, Name, Type,
//     Description, Amount, Stage; contacts link through
//     OpportunityContactRole).
//   - kbRules: https://knowledge.hubspot.com/salesforce/map-hubspot-properties-to-salesforce-fields
//     ("the Owner mapping can only be mapped two-way").
//   - kbCases: https://knowledge.hubspot.com/pt/integrations/sync-salesforce-cases-to-hubspot
//     (2023-03-01; ja mirror the same): "a one-way sync from Salesforce to
//     HubSpot. It is not possible to sync HubSpot tickets to Salesforce at
//     the moment."
//
// The KB lists Salesforce field labels only. Which HubSpot property backs
// each label, the Salesforce API names, and the default sync rule are
// inference (see hubspot-exports.md §3.2), marked as such in Source:
//   - HubSpot internal names are HubSpot's standard properties of that
//     meaning (firstname, jobtitle, address, …).
//   - The default rule is "Prefer Salesforce unless blank" for every default
//     mapping except the owner, which HubSpot allows only as two-way. No
//     HubSpot page states the default rule; third-party setup guides
//     describe Prefer Salesforce as the default. Both rules write, so the
//     analyzer's verdicts do not depend on which of the two it is.
//   - Omitted from the contact list: "Account ID" (the contact's primary
//     company; see DefaultAssociationMappings), and "Lead Source", "Rating"
//     and "Contact Description", which have no standard HubSpot contact
//     property whose internal name we could confirm; declare them in
//     synclint.yaml when your portal maps them.
//   - Companies ↔ Account: the KB names no default field list for
//     companies; the mappings below are the standard company properties
//     whose Account fields have the same meaning (inference).
//   - Tickets ↔ Case sync one way, Salesforce to HubSpot (kbCases), so
//     their defaults use RuleAlwaysSalesforce: HubSpot never writes a Case.

const (
	kbContacts    = "https://knowledge.hubspot.com/integrations/sync-salesforce-leads-and-contacts-to-hubspot"
	kbDeals       = "https://knowledge.hubspot.com/de/salesforce/sync-salesforce-opportunities-to-hubspot"
	kbRules       = "https://knowledge.hubspot.com/salesforce/map-hubspot-properties-to-salesforce-fields"
	kbCases       = "https://knowledge.hubspot.com/pt/integrations/sync-salesforce-cases-to-hubspot"
	kbAccounts    = "https://knowledge.hubspot.com/salesforce/sync-salesforce-accounts-to-hubspot"
	inferredNames = "; HubSpot property and Salesforce API names are inference from the KB's labels"
)

type defaultMapping struct {
	object, property string
	targets          []string
	rule             SyncRule
	source           string
}

func defaultMappingTable() []defaultMapping {
	contact := func(prop string, rule SyncRule, label string, targets ...string) defaultMapping {
		src := "HubSpot KB default contact mapping \"" + label + "\" (" + kbContacts + ")" + inferredNames
		if rule == RuleTwoWay {
			src += "; owner mappings are two-way only (" + kbRules + ")"
		}
		return defaultMapping{"contacts", prop, targets, rule, src}
	}
	company := func(prop, target string, rule SyncRule) defaultMapping {
		src := "inference: standard company property with the same meaning as Account." + target[len("Account."):] +
			"; the KB lists no default company mappings (" + kbAccounts + ")"
		if rule == RuleTwoWay {
			src += "; owner mappings are two-way only (" + kbRules + ")"
		}
		return defaultMapping{"companies", prop, []string{target}, rule, src}
	}
	deal := func(prop, target, label string, rule SyncRule) defaultMapping {
		src := "HubSpot KB default opportunity mapping \"" + label + "\" (" + kbDeals + ")" + inferredNames
		if rule == RuleTwoWay {
			src += "; owner mappings are two-way only (" + kbRules + ")"
		}
		return defaultMapping{"deals", prop, []string{target}, rule, src}
	}
	ticket := func(prop, target string) defaultMapping {
		return defaultMapping{"tickets", prop, []string{target}, RuleAlwaysSalesforce,
			"inference: standard ticket property for Case." + target[len("Case."):] +
				"; the case sync is one-way Salesforce → HubSpot, HubSpot never writes Cases (" + kbCases + ")"}
	}
	pref := RulePreferSalesforce
	return []defaultMapping{
		contact("firstname", pref, "First Name", "Lead.FirstName", "Contact.FirstName"),
		contact("lastname", pref, "Last Name", "Lead.LastName", "Contact.LastName"),
		contact("email", pref, "Email", "Lead.Email", "Contact.Email"),
		contact("salutation", pref, "Salutation", "Lead.Salutation", "Contact.Salutation"),
		contact("jobtitle", pref, "Title", "Lead.Title", "Contact.Title"),
		contact("phone", pref, "Business Phone", "Lead.Phone", "Contact.Phone"),
		contact("fax", pref, "Business Fax", "Lead.Fax", "Contact.Fax"),
		contact("address", pref, "Street / Mailing Street", "Lead.Street", "Contact.MailingStreet"),
		contact("city", pref, "City / Mailing City", "Lead.City", "Contact.MailingCity"),
		contact("state", pref, "State/Province / Mailing State/Province", "Lead.State", "Contact.MailingState"),
		contact("zip", pref, "Zip/Postal Code / Mailing Zip/Postal Code", "Lead.PostalCode", "Contact.MailingPostalCode"),
		contact("country", pref, "Country / Mailing Country", "Lead.Country", "Contact.MailingCountry"),
		contact("company", pref, "Company", "Lead.Company"),
		contact("website", pref, "Website", "Lead.Website"),
		contact("industry", pref, "Industry", "Lead.Industry"),
		contact("annualrevenue", pref, "Annual Revenue", "Lead.AnnualRevenue"),
		contact("numemployees", pref, "Employees", "Lead.NumberOfEmployees"),
		contact("hs_lead_status", pref, "Status", "Lead.Status"),
		contact("hs_email_optout", pref, "Email Opt Out", "Lead.HasOptedOutOfEmail", "Contact.HasOptedOutOfEmail"),
		contact("hubspot_owner_id", RuleTwoWay, "Owner ID", "Lead.OwnerId", "Contact.OwnerId"),

		company("name", "Account.Name", pref),
		company("website", "Account.Website", pref),
		company("phone", "Account.Phone", pref),
		company("address", "Account.BillingStreet", pref),
		company("city", "Account.BillingCity", pref),
		company("state", "Account.BillingState", pref),
		company("zip", "Account.BillingPostalCode", pref),
		company("country", "Account.BillingCountry", pref),
		company("industry", "Account.Industry", pref),
		company("annualrevenue", "Account.AnnualRevenue", pref),
		company("numberofemployees", "Account.NumberOfEmployees", pref),
		company("description", "Account.Description", pref),
		company("hubspot_owner_id", "Account.OwnerId", RuleTwoWay),

		deal("dealname", "Opportunity.Name", "Name", pref),
		deal("amount", "Opportunity.Amount", "Amount", pref),
		deal("closedate", "Opportunity.CloseDate", "Close Date", pref),
		deal("dealtype", "Opportunity.Type", "Type", pref),
		deal("description", "Opportunity.Description", "Description", pref),
		deal("dealstage", "Opportunity.StageName", "Stage", pref),
		deal("hubspot_owner_id", "Opportunity.OwnerId", "Owner", RuleTwoWay),

		ticket("subject", "Case.Subject"),
		ticket("content", "Case.Description"),
		ticket("hs_pipeline_stage", "Case.Status"),
		ticket("hs_ticket_priority", "Case.Priority"),
		ticket("hubspot_owner_id", "Case.OwnerId"),
	}
}

// DefaultMappings returns the integration's built-in field mappings:
// contacts ↔ Lead and Contact (one mapping writes both objects where the
// field exists on both, e.g. address → Lead.Street and
// Contact.MailingStreet), companies ↔ Account, deals ↔ Opportunity,
// tickets ↔ Case. Each call returns fresh values the caller may change.
// Source on each mapping cites the KB page and says what is inference.
func DefaultMappings() []*Mapping {
	table := defaultMappingTable()
	out := make([]*Mapping, 0, len(table))
	for _, d := range table {
		m := &Mapping{
			HubSpot: PropertyRef{Object: d.object, Property: d.property},
			Rule:    d.rule,
			Default: true,
			Source:  d.source,
		}
		for _, t := range d.targets {
			// TestDefaultMappingsParse guards the table against typos.
			if ref, err := ParseFieldRef(t); err == nil {
				m.Salesforce = append(m.Salesforce, ref)
			}
		}
		out = append(out, m)
	}
	return out
}

// AssociationMapping maps a HubSpot association between two object types
// onto Salesforce: a lookup field written on the "from" record
// (Contact.AccountId), or a junction object (OpportunityContactRole).
type AssociationMapping struct {
	// From and To are canonical HubSpot object types (contacts, companies…).
	From, To string
	// Label restricts the mapping to one association label ("" = any).
	Label string
	// TypeIDs are the HUBSPOT_DEFINED association type ids the mapping
	// covers, when known (contact→primary company is 1).
	TypeIDs []int
	// Salesforce is the lookup written on the from record; zero when the
	// association lives in a junction object.
	Salesforce FieldRef
	// Junction is the junction object holding the association.
	Junction string
	Default  bool
	// Source cites where a default comes from.
	Source string
	// Pos is where a user mapping was declared (synclint.yaml).
	Pos Pos
}

// String renders "from→to (Object.Field)".
func (a *AssociationMapping) String() string {
	s := a.From + "→" + a.To
	if a.Label != "" {
		s += " [" + a.Label + "]"
	}
	switch {
	case a.Salesforce.Object != "":
		s += " (" + a.Salesforce.String() + ")"
	case a.Junction != "":
		s += " (" + a.Junction + ")"
	}
	return s
}

// DefaultAssociationMappings returns how the integration represents
// HubSpot associations in Salesforce:
//   - contact → company (primary): Contact.AccountId. A Lead has no
//     AccountId; a contact syncing as a Lead carries its company only as
//     Lead.Company text (kbContacts lists "Account ID" among the contact
//     mappings; kbAccounts: no account is created when all of a company's
//     contacts sync as leads).
//   - deal → company (primary): Opportunity.AccountId.
//   - deal → contact: OpportunityContactRole (kbDeals).
//   - ticket → contact: Case.ContactId; ticket → company: Case.AccountId
//     (inference; the case sync itself is one-way, kbCases).
//
// Association type ids: contact→company primary 1, deal→company primary 5,
// deal→contact 3 (hubspot-exports.md §2.4).
func DefaultAssociationMappings() []*AssociationMapping {
	return []*AssociationMapping{
		{From: "contacts", To: "companies", TypeIDs: []int{1}, Salesforce: FieldRef{Object: "Contact", Field: "AccountId"}, Default: true,
			Source: "HubSpot KB default contact mapping \"Account ID\" (" + kbContacts + "); the contact's primary company (typeId 1); Lead has no AccountId"},
		{From: "deals", To: "companies", TypeIDs: []int{5}, Salesforce: FieldRef{Object: "Opportunity", Field: "AccountId"}, Default: true,
			Source: "inference: the deal's primary company (typeId 5) is the opportunity's account (" + kbDeals + ")"},
		{From: "deals", To: "contacts", TypeIDs: []int{3}, Junction: "OpportunityContactRole", Default: true,
			Source: "HubSpot KB: deal contacts sync through Opportunity Contact Roles (" + kbDeals + ")"},
		{From: "tickets", To: "contacts", Salesforce: FieldRef{Object: "Case", Field: "ContactId"}, Default: true,
			Source: "inference: Case.ContactId holds the ticket's contact; the case sync is one-way Salesforce → HubSpot (" + kbCases + ")"},
		{From: "tickets", To: "companies", Salesforce: FieldRef{Object: "Case", Field: "AccountId"}, Default: true,
			Source: "inference: Case.AccountId holds the ticket's company; the case sync is one-way Salesforce → HubSpot (" + kbCases + ")"},
	}
}
