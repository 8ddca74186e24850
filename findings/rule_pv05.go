package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV05 compares HubSpot option values with Salesforce picklist values.
var PV05 = Register(&Rule{
	ID:        "PV05",
	Name:      "picklist-value-missing",
	Title:     "HubSpot option missing from the Salesforce picklist",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"picklist", "mapping", "property-value"},
	Summary:   "A HubSpot enumeration option that syncs into a Salesforce picklist is not one of the picklist's values.",
	Doc: `For every writing mapping from a HubSpot enumeration (dropdown, radio,
multiple checkboxes; pipeline stages where the mapping points at them) to a
Salesforce picklist or multi-select picklist, synclint compares each visible
HubSpot option value with the picklist's API values: values defined on the
field, in a global value set, or in a standard value set.

- **Restricted picklists** (the "Restrict picklist to the values defined in the
  value set" box, and every field that uses a global value set) reject any other
  value with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST; inactive values are
  rejected too. The Opportunity stage behaves the same way. These are errors.
- **Unrestricted picklists** (most standard picklists, and custom ones without
  the box) accept the value and store it as an inactive value that users cannot
  pick again; reports and automation that expect the defined values miss it.
  These are warnings.
- **Near misses** are named: a value that differs only in case (Salesforce
  matches case-insensitively on unrestricted picklists, help KB 000187910) or
  only in surrounding/doubled whitespace (a trailing space is a different value).
- **Record types** and business processes that leave the value out, and
  **dependent picklists** where the value is valid only under some controlling
  values, are warnings: the API may accept the value while users editing the
  record later cannot save it.

Hidden HubSpot options are reported by PV09, owner references by PV08, and deal
stages mapped to the Opportunity stage by AS12.

Example: contacts.hs_lead_status has the option BAD_TIMING and Lead.Status has
no such value.`,
	Fix: "Add the missing values to the Salesforce picklist (or its value set), or change the HubSpot options so their internal values match the picklist's API names.",
	Run: runPV05,
})

func runPV05(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || !t.Field.Type.IsPicklist() {
			continue
		}
		if t.Property.IsBoolean() || isOwnerProperty(t.Property) {
			continue // PV07, PV08
		}
		if isStageProperty(t.Property) && isStageField(t.Field) {
			continue // AS12
		}
		src := ResolvePicklist(p.Org, t.Field)
		if !src.Known {
			continue
		}
		domain, ok := PropertyDomain(p.HubSpot, t.Property)
		if !ok {
			checkFreeTextPicklist(p, t, src)
			continue
		}
		checkPicklistTarget(p, t, domain, src)
	}
}

func isOwnerProperty(p *hubspotschema.Property) bool {
	return strings.EqualFold(p.ReferencedObjectType, "OWNER") || p.Name == "hubspot_owner_id"
}

func isStageProperty(p *hubspotschema.Property) bool {
	return p.Name == "dealstage" || p.Name == "hs_pipeline_stage"
}

func isStageField(f *metadata.Field) bool {
	return strings.EqualFold(f.Object+"."+f.Name, "Opportunity.StageName") || strings.EqualFold(f.Object+"."+f.Name, "Case.Status")
}

type pv05Problems struct {
	missing, inactive, caseMiss, spaceMiss []string
	recordTypes                            map[string][]string
	dependent                              []string
}

func checkPicklistTarget(p *Pass, t *Target, domain []DomainValue, src PicklistSource) {
	var pr pv05Problems
	pr.recordTypes = map[string][]string{}
	checked := 0
	for _, d := range domain {
		if d.Hidden {
			continue
		}
		checked++
		sent := d.Value
		if d.Origin == "stage" {
			sent = d.Label
		}
		m := MatchPicklistValue(src.Values, sent)
		switch m.Kind {
		case MatchExact:
			checkSubsets(p, t.Field, sent, &pr)
		case MatchInactive:
			pr.inactive = append(pr.inactive, quote(sent))
		case MatchCase:
			pr.caseMiss = append(pr.caseMiss, fmt.Sprintf("%s ≈ %s (case)", quote(sent), quote(m.Value.FullName)))
			checkSubsets(p, t.Field, m.Value.FullName, &pr)
		case MatchSpace:
			pr.spaceMiss = append(pr.spaceMiss, fmt.Sprintf("%s ≈ %s (whitespace)", quote(sent), quote(m.Value.FullName)))
		case MatchNone:
			s := quote(sent)
			if m.Value != nil {
				s += " (nearest: " + quote(m.Value.FullName) + ")"
			}
			pr.missing = append(pr.missing, s)
		}
	}
	sev := SeverityNone
	raise := func(s Severity) {
		if s > sev {
			sev = s
		}
	}
	if len(pr.missing) > 0 || len(pr.inactive) > 0 || len(pr.spaceMiss) > 0 {
		if src.Restricted {
			raise(Error)
		} else {
			raise(Warning)
		}
	}
	if len(pr.caseMiss) > 0 && src.Restricted {
		raise(Warning)
	}
	if len(pr.recordTypes) > 0 || len(pr.dependent) > 0 {
		raise(Warning)
	}
	if sev == SeverityNone {
		return
	}
	if src.Builtin && sev == Error {
		// The values are Salesforce's defaults, not the org's: the org may
		// have added the value. Say so and do not claim certainty.
		sev = Warning
	}
	bad := len(pr.missing) + len(pr.inactive) + len(pr.spaceMiss)
	var msg string
	fieldName := t.Field.QualifiedName()
	prop := t.Mapping.HubSpot.String()
	switch {
	case bad > 0:
		msg = fmt.Sprintf("%d of %d %s of %s %s of %s", bad, checked, plural(checked, "option", "options"), prop, plural(bad, "is not a value", "are not values"), fieldName)
		if src.Restricted {
			msg += " (" + src.RestrictedWhy + "): Salesforce rejects these writes"
		} else {
			msg += " (unrestricted): Salesforce stores them as inactive values"
		}
	case len(pr.caseMiss) > 0 && src.Restricted:
		msg = fmt.Sprintf("%d %s of %s %s of restricted picklist %s only when case is ignored", len(pr.caseMiss), plural(len(pr.caseMiss), "option", "options"), prop, plural(len(pr.caseMiss), "matches a value", "match values"), fieldName)
	default:
		msg = fmt.Sprintf("options of %s are values of %s, but record types or a controlling field limit where they can be used", prop, fieldName)
	}
	ev := Evidence{}
	ev = ev.Add("picklist", fieldName+" ("+src.Kind+", "+restrictedWord(src.Restricted)+")")
	if len(pr.missing) > 0 {
		ev = ev.Add("missing", strings.Join(pr.missing, ", "))
	}
	if len(pr.inactive) > 0 {
		ev = ev.Add("inactive in Salesforce", strings.Join(pr.inactive, ", "))
	}
	if len(pr.spaceMiss) > 0 {
		ev = ev.Add("whitespace near-miss", strings.Join(pr.spaceMiss, ", "))
	}
	if len(pr.caseMiss) > 0 {
		ev = ev.Add("case near-miss", strings.Join(pr.caseMiss, ", "))
	}
	if len(pr.recordTypes) > 0 {
		var rts []string
		for rt := range pr.recordTypes {
			rts = append(rts, rt)
		}
		sort.Strings(rts)
		var parts []string
		for _, rt := range rts {
			parts = append(parts, rt+": "+strings.Join(pr.recordTypes[rt], ", "))
		}
		ev = ev.Add("not in record type", strings.Join(parts, "; "))
	}
	if len(pr.dependent) > 0 {
		ev = ev.Add("dependent on "+t.Field.Picklist.ControllingField, strings.Join(pr.dependent, "; "))
	}
	if src.Builtin {
		ev = ev.Add("note", "values are Salesforce's defaults for "+src.Kind+": the checkout has no file for it")
	}
	fix := "Add the missing values to " + fieldName
	if strings.HasPrefix(src.Kind, "global") || strings.HasPrefix(src.Kind, "standard") {
		fix = "Add the missing values to the " + src.Kind
	}
	fix += ", or change the options of " + prop + " so their internal values match the picklist's API names."
	pos := src.Pos
	if pos.File == "" {
		pos = t.Field.Pos
	}
	f := Finding{
		Severity:        sev,
		Message:         msg,
		Location:        locOf(pos),
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence:        ev,
		Fix:             fix,
	}
	if pos != t.Field.Pos && t.Field.Pos.File != "" {
		f.Related = append(f.Related, Location{File: t.Field.Pos.File, Line: t.Field.Pos.Line, Message: "field definition"})
	}
	p.Report(f)
}

// checkSubsets records record types and dependencies that leave the value out.
func checkSubsets(p *Pass, f *metadata.Field, value string, pr *pv05Problems) {
	obj := LookupObject(p.Org, f.Object)
	if obj != nil {
		for _, rt := range obj.RecordTypes {
			if !rt.Active {
				continue
			}
			rtp := rt.Picklists[strings.ToLower(f.Name)]
			if rtp == nil {
				continue
			}
			found := false
			for _, v := range rtp.Values {
				if decodeRecordTypeValue(v.FullName) == value {
					found = true
					break
				}
			}
			if !found {
				pr.recordTypes[rt.Name] = append(pr.recordTypes[rt.Name], quote(value))
			}
		}
		if bpField(f) {
			for _, rt := range obj.RecordTypes {
				if !rt.Active || rt.BusinessProcess == "" {
					continue
				}
				for _, bp := range obj.BusinessProcesses {
					if !strings.EqualFold(bp.Name, rt.BusinessProcess) {
						continue
					}
					if m := MatchPicklistValue(bp.Values, value); m.Kind != MatchExact {
						key := rt.Name + " (" + bp.Name + ")"
						pr.recordTypes[key] = append(pr.recordTypes[key], quote(value))
					}
				}
			}
		}
	}
	if f.Picklist != nil && f.Picklist.ControllingField != "" && len(f.Picklist.Dependencies) > 0 {
		for _, d := range f.Picklist.Dependencies {
			if d.Value == value {
				if len(d.ControllingValues) == 0 {
					pr.dependent = append(pr.dependent, quote(value)+" valid under no value of "+f.Picklist.ControllingField)
				} else {
					pr.dependent = append(pr.dependent, quote(value)+" only when "+f.Picklist.ControllingField+" is "+strings.Join(d.ControllingValues, "/"))
				}
				return
			}
		}
		pr.dependent = append(pr.dependent, quote(value)+" valid under no value of "+f.Picklist.ControllingField)
	}
}

// bpField reports whether business processes limit the field's values
// (Lead Status, Case Status; Opportunity stages are AS12's).
func bpField(f *metadata.Field) bool {
	switch strings.ToLower(f.Object + "." + f.Name) {
	case "lead.status", "case.status", "solution.status":
		return true
	}
	return false
}

func restrictedWord(r bool) string {
	if r {
		return "restricted"
	}
	return "unrestricted"
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func locOf(p metadata.Pos) Location {
	return Location{File: p.File, Line: p.Line, Column: p.Col}
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checkFreeTextPicklist handles a free-text HubSpot property mapped to a
// picklist: HubSpot constrains nothing, so any value outside the picklist is
// rejected (restricted) or stored as an inactive value (unrestricted). The
// static finding says so for restricted picklists; the records pass counts
// the values that miss, with near misses named.
func checkFreeTextPicklist(p *Pass, t *Target, src PicklistSource) {
	fieldName := t.Field.QualifiedName()
	prop := t.Mapping.HubSpot.String()
	pos := src.Pos
	if pos.File == "" {
		pos = t.Field.Pos
	}
	loc := locOf(pos)
	if loc.File == "" {
		loc = p.FieldLocation(t.Object, t.Field)
	}
	f := &Finding{
		Severity:        Warning,
		Location:        loc,
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence: Evidence{}.Add("picklist", fieldName+" ("+src.Kind+", "+restrictedWord(src.Restricted)+")").
			Add("HubSpot property", t.Property.Type+"/"+t.Property.FieldType+": free text, any value"),
		Fix: "Turn " + prop + " into a dropdown whose option values are the API names of " + fieldName + ", or clean the values before they sync.",
	}
	if src.Restricted {
		f.Message = fmt.Sprintf("%s is free text in HubSpot but %s is a restricted picklist: any value outside its %d values is rejected", prop, fieldName, len(src.Values))
	}
	multi := t.Field.Type == metadata.TypeMultiselectPicklist
	bad := map[string]string{}
	var badOrder []string
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := r.Get(t.Mapping.HubSpot.Property)
			if !ok || strings.TrimSpace(v) == "" {
				return
			}
			if f.Records == nil {
				f.Records = &RecordStats{}
			}
			parts := []string{v}
			if multi {
				parts = strings.Split(v, ";")
			}
			for _, part := range parts {
				m := MatchPicklistValue(src.Values, part)
				if m.Kind == MatchExact || (m.Kind == MatchCase && !src.Restricted) {
					continue
				}
				if _, seen := bad[part]; !seen && len(badOrder) < 20 {
					hint := ""
					switch {
					case m.Kind == MatchCase:
						hint = "case near-miss of " + quote(m.Value.FullName)
					case m.Kind == MatchSpace:
						hint = "whitespace near-miss of " + quote(m.Value.FullName)
					case m.Kind == MatchInactive:
						hint = "inactive"
					case m.Value != nil:
						hint = "nearest " + quote(m.Value.FullName)
					}
					bad[part] = hint
					badOrder = append(badOrder, part)
				}
				f.Records.AddExample(r.ID, v, r.Line)
				return
			}
		},
		Done: func(file string, n int64) {
			if f.Records == nil {
				f.Records = &RecordStats{}
			}
			f.Records.File, f.Records.Checked = file, n
			if f.Records.Failing == 0 {
				return
			}
			var vals []string
			for _, b := range badOrder {
				s := quote(b)
				if bad[b] != "" {
					s += " (" + bad[b] + ")"
				}
				vals = append(vals, s)
			}
			f.Evidence = f.Evidence.Add("values not in the picklist", strings.Join(vals, ", "))
			if src.Restricted {
				f.Severity = Error
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that restricted picklist %s rejects", f.Records.Failing, n, prop, fieldName)
			} else {
				f.Severity = Warning
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that is not a value of %s (unrestricted): Salesforce stores it as an inactive value", f.Records.Failing, n, prop, fieldName)
			}
		},
	})
	p.ReportDeferredIf(f, func() bool { return f.Message != "" })
}
