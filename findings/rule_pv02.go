package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV02 finds fields Salesforce requires that the integration does not fill.
var PV02 = Register(&Rule{
	ID:        "PV02",
	Name:      "required-field-unfilled",
	Title:     "Required Salesforce field HubSpot does not fill",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"required", "mapping", "property-value"},
	Summary:   "A field Salesforce requires when a record is created is not filled by any writing mapping, or is filled from a HubSpot property that can be empty.",
	Doc: `A create through the API fails with REQUIRED_FIELD_MISSING when a field that
is "non-nillable and not defaulted on create" has no value (Object Reference,
"Required Fields": developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/required_fields.htm).
For each Salesforce object the integration creates records of (Lead or Contact
for new HubSpot contacts, per contactsCreate; Account, Opportunity, Case and
custom objects when their sync is on), synclint lists the fields required on
create:

- custom fields marked required (<required>true</required>) without a default
  value (a default value is applied when the create leaves the field out);
- master-detail fields (always required);
- the Name field of a custom object whose name field is Text (not AutoNumber);
- standard fields Salesforce requires: Lead LastName and Company, Contact
  LastName, Account Name, Opportunity Name, StageName and CloseDate (built-in
  knowledge, cited in metadata/standard.go).

A field no writing mapping fills (two-way or prefer-Salesforce-unless-blank;
always-Salesforce and don't-sync mappings never write) is an error: every new
record fails. A field filled from a HubSpot property that HubSpot does not
require (HubSpot contacts need no last name or company) is a warning: records
with the property empty fail. With record exports, the records whose value is
blank are counted and the finding becomes an error when there are any.

Updates matter too: "In updates, a required field cannot be set to null"; a
two-way mapping propagates a cleared HubSpot value, so required fields mapped
two-way from a property that can be emptied are warned about on objects the
integration only updates.`,
	Fix: "Map a HubSpot property that always has a value to the field, give the field a default value, or make it not required for the integration user.",
	Run: runPV02,
})

// requiredFieldReason explains why a field must have a value on create, or
// returns "" when it need not.
func requiredFieldReason(obj *metadata.Object, f *metadata.Field) string {
	if f.IsCalculated() || f.Type == metadata.TypeCheckbox {
		// Checkboxes always hold true or false; formulas are read-only.
		return ""
	}
	switch {
	case f.Type == metadata.TypeMasterDetail:
		return "master-detail relationship (always required)"
	case f.Standard && f.Required && !f.DefaultedOnCreate:
		if f.Builtin || f.Source != "" {
			return "standard field required on create"
		}
		return "required field"
	case !f.Standard && f.Required && f.DefaultValue == "":
		return "field is marked required"
	}
	return ""
}

// hubspotAlwaysSet lists properties that always hold a value in HubSpot, so
// mapping them satisfies a required field. Sources: every record has an id
// and a create date; "The dealstage property is required when creating a
// deal" and "If a pipeline isn't specified, the default pipeline will be
// used" (developers.hubspot.com/docs/api/crm/deals); tickets need a pipeline
// and stage (developers.hubspot.com/docs/api/crm/tickets).
var hubspotAlwaysSet = map[string]bool{
	"hs_object_id": true, "createdate": true,
	"deals.dealstage": true, "deals.pipeline": true,
	"tickets.hs_pipeline": true, "tickets.hs_pipeline_stage": true,
}

// PropertyAlwaysSet reports whether a HubSpot property always has a value:
// listed above, or required by the object's schema (schemas export
// requiredProperties).
func PropertyAlwaysSet(hs *hubspotschema.Export, ref hubspotschema.PropertyRef) bool {
	name := strings.ToLower(ref.Property)
	if hubspotAlwaysSet[name] || hubspotAlwaysSet[ref.Object+"."+name] {
		return true
	}
	for _, s := range hs.Schemas {
		if hubspotschema.CanonicalObjectType(s.Name) != ref.Object && hubspotschema.CanonicalObjectType(s.ObjectTypeID) != ref.Object && !strings.EqualFold(s.FullyQualifiedName, ref.Object) {
			continue
		}
		for _, rp := range s.RequiredProperties {
			if strings.EqualFold(rp, ref.Property) {
				return true
			}
		}
	}
	return false
}

func runPV02(p *Pass) {
	for _, so := range p.Sync.Objects {
		obj := so.Object
		if obj == nil {
			continue
		}
		done := map[string]bool{}
		for _, f := range requiredFields(p, obj) {
			reason := requiredFieldReason(obj, f)
			if reason == "" {
				continue
			}
			done[strings.ToLower(f.Name)] = true
			checkRequired(p, so, f, reason, nil, true)
		}
		// Fields an active validation rule requires (vr_pv02.go).
		if len(so.Targets) == 0 {
			continue
		}
		for _, req := range ruleRequiredFields(p, so, done) {
			checkRequired(p, so, req.Field, req.Reason, req.Rule.VR, req.OnUpdate)
		}
	}
}

// checkRequired reports a required field (required by its definition, or
// by the validation rule vr) that the integration does not fill.
// onUpdate says whether a blank is rejected on update too.
func checkRequired(p *Pass, so *SyncedObject, f *metadata.Field, reason string, vr *metadata.ValidationRule, onUpdate bool) {
	targets, assocs := p.Sync.FieldFilledOnCreate(so, f.Name)
	if len(assocs) > 0 {
		return // an association mapping fills the lookup
	}
	if len(targets) == 0 {
		if so.Creates {
			reportUnfilled(p, so, f, reason, vr)
		}
		return
	}
	if !so.Creates && !onUpdate {
		return
	}
	for _, t := range targets {
		checkFilledTarget(p, so, f, reason, t, vr)
	}
}

// requiredFix adapts the fix of a field a validation rule requires.
func requiredFix(fix string, vr *metadata.ValidationRule) string {
	if vr == nil {
		return fix
	}
	return fmt.Sprintf("Send a value for the field from a HubSpot property that always has one, or exempt the integration user from validation rule %s (`synclint fix`).", vr.QualifiedName())
}

// requiredAt locates a required-field finding: the validation rule that
// requires the field, or the field's definition.
func requiredAt(p *Pass, so *SyncedObject, f *metadata.Field, vr *metadata.ValidationRule) Location {
	if vr != nil && vr.Pos.File != "" {
		return locOf(vr.FormulaPos)
	}
	return p.FieldLocation(so, f)
}

// requiredFields returns the object's fields plus the built-in standard
// fields the checkout does not define, and the Name field of custom objects.
func requiredFields(p *Pass, obj *metadata.Object) []*metadata.Field {
	fields := obj.SortedFields()
	seen := map[string]bool{}
	for _, f := range fields {
		seen[strings.ToLower(f.Name)] = true
	}
	for _, f := range metadata.StandardFields(obj.Name) {
		if !seen[strings.ToLower(f.Name)] {
			fields = append(fields, f)
			seen[strings.ToLower(f.Name)] = true
		}
	}
	if obj.NameField != nil && !seen["name"] && obj.NameField.Type == metadata.TypeText {
		nf := *obj.NameField
		nf.Required = true
		fields = append(fields, &nf)
	}
	return fields
}

func reportUnfilled(p *Pass, so *SyncedObject, f *metadata.Field, reason string, vr *metadata.ValidationRule) {
	ev := Evidence{}.Add("required because", reason)
	if f.Source != "" {
		ev = ev.Add("source", f.Source)
	}
	ev = ev.Add("mapped from", "nothing: no two-way or prefer-Salesforce mapping writes "+f.QualifiedName())
	var also []string
	for _, m := range p.Mappings.ForField(f.Object, f.Name) {
		also = append(also, m.HubSpot.String()+" ("+string(m.Rule)+")")
	}
	if len(also) > 0 {
		ev = ev.Add("non-writing mappings", strings.Join(also, ", "))
	}
	p.Report(Finding{
		Severity: Error,
		Message: fmt.Sprintf("%s is required when a %s is created (%s) but no writing mapping fills it: every %s the integration creates is rejected with REQUIRED_FIELD_MISSING",
			f.QualifiedName(), so.Name, reason, so.Name),
		Location: requiredAt(p, so, f, vr),
		Object:   f.Object,
		Field:    f.Name,
		Evidence: ev,
		Fix:      requiredFix(fmt.Sprintf("Map a HubSpot %s property that always has a value to %s (two-way or prefer Salesforce), give the field a default value, or make it not required.", so.HubSpotObject, f.QualifiedName()), vr),
	})
}

func checkFilledTarget(p *Pass, so *SyncedObject, f *metadata.Field, reason string, t *Target, vr *metadata.ValidationRule) {
	ref := t.Mapping.HubSpot
	if PropertyAlwaysSet(p.HubSpot, ref) {
		return
	}
	if t.Property != nil && t.Property.IsComputed() && t.Property.HubspotDefined {
		// HubSpot fills its own calculated default properties.
		return
	}
	twoWay := t.Mapping.Rule == hubspotschema.RuleTwoWay
	if !so.Creates && !twoWay {
		return
	}
	var msg string
	if so.Creates {
		msg = fmt.Sprintf("%s is required (%s) and filled from %s, which HubSpot does not require: %s records created from %s with it empty are rejected",
			f.QualifiedName(), reason, ref, so.Name, ref.Object)
	} else {
		msg = fmt.Sprintf("%s is required (%s) and mapped two-way from %s: clearing the value in HubSpot sends a blank, and Salesforce rejects the update",
			f.QualifiedName(), reason, ref)
	}
	ev := Evidence{}.Add("required because", reason).Add("mapped from", ref.String()+" ("+string(t.Mapping.Rule)+")")
	if t.Property != nil {
		ev = ev.Add("HubSpot property", fmt.Sprintf("%s/%s, not required in HubSpot", t.Property.Type, t.Property.FieldType))
	}
	f0 := Finding{
		Severity:        Warning,
		Message:         msg,
		Location:        requiredAt(p, so, f, vr),
		Object:          f.Object,
		Field:           f.Name,
		HubSpotProperty: ref.String(),
		Key:             ref.String(),
		Evidence:        ev,
		Fix:             requiredFix(fmt.Sprintf("Make %s required in HubSpot (forms, import rules) or give %s a default value in Salesforce; a workflow in HubSpot can fill a placeholder before sync.", ref, f.QualifiedName()), vr),
	}
	if !so.Creates {
		p.Report(f0)
		return
	}
	// With records, count the records whose value is blank.
	p.OnRecords(&RecordVisitor{
		Object: ref.Object,
		Visit:  pv02Visitor(ref.Property, &f0),
		Done: func(file string, n int64) {
			if f0.Records == nil {
				f0.Records = &RecordStats{}
			}
			f0.Records.File, f0.Records.Checked = file, n
			if f0.Records.Failing > 0 {
				f0.Severity = Error
				f0.Message = fmt.Sprintf("%s is required (%s) and filled from %s: %d of %d HubSpot records have it empty and would be rejected",
					f.QualifiedName(), reason, ref, f0.Records.Failing, n)
			}
		},
	})
	p.ReportDeferred(&f0)
}

func pv02Visitor(property string, f *Finding) func(r *hubspotschema.Record) {
	col := -2
	return func(r *hubspotschema.Record) {
		if col == -2 {
			col = r.ColumnIndex(property)
		}
		if col < 0 {
			return
		}
		if f.Records == nil {
			f.Records = &RecordStats{}
		}
		if strings.TrimSpace(r.Value(col)) == "" {
			f.Records.AddExample(r.ID, "", r.Line)
		}
	}
}
