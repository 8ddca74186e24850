package findings

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// AS07 finds duplicate rules and unique fields that block integration
// writes.
var AS07 = Register(&Rule{
	ID:        "AS07",
	Name:      "duplicate-blocked",
	Title:     "Duplicate blocked",
	Category:  CategoryAssociation,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketDuplicates,
	Tags:      []string{"duplicate-rule", "unique", "duplicates"},
	Summary:   "An active duplicate rule blocks (or may block) the integration's creates or updates on a synced object, or a unique field is filled from a HubSpot property whose values need not be unique.",
	Doc: `Duplicate rules run on API saves. An active rule whose action is Block
rejects a save that matches an existing record (DUPLICATES_DETECTED). An
Allow rule with the Alert operation also rejects API saves unless the call
sets the DuplicateRuleHeader's allowSave: "The default value for all fields
is false" (REST API Developer Guide, Duplicate Rule Header:
developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_duplicaterules.htm;
salesforce-metadata.md §7). Whether HubSpot sets allowSave is not
documented, so Allow + Alert rules are warnings ("may block"). Allow rules
that only Report never block. HubSpot files these under "Duplicates"
(knowledge.hubspot.com/salesforce/resolve-salesforce-integration-sync-errors).

A unique field (<unique>true</unique>) rejects a second record with the same
value (DUPLICATE_VALUE; case-insensitively unless caseSensitive is true;
Metadata API CustomField.unique, caseSensitive). A HubSpot property only
guarantees distinct values when it is the record id (hs_object_id: every
record has its own, although exports show hasUniqueValue false) or when
hasUniqueValue is true. External IDs that are not unique do not reject
duplicates and are not reported.

What is checked statically: active duplicate rules on objects the
integration writes, for the operations it performs (insert where it
creates records, update where it updates them): Block → error, Allow with
Alert → warning; and unique fields written from a property that is not
unique → warning. With records: the mapped property's values are compared
across records (case-insensitively unless the field is case-sensitive, after
trimming); records sharing a value are counted and make the finding an
error. The comparison keeps one 8-byte hash per distinct value (bounded by
the number of records).`,
	Fix: "Exempt the integration user from the duplicate rule (a rule filter on the current user, or Allow + Report instead of Block), and deduplicate the HubSpot values that feed unique fields.",
	Run: runAS07,
})

func runAS07(p *Pass) {
	for _, dr := range p.Org.DuplicateRules {
		if !dr.Active {
			continue
		}
		so := p.Sync.Object(dr.Object)
		if !writes(so) {
			continue
		}
		checkDuplicateRule(p, so, dr)
	}
	for _, so := range p.Sync.Objects {
		if !writes(so) {
			continue
		}
		seen := map[string]bool{}
		for _, t := range so.Targets {
			if t.Field == nil || !t.Field.Unique || seen[strings.ToLower(t.Ref.String())] {
				continue
			}
			seen[strings.ToLower(t.Ref.String())] = true
			if propertyUnique(t) {
				continue
			}
			checkUniqueField(p, so, t)
		}
	}
}

func checkDuplicateRule(p *Pass, so *SyncedObject, dr *metadata.DuplicateRule) {
	type op struct {
		name, action string
		ops          []string
		applies      bool
	}
	var blocks, alerts []string
	for _, o := range []op{
		{"insert", dr.ActionOnInsert, dr.OperationsOnInsert, so.Creates},
		{"update", dr.ActionOnUpdate, dr.OperationsOnUpdate, so.Updates},
	} {
		if !o.applies {
			continue
		}
		switch {
		case strings.EqualFold(o.action, "Block"):
			blocks = append(blocks, o.name)
		case strings.EqualFold(o.action, "Allow") && containsFold(o.ops, "Alert"):
			alerts = append(alerts, o.name)
		}
	}
	if len(blocks) == 0 && len(alerts) == 0 {
		return
	}
	ev := Evidence{}.Add("duplicate rule", fmt.Sprintf("%s (%s), active", dr.Name, dr.Label)).
		Add("actions", fmt.Sprintf("on insert %s%s, on update %s%s", dr.ActionOnInsert, opsText(dr.OperationsOnInsert), dr.ActionOnUpdate, opsText(dr.OperationsOnUpdate)))
	matched, props := matchedFields(p, so, dr)
	if len(matched) > 0 {
		ev = ev.Add("matching fields", strings.Join(matched, ", "))
	}
	if len(dr.FilterItems) > 0 {
		var items []string
		for _, it := range dr.FilterItems {
			items = append(items, strings.TrimSpace(it.Field+" "+it.Operation+" "+it.Value))
		}
		ev = ev.Add("rule filter", strings.Join(items, " AND "))
	}
	prop := ""
	if len(props) > 0 {
		prop = props[0]
	}
	f := Finding{
		Location:        locOf(dr.Pos),
		Component:       dr.Object + "." + dr.Name,
		Object:          so.Name,
		HubSpotProperty: prop,
		Evidence:        ev,
	}
	if len(blocks) > 0 {
		f.Severity = Error
		f.Message = fmt.Sprintf("active duplicate rule %s blocks %s of %s records that match an existing record: the integration's save is rejected with DUPLICATES_DETECTED", dr.Name, strings.Join(blocks, " and "), so.Name)
		f.Fix = fmt.Sprintf("Exempt the integration user from %s (a rule filter on Current User, or the action Allow with Report), or merge the duplicates in HubSpot before they sync.", dr.Name)
		f.Key = "block"
	} else {
		f.Severity = Warning
		f.Message = fmt.Sprintf("active duplicate rule %s allows %s with an alert: API saves that do not set DuplicateRuleHeader.allowSave are rejected, and whether HubSpot sets it is undocumented, so matching %s saves may be rejected", dr.Name, strings.Join(alerts, " and "), so.Name)
		f.Fix = fmt.Sprintf("Change %s to Allow with Report only for the integration user (or exclude it with a rule filter), so alerts cannot block API saves.", dr.Name)
		f.Key = "alert"
	}
	p.Report(f)
}

func opsText(ops []string) string {
	if len(ops) == 0 {
		return ""
	}
	return " + " + strings.Join(ops, "/")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// matchedFields lists the matching rules' fields of the rule's object and
// the HubSpot properties writing them.
func matchedFields(p *Pass, so *SyncedObject, dr *metadata.DuplicateRule) ([]string, []string) {
	var fields, props []string
	seenProp := map[string]bool{}
	for _, ref := range dr.MatchRules {
		obj := ref.Object
		if obj == "" {
			obj = dr.Object
		}
		for _, mr := range p.Org.MatchingRules {
			if !strings.EqualFold(mr.Name, ref.Rule) || !strings.EqualFold(mr.Object, obj) {
				continue
			}
			for _, fn := range mr.Fields {
				s := obj + "." + fn
				for _, t := range p.Sync.TargetsFor(obj, fn) {
					k := t.Mapping.HubSpot.String()
					s += " ← " + k
					if !seenProp[k] {
						seenProp[k] = true
						props = append(props, k)
					}
					break
				}
				fields = append(fields, s)
			}
		}
	}
	return fields, props
}

// propertyUnique reports whether a HubSpot property's values are distinct
// across records: the record id (hs_object_id is every record's own id,
// although exports mark it hasUniqueValue false), or hasUniqueValue.
func propertyUnique(t *Target) bool {
	if strings.EqualFold(t.Mapping.HubSpot.Property, "hs_object_id") {
		return true
	}
	return t.Property != nil && t.Property.HasUniqueValue
}

func checkUniqueField(p *Pass, so *SyncedObject, t *Target) {
	fld := t.Field
	prop := t.Mapping.HubSpot.String()
	ev := Evidence{}.Add("unique field", fmt.Sprintf("%s (unique, %s)", fld.QualifiedName(), caseText(fld.CaseSensitive))).
		Add("written from", prop+" ("+string(t.Mapping.Rule)+")")
	if t.Property != nil {
		ev = ev.Add("HubSpot property", fmt.Sprintf("%s/%s, hasUniqueValue false", t.Property.Type, t.Property.FieldType))
	}
	f := &Finding{
		Severity:        Warning,
		Message:         fmt.Sprintf("%s is unique but filled from %s, which HubSpot does not keep unique: a second record with the same value is rejected with DUPLICATE_VALUE", fld.QualifiedName(), prop),
		Location:        p.FieldLocation(so, fld),
		Object:          fld.Object,
		Field:           fld.Name,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence:        ev,
		Fix:             fmt.Sprintf("Require unique values for %s in HubSpot (hasUniqueValue) and clean the duplicates, or drop the unique flag of %s.", prop, fld.QualifiedName()),
	}
	// With records: count records whose value another record also holds.
	// Per distinct value: its hash, the first holder's numeric id and line
	// (16 bytes of value per entry).
	type firstSeen struct {
		id   uint64
		line int32
		dup  bool
	}
	seen := map[uint64]firstSeen{}
	col := -2
	caseSensitive := fld.CaseSensitive
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			if col == -2 {
				col = r.ColumnIndex(t.Mapping.HubSpot.Property)
			}
			if col < 0 {
				return
			}
			if f.Records == nil {
				f.Records = &RecordStats{}
			}
			v := strings.TrimSpace(r.Value(col))
			if v == "" {
				return
			}
			if !caseSensitive {
				v = strings.ToLower(v)
			}
			h := fnv.New64a()
			h.Write([]byte(v))
			k := h.Sum64()
			fs, ok := seen[k]
			if !ok {
				id, _ := numericID(r.ID)
				seen[k] = firstSeen{id: id, line: int32(r.Line)}
				return
			}
			if !fs.dup {
				fs.dup = true
				seen[k] = fs
				first := ""
				if fs.id != 0 {
					first = strconv.FormatUint(fs.id, 10)
				}
				f.Records.AddExample(first, r.Value(col), int(fs.line))
			}
			f.Records.AddExample(r.ID, r.Value(col), r.Line)
		},
		Done: func(file string, n int64) {
			if f.Records == nil {
				return
			}
			f.Records.File, f.Records.Checked = file, n
			if f.Records.Failing > 0 {
				f.Severity = Error
				f.Message = fmt.Sprintf("%d of %d HubSpot records share a value of %s with another record; %s is unique, so all but the first are rejected with DUPLICATE_VALUE", f.Records.Failing, n, prop, fld.QualifiedName())
			}
			seen = nil
		},
	})
	p.ReportDeferred(f)
}

func caseText(cs bool) string {
	if cs {
		return "case-sensitive"
	}
	return "case-insensitive"
}
