package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
)

// PV09 finds hidden and deleted HubSpot options that records still carry
// into a Salesforce picklist that does not accept them.
var PV09 = Register(&Rule{
	ID:        "PV09",
	Name:      "hidden-option-syncs",
	Title:     "Hidden legacy HubSpot value still syncs",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"picklist", "hidden", "legacy", "property-value"},
	Summary:   "A HubSpot option hidden from forms (or deleted) is still held by records, and its value is not a value the Salesforce picklist accepts.",
	Doc: `Hiding an option in HubSpot ("hidden": true in the properties export) only
removes it from forms and the record sidebar; records that already hold the
value keep it, and the integration syncs it like any other (hubspot-exports.md
§1.2). Deleting an option leaves the value on records too. PV05 compares the
visible options with the Salesforce picklist; PV09 covers the legacy values:

- **Statically**: every hidden option of a property mapped (two-way or
  prefer-Salesforce) to a picklist or multi-select picklist is looked up in the
  picklist's values. A value the picklist lacks or has only as an inactive value
  is an error on a restricted picklist (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST)
  and a warning on an unrestricted one (stored as another inactive value). A
  case-only difference is accepted by unrestricted picklists ("Picklist fields
  are not case sensitive", help KB 000187910) and a warning on restricted ones.
- **With records**: the records still holding such hidden values are counted,
  and values that are not options of the property at all (deleted options)
  and that the picklist does not accept are reported, with their counts.

Values joined with ',' instead of ';' are PV06's, owners PV08's and pipeline
stages AS12's.

Example: contacts.industry_vertical has the hidden option "Textiles", which is
inactive in the restricted picklist Lead.Industry_Vertical__c.`,
	Fix: "Replace the hidden or deleted values on HubSpot records with current options (a workflow or an import), or add the values back to the Salesforce picklist.",
	Run: runPV09,
})

func runPV09(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || !t.Field.Type.IsPicklist() || len(t.Property.Options) == 0 {
			continue
		}
		kind := kindOf(t.Property)
		if kind != hsSelect && kind != hsMulti {
			continue
		}
		if isOwnerProperty(t.Property) || isStageProperty(t.Property) {
			continue
		}
		src := ResolvePicklist(p.Org, t.Field)
		if !src.Known {
			continue
		}
		pv09Hidden(p, t, src)
		pv09Deleted(p, t, src)
	}
}

// pv09Accepts reports whether the picklist takes the value as is: an exact
// active value, or a case-only variant on an unrestricted picklist.
func pv09Accepts(src PicklistSource, v string) (bool, PicklistMatch) {
	m := MatchPicklistValue(src.Values, v)
	return m.Kind == MatchExact || (m.Kind == MatchCase && !src.Restricted), m
}

func pv09Hidden(p *Pass, t *Target, src PicklistSource) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	bad := map[string]bool{}
	var descs []string
	loc := Location{}
	for _, o := range t.Property.Options {
		if !o.Hidden {
			continue
		}
		ok, m := pv09Accepts(src, o.Value)
		if ok {
			continue
		}
		d := quote(o.Value)
		switch m.Kind {
		case MatchInactive:
			d += " (inactive in Salesforce)"
			if loc.File == "" && m.Value.Pos.File != "" {
				loc = locOf(m.Value.Pos)
			}
		case MatchCase:
			d += " (only the case differs from " + quote(m.Value.FullName) + ")"
		case MatchSpace:
			d += " (differs from " + quote(m.Value.FullName) + " in whitespace)"
		default:
			d += " (not a value)"
			if m.Value != nil {
				d += ", nearest " + quote(m.Value.FullName)
			}
		}
		bad[o.Value] = true
		descs = append(descs, d)
	}
	if len(bad) == 0 {
		return
	}
	sev := Warning
	if src.Restricted && len(descs) > 0 {
		sev = Error
		allCase := true
		for v := range bad {
			if MatchPicklistValue(src.Values, v).Kind != MatchCase {
				allCase = false
			}
		}
		if allCase {
			sev = Warning
		}
	}
	if src.Builtin && sev == Error {
		sev = Warning
	}
	if loc.File == "" {
		loc = locOf(src.Pos)
		if loc.File == "" {
			loc = p.FieldLocation(t.Object, t.Field)
		}
	}
	outcome := "stores them as inactive values"
	if src.Restricted {
		outcome = "rejects them (" + src.RestrictedWhy + ")"
	}
	f := &Finding{
		Severity:        sev,
		Location:        loc,
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop,
		Message:         fmt.Sprintf("%d hidden %s of %s still %s from the records that hold them, and %s %s", len(bad), plural(len(bad), "option", "options"), prop, plural(len(bad), "syncs", "sync"), fieldName, outcome),
		Evidence: Evidence{}.
			Add("hidden options", strings.Join(descs, ", ")).
			Add("picklist", fieldName+" ("+src.Kind+", "+restrictedWord(src.Restricted)+")"),
		Fix: fmt.Sprintf("Move HubSpot records off the hidden %s of %s (a workflow or import), or add %s back to %s as active values.", plural(len(bad), "option", "options"), prop, plural(len(bad), "it", "them"), fieldName),
	}
	if t.Property.Pos.File != "" {
		f.Related = append(f.Related, Location{File: t.Property.Pos.File, Line: t.Property.Pos.Line, Message: "HubSpot property " + prop})
	}
	multi := t.Property.IsMultiValue()
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok || v == "" {
				return
			}
			hit := false
			if multi {
				SplitMulti(v, func(part string) { hit = hit || bad[part] })
			} else {
				hit = bad[v]
			}
			if hit {
				ensureStats(f).AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 {
				f.Message = fmt.Sprintf("%d of %d HubSpot records still hold a hidden option of %s, and %s %s", rs.Failing, n, prop, fieldName, outcome)
			}
		},
	})
	p.ReportDeferred(f)
}

// pv09Deleted counts records holding values that are not options of the
// property any more and that the picklist does not accept.
func pv09Deleted(p *Pass, t *Target, src PicklistSource) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	options := make(map[string]bool, len(t.Property.Options))
	for _, o := range t.Property.Options {
		options[o.Value] = true
		if t.Property.IsMultiValue() && strings.Contains(o.Value, ";") {
			// The option's parts show up as separate values (PV06).
			SplitMulti(o.Value, func(part string) { options[part] = true })
		}
	}
	sev := Warning
	outcome := "stores them as inactive values"
	if src.Restricted {
		sev, outcome = Error, "rejects them ("+src.RestrictedWhy+")"
	}
	if src.Builtin && sev == Error {
		sev = Warning
	}
	loc := locOf(src.Pos)
	if loc.File == "" {
		loc = p.FieldLocation(t.Object, t.Field)
	}
	f := &Finding{
		Severity:        sev,
		Location:        loc,
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop + "#deleted",
		Evidence:        Evidence{}.Add("picklist", fieldName+" ("+src.Kind+", "+restrictedWord(src.Restricted)+")"),
		Fix:             fmt.Sprintf("Replace the deleted values of %s on HubSpot records with current options, or add them to %s if they are still meant to exist.", prop, fieldName),
	}
	const maxValues = 10
	counts := map[string]int{}
	var order []string
	multi := t.Property.IsMultiValue()
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	check := func(part string) bool {
		if options[part] {
			return false
		}
		if ok, _ := pv09Accepts(src, part); ok {
			return false
		}
		if strings.IndexByte(part, ',') >= 0 && commaPartsAreValues(src.Values, part) {
			return false // joined with ',' instead of ';': PV06
		}
		if _, seen := counts[part]; seen || len(order) < maxValues {
			if _, seen := counts[part]; !seen {
				order = append(order, part)
			}
			counts[part]++
		}
		return true
	}
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok || v == "" {
				return
			}
			hit := false
			if multi {
				SplitMulti(v, func(part string) {
					if check(part) {
						hit = true
					}
				})
			} else {
				hit = check(v)
			}
			if hit {
				ensureStats(f).AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing == 0 {
				return
			}
			var vals []string
			for _, v := range order {
				d := fmt.Sprintf("%s (%d)", quote(v), counts[v])
				if m := MatchPicklistValue(src.Values, v); m.Kind == MatchNone && m.Value != nil {
					d += ", nearest " + quote(m.Value.FullName)
				}
				vals = append(vals, d)
			}
			f.Evidence = f.Evidence.Add("values that are no option of "+prop, strings.Join(vals, "; "))
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold values of %s that are not its options (deleted options) and not values of %s, which %s", rs.Failing, n, prop, fieldName, outcome)
		},
	})
	p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
}
