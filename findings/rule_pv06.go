package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV06 finds multi-select values whose shape the Salesforce field does not
// hold.
var PV06 = Register(&Rule{
	ID:        "PV06",
	Name:      "multi-select-shape",
	Title:     "Multi-select shape mismatch",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"picklist", "multi-select", "mapping", "property-value"},
	Summary:   "A HubSpot multiple-checkboxes property is mapped to a single-value field, an option value contains the ';' separator, or records join values with ',' instead of ';'.",
	Doc: `HubSpot sends a multiple-checkboxes property as one string with the chosen
option values joined by ';' ("the values should be separated with a semicolon",
developers.hubspot.com FAQ "How do I set multiple values for checkbox
properties"). Salesforce multi-select picklists use the same separator and
check every part against their values (SOQL guide "Querying Multi-Select
Picklists": 'AAA;BBB'; salesforce-metadata.md §15). Statically:

- **Multiple checkboxes into a single-select picklist**: "Email;Phone" is one
  value that no picklist has. A restricted picklist rejects it
  (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, error); an unrestricted one stores
  it as a new inactive value (warning).
- **Multiple checkboxes into a Checkbox** (error): "a;b" is not true or false.
  Into a text field the joined string is stored as text (note).
- **Single-select into a multi-select picklist** (note): HubSpot writes one
  value at a time, but Salesforce users can choose several, which a two-way
  mapping sends back into a HubSpot property that holds one.
- **An option value containing ';'** mapped to a multi-select picklist:
  Salesforce splits "UL;CSA" into "UL" and "CSA". When a part is not a value of
  a restricted picklist the write is rejected (error); otherwise the option
  silently becomes two values (warning).

With records, the records that hold several options (for a single-select
target) or the ';'-containing option are counted, and values joined with ','
instead of ';' ("AR-100,AR-200", typical of imports and spreadsheets) are
found: Salesforce reads them as one unknown value, rejected by a restricted
picklist (error) or stored as an inactive value (warning).

Example: contacts.preferred_contact_channels (multiple checkboxes) into
Lead.Preferred_Channel__c, a restricted single-select picklist.`,
	Fix: "Map multiple-checkbox properties to multi-select picklists, keep ';' out of option values, and re-import comma-joined values with ';'.",
	Run: runPV06,
})

func runPV06(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() {
			continue
		}
		kind := kindOf(t.Property)
		ft := t.Field.Type
		switch {
		case kind == hsMulti && ft == metadata.TypePicklist:
			pv06MultiIntoSingle(p, t)
		case kind == hsMulti && ft == metadata.TypeCheckbox:
			pv06MultiIntoCheckbox(p, t)
		case kind == hsMulti && ft.IsText():
			f := targetFinding(p, t, Note)
			f.Message = fmt.Sprintf("%s holds several options joined with ';', and %s is a text field: the joined string is stored as text, not as separate values", t.Mapping.HubSpot, t.Field.QualifiedName())
			f.Fix = fmt.Sprintf("Map %s to a multi-select picklist if the values are used separately in Salesforce.", t.Mapping.HubSpot)
			p.Report(*f)
		case kind == hsSelect && ft == metadata.TypeMultiselectPicklist && t.Mapping.Rule == hubspotschema.RuleTwoWay:
			f := targetFinding(p, t, Note)
			f.Message = fmt.Sprintf("%s holds one value, but %s is a multi-select picklist mapped two-way: a Salesforce user can choose several values, which HubSpot's single-select property cannot hold", t.Mapping.HubSpot, t.Field.QualifiedName())
			f.Fix = fmt.Sprintf("Make %s a multiple-checkboxes property, or %s a single-select picklist.", t.Mapping.HubSpot, t.Field.QualifiedName())
			p.Report(*f)
		}
		if ft == metadata.TypeMultiselectPicklist {
			if kind == hsSelect || kind == hsMulti {
				pv06SemicolonOptions(p, t)
			}
			if kind == hsSelect || kind == hsMulti || kind == hsText {
				pv06CommaJoined(p, t)
			}
		}
	}
}
func pv06MultiIntoSingle(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	src := ResolvePicklist(p.Org, t.Field)
	sev := Warning
	if src.Restricted {
		sev = Error
	}
	f := targetFinding(p, t, sev)
	if src.Restricted {
		f.Message = fmt.Sprintf("%s is a multiple-checkboxes property but %s is a restricted single-select picklist: a record with two options (\"A;B\") is rejected (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST)", prop, fieldName)
	} else {
		f.Message = fmt.Sprintf("%s is a multiple-checkboxes property but %s is a single-select picklist: a record with two options (\"A;B\") is stored as one new inactive value", prop, fieldName)
	}
	f.Fix = fmt.Sprintf("Change %s to a multi-select picklist with the same values, or make %s a single-select dropdown in HubSpot.", fieldName, prop)
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok || strings.IndexByte(v, ';') < 0 {
				return
			}
			parts := 0
			SplitMulti(v, func(string) { parts++ })
			if parts > 1 {
				ensureStats(f).AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 {
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold several options of %s joined with ';', which single-select picklist %s %s", rs.Failing, n, prop, fieldName,
					map[bool]string{true: "rejects (restricted)", false: "stores as a new inactive value"}[src.Restricted])
			}
		},
	})
	p.ReportDeferred(f)
}

func pv06MultiIntoCheckbox(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	f := targetFinding(p, t, Error)
	f.Message = fmt.Sprintf("%s is a multiple-checkboxes property but %s is a Checkbox: option values joined with ';' are not true, false, 1 or 0", prop, fieldName)
	f.Fix = fmt.Sprintf("Map %s to a multi-select picklist, or map a HubSpot single checkbox to %s.", prop, fieldName)
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			if v = trimASCIISpace(v); v == "" {
				return
			}
			if _, ok := ParseSalesforceBoolean(v); !ok {
				ensureStats(f).AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 {
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold values of %s that Checkbox %s rejects (not true, false, 1 or 0)", rs.Failing, n, prop, fieldName)
			}
		},
	})
	p.ReportDeferred(f)
}

// pv06SemicolonOptions reports options whose value contains ';', which a
// multi-select picklist splits.
func pv06SemicolonOptions(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	src := ResolvePicklist(p.Org, t.Field)
	var opts []string
	var descs []string
	rejected := false
	for _, o := range t.Property.Options {
		if !strings.Contains(o.Value, ";") {
			continue
		}
		var missing []string
		SplitMulti(o.Value, func(part string) {
			if src.Known && MatchPicklistValue(src.Values, part).Kind != MatchExact {
				missing = append(missing, quote(part))
			}
		})
		d := quote(o.Value) + " becomes " + quote(strings.Join(strings.Split(o.Value, ";"), `", "`))
		if len(missing) > 0 {
			d += " (" + strings.Join(missing, ", ") + " not in the picklist)"
			if src.Restricted {
				rejected = true
			}
		}
		opts = append(opts, o.Value)
		descs = append(descs, d)
	}
	if len(opts) == 0 {
		return
	}
	sev := Warning
	if rejected {
		sev = Error
	}
	f := targetFinding(p, t, sev)
	if rejected {
		f.Message = fmt.Sprintf("%d %s of %s %s ';', which multi-select picklist %s reads as a separator: the parts are not its values, so Salesforce rejects the write", len(opts), plural(len(opts), "option", "options"), prop, plural(len(opts), "contains", "contain"), fieldName)
	} else {
		f.Message = fmt.Sprintf("%d %s of %s %s ';', which multi-select picklist %s reads as a separator: each such option is stored as several values", len(opts), plural(len(opts), "option", "options"), prop, plural(len(opts), "contains", "contain"), fieldName)
	}
	f.Evidence = f.Evidence.Add("options containing ';'", strings.Join(descs, "; "))
	f.Fix = fmt.Sprintf("Change the internal value of %s (for example \"UL;CSA\" → \"UL/CSA\", the picklist's value) so that it contains no ';'.", strings.Join(quoteEach(opts), ", "))
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok || strings.IndexByte(v, ';') < 0 {
				return
			}
			for _, o := range opts {
				if containsParts(v, o) {
					ensureStats(f).AddExample(r.ID, v, r.Line)
					return
				}
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 {
				outcome := "stores it as several values"
				if rejected {
					outcome = "rejects the write"
				}
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold an option of %s whose value contains ';' (%s): %s splits it at the ';' and %s", rs.Failing, n, prop, strings.Join(quoteEach(opts), ", "), fieldName, outcome)
			}
		},
	})
	p.ReportDeferred(f)
}

// containsParts reports whether the ';'-joined value v holds the option
// value o (itself ';'-joined) as consecutive parts.
func containsParts(v, o string) bool {
	for i := 0; ; {
		j := strings.Index(v[i:], o)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(o)
		if (j == 0 || v[j-1] == ';') && (end == len(v) || v[end] == ';') {
			return true
		}
		i = j + 1
	}
}

func quoteEach(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}

// pv06CommaJoined counts record values joined with ',' instead of ';'.
func pv06CommaJoined(p *Pass, t *Target) {
	src := ResolvePicklist(p.Org, t.Field)
	if !src.Known {
		return
	}
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	sev := Warning
	if src.Restricted {
		sev = Error
	}
	f := targetFinding(p, t, sev)
	f.Key = prop + "#comma"
	if src.Restricted {
		f.Fix = fmt.Sprintf("Re-import those values of %s with ';' between the options (\"AR-100;AR-200\"); restricted picklist %s rejects \"AR-100,AR-200\".", prop, fieldName)
	} else {
		f.Fix = fmt.Sprintf("Re-import those values of %s with ';' between the options (\"AR-100;AR-200\") before they sync.", prop)
	}
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok || strings.IndexByte(v, ',') < 0 {
				return
			}
			found := false
			SplitMulti(v, func(part string) {
				if found || strings.IndexByte(part, ',') < 0 {
					return
				}
				if MatchPicklistValue(src.Values, part).Kind == MatchExact {
					return // a value that really contains a comma
				}
				if commaPartsAreValues(src.Values, part) {
					found = true
				}
			})
			if found {
				ensureStats(f).AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing == 0 {
				return
			}
			if src.Restricted {
				f.Message = fmt.Sprintf("%d of %d HubSpot records join values of %s with ',' instead of ';': restricted picklist %s reads \"AR-100,AR-200\" as one unknown value and rejects it", rs.Failing, n, prop, fieldName)
			} else {
				f.Message = fmt.Sprintf("%d of %d HubSpot records join values of %s with ',' instead of ';': %s stores each as one new inactive value", rs.Failing, n, prop, fieldName)
			}
		},
	})
	p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
}

// commaPartsAreValues reports whether splitting s on ',' gives only
// picklist values (ignoring spaces around them).
func commaPartsAreValues(values []metadata.PicklistValue, s string) bool {
	n := 0
	for s != "" {
		i := strings.IndexByte(s, ',')
		part := s
		if i >= 0 {
			part, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if m := MatchPicklistValue(values, part).Kind; m != MatchExact && m != MatchCase {
			return false
		}
		n++
	}
	return n > 1
}
