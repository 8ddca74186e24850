package metadata

import (
	"strings"
)

// Built-in knowledge of standard objects.
//
// A checkout holds only the standard fields someone customized, and even
// those files carry no length, required flag or values (salesforce-metadata.md
// §3.3, §14). This file supplies what Salesforce documents for the fields the
// HubSpot integration touches on Lead, Contact, Account, Opportunity and Case,
// a lighter table for objects formulas reference (User, RecordType, Profile,
// UserRole), the system fields every object has, and the default values of
// the standard value sets behind the standard picklists.
//
// Sources, per object (type and length from the Field Reference; "required
// on create" = not Nillable and not Defaulted on create in the Object
// Reference, object_reference required_fields.htm: "a field is required if it
// is not nillable and not defaulted on create"):
//   - field reference: developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-<object>.html
//   - object reference: developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_<object>.htm
//
// Standard picklists are not restricted: the Object Reference lists the
// "Restricted picklist" property only for restricted fields, and none of the
// standard picklists below has it (a value outside the set is stored as an
// inactive value; salesforce-metadata.md §4, §15). Which standard value set
// backs which field: Metadata API "StandardValueSet Names and Standard
// Picklist Fields" (api_meta standardvalueset_names.htm).
//
// Merge rule (applyBuiltins): whatever the checkout says wins; built-in
// knowledge fills what it lacks. Platform facts the checkout cannot change
// (required on create, read-only system fields) are always added.

// stdField is one row of a built-in table.
type stdField struct {
	name      string
	label     string
	typ       FieldType
	length    int
	precision int
	scale     int
	required  bool // required on create (not nillable, not defaulted)
	defaulted bool // defaulted on create
	readOnly  bool // not createable or updateable through the API
	valueSet  string
	ref       []string
}

// Short constructors keep the tables readable.
func sfText(name, label string, n int) stdField {
	return stdField{name: name, label: label, typ: TypeText, length: n}
}
func sfTextArea(name, label string, n int) stdField {
	t := TypeTextArea
	if n > 255 {
		t = TypeLongTextArea
	}
	return stdField{name: name, label: label, typ: t, length: n}
}
func sfEmail(name, label string) stdField {
	return stdField{name: name, label: label, typ: TypeEmail, length: 80}
}
func sfPhone(name, label string) stdField {
	return stdField{name: name, label: label, typ: TypePhone, length: 40}
}
func sfURL(name, label string) stdField {
	return stdField{name: name, label: label, typ: TypeURL, length: 255}
}
func sfPicklist(name, label, valueSet string, n int) stdField {
	return stdField{name: name, label: label, typ: TypePicklist, length: n, valueSet: valueSet}
}
func sfLookup(name, label string, to ...string) stdField {
	return stdField{name: name, label: label, typ: TypeLookup, ref: to}
}
func sfCheckbox(name, label string) stdField {
	return stdField{name: name, label: label, typ: TypeCheckbox, defaulted: true}
}
func sfDate(name, label string) stdField { return stdField{name: name, label: label, typ: TypeDate} }
func sfDateTime(name, label string) stdField {
	return stdField{name: name, label: label, typ: TypeDateTime}
}
func sfCurrency(name, label string, precision, scale int) stdField {
	return stdField{name: name, label: label, typ: TypeCurrency, precision: precision, scale: scale}
}
func sfNumber(name, label string, precision, scale int) stdField {
	return stdField{name: name, label: label, typ: TypeNumber, precision: precision, scale: scale}
}
func (f stdField) req() stdField      { f.required = true; return f }
func (f stdField) dflt() stdField     { f.defaulted = true; return f }
func (f stdField) readonly() stdField { f.readOnly = true; return f }

const (
	fieldRefBase    = "https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-"
	objectRefBase   = "https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_"
	systemFieldsURL = "https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/system_fields.htm"
)

func objectSource(object string) string {
	lower := strings.ToLower(object)
	return fieldRefBase + lower + ".html; " + objectRefBase + lower + ".htm"
}

// stdObject is a built-in object table.
type stdObject struct {
	name  string
	label string
	// full is true for the objects the integration writes: Load adds them
	// (and their fields) to the Org; the others only answer StandardField.
	full   bool
	fields []stdField
}

// systemFields exist on every object (Object Reference "System Fields").
var systemFields = []stdField{
	{name: "Id", label: "Record ID", typ: TypeID, length: 18, readOnly: true},
	sfCheckbox("IsDeleted", "Deleted").readonly(),
	sfLookup("CreatedById", "Created By ID", "User").readonly(),
	sfDateTime("CreatedDate", "Created Date").readonly(),
	sfLookup("LastModifiedById", "Last Modified By ID", "User").readonly(),
	sfDateTime("LastModifiedDate", "Last Modified Date").readonly(),
	sfDateTime("SystemModstamp", "System Modstamp").readonly(),
}

// commonFields exist on most objects that are not details of a master-detail
// relationship; StandardField offers them for objects it has no table for.
var commonFields = []stdField{
	sfLookup("OwnerId", "Owner ID", "User", "Group").dflt(),
	sfLookup("RecordTypeId", "Record Type ID", "RecordType").dflt(),
	sfDate("LastActivityDate", "Last Activity").readonly(),
	sfDateTime("LastViewedDate", "Last Viewed Date").readonly(),
	sfDateTime("LastReferencedDate", "Last Referenced Date").readonly(),
}

// Address components, shared by the compound address fields of Lead
// (Street…), Contact (Mailing…, Other…) and Account (Billing…, Shipping…):
// Street textarea 255, City 40, State 80, PostalCode 20, Country 80.
//
// StateCode and CountryCode exist when State and Country/Territory Picklists
// are enabled; they take the ISO code and are backed by the AddressStateCode
// and AddressCountryCode standard value sets (help: "State and Country/
// Territory Picklist Fields", state_country_and_territory_picklist_fields).
// A checkout cannot show whether the feature is on (its Address.settings may
// simply not be retrieved), so the fields are always known; rules that need
// the feature check Org.Address.
func sfAddress(prefix, label string) []stdField {
	return []stdField{
		sfTextArea(prefix+"Street", label+" Street", 255),
		sfText(prefix+"City", label+" City", 40),
		sfText(prefix+"State", label+" State/Province", 80),
		sfText(prefix+"PostalCode", label+" Zip/Postal Code", 20),
		sfText(prefix+"Country", label+" Country", 80),
		sfPicklist(prefix+"StateCode", label+" State/Province Code", "AddressStateCode", 10),
		sfPicklist(prefix+"CountryCode", label+" Country Code", "AddressCountryCode", 10),
		sfNumber(prefix+"Latitude", label+" Latitude", 18, 15),
		sfNumber(prefix+"Longitude", label+" Longitude", 18, 15),
		{name: prefix + "Address", label: label + " Address", typ: TypeAddress, readOnly: true},
	}
}

func concat(parts ...[]stdField) []stdField {
	var out []stdField
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var stdObjects = []stdObject{
	{name: "Lead", label: "Lead", full: true, fields: concat([]stdField{
		sfText("LastName", "Last Name", 80).req(),
		sfText("FirstName", "First Name", 40),
		sfText("MiddleName", "Middle Name", 40),
		sfText("Suffix", "Suffix", 40),
		sfPicklist("Salutation", "Salutation", "Salutation", 40),
		sfText("Name", "Full Name", 121).readonly(),
		// Title is 128 characters in current orgs (Lead field reference).
		sfText("Title", "Title", 128),
		sfText("Company", "Company", 255).req(),
		sfPhone("Phone", "Phone"),
		sfPhone("MobilePhone", "Mobile Phone"),
		sfPhone("Fax", "Fax"),
		sfEmail("Email", "Email"),
		sfURL("Website", "Website"),
		sfTextArea("Description", "Description", 32000),
		sfPicklist("LeadSource", "Lead Source", "LeadSource", 40),
		// Status: "Create, Defaulted on create, Filter, Group, Sort, Update"
		// — not nillable; a create without it gets the LeadStatus default.
		sfPicklist("Status", "Status", "LeadStatus", 40).dflt(),
		sfPicklist("Industry", "Industry", "Industry", 40),
		sfPicklist("Rating", "Rating", "AccountRating", 40),
		sfCurrency("AnnualRevenue", "Annual Revenue", 18, 0),
		sfNumber("NumberOfEmployees", "Employees", 8, 0),
		sfLookup("OwnerId", "Owner ID", "User", "Group").dflt(),
		sfLookup("RecordTypeId", "Record Type ID", "RecordType").dflt(),
		sfCheckbox("HasOptedOutOfEmail", "Email Opt Out"),
		sfCheckbox("HasOptedOutOfFax", "Fax Opt Out"),
		sfCheckbox("DoNotCall", "Do Not Call"),
		sfText("EmailBouncedReason", "Email Bounced Reason", 255),
		sfDateTime("EmailBouncedDate", "Email Bounced Date"),
		sfText("Jigsaw", "Data.com Key", 20),
		// Conversion fields are set by convertLead; createable only when
		// importing converted leads, so read-only for an integration.
		sfCheckbox("IsConverted", "Converted").readonly(),
		sfDate("ConvertedDate", "Converted Date").readonly(),
		sfLookup("ConvertedAccountId", "Converted Account ID", "Account").readonly(),
		sfLookup("ConvertedContactId", "Converted Contact ID", "Contact").readonly(),
		sfLookup("ConvertedOpportunityId", "Converted Opportunity ID", "Opportunity").readonly(),
		sfCheckbox("IsUnreadByOwner", "Unread By Owner"),
		sfLookup("MasterRecordId", "Master Record ID", "Lead").readonly(),
		sfDate("LastActivityDate", "Last Activity").readonly(),
	}, sfAddress("", ""))},
	{name: "Contact", label: "Contact", full: true, fields: concat([]stdField{
		sfText("LastName", "Last Name", 80).req(),
		sfText("FirstName", "First Name", 40),
		sfText("MiddleName", "Middle Name", 40),
		sfText("Suffix", "Suffix", 40),
		sfPicklist("Salutation", "Salutation", "Salutation", 40),
		sfText("Name", "Full Name", 121).readonly(),
		sfText("Title", "Title", 128),
		sfText("Department", "Department", 80),
		sfEmail("Email", "Email"),
		sfPhone("Phone", "Business Phone"),
		sfPhone("MobilePhone", "Mobile Phone"),
		sfPhone("HomePhone", "Home Phone"),
		sfPhone("OtherPhone", "Other Phone"),
		sfPhone("Fax", "Business Fax"),
		sfPhone("AssistantPhone", "Asst. Phone"),
		sfText("AssistantName", "Assistant's Name", 40),
		sfDate("Birthdate", "Birthdate"),
		sfTextArea("Description", "Contact Description", 32000),
		sfPicklist("LeadSource", "Lead Source", "LeadSource", 40),
		sfLookup("AccountId", "Account ID", "Account"),
		sfLookup("ReportsToId", "Reports To ID", "Contact"),
		sfLookup("OwnerId", "Owner ID", "User").dflt(),
		sfLookup("RecordTypeId", "Record Type ID", "RecordType").dflt(),
		sfLookup("IndividualId", "Individual ID", "Individual"),
		sfCheckbox("HasOptedOutOfEmail", "Email Opt Out"),
		sfCheckbox("HasOptedOutOfFax", "Fax Opt Out"),
		sfCheckbox("DoNotCall", "Do Not Call"),
		sfText("EmailBouncedReason", "Email Bounced Reason", 255),
		sfDateTime("EmailBouncedDate", "Email Bounced Date"),
		sfCheckbox("IsEmailBounced", "Is Email Bounced").readonly(),
		sfText("Jigsaw", "Data.com Key", 20),
		sfLookup("MasterRecordId", "Master Record ID", "Contact").readonly(),
		sfDate("LastActivityDate", "Last Activity").readonly(),
	}, sfAddress("Mailing", "Mailing"), sfAddress("Other", "Other"))},
	{name: "Account", label: "Account", full: true, fields: concat([]stdField{
		// Name is required (LastName for person accounts, which synclint
		// does not model).
		sfText("Name", "Account Name", 255).req(),
		sfText("AccountNumber", "Account Number", 40),
		sfText("Site", "Account Site", 80),
		sfPicklist("Type", "Account Type", "AccountType", 40),
		sfPicklist("Industry", "Industry", "Industry", 40),
		sfPicklist("Rating", "Account Rating", "AccountRating", 40),
		sfPicklist("AccountSource", "Account Source", "LeadSource", 40),
		sfPicklist("Ownership", "Ownership", "AccountOwnership", 40),
		sfPhone("Phone", "Account Phone"),
		sfPhone("Fax", "Account Fax"),
		sfURL("Website", "Website"),
		sfTextArea("Description", "Account Description", 32000),
		sfCurrency("AnnualRevenue", "Annual Revenue", 18, 0),
		sfNumber("NumberOfEmployees", "Employees", 8, 0),
		sfText("TickerSymbol", "Ticker Symbol", 20),
		sfText("Sic", "SIC Code", 20),
		sfText("SicDesc", "SIC Description", 80),
		sfLookup("ParentId", "Parent Account ID", "Account"),
		sfLookup("OwnerId", "Owner ID", "User").dflt(),
		sfLookup("RecordTypeId", "Record Type ID", "RecordType").dflt(),
		sfText("Jigsaw", "Data.com Key", 20),
		sfLookup("MasterRecordId", "Master Record ID", "Account").readonly(),
		sfDate("LastActivityDate", "Last Activity").readonly(),
	}, sfAddress("Billing", "Billing"), sfAddress("Shipping", "Shipping"))},
	{name: "Opportunity", label: "Opportunity", full: true, fields: []stdField{
		sfText("Name", "Name", 120).req(),
		// StageName and CloseDate: not nillable, no default (Object
		// Reference "Opportunity"; salesforce-metadata.md §14).
		sfPicklist("StageName", "Stage", "OpportunityStage", 255).req(),
		sfDate("CloseDate", "Close Date").req(),
		sfCurrency("Amount", "Amount", 18, 2),
		// Probability defaults from the stage when left blank.
		stdField{name: "Probability", label: "Probability (%)", typ: TypePercent, precision: 3, scale: 0, defaulted: true},
		sfPicklist("Type", "Opportunity Type", "OpportunityType", 255),
		sfPicklist("LeadSource", "Lead Source", "LeadSource", 255),
		sfText("NextStep", "Next Step", 255),
		sfTextArea("Description", "Description", 32000),
		// ForecastCategoryName defaults from the stage.
		stdField{name: "ForecastCategoryName", label: "Forecast Category", typ: TypePicklist, length: 255, defaulted: true},
		sfLookup("AccountId", "Account ID", "Account"),
		sfLookup("CampaignId", "Campaign ID", "Campaign"),
		sfLookup("ContactId", "Contact ID", "Contact"),
		sfLookup("Pricebook2Id", "Price Book ID", "Pricebook2"),
		sfLookup("OwnerId", "Owner ID", "User").dflt(),
		sfLookup("RecordTypeId", "Record Type ID", "RecordType").dflt(),
		sfNumber("TotalOpportunityQuantity", "Quantity", 18, 2),
		sfCheckbox("IsPrivate", "Private"),
		// IsClosed and IsWon follow the stage (OpportunityStage closed/won).
		sfCheckbox("IsClosed", "Closed").readonly(),
		sfCheckbox("IsWon", "Won").readonly(),
		sfCurrency("ExpectedRevenue", "Expected Revenue", 18, 2).readonly(),
		sfNumber("FiscalYear", "Fiscal Year", 8, 0).readonly(),
		sfNumber("FiscalQuarter", "Fiscal Quarter", 8, 0).readonly(),
		sfText("Fiscal", "Fiscal Period", 6).readonly(),
		sfCheckbox("HasOpportunityLineItem", "Has Line Item").readonly(),
		sfDate("LastActivityDate", "Last Activity").readonly(),
	}},
	{name: "Case", label: "Case", full: true, fields: []stdField{
		// CaseNumber: "Autonumber, Defaulted on create" — never writable.
		{name: "CaseNumber", label: "Case Number", typ: TypeAutoNumber, length: 30, defaulted: true, readOnly: true},
		sfText("Subject", "Subject", 255),
		sfTextArea("Description", "Description", 32000),
		// Status and Priority are defaulted on create from their value
		// sets' default values; Origin is nillable in the API (it is only
		// required on the default page layout, which does not bind the API).
		sfPicklist("Status", "Status", "CaseStatus", 255).dflt(),
		sfPicklist("Priority", "Priority", "CasePriority", 255).dflt(),
		sfPicklist("Origin", "Case Origin", "CaseOrigin", 255),
		sfPicklist("Reason", "Case Reason", "CaseReason", 255),
		sfPicklist("Type", "Case Type", "CaseType", 255),
		// Internal Comments: createable only.
		sfTextArea("Comments", "Internal Comments", 4000),
		sfText("SuppliedName", "Web Name", 80),
		sfEmail("SuppliedEmail", "Web Email"),
		sfPhone("SuppliedPhone", "Web Phone"),
		sfText("SuppliedCompany", "Web Company", 80),
		sfLookup("ContactId", "Contact ID", "Contact"),
		sfLookup("AccountId", "Account ID", "Account"),
		sfLookup("ParentId", "Parent Case ID", "Case"),
		sfLookup("AssetId", "Asset ID", "Asset"),
		sfLookup("OwnerId", "Owner ID", "User", "Group").dflt(),
		sfLookup("RecordTypeId", "Record Type ID", "RecordType").dflt(),
		sfCheckbox("IsEscalated", "Escalated"),
		sfCheckbox("IsClosed", "Closed").readonly(),
		sfDateTime("ClosedDate", "Closed Date").readonly(),
		sfEmail("ContactEmail", "Contact Email").readonly(),
		sfPhone("ContactPhone", "Contact Phone").readonly(),
		sfPhone("ContactMobile", "Contact Mobile").readonly(),
		sfPhone("ContactFax", "Contact Fax").readonly(),
		sfLookup("MasterRecordId", "Master Record ID", "Case").readonly(),
	}},
	// Lighter tables: objects formulas reach through $User, $Profile,
	// $UserRole, RecordType and owner/creator lookups.
	{name: "User", label: "User", fields: []stdField{
		sfText("Username", "Username", 80).req(),
		sfText("LastName", "Last Name", 80).req(),
		sfText("FirstName", "First Name", 40),
		sfText("Name", "Full Name", 121).readonly(),
		stdField{name: "Email", label: "Email", typ: TypeEmail, length: 128, required: true},
		sfText("Alias", "Alias", 8).req(),
		sfText("CommunityNickname", "Nickname", 40),
		sfText("Title", "Title", 80),
		sfText("Department", "Department", 80),
		sfText("Division", "Division", 80),
		sfText("CompanyName", "Company Name", 80),
		sfText("EmployeeNumber", "Employee Number", 20),
		sfText("FederationIdentifier", "SAML Federation ID", 512),
		sfPhone("Phone", "Phone"),
		sfPhone("MobilePhone", "Mobile"),
		sfCheckbox("IsActive", "Active"),
		sfLookup("ProfileId", "Profile ID", "Profile").req(),
		sfLookup("UserRoleId", "Role ID", "UserRole"),
		sfLookup("ManagerId", "Manager ID", "User"),
		sfLookup("ContactId", "Contact ID", "Contact"),
		sfPicklist("UserType", "User Type", "", 40).readonly(),
		sfPicklist("TimeZoneSidKey", "Time Zone", "", 40).req(),
		sfPicklist("LocaleSidKey", "Locale", "", 40).req(),
		sfPicklist("LanguageLocaleKey", "Language", "", 40).req(),
		sfPicklist("EmailEncodingKey", "Email Encoding", "", 40).req(),
	}},
	{name: "RecordType", label: "Record Type", fields: []stdField{
		sfText("Name", "Record Type Name", 80).req(),
		sfText("DeveloperName", "Record Type Name", 80).req(),
		sfPicklist("SobjectType", "SObject Type Name", "", 40).req(),
		sfCheckbox("IsActive", "Active"),
		sfText("Description", "Description", 255),
		sfText("NamespacePrefix", "Namespace Prefix", 15).readonly(),
		sfLookup("BusinessProcessId", "Business Process ID", "BusinessProcess"),
	}},
	{name: "Profile", label: "Profile", fields: []stdField{
		sfText("Name", "Name", 255).req(),
		sfText("Description", "Description", 255),
		sfLookup("UserLicenseId", "User License ID", "UserLicense").req(),
		sfPicklist("UserType", "User Type", "", 40).readonly(),
	}},
	{name: "UserRole", label: "Role", fields: []stdField{
		sfText("Name", "Name", 80).req(),
		sfText("DeveloperName", "Developer Name", 80),
		sfLookup("ParentRoleId", "Parent Role ID", "UserRole"),
		sfText("RollupDescription", "Description", 80),
	}},
}

var stdObjectIndex = func() map[string]*stdObject {
	m := map[string]*stdObject{}
	for i := range stdObjects {
		m[strings.ToLower(stdObjects[i].name)] = &stdObjects[i]
	}
	return m
}()

func findStd(fields []stdField, name string) *stdField {
	for i := range fields {
		if strings.EqualFold(fields[i].name, name) {
			return &fields[i]
		}
	}
	return nil
}

func (s *stdField) toField(object, source string) *Field {
	f := &Field{
		Object: object, Name: s.name, Label: s.label, Type: s.typ,
		Standard: true, Builtin: true, Source: source,
		Length: s.length, Precision: s.precision, Scale: s.scale,
		Required: s.required, DefaultedOnCreate: s.defaulted, ReadOnly: s.readOnly,
	}
	if len(s.ref) > 0 {
		f.ReferenceTo = append([]string(nil), s.ref...)
		f.RelationshipName = s.relationshipName()
	}
	if s.typ == TypePicklist || s.typ == TypeMultiselectPicklist {
		f.Picklist = &Picklist{StandardValueSet: s.valueSet}
	}
	return f
}

// relationshipName is the relationship of a standard lookup: its name
// without the Id suffix (AccountId → Account, OwnerId → Owner), as the
// Object Reference lists under "Relationship Name".
func (s *stdField) relationshipName() string {
	if strings.HasSuffix(s.name, "Id") && len(s.name) > 2 {
		return s.name[:len(s.name)-2]
	}
	return ""
}

// StandardField returns what synclint knows of a standard field from
// Salesforce's documentation, for any object — including objects the
// checkout does not contain. It covers the fields of Lead, Contact,
// Account, Opportunity, Case, User, RecordType, Profile and UserRole, the
// system fields of every object (Id, CreatedDate, …), the common OwnerId,
// RecordTypeId and activity dates, and Name of custom objects. The result
// is a fresh copy with Builtin set and Source citing the documentation.
func StandardField(object, field string) (*Field, bool) {
	if o := stdObjectIndex[strings.ToLower(object)]; o != nil {
		if s := findStd(o.fields, field); s != nil {
			return s.toField(o.name, objectSource(o.name)), true
		}
	}
	if s := findStd(systemFields, field); s != nil {
		return s.toField(object, systemFieldsURL), true
	}
	if s := findStd(commonFields, field); s != nil {
		return s.toField(object, systemFieldsURL), true
	}
	if isCustomName(object) && strings.EqualFold(field, "Name") {
		f := &Field{Object: object, Name: "Name", Label: "Name", Type: TypeText, Length: customNameLength,
			Standard: true, Builtin: true,
			Source: "https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_custom_objects.htm"}
		return f, true
	}
	return nil, false
}

// StandardFields returns fresh copies of every standard field synclint
// knows for object: the documented fields of its table (Lead, Contact,
// Account, Opportunity, Case, User, RecordType, Profile, UserRole) and the
// system fields; for other objects, the system fields and the common
// OwnerId, RecordTypeId and activity dates. A custom object's Name comes
// from its <nameField>, not from here.
func StandardFields(object string) []*Field {
	var out []*Field
	seen := map[string]bool{}
	add := func(fields []stdField, obj, source string) {
		for i := range fields {
			k := strings.ToLower(fields[i].name)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, fields[i].toField(obj, source))
		}
	}
	if o := stdObjectIndex[strings.ToLower(object)]; o != nil {
		add(o.fields, o.name, objectSource(o.name))
		add(systemFields, o.name, systemFieldsURL)
		return out
	}
	add(systemFields, object, systemFieldsURL)
	add(commonFields, object, systemFieldsURL)
	return out
}

// StandardObject returns a built-in copy of a standard object synclint has
// a table for, with its standard fields, marked Builtin; false otherwise.
func StandardObject(name string) (*Object, bool) {
	o := stdObjectIndex[strings.ToLower(name)]
	if o == nil {
		return nil, false
	}
	obj := &Object{Name: o.name, Label: o.label, Builtin: true, Fields: map[string]*Field{}}
	for _, f := range StandardFields(o.name) {
		k := strings.ToLower(f.Name)
		obj.Fields[k] = f
		obj.FieldOrder = append(obj.FieldOrder, k)
	}
	return obj, true
}

// Default values of the standard value sets behind the integration's
// standard picklists, as a new org has them. They are used only when the
// checkout has no file for the set. Sources: the Object Reference pages of
// the fields (LeadStatus: Lead "Status"; OpportunityStage: OpportunityStage
// object, whose IsClosed/IsWon/DefaultProbability/ForecastCategoryName the
// values below carry; CaseReason "such as Instructions not clear, or User
// didn't attend training" and CaseType "such as Feature Request or
// Question", Health Cloud Connect API care authorization case input, which
// maps to Case.Reason/Case.Type), cross-checked with the values retrieved
// from public orgs (ita-sfdcci keeps the Case defaults after its own).
type stdValueSet struct {
	name   string
	label  string
	values []PicklistValue
}

func vals(names ...string) []PicklistValue {
	out := make([]PicklistValue, len(names))
	for i, n := range names {
		out[i] = PicklistValue{FullName: n, Label: n, Active: true}
	}
	return out
}

func withDefault(vs []PicklistValue, name string) []PicklistValue {
	for i := range vs {
		if vs[i].FullName == name {
			vs[i].Default = true
		}
	}
	return vs
}

func stage(name string, probability string, forecast string, closed, won bool) PicklistValue {
	return PicklistValue{FullName: name, Label: name, Active: true, Probability: probability,
		ForecastCategory: forecast, Closed: closed, Won: won}
}

const valueSetNamesURL = "https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/standardvalueset_names.htm"

var stdValueSets = []stdValueSet{
	{name: "LeadStatus", label: "Lead Status", values: func() []PicklistValue {
		v := withDefault(vals("Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"), "Open - Not Contacted")
		v[2].Converted = true
		return v
	}()},
	{name: "LeadSource", label: "Lead Source", values: vals("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")},
	{name: "Industry", label: "Industry", values: vals("Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals",
		"Communications", "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
		"Entertainment", "Environmental", "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality",
		"Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Recreation", "Retail", "Shipping",
		"Technology", "Telecommunications", "Transportation", "Utilities", "Other")},
	{name: "AccountType", label: "Account Type", values: vals("Prospect", "Customer - Direct", "Customer - Channel",
		"Channel Partner / Reseller", "Installation Partner", "Technology Partner", "Other")},
	{name: "AccountRating", label: "Account Rating", values: vals("Hot", "Warm", "Cold")},
	{name: "AccountOwnership", label: "Account Ownership", values: vals("Public", "Private", "Subsidiary", "Other")},
	{name: "OpportunityStage", label: "Opportunity Stage", values: []PicklistValue{
		stage("Prospecting", "10", "Pipeline", false, false),
		stage("Qualification", "10", "Pipeline", false, false),
		stage("Needs Analysis", "20", "Pipeline", false, false),
		stage("Value Proposition", "50", "Pipeline", false, false),
		stage("Id. Decision Makers", "60", "Pipeline", false, false),
		stage("Perception Analysis", "70", "Pipeline", false, false),
		stage("Proposal/Price Quote", "75", "Pipeline", false, false),
		stage("Negotiation/Review", "90", "Pipeline", false, false),
		stage("Closed Won", "100", "Closed", true, true),
		stage("Closed Lost", "0", "Omitted", true, false),
	}},
	{name: "OpportunityType", label: "Opportunity Type", values: vals("Existing Customer - Upgrade",
		"Existing Customer - Replacement", "Existing Customer - Downgrade", "New Customer")},
	{name: "Salutation", label: "Salutation", values: vals("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.")},
	{name: "CaseStatus", label: "Case Status", values: func() []PicklistValue {
		v := withDefault(vals("New", "Working", "Escalated", "Closed"), "New")
		v[3].Closed = true
		return v
	}()},
	{name: "CaseOrigin", label: "Case Origin", values: vals("Phone", "Email", "Web")},
	{name: "CasePriority", label: "Case Priority", values: withDefault(vals("High", "Medium", "Low"), "Medium")},
	{name: "CaseReason", label: "Case Reason", values: vals("User didn't attend training", "Complex functionality",
		"Existing problem", "Instructions not clear", "New problem")},
	{name: "CaseType", label: "Case Type", values: vals("Problem", "Feature Request", "Question")},
}

// StandardValueSet returns Salesforce's default values of a standard
// value set (LeadStatus, OpportunityStage, CaseStatus, …) as a fresh copy
// marked Builtin, or false when synclint has no built-in knowledge of it.
func StandardValueSet(name string) (*ValueSet, bool) {
	for _, s := range stdValueSets {
		if strings.EqualFold(s.name, name) {
			return &ValueSet{Name: s.name, Label: s.label, Standard: true, Builtin: true,
				Source: valueSetNamesURL + "; " + objectRefBase + "picklistvalueinfo.htm",
				Values: append([]PicklistValue(nil), s.values...)}, true
		}
	}
	return nil, false
}

// applyBuiltins merges built-in knowledge into a loaded org: the integration
// objects and their standard fields, and the standard value sets the
// checkout has no file for.
func applyBuiltins(org *Org) {
	for i := range stdObjects {
		so := &stdObjects[i]
		if !so.full {
			continue
		}
		key := strings.ToLower(so.name)
		obj := org.Objects[key]
		if obj == nil {
			obj = &Object{Name: so.name, Label: so.label, Builtin: true, Fields: map[string]*Field{}}
			org.Objects[key] = obj
		}
		if obj.Label == "" {
			obj.Label = so.label
		}
		source := objectSource(so.name)
		for _, set := range [][]stdField{systemFields, so.fields} {
			for j := range set {
				s := &set[j]
				fkey := strings.ToLower(s.name)
				f := obj.Fields[fkey]
				if f == nil {
					nf := s.toField(obj.Name, source)
					if set[0].name == "Id" {
						nf.Source = systemFieldsURL
					}
					obj.Fields[fkey] = nf
					obj.FieldOrder = append(obj.FieldOrder, fkey)
					continue
				}
				fillFromStandard(f, s, source)
			}
		}
	}
	for _, s := range stdValueSets {
		key := strings.ToLower(s.name)
		if org.StandardValueSets[key] == nil {
			vs, _ := StandardValueSet(s.name)
			org.StandardValueSets[key] = vs
		}
	}
}

// fillFromStandard completes a standard field the checkout defines with
// built-in facts: the checkout's values win where it has them.
func fillFromStandard(f *Field, s *stdField, source string) {
	f.Standard = true
	f.Source = source
	if f.Label == "" {
		f.Label = s.label
	}
	if f.Type == TypeUnknown {
		f.Type = s.typ
	}
	if f.Length == 0 {
		f.Length = s.length
	}
	if f.Precision == 0 && f.Scale == 0 {
		f.Precision, f.Scale = s.precision, s.scale
	}
	// Platform facts: a checkout cannot make LastName optional or
	// CreatedDate writable.
	f.Required = f.Required || s.required
	f.DefaultedOnCreate = f.DefaultedOnCreate || s.defaulted
	f.ReadOnly = f.ReadOnly || s.readOnly
	if len(f.ReferenceTo) == 0 && len(s.ref) > 0 {
		f.ReferenceTo = append([]string(nil), s.ref...)
	}
	if f.RelationshipName == "" && len(s.ref) > 0 {
		f.RelationshipName = s.relationshipName()
	}
	if s.valueSet != "" {
		if f.Picklist == nil {
			f.Picklist = &Picklist{StandardValueSet: s.valueSet}
		} else if len(f.Picklist.Values) == 0 && f.Picklist.GlobalValueSet == "" && f.Picklist.StandardValueSet == "" {
			f.Picklist.StandardValueSet = s.valueSet
		}
	}
}
