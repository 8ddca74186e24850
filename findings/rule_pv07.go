package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV07 finds boolean values that do not fit the Salesforce field.
var PV07 = Register(&Rule{
	ID:        "PV07",
	Name:      "boolean-mismatch",
	Title:     "Boolean mismatch",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"boolean", "checkbox", "mapping", "property-value"},
	Summary:   "A HubSpot single checkbox is mapped to a field that does not take true/false, or a dropdown whose options are not true/false is mapped to a Salesforce Checkbox.",
	Doc: `HubSpot single checkboxes (type bool, or an enumeration shown as a
booleancheckbox) hold the option values "true" and "false"
(hubspot-exports.md §1.5). A Salesforce Checkbox takes "true (or 1), or false
(or 0)" (SOAP API "Primitive Data Types",
developer.salesforce.com/docs/atlas.en-us.api.meta/api/primitive_data_types.htm).

Statically:

- **Single checkbox into a picklist** whose values do not include "true" and
  "false": a restricted picklist rejects them with
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST (error); an unrestricted one stores
  them as new inactive values next to the real ones (warning).
- **Single checkbox into a number or date field** (error): "true" is neither.
  Into a text field it is stored as the text "true"/"false" (note).
- **Dropdown or radio options that are not true, false, 1 or 0** into a
  Checkbox (error): "yes", "no" or "not_sure" are rejected. Multiple checkboxes
  into a Checkbox are PV06's, free text into a Checkbox PV01's.

With records, the rejected values are counted. A blank single checkbox
synced into a Checkbox is reported as a note: Salesforce has no null
checkbox. Checkbox fields are not nillable (the Object Reference lists
boolean fields as "Defaulted on create", and "You cannot set required fields
(nillable is false) to null" through fieldsToNull, SOAP API "sObject"); a
create without the value takes the field's default, so "not answered" becomes
"no". Whether the integration skips a cleared value on update or sends a
null, which the API may refuse, is not documented: evidence level "may".

Example: contacts.gdpr_consent (single checkbox) into Lead.GDPR_Consent__c, a
restricted Yes/No picklist.`,
	Fix: "Map single checkboxes to Checkbox fields (or add true/false values to the picklist), and give dropdowns mapped to checkboxes the option values true and false.",
	Run: runPV07,
})

func runPV07(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() {
			continue
		}
		kind := kindOf(t.Property)
		switch {
		case kind == hsBool && t.Field.Type == metadata.TypeCheckbox:
			pv07Blank(p, t)
		case kind == hsBool:
			pv07BoolInto(p, t)
		case kind == hsSelect && t.Field.Type == metadata.TypeCheckbox:
			pv07OptionsInto(p, t)
		}
	}
}

// boolValues are the values a HubSpot single checkbox sends.
func boolValues(prop *hubspotschema.Property) []string {
	var vals []string
	for _, o := range prop.Options {
		vals = append(vals, o.Value)
	}
	if len(vals) == 0 {
		vals = []string{"true", "false"}
	}
	return vals
}

// pv07BoolInto handles a single checkbox mapped to a field that is not a
// Checkbox.
func pv07BoolInto(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	vals := boolValues(t.Property)
	var f *Finding
	var accepts func(string) bool
	escalate := true
	switch {
	case t.Field.Type.IsPicklist():
		src := ResolvePicklist(p.Org, t.Field)
		if !src.Known {
			return
		}
		// Case-only differences are accepted by unrestricted picklists
		// ("Picklist fields are not case sensitive", help KB 000187910);
		// for restricted ones it is not documented, so they are a warning.
		var missing, caseOnly []string
		for _, v := range vals {
			switch m := MatchPicklistValue(src.Values, v); {
			case m.Kind == MatchExact:
			case m.Kind == MatchCase && !src.Restricted:
			case m.Kind == MatchCase:
				caseOnly = append(caseOnly, quote(v)+" ≈ "+quote(m.Value.FullName))
			default:
				missing = append(missing, quote(v))
			}
		}
		if len(missing) == 0 && len(caseOnly) == 0 {
			return
		}
		sev := Warning
		if src.Restricted && len(missing) > 0 {
			sev = Error
		}
		f = targetFinding(p, t, sev)
		var sfVals []string
		for _, v := range src.Values {
			if v.Active {
				sfVals = append(sfVals, quote(v.FullName))
			}
		}
		switch {
		case len(missing) > 0 && src.Restricted:
			f.Message = fmt.Sprintf("%s is a single checkbox that sends %s, but %s is a restricted picklist without those values: Salesforce rejects them (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST)", prop, strings.Join(missing, " and "), fieldName)
		case len(missing) > 0:
			f.Message = fmt.Sprintf("%s is a single checkbox that sends %s, but %s has no such values: they are stored as new inactive picklist values", prop, strings.Join(missing, " and "), fieldName)
		default:
			f.Message = fmt.Sprintf("%s is a single checkbox that sends %s, but restricted picklist %s has them only in another case: it may reject them (case matching of restricted picklists is not documented)", prop, strings.Join(caseOnly, " and "), fieldName)
		}
		if len(missing) > 0 {
			f.Evidence = f.Evidence.Add("values sent", strings.Join(missing, ", "))
		}
		if len(caseOnly) > 0 {
			f.Evidence = f.Evidence.Add("case differs", strings.Join(caseOnly, ", "))
		}
		f.Evidence = f.Evidence.Add("picklist values", strings.Join(sfVals, ", "))
		f.Fix = fmt.Sprintf("Replace %s with a Checkbox field, or add the values true and false to it (or map a HubSpot dropdown whose options are its values).", fieldName)
		exact := map[string]bool{}
		folded := map[string]bool{}
		for _, v := range src.Values {
			if v.Active {
				exact[v.FullName] = true
				folded[strings.ToLower(v.FullName)] = true
			}
		}
		escalate = len(missing) > 0
		accepts = func(v string) bool {
			if exact[v] {
				return true
			}
			// Count case variants of a restricted picklist (a warning);
			// unrestricted picklists take them.
			return !src.Restricted && folded[strings.ToLower(v)]
		}
	case t.Field.Type.IsNumeric() || t.Field.Type == metadata.TypeDate || t.Field.Type == metadata.TypeDateTime || t.Field.Type == metadata.TypeTime:
		f = targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%s is a single checkbox (true/false) but %s is a %s field: Salesforce rejects true and false", prop, fieldName, t.Field.Type)
		f.Fix = fmt.Sprintf("Map %s to a Checkbox field instead of %s.", prop, fieldName)
		accepts = func(string) bool { return false }
	case t.Field.Type.IsText():
		f = targetFinding(p, t, Note)
		f.Message = fmt.Sprintf("%s is a single checkbox but %s is a text field: it holds the words \"true\" and \"false\"", prop, fieldName)
		f.Fix = fmt.Sprintf("Map %s to a Checkbox field if it is used as a yes/no value in Salesforce.", prop)
		accepts = func(string) bool { return true }
	default:
		return
	}
	pv07Records(p, t, f, accepts, escalate)
	p.ReportDeferred(f)
}

// pv07OptionsInto handles a dropdown mapped to a Checkbox.
func pv07OptionsInto(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	var bad []string
	for _, o := range t.Property.Options {
		if _, ok := ParseSalesforceBoolean(o.Value); !ok {
			bad = append(bad, optionLabel(o))
		}
	}
	if len(bad) == 0 {
		return
	}
	f := targetFinding(p, t, Error)
	f.Message = fmt.Sprintf("%s is a dropdown whose options are not exactly true/false, but %s is a Checkbox, which takes true, false, 1 or 0: %d of %d options are rejected", prop, fieldName, len(bad), len(t.Property.Options))
	f.Evidence = f.Evidence.Add("options that are not booleans", strings.Join(bad, ", "))
	f.Fix = fmt.Sprintf("Make %s a HubSpot single checkbox (or give its options the values true and false), or replace %s with a picklist that holds its options.", prop, fieldName)
	pv07Records(p, t, f, func(v string) bool {
		_, ok := ParseSalesforceBoolean(v)
		return ok
	}, true)
	p.ReportDeferred(f)
}

// pv07Records counts the non-blank values the field rejects; with
// escalate, a finding with failing records becomes an error.
func pv07Records(p *Pass, t *Target, f *Finding, accepts func(string) bool, escalate bool) {
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	static := f.Message
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			v = trimASCIISpace(v)
			if v == "" || accepts(v) {
				return
			}
			ensureStats(f).AddExample(r.ID, v, r.Line)
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 && f.Severity > Note && escalate {
				f.Severity = Error
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that %s rejects: %s", rs.Failing, n, t.Mapping.HubSpot, t.Field.QualifiedName(), static)
			}
		},
	})
}

// pv07Blank counts blank single checkboxes synced into a Checkbox: a note,
// since Salesforce stores false.
func pv07Blank(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	f := targetFinding(p, t, Note)
	f.Fix = fmt.Sprintf("If \"not answered\" matters, map %s to a picklist with Yes/No/blank instead of %s; otherwise nothing to do.", prop, fieldName)
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if ok && trimASCIISpace(v) == "" {
				ensureStats(f).AddExample(r.ID, "", r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			def := "false"
			if strings.EqualFold(strings.TrimSpace(t.Field.DefaultValue), "true") {
				def = "false on update, true on create (its default)"
			}
			f.Message = fmt.Sprintf("%d of %d HubSpot records have %s blank; %s is a Checkbox, which has no null: it holds %s, so \"not answered\" looks like \"no\" (and an update that clears the value may be refused)", rs.Failing, n, prop, fieldName, def)
		},
	})
	p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
}
