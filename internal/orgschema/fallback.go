package orgschema

import (
	"strings"

	"github.com/synclint/synclint/formula"
)

// The fallback knows the standard fields and relationships every object
// has, and a few per-object standard fields validation rules read most, so
// that formulas type-check while metadata.StandardField (built-in standard
// object knowledge, maintained in the metadata package) does not describe
// them. Source: Salesforce Object Reference (developer.salesforce.com,
// "Standard Objects" and "System Fields").

type fb struct {
	t    formula.Type
	kind string
}

var (
	text     = fb{formula.TypeText, "Text"}
	id       = fb{formula.TypeText, "Id"}
	lookup   = fb{formula.TypeText, "Lookup"}
	dateTime = fb{formula.TypeDateTime, "DateTime"}
	date     = fb{formula.TypeDate, "Date"}
	checkbox = fb{formula.TypeBoolean, "Checkbox"}
	picklist = fb{formula.TypePicklist, "Picklist"}
	currency = fb{formula.TypeNumber, "Currency"}
	number   = fb{formula.TypeNumber, "Number"}
	percent  = fb{formula.TypeNumber, "Percent"}
	email    = fb{formula.TypeText, "Email"}
	phone    = fb{formula.TypeText, "Phone"}
)

// systemFields exist on (almost) every object ([DOC] System Fields).
var systemFields = map[string]fb{
	"id": id, "name": text, "ownerid": lookup, "createddate": dateTime, "createdbyid": lookup,
	"lastmodifieddate": dateTime, "lastmodifiedbyid": lookup, "systemmodstamp": dateTime,
	"isdeleted": checkbox, "recordtypeid": lookup, "currencyisocode": picklist,
	"lastactivitydate": date, "lastvieweddate": dateTime, "lastreferenceddate": dateTime,
}

var objectFields = map[string]map[string]fb{
	"opportunity": {"stagename": picklist, "amount": currency, "closedate": date, "probability": percent,
		"isclosed": checkbox, "iswon": checkbox, "type": picklist, "leadsource": picklist, "accountid": lookup,
		"nextstep": text, "forecastcategoryname": picklist, "description": text, "expectedrevenue": currency,
		"campaignid": lookup, "pricebook2id": lookup, "totalopportunityquantity": number, "contactid": lookup},
	"account": {"type": picklist, "industry": picklist, "parentid": lookup, "accountnumber": text, "site": text,
		"phone": phone, "fax": phone, "website": fb{formula.TypeText, "Url"}, "annualrevenue": currency,
		"numberofemployees": fb{formula.TypeNumber, "Number"}, "description": text, "rating": picklist,
		"billingstreet": text, "billingcity": text, "billingstate": text, "billingpostalcode": text,
		"billingcountry": text, "billingstatecode": picklist, "billingcountrycode": picklist,
		"shippingstreet": text, "shippingcity": text, "shippingstate": text, "shippingpostalcode": text,
		"shippingcountry": text, "shippingstatecode": picklist, "shippingcountrycode": picklist,
		"ownership": picklist, "accountsource": picklist, "sic": text, "tickersymbol": text, "ispersonaccount": checkbox},
	"contact": {"firstname": text, "lastname": text, "salutation": picklist, "email": email, "phone": phone,
		"mobilephone": phone, "accountid": lookup, "title": text, "department": text, "leadsource": picklist,
		"mailingstreet": text, "mailingcity": text, "mailingstate": text, "mailingpostalcode": text,
		"mailingcountry": text, "mailingstatecode": picklist, "mailingcountrycode": picklist, "birthdate": date,
		"reportstoid": lookup, "hasoptedoutofemail": checkbox, "donotcall": checkbox, "description": text,
		"otherstreet": text, "othercity": text, "otherstate": text, "otherpostalcode": text, "othercountry": text},
	"lead": {"firstname": text, "lastname": text, "company": text, "status": picklist, "email": email,
		"phone": phone, "leadsource": picklist, "industry": picklist, "rating": picklist, "isconverted": checkbox,
		"street": text, "city": text, "state": text, "postalcode": text, "country": text, "statecode": picklist,
		"countrycode": picklist, "title": text, "website": fb{formula.TypeText, "Url"}, "description": text,
		"convertedaccountid": lookup, "convertedcontactid": lookup, "convertedopportunityid": lookup,
		"converteddate": date, "annualrevenue": currency, "numberofemployees": number, "mobilephone": phone},
	"case": {"status": picklist, "priority": picklist, "origin": picklist, "reason": picklist, "type": picklist,
		"subject": text, "description": text, "accountid": lookup, "contactid": lookup, "parentid": lookup,
		"isclosed": checkbox, "isescalated": checkbox, "closeddate": dateTime, "suppliedemail": email,
		"suppliedname": text, "suppliedphone": phone, "casenumber": fb{formula.TypeText, "AutoNumber"}},
	"user": {"username": text, "email": email, "alias": text, "firstname": text, "lastname": text,
		"profileid": lookup, "userroleid": lookup, "isactive": checkbox, "managerid": lookup, "title": text,
		"department": text, "division": text, "companyname": text, "federationidentifier": text,
		"usertype": picklist, "contactid": lookup, "accountid": lookup, "employeenumber": text},
	"task": {"subject": text, "status": picklist, "priority": picklist, "activitydate": date, "whoid": lookup,
		"whatid": lookup, "description": text, "type": picklist, "isclosed": checkbox},
	"event": {"subject": text, "startdatetime": dateTime, "enddatetime": dateTime, "activitydate": date,
		"whoid": lookup, "whatid": lookup, "description": text, "type": picklist, "isalldayevent": checkbox},
	"recordtype": {"developername": text, "sobjecttype": text, "isactive": checkbox, "description": text,
		"businessprocessid": lookup, "namespaceprefix": text},
	"profile":  {"usertype": picklist, "description": text, "userlicenseid": lookup},
	"userrole": {"developername": text, "parentroleid": lookup, "rollupdescription": text},
}

// fallbackField describes a standard field from the tables above. Custom
// names are never answered here.
func fallbackField(object, name string) (formula.FieldInfo, bool) {
	if formula.IsCustomName(name) {
		return formula.FieldInfo{}, false
	}
	key := strings.ToLower(name)
	f, ok := objectFields[strings.ToLower(object)][key]
	if !ok {
		f, ok = systemFields[key]
	}
	if !ok {
		return formula.FieldInfo{}, false
	}
	return formula.FieldInfo{Name: name, Type: f.t, Kind: f.kind}, true
}

// userLookups are standard relationship names that point at User.
var userLookups = map[string]bool{"owner": true, "createdby": true, "lastmodifiedby": true, "manager": true,
	"delegatedapprover": true, "convertedby": true}

// standardObjects are targets of standard relationships named after them.
var standardObjects = map[string]string{"account": "Account", "contact": "Contact", "opportunity": "Opportunity",
	"lead": "Lead", "case": "Case", "campaign": "Campaign", "contract": "Contract", "product2": "Product2",
	"pricebook2": "Pricebook2", "recordtype": "RecordType", "profile": "Profile", "userrole": "UserRole",
	"user": "User", "order": "Order", "quote": "Quote", "asset": "Asset", "entitlement": "Entitlement",
	"servicecontract": "ServiceContract", "worktype": "WorkType", "workorder": "WorkOrder",
	"serviceappointment": "ServiceAppointment", "individual": "Individual", "reportsto": "Contact",
	"convertedaccount": "Account", "convertedcontact": "Contact", "convertedopportunity": "Opportunity",
	"businesshours": "BusinessHours", "masterrecord": ""}

func fallbackRelationship(object, name string) (string, bool) {
	key := strings.ToLower(name)
	switch {
	case userLookups[key]:
		return "User", true
	case key == "parent":
		return object, true
	}
	if t, ok := standardObjects[key]; ok {
		if t == "" {
			return object, true
		}
		return t, true
	}
	return "", false
}
